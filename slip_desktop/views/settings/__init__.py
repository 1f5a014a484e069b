"""Settings (a menu, not a tab): the partnership, its schools and people, the offer, the year."""
