"""The Finance tab: rates, term statements and what each school owes.

``tab.FinanceTab`` is the tab itself; the rest of the folder is its widgets and dialogs.
"""

#: The tab's title, read by the main window before the tab's module is imported.
TITLE = "Finance"
