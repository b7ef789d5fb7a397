"""Indicator predicates of the registry of organizations (see metodist/lib/predicates.py)."""

from django.db.models import Q

from metodist.lib.predicates import MUNICIPALITIES, ORGANIZATIONS, Context, Param, Predicate, register

from .models import ORGANIZATION_FLAGS, FlagPeriod, Organization, OrganizationKind, overlapping

MODULE = "Реестр образовательных организаций"

FLAGS_DOC = f"одно или несколько из: {', '.join(ORGANIZATION_FLAGS)}"
DURING_DOC = (
    "true — признак был хотя бы один день периода кампании (участие «в течение года»); "
    "по умолчанию — на дату окончания периода"
)


def flag_periods(ctx: Context, params: dict):
    """The periods of `flags` that count for the campaign: held on its end date, or on any day of it."""
    periods = FlagPeriod.objects.filter(flag__in=params["flags"])
    if ctx.region:  # the campaign's region only: nothing reads the whole country for one region
        periods = periods.filter(organization__region_id=ctx.region)
    if params.get("during"):
        return periods.filter(overlapping(ctx.start, ctx.on, "start_date", "end_date"))
    return periods.held_on(ctx.on)


PREDICATES = {
    "org_kind": Predicate(
        ORGANIZATIONS,
        "организация данного типа",
        {"kind": Param(tuple(OrganizationKind.values))},
        build=lambda ctx, p: Q(kind=p["kind"]),
    ),
    "org_flag": Predicate(
        ORGANIZATIONS,
        "организация с признаком (по периодам признаков)",
        {"flags": Param(list, doc=FLAGS_DOC), "during": Param(bool, required=False, doc=DURING_DOC)},
        build=lambda ctx, p: Q(pk__in=flag_periods(ctx, p).values("organization_id")),
    ),
}


def _has_organization(ctx, params: dict) -> Q:
    """A municipality with an active organization of the kind and (any of) the flags given; each condition is
    the organization predicate of the same name, so a period-true flag stays period-true here."""
    organizations = Organization.objects.active()
    if "kind" in params:
        organizations = organizations.filter(PREDICATES["org_kind"].build(ctx, {"kind": params["kind"]}))
    if "flags" in params:
        organizations = organizations.filter(PREDICATES["org_flag"].build(ctx, {"flags": params["flags"]}))
    return Q(pk__in=organizations.values("municipality_id"))


PREDICATES["municipality_has_organization"] = Predicate(
    MUNICIPALITIES,
    "в муниципалитете есть действующая организация данного типа и (или) с признаком",
    {
        "kind": Param(tuple(OrganizationKind.values), required=False),
        "flags": Param(list, required=False, doc=f"одно или несколько из: {', '.join(ORGANIZATION_FLAGS)}"),
    },
    build=_has_organization,
)

register(MODULE, PREDICATES)
