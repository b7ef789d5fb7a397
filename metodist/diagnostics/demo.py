"""Demo data of this module for `manage.py seed_demo_growth` (after seed_demo; rerun-safe)."""

from collections.abc import Callable
from datetime import date


def seed(*, today: date, progress: Callable[[str], None]) -> list[str]:
    """Seeds the module's demo history on the registry loaded by seed_demo; returns summary lines."""
    return []


def clear() -> None:
    """Deletes the module's data before seed_demo --replace deletes the registry it points to."""
    from .models import Diagnostic

    Diagnostic.objects.all().delete()
