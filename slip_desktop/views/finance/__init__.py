"""The finance tab: its widgets, dialogs and models."""
