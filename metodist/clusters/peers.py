"""Context peers: organizations that are comparable (the same kind, ШНОР/ШССУ status, size, staffing).

The contract other modules rely on (reports, recommendations, the effectiveness review of decisions):
`peer_groups(organization_ids, on)` returns {organization id: peer group key}; organizations with the same key
are context peers. Deterministic: the same registry facts on the same day give the same keys, whatever the
order of the ids.

A key is a path of context features, coarsest first: kind / risk status / size band / staffing, e.g.
«general/risk/medium/strained». A group smaller than MIN_GROUP_SIZE is merged with its sibling groups into
their parent (the key loses its last feature), step by step, until every group is large enough or is a whole
kind; the kind is never given up (a kindergarten is not compared with schools). `describe(key)` reads a key
in Russian. The thresholds below are documented for methodologists in docs/clusters.md.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

MIN_GROUP_SIZE = 5
RISK_FLAGS = ("is_low_results", "is_difficult_conditions")  # ШНОР, ШССУ
# Size bands by the number of pedagogical workers: (code, the least count of the band, label).
SIZE_BANDS = (("large", 50, "крупные (50 и более педагогов)"), ("medium", 20, "средние (20–49 педагогов)"),
              ("small", 0, "малые (до 20 педагогов)"))  # fmt: skip
# Staffing is strained when any of these shares (in %) is reached: a young, an ageing or an understaffed team.
STRAINED_YOUNG_SHARE = Decimal(25)
STRAINED_PRE_PENSION_SHARE = Decimal(25)
STRAINED_VACANCY_SHARE = Decimal(10)

FEATURE_WORDS = {
    "risk": "ШНОР/ШССУ",
    "base": "без статуса ШНОР/ШССУ",
    "strained": "с кадровыми рисками",
    "stable": "без кадровых рисков",
    **{code: label for code, _, label in SIZE_BANDS},
}


@dataclass(frozen=True)
class Context:
    """What an organization's peer group is built from, on one date."""

    kind: str
    flags: tuple[str, ...]  # ШНОР/ШССУ codes in force
    pedagogical: int  # pedagogical workers (distinct people with an active pedagogical employment there)
    young: int
    pre_pension: int
    staff_rates: Decimal
    vacant_rates: Decimal

    @property
    def young_share(self) -> Decimal | None:
        return _share(self.young, self.pedagogical)

    @property
    def pre_pension_share(self) -> Decimal | None:
        return _share(self.pre_pension, self.pedagogical)

    @property
    def vacancy_share(self) -> Decimal | None:
        return _share(self.vacant_rates, self.staff_rates)

    @property
    def size(self) -> str:
        return next(code for code, least, _ in SIZE_BANDS if self.pedagogical >= least)

    @property
    def is_strained(self) -> bool:
        limits = ((self.young_share, STRAINED_YOUNG_SHARE), (self.pre_pension_share, STRAINED_PRE_PENSION_SHARE),
                  (self.vacancy_share, STRAINED_VACANCY_SHARE))  # fmt: skip
        return any(share is not None and share >= limit for share, limit in limits)

    def features(self) -> tuple[str, ...]:
        """The finest key of the organization, coarsest feature first."""
        return (self.kind, "risk" if self.flags else "base", self.size, "strained" if self.is_strained else "stable")

    def as_json(self) -> dict:
        """As stored on a placement and shown on its page (shares as strings with one decimal, or None)."""

        def text(value):
            return None if value is None else str(value)

        return {
            "kind": self.kind,
            "flags": list(self.flags),
            "pedagogical": self.pedagogical,
            "size": self.size,
            "young": self.young,
            "young_share": text(self.young_share),
            "pre_pension": self.pre_pension,
            "pre_pension_share": text(self.pre_pension_share),
            "staff_rates": text(self.staff_rates),
            "vacant_rates": text(self.vacant_rates),
            "vacancy_share": text(self.vacancy_share),
            "strained": self.is_strained,
        }


def _share(numerator, denominator) -> Decimal | None:
    from metodist.monitoring.compute import share

    return share(numerator, denominator) if denominator else None


def _on_educator(condition: Q) -> Q:
    """A condition on an educator's columns (metodist/people/conditions) read through an employment."""
    children = [
        _on_educator(child) if isinstance(child, Q) else (f"educator__{child[0]}", child[1])
        for child in condition.children
    ]
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


