"""Indicator predicates of individual routes (see metodist/lib/predicates.py and the declarations in
metodist/monitoring/vocabulary.py PENDING, whose codes and parameters these keep).

A route counts for a reporting period start..on when it is in force then: developed (agreed or later, agreed by
`on`) with a period overlapping start..on — «разработаны и реализуются» of seed 002, criteria 2.1–2.3. Every
subquery is bounded by the campaign's region (`ctx.region`).

The targets of the programme of seed 002 (items 12 and 14) read routes completed in the period:
`route_completed`, `route_recommended` (with addressed recommendations) and `route_positive_dynamic` (a repeat
diagnostic closed at least one of its deficits; see outcome.py).
"""

from django.db.models import Exists, OuterRef, Q

from metodist.lib.predicates import EDUCATORS, Context, Param, Predicate, register

from .models import CuratorKind, LearningRoute, RouteBase, RouteDeficit

MODULE = "Индивидуальные образовательные маршруты"


def _routes(ctx: Context):
    routes = LearningRoute.objects.all()
    return routes.filter(region_id=ctx.region) if ctx.region else routes


def _educators(routes) -> Q:
    return Q(pk__in=routes.values("educator_id"))


def _has_route(ctx: Context, params: dict) -> Q:
    routes = _routes(ctx).in_force(ctx.start, ctx.on)
    if params.get("base", "any") != "any":
        routes = routes.filter(base=params["base"])
    return _educators(routes)


def _has_local_route(ctx: Context, params: dict) -> Q:
    bases = (RouteBase.ORGANIZATION, RouteBase.MUNICIPALITY)
    return _educators(_routes(ctx).in_force(ctx.start, ctx.on).filter(base__in=bases))


def _route_support(ctx: Context, params: dict) -> Q:
    routes = _routes(ctx).in_force(ctx.start, ctx.on).filter(tutor__isnull=False)
    by = params.get("by") or "any"
    if by != "any":
        routes = routes.filter(curator_kind=by)
    return _educators(routes)


def _completed(ctx: Context):
    return _routes(ctx).finished_between(ctx.start, ctx.on)


def _route_completed(ctx: Context, params: dict) -> Q:
    return _educators(_completed(ctx))


def _route_recommended(ctx: Context, params: dict) -> Q:
    return _educators(_completed(ctx).filter(recommendations__isnull=False))


def closed_deficits(on):
    """RouteDeficit rows that a later diagnostic (ended by `on`) measured again without finding the deficit."""
    from metodist.diagnostics.models import DiagnosticResult

    later = DiagnosticResult.objects.filter(
        educator_id=OuterRef("route__educator_id"),
        diagnostic__ends_on__gt=OuterRef("measured_on"),
        diagnostic__ends_on__lte=on,
    ).filter(Q(competency__code=OuterRef("code")) | Q(competency__parent__code=OuterRef("code")))
    return RouteDeficit.objects.filter(Exists(later.exclude(Exists(_deficit_of_result(on)))))


def _deficit_of_result(on):
    """A deficit of the result's educator for the RouteDeficit's code (two levels up) found by a diagnostic that
    ended on the day of the result's diagnostic or later: the result did not close it, or it came back."""
    from metodist.diagnostics.models import Deficit

    return Deficit.objects.filter(
        educator_id=OuterRef("educator_id"),
        competency__code=OuterRef(OuterRef("code")),
        diagnostic__ends_on__gte=OuterRef("diagnostic__ends_on"),
        diagnostic__ends_on__lte=on,
    )


def _route_positive_dynamic(ctx: Context, params: dict) -> Q:
    closed = closed_deficits(ctx.on).filter(route_id=OuterRef("pk"))
    return _educators(_completed(ctx).filter(Exists(closed)))


BY_DOC = "tutor — тьютор, methodologist — методист ММС, regional_methodologist — методист регионального актива"

PREDICATES = {
    "has_route": Predicate(
        EDUCATORS,
        "имеет действующий ИОМ (ИППР) данной базы",
        {"base": Param(("cnppm", "organization", "municipality", "any"))},
        build=_has_route,
    ),
    "has_local_route": Predicate(
        EDUCATORS,
        "имеет действующий ИППР, разработанный в образовательной организации или муниципалитете",
        build=_has_local_route,
    ),
    "route_support": Predicate(
        EDUCATORS,
        "получил адресную методическую поддержку (тьютор, куратор ИОМ, методист)",
        {"by": Param(tuple(CuratorKind.values) + ("any",), required=False, doc=BY_DOC)},
        build=_route_support,
    ),
    "route_completed": Predicate(EDUCATORS, "завершил ИОМ (ИППР) в отчётном периоде", build=_route_completed),
    "route_recommended": Predicate(
        EDUCATORS,
        "завершил ИОМ (ИППР) в отчётном периоде и получил адресные рекомендации",
        build=_route_recommended,
    ),
    "route_positive_dynamic": Predicate(
        EDUCATORS,
        "завершил ИОМ (ИППР) в отчётном периоде, и повторная диагностика показала закрытие хотя бы одного дефицита",
        build=_route_positive_dynamic,
    ),
}


def _recorded(ctx: Context) -> bool:
    """A route of the region was in force (or finished) in the period."""
    routes = _routes(ctx)
    return routes.in_force(ctx.start, ctx.on).exists() or routes.finished_between(ctx.start, ctx.on).exists()


register(MODULE, PREDICATES, recorded=_recorded)
