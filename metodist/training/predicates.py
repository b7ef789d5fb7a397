"""Indicator predicates of the training module (see metodist/lib/predicates.py).

`trained`: completed and verified trainings (`Training.objects.counted()`) whose end date falls in the
reporting period — or, with `years`, in the `years` years up to the end of the period — bounded by the region
of the campaign. The topic codes `deficit_based`, `route_based` and `municipal_need` are not catalogue topics but
the ways a program was developed (seed 001, indicators 3–5): they read the program's development flags.
A course outside the catalogue (no program) counts for the kind and period only: it has no topic, and it is not
in the federal registry.
"""

from datetime import date, timedelta

from django.db.models import Q

from metodist.lib.dates import add_years
from metodist.lib.predicates import EDUCATORS, TRAINING_TOPICS, Context, Param, Predicate, register

from .models import Program, ProviderKind, Training

MODULE = "Повышение квалификации"

# The topics of the declaration in metodist/monitoring/vocabulary.py (PENDING), which the catalogues use.
TOPICS = TRAINING_TOPICS


def period(ctx: Context, years: int | None) -> tuple[date, date]:
    """The dates a training must end within: the reporting period, or the `years` years up to its end
    («за три последних года» on 31.05.2024 is 01.06.2021–31.05.2024)."""
    if years:
        return add_years(ctx.on, -years) + timedelta(days=1), ctx.on
    return ctx.start, ctx.on


def trainings(ctx: Context, params: dict):
    """The counted trainings a `trained` term means."""
    start, end = period(ctx, params.get("years"))
    rows = Training.objects.counted().filter(ends_on__gte=start, ends_on__lte=end)
    if ctx.region:
        rows = rows.filter(region_id=ctx.region)
    kind = params.get("program_kind", "any")
    if kind != "any":
        rows = rows.filter(kind=kind)
    topic = params.get("topic", "any")
    if topic != "any":
        rows = rows.filter(program__in=Program.objects.with_topic(topic).values("pk"))
    if "federal_registry" in params:
        if params["federal_registry"]:
            rows = rows.filter(program__in_federal_registry=True)
        else:
            rows = rows.filter(Q(program__isnull=True) | Q(program__in_federal_registry=False))
    if params.get("provider_kind"):
        rows = rows.filter(program__provider_kind=params["provider_kind"])
    return rows


def _trained(ctx: Context, params: dict) -> Q:
    return Q(pk__in=trainings(ctx, params).values("educator_id"))


PREDICATES = {
    "trained": Predicate(
        EDUCATORS,
        "прошёл обучение по ДПП в отчётном периоде (или за N лет)",
        {
            "topic": Param(
                TOPICS,
                required=False,
                doc="тема программы; deficit_based, route_based, municipal_need — программы, разработанные на "
                "основе диагностики дефицитов, на основе ИОМ, с учётом потребности муниципалитета",
            ),
            "program_kind": Param(("pk", "pp", "any"), required=False),
            "federal_registry": Param(bool, required=False),
            "years": Param(int, required=False, doc="за N последних лет до конца периода вместо отчётного периода"),
            "provider_kind": Param(tuple(ProviderKind.values), required=False, doc="вид организации, проводящей ДПП"),
        },
        build=_trained,
    ),
}


def _recorded(ctx: Context) -> bool:
    """A training of the region (of any result) overlaps the reporting period."""
    rows = Training.objects.filter(starts_on__lte=ctx.on, ends_on__gte=ctx.start)
    return (rows.filter(region_id=ctx.region) if ctx.region else rows).exists()


register(MODULE, PREDICATES, recorded=_recorded)
