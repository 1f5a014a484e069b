"""The forum tab: its widgets, dialogs and models."""
