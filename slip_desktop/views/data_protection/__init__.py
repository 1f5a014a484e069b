"""The data protection tab: its widgets, dialogs and models."""
