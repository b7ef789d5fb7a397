"""The module's reminders (metodist/reminders/sources.py): open surveys the user has not answered yet."""


def due(user, today):
    return []
