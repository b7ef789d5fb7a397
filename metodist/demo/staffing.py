"""Staff lists: the rates people fill, plus vacancies that make the staffing deficit of seed 002 exact.

The deficit is vacant rates / all rates of the municipality's staff lists, rounded to three decimals
(«дефицит педагогических кадров … 16,7%»). Vacancies come in quarter rates where that can hit the figure,
and fall on positions and subjects that are hard to fill (data/staff.toml, `vacancy`), including subjects a
school has nobody for.
"""

import random
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .catalog import Catalog
from .organizations import OrgPlan
from .records import Person

QUARTER = Decimal("0.25")
CENT = Decimal("0.01")
EMPTY_SUBJECT_WEIGHT = 0.5  # a vacancy for a subject nobody teaches in the school, per profile weight


@dataclass(eq=False)
class StaffRow:
    org: OrgPlan
    position: str
    subject: str | None
    weight: float  # of getting a vacancy, per filled rate
    rates: Decimal = Decimal("0")
    vacant: Decimal = Decimal("0")


def staff_list(people: list[Person], orgs: list[OrgPlan], rng: random.Random, data: Catalog) -> list[StaffRow]:
    rows: dict[tuple, StaffRow] = {}
    for person in people:
        for job in person.jobs:
            subject = job.subjects[0] if job.position == "teacher" else None
            key = (id(job.org), job.position, subject)
            if key not in rows:
                rows[key] = StaffRow(job.org, job.position, subject, _weight(person, job.position, data))
            rows[key].rates += job.rate
    filled = sum((row.rates for row in rows.values()), Decimal("0"))
    for org in orgs:
        if org.kind == "general":
            for profile in data.profiles:
                key = (id(org), "teacher", profile.subjects[0])
                if key not in rows:
                    rows[key] = StaffRow(org, "teacher", profile.subjects[0], profile.vacancy * EMPTY_SUBJECT_WEIGHT)
    _distribute(vacancy_total(filled, data.figures.deficit), list(rows.values()), rng)
    return [row for row in rows.values() if row.rates > 0]


def vacancy_total(filled: Decimal, deficit: Decimal) -> Decimal:
    """Vacant rates V for which V / (filled + V) rounds to `deficit`: a multiple of 0.25 if one fits, else of 0.01."""
    target = filled * deficit / (1 - deficit)
    for step in (QUARTER, CENT):
        nearest = (target / step).to_integral_value() * step
        for offset in sorted(range(-40, 41), key=abs):
            vacant = nearest + offset * step
            if vacant >= 0 and filled + vacant > 0 and deficit_of(filled + vacant, vacant) == deficit:
                return vacant
    raise ValueError(f"no vacancies give a deficit of {deficit} with {filled} filled rates")


def deficit_of(rates: Decimal, vacant: Decimal) -> Decimal:
    return (vacant / rates).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _weight(person: Person, position: str, data: Catalog) -> float:
    if person.slot.is_manager:
        return 0.0
    if position == "teacher":
        return person.slot.profile.vacancy
    return data.positions[position].vacancy


def _distribute(vacant: Decimal, rows: list[StaffRow], rng: random.Random) -> None:
    """Quarter rates drawn onto rows by weight; a remainder below a quarter goes to the likeliest row."""
    weights = [row.weight * float(max(row.rates, Decimal("1"))) for row in rows]
    quarters = int(vacant / QUARTER)
    for index, count in Counter(rng.choices(range(len(rows)), weights=weights, k=quarters)).items():
        rows[index].vacant += count * QUARTER
    rows[max(range(len(rows)), key=lambda i: weights[i])].vacant += vacant - quarters * QUARTER
    for row in rows:
        row.rates += row.vacant
