"""Indicator predicates of the registry of educators (see metodist/lib/predicates.py).

Each builder returns a `Q` over Educator (or, for the organization predicates computed from employments,
over Organization), evaluated in SQL by the monitoring engine. Each predicate also has its form over the facts
layer (`facts=`, metodist/facts): a condition on the columns of one facts row, so that a catalogue's
indicators are counted in one pass; the two forms follow one rule and a property test keeps them equal.
"""

import operator
from functools import reduce

from django.db.models import Count, F, OuterRef, Q

from metodist.facts.models import PlacementFacts
from metodist.lib.predicates import EDUCATORS, ORGANIZATIONS, Context, Param, Predicate, educators_in, register
from metodist.orgs.models import Organization, OrganizationKind
from metodist.orgs.predicates import DURING_DOC, FLAGS_DOC, flag_periods

from . import conditions
from .models import HIGHEST_OR_ABOVE, Category, Educator, Employment, EmploymentKind, PositionKind

MODULE = "Реестр педагогических работников"

CATEGORY_GROUPS = {
    "highest": HIGHEST_OR_ABOVE,
    "first": (Category.FIRST,),
    "szd": (Category.SZD,),
    "first_or_highest": (Category.FIRST, *HIGHEST_OR_ABOVE),
    "any": (Category.SZD, Category.FIRST, *HIGHEST_OR_ABOVE),
}


def employments(ctx: Context):
    """The active employments on the context date; only those in `ctx.organization` when it is set."""
    active = Employment.objects.active(ctx.on)
    return active.filter(organization_id=ctx.organization) if ctx.organization else active


def holding(employments) -> Q:
    """Holds one of `employments`.

    An uncorrelated `pk IN (…)` rather than a correlated EXISTS: the database evaluates it once per query
    instead of once per educator row, which matters when many indicators are counted in one pass.
    """
    return Q(pk__in=employments.values("educator_id"))


def employed_where(ctx: Context, **conditions) -> Q:
    """Has an active employment matching `conditions` on the context date (in `ctx.organization`, if set)."""
    return holding(employments(ctx).filter(**conditions))


def _employed_where_flagged(ctx: Context, params: dict) -> Q:
    """Works on the context date in an organization whose flag counts for the campaign (see `flag_periods`)."""
    return employed_where(ctx, organization_id__in=flag_periods(ctx, params).values("organization_id"))


def _out_of_profile_share_above(ctx: Context, params: dict) -> Q:
    """Organizations where more than `percent` % of the teachers teach out of profile (counted in SQL)."""
    teachers = Employment.objects.active(ctx.on).filter(organization=OuterRef("pk"), position__is_teacher=True)
    out = teachers.out_of_profile(ctx.on)
    count_teachers = teachers.values("organization").annotate(n=Count("educator", distinct=True)).values("n")
    count_out = out.values("organization").annotate(n=Count("educator", distinct=True)).values("n")
    above = Organization.objects.annotate(teachers=count_teachers, out=count_out).filter(
        teachers__gt=0, out__gt=F("teachers") * params["percent"] / 100.0
    )
    return Q(pk__in=above.values("pk"))


def listed(column: str, codes) -> Q:
    """A facts row whose ",a,b," list in `column` holds one of `codes`."""
    return reduce(operator.or_, (Q(**{f"{column}__contains": f",{code},"}) for code in codes))


def fact(column: str):
    """The facts form of a predicate that is one boolean column of the row."""
    return lambda ctx, p: Q(**{column: True})


def _flagged_facts(ctx: Context, params: dict) -> Q:
    return listed("flags_during" if params.get("during") else "flags_on", params["flags"])


def _out_of_profile_share_above_facts(ctx: Context, params: dict) -> Q:
    """The organizations' teachers and out-of-profile teachers counted from their placement facts."""
    rows = (
        PlacementFacts.objects.filter(build_id=ctx.facts, teacher=True)
        .values("organization_id")
        .annotate(teachers=Count("pk"), out=Count("pk", filter=Q(teaching_out_of_profile=True)))
        .filter(out__gt=F("teachers") * params["percent"] / 100.0)
    )
    return Q(pk__in=rows.values("organization_id"))


# An educator's own dated facts are conditions on columns that educators and facts rows share (conditions.py):
# one form serves both.
def _young(ctx: Context, params: dict) -> Q:
    return conditions.young(ctx.on)


def _experience(ctx: Context, params: dict) -> Q:
    return conditions.experience_between(ctx.on, params.get("min"), params.get("max"))


def _younger_than(ctx: Context, params: dict) -> Q:
    return conditions.younger_than(params["years"], ctx.on)


def _pre_pension(ctx: Context, params: dict) -> Q:
    return conditions.pre_pension(ctx.on)


def _pension_age(ctx: Context, params: dict) -> Q:
    return conditions.reached_pension_age(ctx.on)


def _category(ctx: Context, params: dict) -> Q:
    return conditions.category_in_force(CATEGORY_GROUPS[params["group"]], ctx.on)


