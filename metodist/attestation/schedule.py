"""The attestation calendar: who is due to confirm соответствие занимаемой должности (rules.szd_due), and whose
old-term category (a first or highest awarded before 01.09.2023, five years) expires, in the coming months.

Both lists are scoped like the registry: the employments of the user's organizations (an organization's
administrator: their own; municipality roles: the municipality; the region's operator: the region). An educator
whose СЗД would fall due but whom an absence of the registry exempts (rules.postponed) is listed apart, not as
due: the absences are read in one query for the calendar's educators.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Max, Q

from metodist.lib.dates import add_months, add_years
from metodist.people.models import Absence, Category, Employment, PositionKind

from . import rules
from .models import Attestation, Kind

DEFAULT_MONTHS = 6
SHOWN_ROWS = 100  # rows of one list on the page; the export has them all
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


@dataclass(frozen=True)
class SzdDue:
    """One employment whose СЗД falls due: plain values, so that a region's tens of thousands cost little."""

    employment_id: int
    educator_id: int
    full_name: str
    last_name: str
    organization: str
    position: str
    start_date: date
    last_szd: date | None
    due_on: date  # for an exempted row, the day it would fall due without the absences
    sex: str = ""
    exemption: rules.Exemption | None = None  # set on the rows an absence exempts for the whole period

    @property
    def exemption_text(self) -> str:
        return self.exemption.text(self.sex) if self.exemption else ""


@dataclass
class Expiry:
    educator_id: int
    full_name: str
    category: str
    awarded_on: date
    expires_on: date
    organizations: list[str] = field(default_factory=list)

    @property
    def category_label(self) -> str:
        return Category(self.category).label

    @property
    def organizations_text(self) -> str:
        return ", ".join(sorted(set(self.organizations)))


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
    exempt: list[SzdDue] = field(default_factory=list)

    @property
    def szd_count(self) -> int:
        return sum(len(month.szd) for month in self.months)

    @property
    def expiring_count(self) -> int:
        return sum(len(month.expiring) for month in self.months)


def _scoped_employments(user, on: date):
    return Employment.objects.active(on).filter(user.organization_q("organization__"), organization__is_active=True)


def _last_szd(employments) -> dict[tuple[int, int, int], date]:
    """The last confirmation of each (educator, organization, position) among `employments`, in one grouped
    query (a correlated subquery per employment costs a region several times more)."""
    rows = (
        Attestation.objects.current()
        .awarded()
        .filter(kind=Kind.SZD, organization_id__in=employments.values("organization_id"))
        .values_list("educator_id", "organization_id", "position_id")
        .annotate(last=Max("decided_on"))
    )
    return {(educator, organization, position): last for educator, organization, position, last in rows}


def _absences(employments) -> dict[int, list]:
    """The absences of the educators of `employments` (kind, started_on, ended_on), by educator, in one query."""
    rows = (
        Absence.objects.filter(educator_id__in=employments.values("educator_id"))
        .order_by()
        .values_list("educator_id", "kind", "started_on", "ended_on", named=True)
    )
    found: dict[int, list] = {}
    for row in rows:
        found.setdefault(row.educator_id, []).append(row)
    return found


def szd_due(user, on: date, until: date) -> list[SzdDue]:
    """Employments in pedagogical positions whose СЗД falls due by `until` (overdue ones included)."""
    return _szd_rows(user, on, until)[0]


