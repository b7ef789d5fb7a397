"""The figures of the start page: what a user may see of the registry on a day, counted in SQL.

Every share is a percentage rounded to one decimal place half up (ROUND_HALF_UP: 12,25 → 12,3; 2/3 → 66,7)
and written with a decimal comma. A share whose denominator is zero has no value and reads «нет данных»,
never 0 %.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, Exists, IntegerField, Max, OuterRef, Q, Sum, Value, When
from django.db.models.lookups import Exact, GreaterThanOrEqual

from metodist.accounts.models import ScopeLevel
from metodist.home.counts import kept, territory_key
from metodist.lib.shares import Share
from metodist.orgs.models import Municipality, Organization, OrganizationKind, StaffPosition
from metodist.people import rules
from metodist.people.models import (
    HIGHEST_OR_ABOVE,
    Category,
    CorrectionRequest,
    Education,
    EducationLevel,
    Educator,
    Employment,
    EmploymentKind,
    PositionKind,
    active_q,
    conditions,
)


@dataclass(frozen=True)
class Figures:
    """The registry within a user's scope on `on`: active organizations and the people working in them."""

    on: date
    scope: str
    organizations: int
    organizations_by_kind: list[tuple[str, str, int]]  # (kind, label, count), kinds with none left out
    educators: int  # distinct people with an active employment in an organization in scope
    pedagogical: Share  # in a pedagogical position, of educators
    young: Share  # young pedagogical workers, of pedagogical workers
    higher_education: Share  # of educators
    category_highest: Share  # highest, педагог-методист, педагог-наставник; of educators
    category_first: Share
    category_szd: Share
    category_none: Share  # no category or an expired one
    teachers: int
    heavy_load: Share  # teachers with a load of HEAVY_LOAD_HOURS and more, of teachers
    part_time: Share  # working by совместительство somewhere, of educators
    out_of_profile: Share  # teachers teaching a subject their education does not cover, of teachers
    pre_pension: Share  # of educators
    pension: Share  # of educators
    staff_rates: Decimal
    vacant_rates: Decimal
    deficit: Share  # vacant rates of staff rates


def scope_label(user) -> str:
    """What the figures cover, in words: «Город N», «Свердловская область», the organizations' names."""
    level = user.scope_level
    if level == ScopeLevel.ALL:
        return "Все организации системы"
    if level == ScopeLevel.REGION:
        return str(user.region) if user.region_id else "Регион не указан"
    if level == ScopeLevel.MUNICIPALITY:
        return str(user.municipality) if user.municipality_id else "Муниципалитет не указан"
    names = [str(organization) for organization in user.organizations.all()]
    return ", ".join(names) or "Организации не назначены"


def _flag(condition) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _any(condition) -> Exact:
    """True of a person when `condition` holds for one of their rows (employments) grouped by person."""
    return Exact(Max(_flag(condition)), 1)


def _groups(educators, on: date) -> dict:
    """The groups of people the start page counts, as conditions on one person with all their employments
    joined and grouped by person; the same rules as the EducatorQuerySet methods of the same names.

    One pass over the people of `educators` and their employments: every condition reads the person's own
    rows, so the figures cost what the scope costs, not what the whole registry costs.
    """
    active = active_q(on, "employments__")
    pedagogical = _any(active & Q(employments__position__kind=PositionKind.PEDAGOGICAL))
    teacher = _any(active & Q(employments__position__is_teacher=True))
    load = Sum(Case(When(active, then="employments__weekly_hours"), default=Value(0), output_field=DecimalField()))
    # the out-of-profile check is the costly one: run it only over the subjects of these people's active jobs
    jobs = Employment.objects.active(on).filter(educator__in=educators.values("pk"))
    out_of_profile = jobs.uncovered_subjects(on).values("employment_id")
    higher = Education.objects.completed(on).filter(level=EducationLevel.HIGHER, educator=OuterRef("pk"))
    pension = conditions.reached_pension_age(on)
    return {
        "pedagogical": Q(pedagogical),
        "young": Q(pedagogical) & Q(_any(conditions.young(on))),
        "higher_education": Q(_any(Exists(higher))),
        "highest": Q(_any(conditions.category_in_force(HIGHEST_OR_ABOVE, on))),
        "first": Q(_any(conditions.category_in_force([Category.FIRST], on))),
        "szd": Q(_any(conditions.category_in_force([Category.SZD], on))),
        "teachers": Q(teacher),
        "heavy_load": Q(teacher) & Q(GreaterThanOrEqual(load, rules.HEAVY_LOAD_HOURS)),
        "part_time": Q(_any(active & ~Q(employments__kind=EmploymentKind.MAIN))),
        "out_of_profile": Q(teacher) & Q(_any(Q(employments__in=out_of_profile))),
        "pre_pension": Q(_any(conditions.pre_pension(on))),
        "pension": Q(_any(pension)),
    }


