"""Data protection (a menu, not a tab): users, the audit trail, retention and subject access."""
