"""Demo data of the module (called by metodist/demo/growth.py SEEDERS; rerun-safe)."""

from datetime import date


def seed(*, today: date, progress) -> list[str]:
    return []


def clear() -> None:
    return None
