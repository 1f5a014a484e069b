"""Every colour the windows use, named for what it means; style sheets and painters read these."""

from __future__ import annotations

# Messages
ERROR = "#B3261E"
WARNING = "#8A5A00"
#: Behind a row or card that needs attention (a clash, a place over capacity).
PROBLEM_BACKGROUND = "#FDECEA"
BANNER_BACKGROUND = "#FFF3CD"
BANNER_TEXT = "#5C4400"

# Text
TEXT_STRONG = "#333333"
TEXT_SECONDARY = "#444444"
TEXT_MUTED = "#555555"
TEXT_FAINT = "#777777"

# The partnership's navy, and the panels drawn in its tints
NAVY = "#1F3A5F"
NAVY_LIGHT = "#9DB3CC"
SELECTED_BACKGROUND = "#E3ECF7"
BORDER = "#C5CCD6"
PANEL_BACKGROUND = "#F3F6FA"
PANEL_BORDER = "#C9D3E0"
SUMMARY_BACKGROUND = "#E8EEF5"
SUMMARY_BORDER = "#B9CBE0"
NOTE_BACKGROUND = "#F3F5F8"

# Meetings on the calendar
FORUM_MEETING = NAVY
CORE_MEETING = "#8A4B08"
CANCELLED_MEETING = TEXT_FAINT

# Core Meeting board columns: undecided, then the four outcomes in the offer's order
UNDECIDED = "#5B6472"
OUTCOME_BACK_TO_FORUM = "#2E6DA4"
OUTCOME_SCHOOL_CONTINUES = "#4F7D3A"
OUTCOME_IN_SCHOOL_SUPPORT = "#A0662B"
OUTCOME_OUTSIDE_PROGRAMME = "#7A3E8E"

#: The style sheet of a message under a field, and of a warning.
ERROR_STYLE = f"color: {ERROR};"
WARNING_STYLE = f"color: {WARNING};"
