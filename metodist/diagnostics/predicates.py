"""Indicator predicates of the diagnostics module (see metodist/lib/predicates.py).

`diagnosed`: the educator has results of a procedure of the given level (any level for `any`) that ended in the
reporting period (ctx.start ≤ ends_on ≤ ctx.on) — a procedure is counted in the period it was completed in, as
an operator's report of it is; bounded by the region the procedure was held in (ctx.region) when set.
"""

from django.db.models import Q

from metodist.lib.predicates import EDUCATORS, Context, Param, Predicate, register

from .models import Diagnostic, DiagnosticLevel, DiagnosticResult

MODULE = "Диагностика профессиональных дефицитов"
LEVELS = tuple(DiagnosticLevel.values)


def results_in_period(ctx: Context, level: str = "any"):
    results = DiagnosticResult.objects.filter(diagnostic__ends_on__gte=ctx.start, diagnostic__ends_on__lte=ctx.on)
    if level != "any":
        results = results.filter(diagnostic__level=level)
    if ctx.region:
        results = results.filter(diagnostic__region_id=ctx.region)
    return results


def _diagnosed(ctx: Context, params: dict) -> Q:
    # an uncorrelated `pk IN (…)`, evaluated once per query (see people.predicates.holding)
    return Q(pk__in=results_in_period(ctx, params["level"]).values("educator_id"))


PREDICATES = {
    "diagnosed": Predicate(
        EDUCATORS,
        "прошёл диагностику профессиональных компетенций данного уровня в отчётном периоде",
        {"level": Param(LEVELS + ("any",), doc="any — любого уровня, когда документ уровень не называет")},
        build=_diagnosed,
    ),
}


def _recorded(ctx: Context) -> bool:
    """A procedure of the region ended in the period: without one, the module says nothing about the period."""
    procedures = Diagnostic.objects.filter(ends_on__gte=ctx.start, ends_on__lte=ctx.on)
    return (procedures.filter(region_id=ctx.region) if ctx.region else procedures).exists()


register(MODULE, PREDICATES, recorded=_recorded)
