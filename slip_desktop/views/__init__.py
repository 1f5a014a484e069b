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

#: Keyword arguments a tab is built with in the window (tests build tabs without them):
#: reads in the thread pool, so no first show or refresh waits on the database; the
#: referral list shows its newest rows first and reads the rest after they are painted.
IN_THE_WINDOW: dict[str, tuple[tuple[str, bool], ...]] = {
    "referrals": (("timeline_after_paint", True), ("background", True), ("first_page", True)),
    "forum": (("background", True),),
    "rosters": (("pages_when_shown", True),),
}
