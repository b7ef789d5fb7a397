"""Clusters over years: the campaigns of one catalogue and one territory, each with its shown snapshot's
placements, and how each organization moved between clusters from one year to the next."""

from collections import Counter
from dataclasses import dataclass, field

from metodist.monitoring.lifecycle import shown_snapshot
from metodist.monitoring.models import Campaign

from .actions import place
from .models import NOT_PLACED, Cluster, Placement

# The order of the clusters from the weakest to the strongest: a move to a later one is a move up.
RANK = {Cluster.SUPPORT: 0, Cluster.LEVELLING: 1, Cluster.DEVELOPMENT: 2}
UP, DOWN, SAME = "up", "down", "same"


def movement(before: Placement | None, after: Placement | None) -> str:
    """UP, DOWN or SAME between two placements; "" when either is missing or not placed."""
    if before is None or after is None or not before.is_placed or not after.is_placed:
        return ""
    change = RANK[after.cluster] - RANK[before.cluster]
    return UP if change > 0 else DOWN if change < 0 else SAME


@dataclass
class Row:
    organization: object
    cells: list = field(default_factory=list)  # per campaign: (campaign, placement or None, movement)


@dataclass
class Series:
    campaigns: list
    rows: list[Row]
    counts: list[tuple[str, list[int]]]  # per cluster (and «недостаточно данных»): its label, a count per campaign


def campaigns_like(campaign: Campaign, user):
    """The campaigns of the same catalogue and territory the user sees, oldest first."""
    same = {"catalogue_id": campaign.catalogue_id, "region_id": campaign.region_id,
            "municipality_id": campaign.municipality_id}  # fmt: skip
    return Campaign.objects.in_scope(user).filter(**same).distinct().order_by("period_end", "pk")


def series(campaign: Campaign, user) -> Series:
    campaigns = list(campaigns_like(campaign, user))
    by_campaign = []
    for each in campaigns:
        snapshot = shown_snapshot(each)
        if snapshot is not None:
            place(snapshot)
        placements = (
            Placement.objects.filter(snapshot=snapshot).in_scope(user).select_related("organization")
            if snapshot is not None
            else Placement.objects.none()
        )
        by_campaign.append({placement.organization_id: placement for placement in placements})
    organizations = {p.organization_id: p.organization for found in by_campaign for p in found.values()}
    rows = []
    for organization in sorted(organizations.values(), key=lambda o: (o.sort_name, o.pk)):
        row, previous = Row(organization), None
        for each, found in zip(campaigns, by_campaign, strict=True):
            current = found.get(organization.pk)
            row.cells.append((each, current, movement(previous, current)))
            previous = current if current is not None else previous
        rows.append(row)
    tallies = [Counter(p.cluster for p in found.values()) for found in by_campaign]
    labels = [*Cluster.choices, ("", NOT_PLACED)]
    counts = [(label, [tally[cluster] for tally in tallies]) for cluster, label in labels]
    return Series(campaigns, rows, counts)
