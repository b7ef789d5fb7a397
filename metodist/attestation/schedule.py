"""The attestation calendar: who is due to confirm соответствие занимаемой должности (rules.szd_due), and whose
old-term category (a first or highest awarded before 01.09.2023, five years) expires, in the coming months.

Both lists are scoped like the registry: the employments of the user's organizations (an organization's
administrator: their own; municipality roles: the municipality; the region's operator: the region).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Prefetch, Q, Subquery

from metodist.lib.dates import add_months, add_years
from metodist.people.models import Category, Educator, Employment, PositionKind

from . import rules
from .models import Attestation, Kind

DEFAULT_MONTHS = 6
MAX_MONTHS = 36
MONTHS_RU = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


def month_label(month: date) -> str:
    return f"{MONTHS_RU[month.month - 1]} {month.year}"


@dataclass
class SzdDue:
    employment: Employment
    last_szd: date | None
    due_on: date

    @property
    def educator(self) -> Educator:
        return self.employment.educator


@dataclass
class Expiry:
    educator: Educator
    organizations: str

    @property
    def expires_on(self) -> date:
        return self.educator.category_expires_on


@dataclass
class Month:
    month: date
    szd: list = field(default_factory=list)
    expiring: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return month_label(self.month)


@dataclass
class Calendar:
    on: date
    until: date
    months: list[Month]
    overdue: list[SzdDue]

    @property
    def szd_count(self) -> int:
        return sum(len(month.szd) for month in self.months)

    @property
    def expiring_count(self) -> int:
        return sum(len(month.expiring) for month in self.months)


def _scoped_employments(user, on: date):
    return Employment.objects.active(on).filter(user.organization_q("organization__"), organization__is_active=True)


def szd_due(user, on: date, until: date) -> list[SzdDue]:
    """Employments in pedagogical positions whose СЗД falls due by `until` (overdue ones included)."""
    last = (
        Attestation.objects.current()
        .awarded()
        .filter(
            kind=Kind.SZD,
            educator_id=OuterRef("educator_id"),
            organization_id=OuterRef("organization_id"),
            position_id=OuterRef("position_id"),
        )
        .order_by("-decided_on")
        .values("decided_on")[:1]
    )
    # what cannot fall due by `until` is left out in SQL; the rule itself is applied to the rest below
    no_term = Q(
        educator__category__in=rules.QUALIFICATION_CATEGORIES,
        educator__category_expires_on__isnull=True,
        educator__category_awarded_on__lte=on,
    )
    rows = (
        _scoped_employments(user, on)
        .filter(position__kind=PositionKind.PEDAGOGICAL)
        .filter(start_date__lte=add_years(until, -rules.SZD_MIN_YEARS_IN_POSITION))
        .exclude(no_term)
        .annotate(last_szd=Subquery(last))
        .filter(Q(last_szd__isnull=True) | Q(last_szd__lte=add_years(until, -rules.SZD_TERM_YEARS)))
        .select_related("educator", "organization", "position")
        .order_by("organization__short_name", "educator__last_name", "educator__first_name", "pk")
    )
    due = []
    for employment in rows:
        educator = employment.educator
        last_szd = employment.last_szd
        if educator.category == Category.SZD and educator.category_awarded_on:
            last_szd = max(filter(None, (last_szd, educator.category_awarded_on)))
        day = rules.szd_due(
            on=on,
            position_start=employment.start_date,
            last_szd=last_szd,
            category=educator.category,
            category_awarded_on=educator.category_awarded_on,
            category_expires_on=educator.category_expires_on,
        )
        if day is not None and day <= until:
            due.append(SzdDue(employment, last_szd, day))
    return due


def expiring(user, on: date, until: date) -> list[Expiry]:
    """Educators working in the scope whose first or highest category of the old term expires in on..until."""
    scoped = _scoped_employments(user, on)
    educators = (
        Educator.objects.filter(pk__in=scoped.values("educator_id"))
        .filter(
            category__in=(Category.FIRST, Category.HIGHEST),
            category_expires_on__gte=on,
            category_expires_on__lte=until,
        )
        .prefetch_related(
            Prefetch(
                "employments",
                queryset=scoped.select_related("organization").order_by("pk"),
                to_attr="scoped_employments",
            )
        )
        .order_by("category_expires_on", "last_name", "first_name", "pk")
    )
    return [
        Expiry(educator, ", ".join(sorted({str(e.organization) for e in educator.scoped_employments})))
        for educator in educators
    ]


def calendar(user, on: date, months: int = DEFAULT_MONTHS) -> Calendar:
    """The coming `months` months from `on` (the current month first), by month; overdue СЗД apart."""
    until = add_months(on, months)
    by_month: dict[date, Month] = {}
    first = on.replace(day=1)
    for index in range(months + 1):
        month = add_months(first, index)
        if month <= until:
            by_month[month] = Month(month)
    overdue = []
    for row in szd_due(user, on, until):
        if row.due_on < on:
            overdue.append(row)
        else:
            by_month[row.due_on.replace(day=1)].szd.append(row)
    for row in expiring(user, on, until):
        by_month[row.expires_on.replace(day=1)].expiring.append(row)
    for month in by_month.values():
        month.szd.sort(key=lambda row: (row.due_on, row.educator.last_name, row.employment.pk))
    overdue.sort(key=lambda row: (row.due_on, row.educator.last_name, row.employment.pk))
    return Calendar(on, until, list(by_month.values()), overdue)
