"""Indicator predicates of the registry of educators (see metodist/lib/predicates.py).

Each builder returns a `Q` over Educator (or, for the organization predicates computed from employments,
over Organization), evaluated in SQL by the monitoring engine.
"""

from django.db.models import Count, F, OuterRef, Q

from metodist.lib.predicates import EDUCATORS, ORGANIZATIONS, Context, Param, Predicate, educators_in, register
from metodist.orgs.models import Organization, OrganizationKind
from metodist.orgs.predicates import DURING_DOC, FLAGS_DOC, flag_periods

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


PREDICATES = {
    "pedagogical": Predicate(
        EDUCATORS,
        "занимает педагогическую должность",
        build=lambda ctx, p: employed_where(ctx, position__kind=PositionKind.PEDAGOGICAL),
    ),
    "manager": Predicate(
        EDUCATORS,
        "занимает руководящую должность",
        build=lambda ctx, p: employed_where(ctx, position__kind=PositionKind.MANAGERIAL),
    ),
    "teacher": Predicate(
        EDUCATORS,
        "учитель (преподаватель) учебного предмета",
        build=lambda ctx, p: employed_where(ctx, position__is_teacher=True),
    ),
    "position": Predicate(
        EDUCATORS,
        "занимает должность с кодом из справочника должностей",
        {"code": Param(str, doc="код должности, например additional_teacher")},
        build=lambda ctx, p: employed_where(ctx, position__code=p["code"]),
    ),
    "works_in": Predicate(
        EDUCATORS,
        "работает в организации данного типа",
        {"kind": Param(tuple(OrganizationKind.values))},
        build=lambda ctx, p: employed_where(ctx, organization__kind=p["kind"]),
    ),
    "works_in_flagged": Predicate(
        EDUCATORS,
        "работает в организации с признаком (ШНОР, ШССУ, …)",
        {"flags": Param(list, doc=FLAGS_DOC), "during": Param(bool, required=False, doc=DURING_DOC)},
        build=_employed_where_flagged,
    ),
    "young": Predicate(
        EDUCATORS,
        "молодой педагог: до 35 лет и первые три года педагогической работы",
        build=lambda ctx, p: educators_in(Educator.objects.young(ctx.on)),
    ),
    "experience": Predicate(
        EDUCATORS,
        "педагогический стаж в полных годах в пределах [min, max]",
        {"min": Param(int, required=False), "max": Param(int, required=False)},
        build=lambda ctx, p: educators_in(Educator.objects.experience_between(ctx.on, p.get("min"), p.get("max"))),
    ),
    "younger_than": Predicate(
        EDUCATORS,
        "моложе заданного возраста",
        {"years": Param(int)},
        build=lambda ctx, p: educators_in(Educator.objects.younger_than(p["years"], ctx.on)),
    ),
    "pre_pension": Predicate(
        EDUCATORS, "предпенсионный возраст", build=lambda ctx, p: educators_in(Educator.objects.pre_pension(ctx.on))
    ),
    "pension_age": Predicate(
        EDUCATORS, "пенсионный возраст", build=lambda ctx, p: educators_in(Educator.objects.pension_age(ctx.on))
    ),
    "category": Predicate(
        EDUCATORS,
        "имеет действующую квалификационную категорию (присвоена к дате и не истекла)",
        {"group": Param(tuple(CATEGORY_GROUPS))},
        build=lambda ctx, p: educators_in(Educator.objects.with_category(CATEGORY_GROUPS[p["group"]], ctx.on)),
    ),
    "higher_education": Predicate(
        EDUCATORS,
        "имеет высшее образование (диплом получен к дате окончания периода)",
        build=lambda ctx, p: educators_in(Educator.objects.with_higher_education(ctx.on)),
    ),
    "part_time": Predicate(
        EDUCATORS,
        "работает по совместительству (внутреннему или внешнему)",
        build=lambda ctx, p: holding(employments(ctx).exclude(kind=EmploymentKind.MAIN)),
    ),
    "out_of_profile": Predicate(
        EDUCATORS,
        "преподаёт предмет, не соответствующий полученному образованию",
        build=lambda ctx, p: holding(employments(ctx).out_of_profile(ctx.on)),
    ),
    "load_at_least": Predicate(
        EDUCATORS,
        "учебная нагрузка не менее N часов в неделю",
        {"hours": Param(int)},
        build=lambda ctx, p: educators_in(Educator.objects.load_at_least(p["hours"], ctx.on)),
    ),
    # The predicates below take lists where the documents name several values at once («педагоги
    # дополнительного образования» are two positions, «целевая аудитория» five subjects), so that one term
    # says what the text says without an OR of terms.
    "position_one_of": Predicate(
        EDUCATORS,
        "занимает одну из должностей справочника",
        {"codes": Param(list, doc="коды должностей, например [additional_teacher, senior_additional_teacher]")},
        build=lambda ctx, p: employed_where(ctx, position__code__in=p["codes"]),
    ),
    "works_in_one_of": Predicate(
        EDUCATORS,
        "работает в организации одного из типов",
        {"kinds": Param(list, doc=f"одно или несколько из: {', '.join(OrganizationKind.values)}")},
        build=lambda ctx, p: employed_where(ctx, organization__kind__in=p["kinds"]),
    ),
    "teaches": Predicate(
        EDUCATORS,
        "преподаёт один из учебных предметов",
        {"subjects": Param(list, doc="коды предметов из справочника, например [mathematics, physics]")},
        build=lambda ctx, p: employed_where(ctx, subjects__code__in=p["subjects"]),
    ),
    "out_of_profile_share_above": Predicate(
        ORGANIZATIONS,
        "более N% учителей преподают не в соответствии с образованием",
        {"percent": Param(int)},
        build=_out_of_profile_share_above,
    ),
}

register(MODULE, PREDICATES)
