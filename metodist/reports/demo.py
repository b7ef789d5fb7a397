"""Demo data of the module (called by metodist/demo/cycle.py SEEDERS; rerun-safe)."""

from datetime import date


def seed(*, today: date, progress) -> list[str]:
    return []


def clear() -> None:
    """Deletes the module's demo data before seed_demo --replace deletes the registry it points to."""