def count_groups(educators, on: date) -> dict[str, int]:
    """How many of `educators` there are (`educators`) and how many in each group of `_groups`, in one query."""
    flags = {f"is_{name}": _flag(condition) for name, condition in _groups(educators, on).items()}
    counts = educators.annotate(**flags).aggregate(
        educators=Count("pk"), **{name[3:]: Sum(name) for name in flags}
    )  # aggregates are named apart from the annotations they sum, as Django requires
    return {name: count or 0 for name, count in counts.items()}


def municipal_figures(user, on: date) -> Figures:
    """Three aggregate queries (organizations by kind, one row of educator counts, staff rates) whatever the size."""
    organizations = Organization.objects.in_scope(user).active()
    by_kind = dict(organizations.order_by().values_list("kind").annotate(count=Count("pk")))

    counts = kept(
        territory_key(user) and f"figures:{territory_key(user)}",
        on,
        lambda: count_groups(Educator.objects.working_in_scope(user, on), on),
    )
    total = counts["educators"]

    staffing = (
        StaffPosition.objects.valid(on)
        .filter(organization__in=organizations)
        .aggregate(rates=Sum("rates"), vacant=Sum("vacant_rates"))
    )
    staff_rates = staffing["rates"] or Decimal("0")
    vacant_rates = staffing["vacant"] or Decimal("0")

    with_category = counts["highest"] + counts["first"] + counts["szd"]
    return Figures(
        on=on,
        scope=scope_label(user),
        organizations=sum(by_kind.values()),
        organizations_by_kind=[
            (kind.value, kind.label, by_kind[kind.value]) for kind in OrganizationKind if by_kind.get(kind.value)
        ],
        educators=total,
        pedagogical=Share(counts["pedagogical"], total),
        young=Share(counts["young"], counts["pedagogical"]),
        higher_education=Share(counts["higher_education"], total),
        category_highest=Share(counts["highest"], total),
        category_first=Share(counts["first"], total),
        category_szd=Share(counts["szd"], total),
        category_none=Share(total - with_category, total),
        teachers=counts["teachers"],
        heavy_load=Share(counts["heavy_load"], counts["teachers"]),
        part_time=Share(counts["part_time"], total),
        out_of_profile=Share(counts["out_of_profile"], counts["teachers"]),
        pre_pension=Share(counts["pre_pension"], total),
        pension=Share(counts["pension"], total),
        staff_rates=staff_rates,
        vacant_rates=vacant_rates,
        deficit=Share(vacant_rates, staff_rates),
    )


@dataclass(frozen=True)
class OwnCard:
    """The start page of a person who sees only their own record (educator, mentor, tutor)."""

    educator: Educator
    employments: list[Employment]  # active on `on`
    age: int
    experience_years: int
    category: str  # the label of the category in force on `on`
    category_expires_on: date | None  # only while the category is in force
    weekly_hours: Decimal
    is_young: bool
    is_pre_pension: bool
    is_pension_age: bool
    corrections: list[CorrectionRequest]  # the latest requests for a correction of the card


OWN_CORRECTIONS_SHOWN = 5


def own_card(user, on: date) -> OwnCard | None:
    """None when the account is not linked to an educator's record."""
    if not user.educator_id:
        return None
    educator = Educator.objects.get(pk=user.educator_id)
    employments = list(
        Employment.objects.active(on)
        .filter(educator=educator)
        .select_related("organization", "position")
        .prefetch_related("subjects")
        .order_by("kind", "start_date", "pk")
    )
    category = educator.category_on(on)
    return OwnCard(
        educator=educator,
        employments=employments,
        age=educator.age(on),
        experience_years=educator.experience_years(on),
        category=Category(category).label,
        category_expires_on=educator.category_expires_on if category != Category.NONE else None,
        weekly_hours=sum((employment.weekly_hours for employment in employments), Decimal("0")),
        is_young=educator.is_young(on),
        is_pre_pension=educator.is_pre_pension(on),
        is_pension_age=educator.is_pension_age(on),
        corrections=list(educator.correction_requests.all()[:OWN_CORRECTIONS_SHOWN]),
    )


