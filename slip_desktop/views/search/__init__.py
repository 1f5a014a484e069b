"""The global search: one box (Ctrl+K or Ctrl+F) over pupils, referrals, schools and meetings."""
