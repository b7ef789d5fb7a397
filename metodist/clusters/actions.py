"""Placing organizations into clusters (writes `Placement` rows of a snapshot; rerun-safe)."""

from collections import Counter

from django.db import transaction

from metodist.monitoring.models import Indicator, Level, ResultStatus, Snapshot, SnapshotValue

from . import ranking
from .models import Placement
from .peers import contexts, group_keys


@transaction.atomic
def place(snapshot) -> list[Placement]:
    """The placements of the organizations of `snapshot` (computed once per snapshot, then read).

    A snapshot is immutable, so its placements are too: the first call writes them, the next ones read them.
    The organizations are those with organization-level values in the snapshot; their context is the
    registry's on the campaign's period end."""
    Snapshot.objects.select_for_update().filter(pk=snapshot.pk).first()  # one computation at a time per snapshot
    existing = Placement.objects.filter(snapshot=snapshot)
    if not existing.exists():
        Placement.objects.bulk_create(build(snapshot))
    return list(existing.select_related("organization"))


def build(snapshot) -> list[Placement]:
    """The placements of a snapshot, unsaved, in the order of organization ids."""
    campaign = snapshot.campaign
    rows = SnapshotValue.objects.filter(snapshot=snapshot, level=Level.ORGANIZATION, breakdown="").order_by()
    organization_ids = sorted(set(rows.values_list("organization_id", flat=True)) - {None})
    found = contexts(organization_ids, campaign.period_end)
    groups = group_keys({pk: context.features() for pk, context in found.items()})
    indicators = Indicator.objects.filter(catalogue_id=campaign.catalogue_id).select_related("catalogue")
    directions = {}
    for indicator in indicators:
        way = ranking.direction(indicator, campaign.period)
        if way is not None:
            directions[indicator] = way
    ok = rows.filter(status=ResultStatus.OK, value__isnull=False, organization_id__in=organization_ids)
    values = {(org, ind): value for org, ind, value in ok.values_list("organization_id", "indicator_id", "value")}
    standings = ranking.standings(groups, values, directions)
    sizes = Counter(groups.values())
    placements = []
    for organization_id in organization_ids:
        result = ranking.place_one(standings[organization_id], sizes[groups[organization_id]])
        placements.append(
            Placement(
                snapshot=snapshot,
                organization_id=organization_id,
                peer_group=groups[organization_id],
                cluster=result.cluster,
                score=result.score,
                context=found[organization_id].as_json(),
                reasons=result.reasons,
                profile=[row.as_json() for row in result.standings],
            )
        )
    return placements
