"""The module's panel on the start page of a person who sees their own record (metodist/home/panels.py)."""


def panel(user, today):
    return None
