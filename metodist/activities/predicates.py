"""Indicator predicates of the activity records module (see metodist/lib/predicates.py).

Every record is a period (started_on..ended_on, open when ended_on is empty); it counts for a campaign when it
shares a day with the reporting period ctx.start..ctx.on, and only the records of ctx.region are read when it
is set.

- `expert` (`level`, `kind`): an educator holding an expert role (seed 002 criterion 5.4, seed 003 indicator 6.6);
- `activity` (`kind`): an educator with a record of the kind (3.1 burnout projects, 3.3 sanatorium, 5.6 network
  projects);
- `org_activity` (`kind`): an organization with a record of the kind (7.4 psychological-pedagogical classes);
- `municipality_activity` (`kind`): a municipality with such an organization;
- `municipality_target_contracts`: a municipality whose organizations have a targeted training contract in
  force in the period (7.5);
- `target_employed`: an educator employed in the period after targeted training (the card element of 8.1).
"""

from django.db.models import Q

from metodist.lib.predicates import EDUCATORS, MUNICIPALITIES, ORGANIZATIONS, Context, Param, Predicate, register

from .models import (
    ACTIVE,
    COMMISSIONS,
    EDUCATOR_KINDS,
    ORGANIZATION_KINDS,
    ActivityRecord,
    ExpertKind,
    ExpertLevel,
    ExpertRole,
    TargetContract,
)

EXPERT_KINDS = {
    "any": tuple(ExpertKind.values),
    "commissions": tuple(COMMISSIONS),
    "active": tuple(ACTIVE),
    **{kind.value: (kind.value,) for kind in ExpertKind},
}


def _in_region(records, ctx: Context):
    return records.filter(region_id=ctx.region) if ctx.region else records


def _expert(ctx: Context, params: dict) -> Q:
    roles = ExpertRole.objects.during(ctx.start, ctx.on).filter(kind__in=EXPERT_KINDS[params.get("kind", "any")])
    level = params.get("level", "any")
    if level != "any":
        roles = roles.filter(level=level)
    return Q(pk__in=_in_region(roles, ctx).values("educator_id"))


def _records(ctx: Context, kind: str):
    return _in_region(ActivityRecord.objects.during(ctx.start, ctx.on).filter(kind=kind), ctx)


def _activity(ctx: Context, params: dict) -> Q:
    return Q(pk__in=_records(ctx, params["kind"]).values("educator_id"))


def _org_activity(ctx: Context, params: dict) -> Q:
    return Q(pk__in=_records(ctx, params["kind"]).values("organization_id"))


def _municipality_activity(ctx: Context, params: dict) -> Q:
    return Q(pk__in=_records(ctx, params["kind"]).values("municipality_id"))


def _contracts_in_force(ctx: Context):
    """Signed by the end of the period and not finished before it began."""
    contracts = TargetContract.objects.filter(started_on__lte=ctx.on).filter(
        Q(graduated_on__isnull=True) | Q(graduated_on__gte=ctx.start)
    )
    return _in_region(contracts, ctx)


def _target_contracts(ctx: Context, params: dict) -> Q:
    return Q(pk__in=_contracts_in_force(ctx).values("municipality_id"))


def _target_employed(ctx: Context, params: dict) -> Q:
    contracts = TargetContract.objects.filter(
        graduated_on__gte=ctx.start, graduated_on__lte=ctx.on, employed_on__isnull=False, educator__isnull=False
    )
    return Q(pk__in=_in_region(contracts, ctx).values("educator_id"))


LEVEL_DOC = "уровень комиссии; не задан — любой"
KIND_DOC = "commissions — предметные и конкурсные комиссии, active — региональный методический актив; или одна роль"

PREDICATES = {
    "expert": Predicate(
        EDUCATORS,
        "эксперт предметных или конкурсных комиссий, член жюри, методист-тьютор",
        {
            "level": Param((*ExpertLevel.values, "self", "any"), required=False, doc=LEVEL_DOC),
            "kind": Param(tuple(EXPERT_KINDS), required=False, doc=KIND_DOC),
        },
        build=_expert,
    ),
    "activity": Predicate(
        EDUCATORS,
        "участвовал в отчётном периоде (запись о деятельности данного вида)",
        {"kind": Param(tuple(k.value for k in EDUCATOR_KINDS))},
        build=_activity,
    ),
    "org_activity": Predicate(
        ORGANIZATIONS,
        "у организации есть запись о деятельности данного вида в отчётном периоде",
        {"kind": Param(tuple(k.value for k in ORGANIZATION_KINDS))},
        build=_org_activity,
    ),
    "municipality_activity": Predicate(
        MUNICIPALITIES,
        "в муниципалитете есть организация с записью о деятельности данного вида в отчётном периоде",
        {"kind": Param(tuple(k.value for k in ORGANIZATION_KINDS))},
        build=_municipality_activity,
    ),
    "municipality_target_contracts": Predicate(
        MUNICIPALITIES,
        "в муниципалитете действуют договоры о целевом обучении с колледжами и вузами",
        build=_target_contracts,
    ),
    "target_employed": Predicate(
        EDUCATORS,
        "трудоустроился в отчётном периоде по окончании целевого обучения",
        build=_target_employed,
    ),
}


# One module per kind of record, so that a region that keeps, say, sanatorium records but no expert roles gets
# «нет данных» for the experts' indicators rather than 0.
EXPERTS, ACTIVITIES, CONTRACTS = "Экспертные роли", "Записи о деятельности", "Целевое обучение"
MODULES = {
    EXPERTS: (("expert",), lambda ctx: ExpertRole.objects.during(ctx.start, ctx.on)),
    ACTIVITIES: (
        ("activity", "org_activity", "municipality_activity"),
        lambda ctx: ActivityRecord.objects.during(ctx.start, ctx.on),
    ),
    CONTRACTS: (("municipality_target_contracts", "target_employed"), _contracts_in_force),
}


def _recorded_by(records):
    return lambda ctx: _in_region(records(ctx), ctx).exists()


for _module, (_codes, _records_of) in MODULES.items():
    register(_module, {code: PREDICATES[code] for code in _codes}, recorded=_recorded_by(_records_of))
