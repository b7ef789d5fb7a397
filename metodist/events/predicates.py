"""Indicator predicates of the events module (see metodist/lib/predicates.py), declared in
metodist/monitoring/vocabulary.py PENDING with the same parameters.

All read events that started within the reporting period (ctx.start..ctx.on, local days) and were not
cancelled, of ctx.region when it is set:

- `event_participant`: the educator attended (optionally: of a `level`; only those organized by network
  interaction of associations with `network = true`, criterion 5.2 of seed 002);
- `event_presenter`: the educator was a speaker or a host (criterion 5.3); `kind = "conducted"` — only
  internships and master classes, as 5.3 names them;
- `young_support`: the educator attended an event for the support of young educators (seed 000 indicator 2.8,
  seed 003 indicator 6.2 — the catalogue's population restricts it to the young).

Criterion 5.7 of seed 002 (an organization's participation as an internship site) is not read from events: its
method names the orders of the education authority and the agreements with the regional institute, so it counts
the registry flag `is_internship_site` in force during the period (orgs/predicates.py `org_flag`).
"""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from metodist.lib.predicates import EDUCATORS, Context, Param, Predicate, register

from .models import CONDUCTED_KINDS, PRESENTER_ROLES, Event, EventStatus, Participation, RegistrationStatus

MODULE = "Методические мероприятия"
LEVELS = ("federal", "regional", "municipal", "organization", "self", "any")


def _moment(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def period_events(ctx: Context):
    events = Event.objects.exclude(status=EventStatus.CANCELLED).filter(
        starts_at__gte=_moment(ctx.start), starts_at__lt=_moment(ctx.on + timedelta(days=1))
    )
    return events.filter(region_id=ctx.region) if ctx.region else events


def _attended(events) -> Q:
    rows = Participation.objects.filter(event__in=events, status=RegistrationStatus.ATTENDED)
    return Q(pk__in=rows.values("educator_id"))


def _participant(ctx: Context, params: dict) -> Q:
    events = period_events(ctx)
    level = params.get("level", "any")
    if level != "any":
        events = events.filter(level=level)  # «self» names no event level: nobody
    if params.get("network"):
        events = events.filter(network=True)
    return _attended(events)


def _presenter(ctx: Context, params: dict) -> Q:
    events = period_events(ctx)
    if params.get("kind") == "conducted":
        events = events.filter(kind__in=CONDUCTED_KINDS)
    rows = Participation.objects.filter(event__in=events, role__in=PRESENTER_ROLES, status=RegistrationStatus.ATTENDED)
    return Q(pk__in=rows.values("educator_id"))


def _young_support(ctx: Context, params: dict) -> Q:
    return _attended(period_events(ctx).filter(for_young=True))


PREDICATES = {
    "event_participant": Predicate(
        EDUCATORS,
        "участвовал в методических мероприятиях",
        {
            "level": Param(LEVELS, required=False, doc="уровень мероприятия; не задан или any — любой"),
            "network": Param(
                bool, required=False, doc="true — только организованные на основе сетевого взаимодействия"
            ),
        },
        build=_participant,
    ),
    "event_presenter": Predicate(
        EDUCATORS,
        "проводил стажировки, мастер-классы, выступал на мероприятиях",
        {"kind": Param(("any", "conducted"), required=False, doc="conducted — только стажировки и мастер-классы")},
        build=_presenter,
    ),
    "young_support": Predicate(EDUCATORS, "охвачен мероприятиями по поддержке молодых педагогов", build=_young_support),
}


def _recorded(ctx: Context) -> bool:
    """An event of the region started in the period (not cancelled)."""
    return period_events(ctx).exists()


register(MODULE, PREDICATES, recorded=_recorded)
