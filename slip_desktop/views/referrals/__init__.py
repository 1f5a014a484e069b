"""The referrals tab: its widgets, dialogs and models."""
