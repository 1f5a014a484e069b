"""The Centre rosters tab: centre places, waiting lists, registers, staff and AP providers.

``tab.RostersTab`` is the tab itself; the rest of the folder is its widgets and dialogs.
"""

#: The tab's title, read by the main window before the tab's module is imported.
TITLE = "Centre rosters"
