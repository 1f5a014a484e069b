"""The Forum calendar tab: Inclusion Forums and Core Meetings: agendas, attendees, action plans.

``tab.ForumCalendarTab`` is the tab itself; the rest of the folder is its widgets and dialogs.
"""

#: The tab's title, read by the main window before the tab's module is imported.
TITLE = "Forum calendar"
