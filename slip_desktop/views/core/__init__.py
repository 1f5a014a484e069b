"""The Core Meeting board tab: cases presented to the Core Meeting and outcomes, managed moves.

``tab.CoreBoardTab`` is the tab itself; the rest of the folder is its widgets and dialogs.
"""

#: The tab's title, read by the main window before the tab's module is imported.
TITLE = "Core Meeting board"
