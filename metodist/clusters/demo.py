"""Demo data of the module (called by metodist/demo/cycle.py SEEDERS; rerun-safe): the organizations of
«Городской округ Энск» placed for every snapshot of its campaigns (a snapshot already placed is only read)."""

from collections import Counter
from datetime import date

from metodist.demo.monitoring import DEMO_MUNICIPALITY
from metodist.monitoring.models import Snapshot

from .actions import place
from .models import Cluster, Placement


def _snapshots():
    return Snapshot.objects.filter(campaign__municipality__name=DEMO_MUNICIPALITY).select_related("campaign")


def seed(*, today: date, progress) -> list[str]:
    lines = []
    for snapshot in _snapshots().order_by("campaign__period_end", "data_read_at", "pk"):
        progress(f"Кластеры: {snapshot}…")
        counts = Counter(placement.cluster for placement in place(snapshot))
        summary = ", ".join(f"{label.lower()} — {counts[value]}" for value, label in Cluster.choices)
        lines.append(f"Кластеры «{snapshot.campaign.title}»: {summary}, не размещены — {counts['']}.")
    return lines


def clear() -> None:
    """Deletes the module's demo data before seed_demo --replace deletes the registry it points to."""
    Placement.objects.filter(snapshot__in=_snapshots()).delete()