@dataclass(frozen=True)
class MunicipalityRow:
    """One line of the comparison table: a municipality's registry on `on`, with the same rules as `Figures`."""

    municipality: Municipality
    organizations: int
    educators: int
    pedagogical: Share  # of educators
    young: Share  # of pedagogical workers
    higher_education: Share  # of educators
    category_highest: Share  # of educators
    category_first: Share  # of educators
    staff_rates: Decimal
    vacant_rates: Decimal
    deficit: Share  # vacant rates of staff rates


# The counts of the comparison table, a part of the start page's ones.
COMPARED = ("pedagogical", "young", "higher_education", "highest", "first")


def _compared(on: date) -> dict:
    """The groups of COMPARED as conditions on an employment row, about the person holding it (read of that
    person's own rows, as in `_groups`)."""
    person = OuterRef("educator_id")
    working = Employment.objects.active(on).filter(educator_id=person)
    pedagogical = Exists(working.filter(position__kind=PositionKind.PEDAGOGICAL))
    higher = Education.objects.completed(on).filter(level=EducationLevel.HIGHER, educator_id=person)

    def own(condition) -> Exists:  # a condition on the person's own row, read through the primary key
        return Exists(Educator.objects.filter(condition, pk=person))

    return {
        "pedagogical": Q(pedagogical),
        "young": Q(pedagogical) & Q(own(conditions.young(on))),
        "higher_education": Q(Exists(higher)),
        "highest": Q(own(conditions.category_in_force(HIGHEST_OR_ABOVE, on))),
        "first": Q(own(conditions.category_in_force([Category.FIRST], on))),
    }


def _people(on: date, organizations) -> dict:
    """The COMPARED counts of the people working in `organizations`, by municipality (keys as text: JSON)."""
    compared = _compared(on)
    rows = (
        Employment.objects.active(on)
        .filter(organization__in=organizations)
        .order_by()
        .values("organization__municipality")
        .annotate(
            educators=Count("educator", distinct=True),
            **{name: Count("educator", distinct=True, filter=condition) for name, condition in compared.items()},
        )
    )
    return {str(row.pop("organization__municipality")): row for row in rows}


def municipality_rows(user, on: date) -> list[MunicipalityRow]:
    """Every municipality in scope (those with no organizations too), in four queries whatever the size.

    A person working in two municipalities counts in each, as each municipality's own figures count them;
    the region's total is therefore not the sum of the rows.
    """
    municipalities = list(Municipality.objects.in_scope(user))
    organizations = Organization.objects.in_scope(user).active()
    by_municipality = dict(
        organizations.order_by()
        .values_list("municipality")
        .annotate(count=Count("pk"))
        .values_list("municipality", "count")
    )
    key = territory_key(user)
    people = {
        int(pk): row
        for pk, row in kept(key and f"municipalities:{key}", on, lambda: _people(on, organizations)).items()
    }
    staffing = {
        row["organization__municipality"]: row
        for row in StaffPosition.objects.valid(on)
        .filter(organization__in=organizations)
        .order_by()
        .values("organization__municipality")
        .annotate(rates=Sum("rates"), vacant=Sum("vacant_rates"))
    }
    rows = []
    for municipality in municipalities:
        counts = people.get(municipality.pk, dict.fromkeys(("educators", *COMPARED), 0))
        staff = staffing.get(municipality.pk, {})
        total = counts["educators"]
        rates, vacant = staff.get("rates") or Decimal("0"), staff.get("vacant") or Decimal("0")
        rows.append(
            MunicipalityRow(
                municipality=municipality,
                organizations=by_municipality.get(municipality.pk, 0),
                educators=total,
                pedagogical=Share(counts["pedagogical"], total),
                young=Share(counts["young"], counts["pedagogical"]),
                higher_education=Share(counts["higher_education"], total),
                category_highest=Share(counts["highest"], total),
                category_first=Share(counts["first"], total),
                staff_rates=rates,
                vacant_rates=vacant,
                deficit=Share(vacant, rates),
            )
        )
    return rows


def organization_home(user, on: date) -> dict:
    """The start page of an organization's administrator: the organization and its people (the card tasks
    come from monitoring.due)."""
    organizations = list(
        Organization.objects.in_scope(user).select_related("municipality").prefetch_related("flag_periods")
    )
    for organization in organizations:
        organization.flags = organization.flag_labels(on)
    return {
        "organizations": organizations,
        "figures": municipal_figures(user, on),
        "pending_corrections": pending_corrections(user),
        "on": on,
    }


def pending_corrections(user) -> int:
    """How many educators' requests for a correction wait for this editor's decision."""
    if not user.can_edit_registry:
        return 0
    return CorrectionRequest.objects.in_scope(user).pending().count()
