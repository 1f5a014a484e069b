"""The impact tab: its widgets, dialogs and models."""