def _szd_rows(user, on: date, until: date) -> tuple[list[SzdDue], list[SzdDue]]:
    """(due, exempt): the employments whose СЗД falls due by `until`, and those it would fall due in but an
    absence exempts for the whole period (while it lasts, or until a day after `until`)."""
    # what cannot fall due by `until` is left out in SQL; the rule itself is applied to the rest below
    no_term = Q(
        educator__category__in=rules.QUALIFICATION_CATEGORIES,
        educator__category_expires_on__isnull=True,
        educator__category_awarded_on__lte=on,
    )
    employments = (
        _scoped_employments(user, on)
        .filter(position__kind=PositionKind.PEDAGOGICAL)
        .filter(start_date__lte=add_years(until, -rules.SZD_MIN_YEARS_IN_POSITION))
        .exclude(no_term)
    )
    last_szd_of = _last_szd(employments)
    absences_of = _absences(employments)
    latest_last = add_years(until, -rules.SZD_TERM_YEARS)
    rows = employments.order_by("organization__short_name", "educator__last_name", "educator__first_name", "pk")
    rows = rows.values_list(
        "pk",
        "educator_id",
        "organization_id",
        "position_id",
        "educator__last_name",
        "educator__first_name",
        "educator__patronymic",
        "organization__short_name",
        "position__name",
        "start_date",
        "educator__category",
        "educator__category_awarded_on",
        "educator__category_expires_on",
        "educator__sex",
    )
    due, exempt = [], []
    for pk, educator_id, organization_id, position_id, last_name, first_name, patronymic, *rest in rows:
        organization, position, start, category, awarded_on, expires_on, sex = rest
        last_szd = last_szd_of.get((educator_id, organization_id, position_id))
        if last_szd is not None and last_szd > latest_last:
            continue
        if category == Category.SZD and awarded_on:
            last_szd = max(filter(None, (last_szd, awarded_on)))
        day = rules.szd_due(
            on=on,
            position_start=start,
            last_szd=last_szd,
            category=category,
            category_awarded_on=awarded_on,
            category_expires_on=expires_on,
        )
        if day is None or day > until:
            continue
        full_name = " ".join(part for part in (last_name, first_name, patronymic) if part)
        row = SzdDue(pk, educator_id, full_name, last_name, organization, position, start, last_szd, day, sex)
        exemption = rules.postponed(day, absences_of[educator_id], on=on) if educator_id in absences_of else None
        if exemption is None:
            due.append(row)
        elif exemption.until is None or exemption.until > until:
            exempt.append(replace(row, exemption=exemption))
        else:
            due.append(replace(row, due_on=exemption.until))
    return due, exempt


def expiring(user, on: date, until: date) -> list[Expiry]:
    """Educators working in the scope whose first or highest category of the old term expires in on..until,
    read with the organizations of the scope where they work, in one query."""
    rows = (
        _scoped_employments(user, on)
        .filter(
            educator__category__in=(Category.FIRST, Category.HIGHEST),
            educator__category_expires_on__gte=on,
            educator__category_expires_on__lte=until,
        )
        .order_by("educator__category_expires_on", "educator__last_name", "educator__first_name", "educator_id")
        .values_list(
            "educator_id",
            "educator__last_name",
            "educator__first_name",
            "educator__patronymic",
            "educator__category",
            "educator__category_awarded_on",
            "educator__category_expires_on",
            "organization__short_name",
        )
    )
    found: dict[int, Expiry] = {}
    for pk, last_name, first_name, patronymic, category, awarded_on, expires_on, organization in rows:
        if pk not in found:
            full_name = " ".join(part for part in (last_name, first_name, patronymic) if part)
            found[pk] = Expiry(pk, full_name, category, awarded_on, expires_on)
        found[pk].organizations.append(organization)
    return list(found.values())


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
    due, exempt = _szd_rows(user, on, until)
    for row in due:
        if row.due_on < on:
            overdue.append(row)
        else:
            by_month[row.due_on.replace(day=1)].szd.append(row)
    for row in expiring(user, on, until):
        by_month[row.expires_on.replace(day=1)].expiring.append(row)
    for month in by_month.values():
        month.szd.sort(key=lambda row: (row.due_on, row.last_name, row.employment_id))
    overdue.sort(key=lambda row: (row.due_on, row.last_name, row.employment_id))
    exempt.sort(key=lambda row: (row.due_on, row.last_name, row.employment_id))
    return Calendar(on, until, list(by_month.values()), overdue, exempt)
