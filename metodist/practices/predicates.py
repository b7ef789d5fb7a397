"""Indicator predicates of the best practices module (see metodist/lib/predicates.py).

`practice_author`: an author of a practice accepted by the expert review in the reporting period
(ctx.start..ctx.on) and replicated at the municipal or regional level (seed 002, criterion 5.5: «методические
разработки, тиражируемые на различных уровнях (муниципальный уровень, региональный уровень …)»); `level`
narrows it to one level. `org_practice`: an organization that presented an accepted practice of any level in
the period (seed 003, indicator 6.5: «представивших актуальный опыт деятельности (различные уровни)»).
Both read only the practices of ctx.region when it is set.
"""

from django.db.models import Q

from metodist.lib.predicates import EDUCATORS, ORGANIZATIONS, Context, Param, Predicate, register

from .models import REPLICATED, Level, Practice, PracticeAuthor, Status

MODULE = "Лучшие практики"


def accepted_in(ctx: Context):
    practices = Practice.objects.filter(status=Status.ACCEPTED, decided_on__gte=ctx.start, decided_on__lte=ctx.on)
    return practices.filter(region_id=ctx.region) if ctx.region else practices


def _practice_author(ctx: Context, params: dict) -> Q:
    level = params.get("level", "replicated")
    levels = REPLICATED if level == "replicated" else (level,)
    practices = accepted_in(ctx).filter(level__in=levels)
    return Q(pk__in=PracticeAuthor.objects.filter(practice__in=practices).values("educator_id"))


def _org_practice(ctx: Context, params: dict) -> Q:
    return Q(pk__in=accepted_in(ctx).values("organization_id"))


PREDICATES = {
    "practice_author": Predicate(
        EDUCATORS,
        "автор методической разработки, тиражируемой на муниципальном или региональном уровне",
        {
            "level": Param(
                ("replicated", *Level.values),
                required=False,
                doc="replicated (по умолчанию) — муниципальный или региональный уровень; или один уровень",
            )
        },
        build=_practice_author,
    ),
    "org_practice": Predicate(
        ORGANIZATIONS, "организация представила актуальный опыт деятельности", build=_org_practice
    ),
}


def _recorded(ctx: Context) -> bool:
    """A practice of the region decided in the period (accepted, returned or rejected)."""
    practices = Practice.objects.filter(decided_on__gte=ctx.start, decided_on__lte=ctx.on)
    return (practices.filter(region_id=ctx.region) if ctx.region else practices).exists()


register(MODULE, PREDICATES, recorded=_recorded)
