"""Indicator predicates of the registry of organizations (see metodist/lib/predicates.py)."""

from django.db.models import Q

from metodist.lib.predicates import ORGANIZATIONS, Param, Predicate, register

from .models import ORGANIZATION_FLAGS, OrganizationKind

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

register(MODULE, PREDICATES)
