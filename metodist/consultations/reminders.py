"""The module's reminders (metodist/reminders/sources.py): requests waiting for their assignee."""


def due(user, today):
    return []
