"""The organizations of one municipality: kinds, names, flags, sizes and the positions of their staff.

Sizes follow the figures of seed 002 scaled to the municipality: how many educators have their main job in
organizations of each kind, how many of them are managers (a head per organization and deputies), and the mix
of pedagogical positions and teachers' subjects in each organization.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from metodist.lib.dates import school_year

from .catalog import Catalog, Profile
from .quotas import apportion, pick, share
from .territory import MunicipalityPlan

KINDS = ("general", "preschool", "additional")
MIN_STAFF = 3  # an organization of fewer people is not worth a head of its own
FIRST_LIST_YEAR = 2022  # the lists of flagged organizations and the staff lists cover every demo campaign (2022/23 on)


@dataclass(frozen=True)
class FlagSpan:
    """One year's entry of an organization in the list of a flag: from 1 September, to 31 August or open."""

    flag: str
    start: date
    end: date | None
    basis: str


@dataclass(eq=False)
class OrgPlan:
    kind: str
    short_name: str
    full_name: str
    address: str
    flags: set[str] = field(default_factory=set)  # held on the reference date
    flag_spans: list[FlagSpan] = field(default_factory=list)
    size: int = 0  # educators whose main job is here
    deputies: int = 0
    pk: int | None = None  # of the saved Organization


@dataclass(frozen=True)
class Slot:
    """A main job to be filled by one person: a position in an organization, with a subject profile for teachers."""

    org: OrgPlan
    position: str
    profile: Profile | None = None

    @property
    def is_manager(self) -> bool:
        return self.position in ("head", "deputy_head", "unit_head")


def plan_organizations(municipality: MunicipalityPlan, rng: random.Random, data: Catalog) -> list[OrgPlan]:
    figures = data.figures
    people = dict(zip(KINDS, apportion(municipality.educators, [figures.by_kind[k] for k in KINDS]), strict=True))
    orgs: list[OrgPlan] = []
    for kind in KINDS:
        if not people[kind]:
            continue
        count = share(municipality.educators, figures.organizations[kind], figures.educators)
        count = max(1, min(count, people[kind] // MIN_STAFF))
        named = _names(kind, count, municipality.settlement, rng, data)
        for org, size in zip(named, apportion(people[kind], [rng.uniform(0.6, 1.6) for _ in named]), strict=True):
            org.size = size
            orgs.append(org)
    _assign_flags(orgs, rng, data)
    _assign_deputies(orgs, municipality.educators, data)
    return orgs


def staff_slots(orgs: list[OrgPlan], rng: random.Random, data: Catalog) -> list[Slot]:
    """One slot per person whose main job is in these organizations, managers first within each organization."""
    slots = []
    for org in orgs:
        slots.append(Slot(org, "head"))
        for _ in range(org.deputies):
            unit_head = rng.random() < data.managers["deputy_unit_head_share"]
            slots.append(Slot(org, "unit_head" if unit_head else "deputy_head"))
        mix = data.mix[org.kind]
        counts = apportion(org.size - 1 - org.deputies, list(mix.values()))
        for position, count in zip(mix, counts, strict=True):
            if position == "teacher":
                profiles = apportion(count, [p.weight for p in data.profiles]) if count else [0] * len(data.profiles)
                slots.extend(
                    Slot(org, position, profile)
                    for profile, n in zip(data.profiles, profiles, strict=True)
                    for _ in range(n)
                )
            else:
                slots.extend(Slot(org, position) for _ in range(count))
    return slots


def _names(kind: str, count: int, settlement: str, rng: random.Random, data: Catalog) -> list[OrgPlan]:
    names = data.organizations
    forms = names["legal_forms"][kind]
    streets = names["streets"]
    result = []
    if kind == "general":
        types = names["school_types"]
        numbers = range(1, count + 1)
        chosen = [types[0]] + rng.choices(types, weights=[t["weight"] for t in types], k=count - 1)
        titles = [(t["short"].format(n=n), t["full"].format(n=n)) for t, n in zip(chosen, numbers, strict=True)]
    elif kind == "preschool":
        types = names["kindergarten_types"]
        numbers = sorted(rng.sample(range(1, 3 * count + 6), count))
        chosen = rng.choices(types, weights=[t["weight"] for t in types], k=count)
        titles = [(t["name"].format(n=n),) * 2 for t, n in zip(chosen, numbers, strict=True)]
    else:
        base = names["additional_names"]
        titles = [
            (base[i % len(base)] + (f" № {i // len(base) + 1}" if i >= len(base) else ""),) * 2 for i in range(count)
        ]
    for short, full in titles:
        form = rng.choices(forms, weights=[f["weight"] for f in forms])[0]
        address = f"{settlement}, {rng.choice(streets)}, д. {rng.randint(1, 120)}"
        result.append(OrgPlan(kind, f"{form['short']} {short}", f"{form['full']} {full}", address))
    return result


def _assign_flags(orgs: list[OrgPlan], rng: random.Random, data: Catalog) -> None:
    """Each flag goes to as many organizations as in the demo municipality, scaled by the eligible ones."""
    base = data.figures.organizations
    for flag, (count, kinds) in data.figures.flags.items():
        eligible = [org for org in orgs if org.kind in kinds]
        for org in pick(rng, eligible, share(len(eligible), count, sum(base[k] for k in kinds))):
            org.flags.add(flag)


def _assign_deputies(orgs: list[OrgPlan], educators: int, data: Catalog) -> None:
    """Managers beyond the heads are deputies, more of them in larger organizations.

    An organization keeps at least one pedagogical worker; a deputy it cannot take goes to the largest one.
    """
    figures = data.figures
    managers = max(len(orgs), share(educators, figures.counts["managers"], figures.educators))
    for org, deputies in zip(orgs, apportion(managers - len(orgs), [o.size for o in orgs]), strict=True):
        org.deputies = deputies
    largest = max(orgs, key=lambda o: o.size)
    for org in orgs:
        excess = org.deputies - max(org.size - 2, 0)
        if excess > 0 and org is not largest:
            org.deputies -= excess
            largest.deputies += excess


def date_flags(orgs: list[OrgPlan], on: date, data: Catalog) -> None:
    """The yearly lists behind the flags held on `on`: one period per school year since FIRST_LIST_YEAR, the
    current one open. So that past periods differ, the first holder of each flag enters the list only this
    year, and the first eligible organization without it was on the list in the earlier years.
    """
    current = school_year(on)
    for flag, (_, kinds) in data.figures.flags.items():
        holders = [org for org in orgs if flag in org.flags]
        former = next((org for org in orgs if org.kind in kinds and flag not in org.flags), None)
        for org in holders:
            first = current if org is holders[0] else FIRST_LIST_YEAR
            org.flag_spans += [_span(flag, year, current) for year in range(first, current + 1)]
        if former is not None:
            former.flag_spans += [_span(flag, year, current) for year in range(FIRST_LIST_YEAR, current)]


def _span(flag: str, year: int, current: int) -> FlagSpan:
    end = None if year == current else date(year + 1, 8, 31)
    return FlagSpan(flag, date(year, 9, 1), end, f"Приказ управления образования от 25.08.{year}")
