"""The Impact tab: the partnership's figures and the termly board report.

``tab.ImpactTab`` is the tab itself; the rest of the folder is its widgets and dialogs.
"""

#: The tab's title, read by the main window before the tab's module is imported.
TITLE = "Impact"
