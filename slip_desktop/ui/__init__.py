"""The window shell, shared widgets, dialogs, item models and background tasks."""
