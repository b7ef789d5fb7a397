"""Indicator predicates of the mentoring module (see metodist/lib/predicates.py and the declarations in
metodist/monitoring/vocabulary.py PENDING, whose codes these keep).

A mentorship counts for a reporting period start..on when it is in force on some day of it (published, started by
`on`, not ended before `start`; a completed or terminated one counts for its dates), and a mentee when their dated
membership of it is in force then too — «охвачен ЦМН за отчётный период». Every subquery is bounded by the
campaign's region (`ctx.region`).
"""

from django.db.models import Q

from metodist.consultations.predicates import consulted
from metodist.consultations.predicates import recorded as consultations_recorded
from metodist.lib.predicates import EDUCATORS, MUNICIPALITIES, ORGANIZATIONS, RECORDED, Context, Predicate, register
from metodist.routes.predicates import MODULE as ROUTES_MODULE
from metodist.routes.predicates import PREDICATES as ROUTE_PREDICATES

from .models import MentorIncentive, MentoringProgram, Mentorship, MentorshipMentee

MODULE = "Наставничество"


def _mentorships(ctx: Context):
    mentorships = Mentorship.objects.during(ctx.start, ctx.on)
    return mentorships.filter(region_id=ctx.region) if ctx.region else mentorships


def _programs(ctx: Context):
    programs = MentoringProgram.objects.filter(starts_on__lte=ctx.on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=ctx.start)
    )
    return programs.filter(region_id=ctx.region) if ctx.region else programs


def mentees(ctx: Context):
    memberships = MentorshipMentee.objects.during(ctx.start, ctx.on)
    return memberships.filter(mentorship__region_id=ctx.region) if ctx.region else memberships


def _mentor(ctx: Context, params: dict) -> Q:
    return Q(pk__in=_mentorships(ctx).values("mentor_id"))


def _mentee(ctx: Context, params: dict) -> Q:
    return Q(pk__in=mentees(ctx).values("educator_id"))


def _targeted_support(ctx: Context, params: dict) -> Q:
    """Any targeted support: a mentee in the period, the support of an individual route (the routes module's
    own condition, not a copy of it), or a consultation of the methodological service (consultations'
    `consulted`: a participant of one held in the period, or the educator of a request answered then)."""
    return _mentee(ctx, {}) | ROUTE_PREDICATES["route_support"].build(ctx, {}) | consulted(ctx)


def _org_mentoring_model(ctx: Context, params: dict) -> Q:
    return Q(pk__in=_programs(ctx).filter(organization__isnull=False).values("organization_id"))


def _incentives(ctx: Context):
    acts = MentorIncentive.objects.filter(has_incentives=True).filter(
        Q(adopted_on__isnull=True) | Q(adopted_on__lte=ctx.on)
    )
    return acts.filter(region_id=ctx.region) if ctx.region else acts


def _mentor_incentives(ctx: Context, params: dict) -> Q:
    return Q(pk__in=_incentives(ctx).values("municipality_id"))


PREDICATES = {
    "mentor": Predicate(EDUCATORS, "является наставником (в наставничестве, действовавшем в периоде)", build=_mentor),
    "mentee": Predicate(EDUCATORS, "имеет наставника (охвачен ЦМН) в отчётном периоде", build=_mentee),
    "org_mentoring_model": Predicate(
        ORGANIZATIONS,
        "в организации внедрена целевая модель наставничества (действует программа наставничества)",
        build=_org_mentoring_model,
    ),
    "mentor_incentives": Predicate(
        MUNICIPALITIES,
        "в локальных актах ОО или муниципалитета закреплены показатели стимулирования педагогов-наставников",
        build=_mentor_incentives,
    ),
}


def _recorded(ctx: Context) -> bool:
    """A mentorship, a program or an incentives record of the region in the period."""
    return _mentorships(ctx).exists() or _programs(ctx).exists() or _incentives(ctx).exists()


register(MODULE, PREDICATES, recorded=_recorded)

# «Адресная поддержка в любой форме» is its own module of the dictionary (declared so in vocabulary.py): it has
# records for a period when mentoring, the routes or the consultations have.
SUPPORT_MODULE = "Адресное методическое сопровождение"
SUPPORT = {
    "targeted_support": Predicate(
        EDUCATORS,
        "получил за отчётный период адресную поддержку и методическое сопровождение в любой форме "
        "(наставничество, сопровождение ИОМ тьютором или методистом, консультация методической службы)",
        build=_targeted_support,
    ),
}


def _support_recorded(ctx: Context) -> bool:
    return _recorded(ctx) or RECORDED[ROUTES_MODULE](ctx) or consultations_recorded(ctx)


register(SUPPORT_MODULE, SUPPORT, recorded=_support_recorded)
