"""The rosters tab: its widgets, dialogs and models."""
