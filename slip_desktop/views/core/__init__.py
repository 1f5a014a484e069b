"""The core tab: its widgets, dialogs and models."""