def contexts(organization_ids, on: date) -> dict[int, Context]:
    """The context of each organization on `on`: four aggregate queries, whatever the number of organizations."""
    from metodist.orgs.models import FlagPeriod, Organization
    from metodist.people import conditions
    from metodist.people.models import Employment, PositionKind

    ids = sorted(set(organization_ids))
    organizations = Organization.objects.filter(pk__in=ids).with_staffing(on).order_by()
    rows = organizations.values_list("pk", "kind", "staff_rates", "vacant_rates")
    flags: dict[int, list[str]] = {}
    held = FlagPeriod.objects.held_on(on).filter(organization_id__in=ids, flag__in=RISK_FLAGS).order_by()
    for organization_id, flag in held.values_list("organization_id", "flag").distinct():
        flags.setdefault(organization_id, []).append(flag)
    people = (
        Employment.objects.active(on)
        .filter(organization_id__in=ids, position__kind=PositionKind.PEDAGOGICAL)
        .order_by()
        .values("organization_id")
        .annotate(
            total=Count("educator_id", distinct=True),
            young=Count("educator_id", distinct=True, filter=_on_educator(conditions.young(on))),
            pre_pension=Count("educator_id", distinct=True, filter=_on_educator(conditions.pre_pension(on))),
        )
    )
    counted = {row["organization_id"]: row for row in people}
    result = {}
    for pk, kind, staff_rates, vacant_rates in rows:
        row = counted.get(pk, {})
        result[pk] = Context(
            kind=kind,
            flags=tuple(flag for flag in RISK_FLAGS if flag in flags.get(pk, ())),
            pedagogical=row.get("total", 0),
            young=row.get("young", 0),
            pre_pension=row.get("pre_pension", 0),
            staff_rates=staff_rates,
            vacant_rates=vacant_rates,
        )
    return result


def group_keys(features: dict[int, tuple[str, ...]]) -> dict[int, str]:
    """Coarsens the finest keys until every group has MIN_GROUP_SIZE members or is a whole kind.

    Each step finds the groups that are too small and merges each of them with its siblings into their parent:
    every organization whose key starts with that parent takes the parent as its key. Keys only get shorter,
    and each step depends only on how many organizations hold each key, so the result does not depend on the
    order of the organizations."""
    keys = dict(features)
    while True:
        sizes = Counter(keys.values())
        parents = {key[:-1] for key, size in sizes.items() if size < MIN_GROUP_SIZE and len(key) > 1}
        if not parents:
            break
        for organization_id, key in keys.items():
            for parent in sorted(parents, key=len):
                if key[: len(parent)] == parent:
                    keys[organization_id] = parent
                    break
    return {organization_id: "/".join(key) for organization_id, key in keys.items()}


def peer_groups(organization_ids, on: date) -> dict[int, str]:
    """Organization id → its peer group key (a stable string naming its context).

    Groups are formed among `organization_ids` (small ones coarsened among them): pass the whole population
    compared, such as a campaign's organizations, to get the keys its placements have."""
    found = contexts(organization_ids, on)
    return group_keys({pk: context.features() for pk, context in found.items()})


def describe(key: str) -> str:
    """«general/risk/medium» → «Общеобразовательная организация; ШНОР/ШССУ; средние (20–49 педагогов)»."""
    from metodist.orgs.models import OrganizationKind

    kind, *features = key.split("/")
    kinds = dict(OrganizationKind.choices)
    return "; ".join([kinds.get(kind, kind), *(FEATURE_WORDS.get(feature, feature) for feature in features)])


def context_lines(context: dict) -> list[str]:
    """A stored context (Context.as_json) as short Russian phrases for pages and exports."""
    from metodist.monitoring.display import number, percent
    from metodist.orgs.models import ORGANIZATION_FLAGS

    def shown(value) -> str:
        return "нет данных" if value is None else percent(value)

    lines = [f"педагогов: {context['pedagogical']}",
             f"молодых: {shown(context['young_share'])}",
             f"предпенсионного возраста: {shown(context['pre_pension_share'])}",
             f"вакантных ставок: {shown(context['vacancy_share'])} ({number(context['vacant_rates'])} из "
             f"{number(context['staff_rates'])})"]  # fmt: skip
    return [*(ORGANIZATION_FLAGS[flag] for flag in context["flags"]), *lines]