PREDICATES = {
    "pedagogical": Predicate(
        EDUCATORS,
        "занимает педагогическую должность",
        build=lambda ctx, p: employed_where(ctx, position__kind=PositionKind.PEDAGOGICAL),
        facts=fact("pedagogical"),
    ),
    "manager": Predicate(
        EDUCATORS,
        "занимает руководящую должность",
        build=lambda ctx, p: employed_where(ctx, position__kind=PositionKind.MANAGERIAL),
        facts=fact("manager"),
    ),
    "teacher": Predicate(
        EDUCATORS,
        "учитель (преподаватель) учебного предмета",
        build=lambda ctx, p: employed_where(ctx, position__is_teacher=True),
        facts=fact("teacher"),
    ),
    "position": Predicate(
        EDUCATORS,
        "занимает должность с кодом из справочника должностей",
        {"code": Param(str, doc="код должности, например additional_teacher")},
        build=lambda ctx, p: employed_where(ctx, position__code=p["code"]),
        facts=lambda ctx, p: listed("position_codes", [p["code"]]),
    ),
    "works_in": Predicate(
        EDUCATORS,
        "работает в организации данного типа",
        {"kind": Param(tuple(OrganizationKind.values))},
        build=lambda ctx, p: employed_where(ctx, organization__kind=p["kind"]),
        facts=lambda ctx, p: listed("org_kinds", [p["kind"]]),
    ),
    "works_in_flagged": Predicate(
        EDUCATORS,
        "работает в организации с признаком (ШНОР, ШССУ, …)",
        {"flags": Param(list, doc=FLAGS_DOC), "during": Param(bool, required=False, doc=DURING_DOC)},
        build=_employed_where_flagged,
        facts=_flagged_facts,
    ),
    "young": Predicate(
        EDUCATORS,
        "молодой педагог: до 35 лет и первые три года педагогической работы",
        build=_young,
        facts=_young,
    ),
    "experience": Predicate(
        EDUCATORS,
        "педагогический стаж в полных годах в пределах [min, max]",
        {"min": Param(int, required=False), "max": Param(int, required=False)},
        build=_experience,
        facts=_experience,
    ),
    "younger_than": Predicate(
        EDUCATORS,
        "моложе заданного возраста",
        {"years": Param(int)},
        build=_younger_than,
        facts=_younger_than,
    ),
    "pre_pension": Predicate(EDUCATORS, "предпенсионный возраст", build=_pre_pension, facts=_pre_pension),
    "pension_age": Predicate(EDUCATORS, "пенсионный возраст", build=_pension_age, facts=_pension_age),
    "category": Predicate(
        EDUCATORS,
        "имеет действующую квалификационную категорию (присвоена к дате и не истекла)",
        {"group": Param(tuple(CATEGORY_GROUPS))},
        build=_category,
        facts=_category,
    ),
    "higher_education": Predicate(
        EDUCATORS,
        "имеет высшее образование (диплом получен к дате окончания периода)",
        build=lambda ctx, p: educators_in(Educator.objects.with_higher_education(ctx.on)),
        facts=fact("higher_education"),
    ),
    "part_time": Predicate(
        EDUCATORS,
        "работает по совместительству (внутреннему или внешнему)",
        build=lambda ctx, p: holding(employments(ctx).exclude(kind=EmploymentKind.MAIN)),
        facts=fact("part_time"),
    ),
    "out_of_profile": Predicate(
        EDUCATORS,
        "преподаёт предмет, не соответствующий полученному образованию",
        build=lambda ctx, p: holding(employments(ctx).out_of_profile(ctx.on)),
        facts=fact("out_of_profile"),
    ),
    "load_at_least": Predicate(
        EDUCATORS,
        "учебная нагрузка не менее N часов в неделю",
        {"hours": Param(int)},
        build=lambda ctx, p: educators_in(Educator.objects.load_at_least(p["hours"], ctx.on)),
        facts=lambda ctx, p: Q(weekly_hours__gte=p["hours"]),
    ),
    # The predicates below take lists where the documents name several values at once («педагоги
    # дополнительного образования» are two positions, «целевая аудитория» five subjects), so that one term
    # says what the text says without an OR of terms.
    "position_one_of": Predicate(
        EDUCATORS,
        "занимает одну из должностей справочника",
        {"codes": Param(list, doc="коды должностей, например [additional_teacher, senior_additional_teacher]")},
        build=lambda ctx, p: employed_where(ctx, position__code__in=p["codes"]),
        facts=lambda ctx, p: listed("position_codes", p["codes"]),
    ),
    "works_in_one_of": Predicate(
        EDUCATORS,
        "работает в организации одного из типов",
        {"kinds": Param(list, doc=f"одно или несколько из: {', '.join(OrganizationKind.values)}")},
        build=lambda ctx, p: employed_where(ctx, organization__kind__in=p["kinds"]),
        facts=lambda ctx, p: listed("org_kinds", p["kinds"]),
    ),
    "teaches": Predicate(
        EDUCATORS,
        "преподаёт один из учебных предметов",
        {"subjects": Param(list, doc="коды предметов из справочника, например [mathematics, physics]")},
        build=lambda ctx, p: employed_where(ctx, subjects__code__in=p["subjects"]),
        facts=lambda ctx, p: listed("subject_codes", p["subjects"]),
    ),
    "out_of_profile_share_above": Predicate(
        ORGANIZATIONS,
        "более N% учителей преподают не в соответствии с образованием",
        {"percent": Param(int)},
        build=_out_of_profile_share_above,
        facts=_out_of_profile_share_above_facts,
    ),
}

register(MODULE, PREDICATES)
