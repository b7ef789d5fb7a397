"""Freezing who an approved snapshot counted, and reading it back for the drill-down.

At approval, for every indicator counted from the registry, two queries (numerator, denominator) give the
pairs (place, member id) on the registry as it is then, grouped in Python onto the snapshot's values of the
finest level of the unit: educators and staff positions on organization rows, organizations on municipality
rows. A count that no longer matches the snapshot means the registry changed after the computation: the
approval is refused, so that what is frozen is exactly what was reported.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from metodist.orgs.models import Municipality, Organization, StaffPosition
from metodist.people.models import Educator

from .compute import members
from .display import number
from .models import Level, Snapshot, SnapshotMembers, Unit

PARTS = ("numerator", "denominator")
# unit → (the level whose rows keep the members, the field of a member naming its place on that level)
PLACES = {
    Unit.EDUCATORS: (Level.ORGANIZATION, "home_org"),
    Unit.STAFF_RATES: (Level.ORGANIZATION, "organization_id"),
    Unit.ORGANIZATIONS: (Level.MUNICIPALITY, "municipality_id"),
    Unit.MUNICIPALITIES: (Level.MUNICIPALITY, "pk"),  # a municipality is its own place
}
COUNTED = {
    Unit.EDUCATORS,
    Unit.ORGANIZATIONS,
    Unit.MUNICIPALITIES,
}  # units whose numerator and denominator count the members


def freeze(snapshot: Snapshot, progress=None) -> int:
    """Stores the members of every registry-counted value of the snapshot (once); returns the values frozen.
    `progress(indicators done, indicators)` is called after each indicator (the approval job's progress bar)."""
    if SnapshotMembers.objects.filter(value__snapshot=snapshot).exists():
        return 0
    campaign = snapshot.campaign
    frozen = []
    indicators = list(campaign.catalogue.indicators.order_by("order"))
    for done, indicator in enumerate(indicators, start=1):
        if progress:
            progress(done, len(indicators))
        if indicator.unit not in PLACES:
            continue
        level, place = PLACES[indicator.unit]
        grouped = {}
        for part in PARTS:
            listed = members(campaign, indicator, part)
            if listed is None:
                break
            grouped[part] = defaultdict(list)
            for place_id, pk in listed.order_by().values_list(place, "pk"):
                grouped[part][place_id].append(pk)
        if not grouped:
            continue
        values = snapshot.values.filter(indicator=indicator, level=level, breakdown="")
        for value in values.select_related("organization", "municipality"):
            place_id = value.organization_id if level == Level.ORGANIZATION else value.municipality_id
            row = SnapshotMembers(
                value=value,
                numerator=sorted(grouped["numerator"].get(place_id, [])),
                denominator=sorted(grouped["denominator"].get(place_id, [])),
            )
            if indicator.unit in COUNTED and value.denominator is not None:
                _check(indicator, value, row)
            frozen.append(row)
    SnapshotMembers.objects.bulk_create(frozen, batch_size=500)
    return len(frozen)


def _check(indicator, value, row: SnapshotMembers) -> None:
    if (len(row.numerator), len(row.denominator)) != (value.numerator, value.denominator):
        place = value.organization or value.municipality
        raise ValidationError(
            f"Данные реестра изменились после расчёта (показатель {indicator.number}, {place}: в расчёте "
            f"{number(value.numerator)} из {number(value.denominator)}, "
            f"сейчас {len(row.numerator)} из {len(row.denominator)}). "
            "Рассчитайте показатели заново и утвердите новый расчёт."
        )


@dataclass
class Frozen:
    """The frozen members of one place: a queryset of them and, for educators, their organization then."""

    queryset: object
    homes: dict  # member id → organization id at the approval (educators only)


def frozen(snapshot: Snapshot, indicator, part: str, organization=None, municipality=None) -> Frozen | None:
    """The members frozen at approval at an organization, a municipality or (neither) the whole campaign;
    None when the snapshot has no frozen members for the indicator."""
    if indicator.unit not in PLACES:
        return None
    level, _ = PLACES[indicator.unit]
    stored = SnapshotMembers.objects.filter(
        value__snapshot=snapshot, value__indicator=indicator, value__level=level, value__breakdown=""
    )
    if not stored.exists():
        return None
    if organization is not None:
        stored = stored.filter(value__organization=organization)
    elif municipality is not None:
        place = "value__organization__municipality" if level == Level.ORGANIZATION else "value__municipality"
        stored = stored.filter(**{place: municipality})
    homes = {}
    for place_id, ids in stored.values_list("value__organization_id", part):
        homes.update(dict.fromkeys(ids, place_id))
    if indicator.unit == Unit.EDUCATORS:
        queryset = Educator.objects.filter(pk__in=list(homes)).order_by("last_name", "first_name")
    elif indicator.unit == Unit.ORGANIZATIONS:
        queryset = Organization.objects.filter(pk__in=list(homes)).order_by("short_name")
    elif indicator.unit == Unit.MUNICIPALITIES:
        queryset = Municipality.objects.filter(pk__in=list(homes)).order_by("name")
    else:
        queryset = StaffPosition.objects.filter(pk__in=list(homes)).select_related("organization", "position")
        queryset = queryset.order_by("organization__short_name", "position__order")
    return Frozen(queryset, homes if indicator.unit == Unit.EDUCATORS else {})
