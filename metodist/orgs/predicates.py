"""Indicator predicates of the registry of organizations (see metodist/lib/predicates.py)."""

from django.db.models import Q

from metodist.lib.predicates import MUNICIPALITIES, ORGANIZATIONS, Param, Predicate, register

from .models import ORGANIZATION_FLAGS, Organization, OrganizationKind

MODULE = "Реестр образовательных организаций"


def _any_flag(flags: list[str]) -> Q:
    condition = Q(pk__in=[])
    for flag in flags:
        condition |= Q(**{flag: True})
    return condition


PREDICATES = {
    "org_kind": Predicate(
        ORGANIZATIONS,
        "организация данного типа",
        {"kind": Param(tuple(OrganizationKind.values))},
        build=lambda ctx, p: Q(kind=p["kind"]),
    ),
    "org_flag": Predicate(
        ORGANIZATIONS,
        "организация с признаком",
        {"flags": Param(list, doc=f"одно или несколько из: {', '.join(ORGANIZATION_FLAGS)}")},
        build=lambda ctx, p: _any_flag(p["flags"]),
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
