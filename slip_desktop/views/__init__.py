"""The main window's tabs, one folder each (``views/<tab>/tab.py``), listed here in order.

A new tab is a new folder: its ``__init__`` names its ``TITLE``, its ``tab.py`` holds a
class with ``title``, ``areas`` and ``refresh()`` (``ui.refresh.Tab``), and one line here.
"""

#: (folder, class in the folder's ``tab`` module), in the order the tabs appear.
TABS: tuple[tuple[str, str], ...] = (
    ("referrals", "ReferralsTab"),
    ("forum", "ForumCalendarTab"),
    ("core", "CoreBoardTab"),
    ("rosters", "RostersTab"),
    ("finance", "FinanceTab"),
    ("impact", "ImpactTab"),
)
