"""Demo data of the module (called by metodist/demo/growth.py SEEDERS): `seed(today, progress)` yields lines for
the command's output, `clear()` deletes what it made before the registry is cleared."""


def seed(today, progress):
    return []


def clear():
    pass
