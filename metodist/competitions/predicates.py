"""Indicator predicates of the competitions module (see metodist/lib/predicates.py).

An entry counts for a period when its stage's results are dated (stage.ends_on) within ctx.start..ctx.on, read
only from the competitions of ctx.region when it is set.

`competition` (educators): the educator had an entry at a stage of the given level; `level = "any"` — any
level. `result = "participant"` (or none) — any entry; `result = "winner"` — a prize-winner or a winner
(«призёры и победители», seed 002 criterion 8.23); `result = "first"` — a winner only.
`org_competition` (organizations): the organization had an entry in the period — an organization's own entry
(«Лучшее ШМО») or an entry of an educator who represented it.
"""

from django.db.models import Q

from metodist.lib.predicates import EDUCATORS, ORGANIZATIONS, Context, Param, Predicate, register

from .models import AWARDED, CompetitionEntry, Level, Result

MODULE = "Конкурсы"

LEVELS = (*Level.values, "any")
RESULTS = {"participant": None, "winner": AWARDED, "first": (Result.WINNER,)}


def _entries(ctx: Context, params: dict):
    entries = CompetitionEntry.objects.filter(stage__ends_on__gte=ctx.start, stage__ends_on__lte=ctx.on)
    if ctx.region:
        entries = entries.filter(stage__competition__region_id=ctx.region)
    level = params.get("level", "any")
    if level != "any":
        entries = entries.filter(stage__level=level)
    results = RESULTS[params.get("result", "participant")]
    if results is not None:
        entries = entries.filter(result__in=results)
    return entries


def _competition(ctx: Context, params: dict) -> Q:
    return Q(pk__in=_entries(ctx, params).filter(educator__isnull=False).values("educator_id"))


def _org_competition(ctx: Context, params: dict) -> Q:
    return Q(pk__in=_entries(ctx, params).values("organization_id"))


PREDICATES = {
    "competition": Predicate(
        EDUCATORS,
        "участвовал в конкурсе профессионального мастерства",
        {
            "level": Param(LEVELS, doc="organization / municipal / regional / federal — уровень этапа; any — любой"),
            "result": Param(
                tuple(RESULTS),
                required=False,
                doc="participant (не задан) — любое участие; winner — призёр или победитель; first — победитель",
            ),
        },
        build=_competition,
    ),
    "org_competition": Predicate(
        ORGANIZATIONS,
        "организация участвовала в профессиональных конкурсах",
        {"level": Param(LEVELS, required=False, doc="уровень этапа; не задан или any — любой")},
        build=_org_competition,
    ),
}


def _recorded(ctx: Context) -> bool:
    """An entry at a stage of the region whose results are dated in the period."""
    return _entries(ctx, {}).exists()


register(MODULE, PREDICATES, recorded=_recorded)
