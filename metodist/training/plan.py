"""The plan-order (план-заказ) of further training for the next year, generated from three sources.

1. Open deficits (`Deficit.objects.open(on)`): each educator with open deficits is planned on the active
   program of the catalogue that addresses most of their deficit codes (ties: the one with the earliest cohort
   in the plan year, then by title), in the month of that program's first cohort of the year.
2. Attestation: an educator whose category expires in the plan year (`Educator.category_expires_on`, the
   people registry's rule of order № 196) is planned three months before the expiry (January at the earliest).
3. The three-year cycle: an educator whose last counted ПК ended more than CYCLE_DUE_MONTHS (2 years 6
   months) before the plan is made, or who has none on record, is planned in the month the three years run out
   (if that is in the plan year) or else spread evenly over the school months.
One person counts once, by the first source that plans them (a course on a deficit also renews the cycle).
Rows are (program or «любая программа ПК», month) with the people of each source; the seats are those of the
program's cohorts starting in that month, so that a row whose demand exceeds them says so.
"""

from collections import Counter, defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Max, Min, Q

from metodist.lib.dates import add_months, add_years

from .models import (
    CYCLE_DUE_MONTHS,
    CYCLE_YEARS,
    Program,
    ProgramCohort,
    ProgramKind,
    Training,
    TrainingOrder,
    TrainingOrderRow,
)

SCHOOL_MONTHS = (1, 2, 3, 4, 5, 9, 10, 11, 12)  # where the cycle's overdue people are spread (not the summer)
ATTESTATION_LEAD_MONTHS = 3


def _people(municipality, on: date) -> list[int]:
    from metodist.orgs.models import Organization
    from metodist.people.models import Educator

    organizations = Organization.objects.filter(municipality=municipality)
    return list(Educator.objects.working_in(organizations, on).values_list("pk", flat=True))


def _first_cohorts(program_ids, year: int) -> dict[int, date]:
    rows = ProgramCohort.objects.filter(program_id__in=program_ids, starts_on__year=year)
    return dict(rows.values("program_id").annotate(first=Min("starts_on")).values_list("program_id", "first"))


def demand(municipality, year: int, on: date) -> dict[tuple[int | None, int], Counter]:
    """{(program id or None, month): Counter(reason: people)} of the municipality for the plan year."""
    from metodist.diagnostics.models import Deficit
    from metodist.people.models import Educator

    people = _people(municipality, on)
    planned: set[int] = set()
    cells: dict[tuple[int | None, int], Counter] = defaultdict(Counter)

    # 1. open deficits → programs addressing them
    codes_of = defaultdict(set)
    open_deficits = Deficit.objects.open(on).filter(educator_id__in=people)
    for educator_id, code in open_deficits.values_list("educator_id", "competency__code").distinct():
        codes_of[educator_id].add(code)
    programs = Program.objects.filter(is_active=True).filter(
        Q(region__isnull=True) | Q(region_id=municipality.region_id)
    )
    addressing = defaultdict(set)
    for program_id, code in programs.filter(
        competencies__code__in={c for s in codes_of.values() for c in s}
    ).values_list("pk", "competencies__code"):
        addressing[program_id].add(code)
    titles = dict(programs.filter(pk__in=addressing).values_list("pk", "title"))
    firsts = _first_cohorts(addressing, year)
    far = date(year + 1, 12, 31)
    for educator_id in sorted(codes_of):
        codes = codes_of[educator_id]
        best = min(
            (program_id for program_id, covered in addressing.items() if covered & codes),
            key=lambda pk: (-len(addressing[pk] & codes), firsts.get(pk, far), titles[pk]),
            default=None,
        )
        if best is None:
            continue
        month = firsts[best].month if best in firsts else SCHOOL_MONTHS[educator_id % len(SCHOOL_MONTHS)]
        cells[(best, month)]["deficit"] += 1
        planned.add(educator_id)

    # 2. categories expiring in the plan year
    expiring = Educator.objects.filter(pk__in=people, category_expires_on__year=year).values_list(
        "pk", "category_expires_on"
    )
    for educator_id, expires_on in expiring:
        if educator_id in planned:
            continue
        month = max(expires_on.month - ATTESTATION_LEAD_MONTHS, 1)
        cells[(None, month)]["attestation"] += 1
        planned.add(educator_id)

    # 3. the three-year cycle of ПК
    due_before = add_months(on, -CYCLE_DUE_MONTHS)
    last = dict(
        Training.objects.counted()
        .filter(educator_id__in=people, kind=ProgramKind.PK)
        .values("educator_id")
        .annotate(last=Max("ends_on"))
        .values_list("educator_id", "last")
    )
    spread = 0
    for educator_id in people:
        if educator_id in planned:
            continue
        ended = last.get(educator_id)
        if ended is not None and ended >= due_before:
            continue
        runs_out = add_years(ended, CYCLE_YEARS) if ended else None
        if runs_out and runs_out.year == year:
            month = runs_out.month
        else:
            month = SCHOOL_MONTHS[spread % len(SCHOOL_MONTHS)]
            spread += 1
        cells[(None, month)]["cycle"] += 1
        planned.add(educator_id)
    return cells


def seats(program_ids, year: int) -> dict[tuple[int, int], int | None]:
    """{(program id, month): seats of its cohorts starting then} — None if a cohort there has no limit."""
    found: dict[tuple[int, int], int | None] = {}
    for cohort in ProgramCohort.objects.filter(program_id__in=program_ids, starts_on__year=year):
        key = (cohort.program_id, cohort.starts_on.month)
        if cohort.seats is None or (key in found and found[key] is None):
            found[key] = None
        else:
            found[key] = found.get(key, 0) + cohort.seats
    return found


@transaction.atomic
def generate(municipality, year: int, *, on: date, by=None) -> TrainingOrder:
    """(Re)generates the municipality's plan-order for `year` as of `on`; earlier rows of that year are replaced."""
    order, _ = TrainingOrder.objects.update_or_create(
        year=year, municipality=municipality, defaults={"generated_on": on, "created_by": by}
    )
    order.rows.all().delete()
    cells = demand(municipality, year, on)
    available = seats({program_id for program_id, _ in cells if program_id}, year)
    rows = []
    for (program_id, month), reasons in sorted(cells.items(), key=lambda item: (item[0][1], item[0][0] or 0)):
        total = sum(reasons.values())
        row = TrainingOrderRow(
            order=order,
            program_id=program_id,
            month=month,
            from_deficits=reasons["deficit"],
            from_cycle=reasons["cycle"],
            from_attestation=reasons["attestation"],
            quantity=total,
        )
        if program_id:
            row.seats = available.get((program_id, month), 0)
            if (program_id, month) not in available:
                row.note = "у программы нет потоков в этом месяце"
        rows.append(row)
    TrainingOrderRow.objects.bulk_create(rows)
    from metodist.audit.actions import record
    from metodist.audit.models import AuditAction

    record(by, AuditAction.CREATE, order, summary=f"Сформирован план-заказ на {year} год: строк {len(rows)}")
    return order
