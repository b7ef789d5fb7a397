"""One person's particulars within the bounds their quotas set: sex, name, dates, education and jobs.

Dates keep a margin of MARGIN_DAYS from every threshold of the rules (35 years, three years of work, pension
dates, five-year terms of a category), so the figures hold on the reference date whichever way a boundary day
is counted.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from metodist.lib.dates import add_years
from metodist.people.models import EducationLevel, EmploymentKind
from metodist.people.rules import (
    ATTESTATION_ORDER_196_START,
    CATEGORY_TERM_YEARS,
    YOUNG_MAX_AGE,
    YOUNG_MAX_EXPERIENCE,
    completion_of_year,
    pension_date,
    pre_pension_date,
)

from .catalog import Catalog
from .organizations import Slot
from .records import CAREER_CHANGER, PENSION, PRE_PENSION, YOUNG, Job, Person, Study
from .reference import Reference

MARGIN_DAYS = 15
MARGIN = timedelta(days=MARGIN_DAYS)
# Ages of the educators who are neither young nor near pension: (from, to, weight), by the usual age pyramid.
REGULAR_AGES = ((24, 30, 9), (30, 35, 11), (35, 40, 14), (40, 45, 17), (45, 50, 19), (50, 60, 30))
MANAGER_MIN_AGE = 30
NORMAL_LOADS = tuple(range(9, 27))  # weekly hours of a teacher below the heavy load of 27
NORMAL_LOAD_WEIGHTS = tuple(1 if hours < 18 else 4 for hours in NORMAL_LOADS)
HEAVY_LOADS = tuple(range(27, 37))
MAIN_RATES = (Decimal("1.00"), Decimal("0.50"), Decimal("0.75"), Decimal("1.25"))
MAIN_RATE_WEIGHTS = (80, 6, 6, 8)
PART_TIME_RATES = (Decimal("0.25"), Decimal("0.50"))
EARLIER_VOCATIONAL_SHARE = 0.15  # holders of a higher education who first finished a college


def fill(person: Person, on: date, rng: random.Random, data: Catalog, ref: Reference, snils: str) -> None:
    slot = person.slot
    person.sex = "M" if rng.random() < _male_share(slot, data) else "F"
    _name(person, rng, data)
    person.snils = snils
    _dates(person, on, rng)
    person.studies = _studies(person, on, rng, data, ref)
    person.jobs = _jobs(person, on, rng, data)


def day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def valid_award_date(person: Person, on: date, rng: random.Random) -> date:
    """A category in force on `on`: awarded within its five-year term, two years or more into the work."""
    first = max(add_years(on, -CATEGORY_TERM_YEARS) + MARGIN, add_years(person.ped_work_start, 2))
    return day_between(rng, first, on - MARGIN)


def expired_award_date(on: date, rng: random.Random) -> date:
    return day_between(rng, add_years(on, -CATEGORY_TERM_YEARS - 2), add_years(on, -CATEGORY_TERM_YEARS) - MARGIN)


def order_196_award_date(on: date, rng: random.Random) -> date:
    return day_between(rng, max(ATTESTATION_ORDER_196_START, add_years(on, -CATEGORY_TERM_YEARS)), on - MARGIN)


def snils_number(number: int) -> str:
    """Nine digits of `number` and their control number by the Pension Fund's rule (see metodist.lib.snils)."""
    digits = f"{number:09d}"
    total = sum(int(d) * w for d, w in zip(digits, range(9, 0, -1), strict=True))
    if total > 101:
        total %= 101
    return f"{digits}{0 if total in (100, 101) else total:02d}"


def _male_share(slot: Slot, data: Catalog) -> float:
    if slot.is_manager:
        return data.managers["male"][slot.org.kind]
    if slot.profile:
        return slot.profile.male
    return data.positions[slot.position].male


def _name(person: Person, rng: random.Random, data: Catalog) -> None:
    names = data.names
    form = 0 if person.sex == "M" else 1
    person.last_name = rng.choice(names.surnames)[form]
    person.first_name = rng.choice(names.male if form == 0 else names.female)
    person.patronymic = rng.choice(names.patronymics)[form]


def _dates(person: Person, on: date, rng: random.Random) -> None:
    sex, band = person.sex, person.band
    recent = add_years(on, -YOUNG_MAX_EXPERIENCE) + MARGIN  # the earliest start that is still «first three years»
    if band == YOUNG:
        birth = day_between(rng, add_years(on, -YOUNG_MAX_AGE) + MARGIN, add_years(on, -22))
        person.birth_date = birth
        person.ped_work_start = day_between(rng, max(add_years(birth, 20), recent), on - MARGIN)
        return
    if band == CAREER_CHANGER:
        person.birth_date = _birth(rng, on, 36, 55, lambda b: pre_pension_date(sex, b) > on + MARGIN)
        person.ped_work_start = day_between(rng, recent, on - MARGIN)
        return
    if band == PENSION:
        person.birth_date = _birth(rng, on, 55, 72, lambda b: pension_date(sex, b) <= on - MARGIN)
    elif band == PRE_PENSION:
        person.birth_date = _birth(
            rng, on, 49, 66, lambda b: pre_pension_date(sex, b) <= on - MARGIN < on + MARGIN < pension_date(sex, b)
        )
    else:
        person.birth_date = _regular_birth(person, on, rng)
    person.ped_work_start = _start(person, on, rng)


def _birth(rng: random.Random, on: date, min_age: int, max_age: int, accept) -> date:
    for _ in range(1000):
        birth = day_between(rng, add_years(on, -max_age), add_years(on, -min_age))
        if accept(birth):
            return birth
    raise AssertionError(f"no birth date between {min_age} and {max_age} years fits")


def _regular_birth(person: Person, on: date, rng: random.Random) -> date:
    min_age = MANAGER_MIN_AGE if person.slot.is_manager else REGULAR_AGES[0][0]
    ages = [(max(first, min_age), last, w) for first, last, w in REGULAR_AGES if last > min_age]
    while True:
        first, last, _ = rng.choices(ages, weights=[w for _, _, w in ages])[0]
        birth = _birth(rng, on, first, last, lambda b: True)
        if pre_pension_date(person.sex, birth) > on + MARGIN:
            return birth


def _start(person: Person, on: date, rng: random.Random) -> date:
    """Start of pedagogical work: after college or university, at least three years (and a margin) ago."""
    latest = add_years(on, -YOUNG_MAX_EXPERIENCE) - MARGIN
    age_at_start = 19 + (2 if person.higher else 0) + min(rng.expovariate(1 / 3.5), 20)
    start = person.birth_date + timedelta(days=round(age_at_start * 365.25))
    if start > latest:
        start = day_between(rng, max(add_years(person.birth_date, 18), add_years(latest, -2)), latest)
    return start


def _studies(person: Person, on: date, rng: random.Random, data: Catalog, ref: Reference) -> list[Study]:
    institutions = data.organizations["institutions"]

    def study(level: str, speciality: str, year: int) -> Study:
        kind = "higher" if level == EducationLevel.HIGHER else "vocational"
        pedagogical = speciality != data.non_pedagogical
        completed_on = min(completion_of_year(year), on)
        return Study(level, speciality, pedagogical, rng.choice(institutions[kind]), completed_on)

    speciality, birth_year = _speciality(person, rng, data, ref), person.birth_date.year
    if not person.higher:
        return [study(EducationLevel.SECONDARY_VOCATIONAL, speciality, birth_year + 19 + rng.randint(0, 1))]
    first = study(EducationLevel.HIGHER, speciality, birth_year + 22 + rng.randint(0, 2))
    studies = [first]
    if first.is_pedagogical and rng.random() < EARLIER_VOCATIONAL_SHARE:
        studies.insert(0, study(EducationLevel.SECONDARY_VOCATIONAL, speciality, first.completed_on.year - 3))
    if person.slot.is_manager and rng.random() < data.managers["second_education_share"]:
        later = first.completed_on.year + rng.randint(8, 25)
        studies.append(study(EducationLevel.HIGHER, data.managers["second_education"], later))
    return studies


def _speciality(person: Person, rng: random.Random, data: Catalog, ref: Reference) -> str:
    """A speciality that fits the main job: in or out of a teacher's profile as dealt, a manager's former subject."""
    slot = person.slot
    if slot.is_manager:
        speciality = data.managers["specialities"][slot.org.kind]
        if speciality != "teacher":
            return speciality
        profile = rng.choices(data.profiles, weights=[p.weight for p in data.profiles])[0]
        return rng.choice(ref.in_profile[profile.code])
    if person.is_teacher:
        choices = ref.out_of_profile if person.out_of_profile else ref.in_profile
        return rng.choice(choices[slot.profile.code])
    if person.band == CAREER_CHANGER:
        return data.non_pedagogical
    return rng.choice(data.positions[slot.position].specialities)


def _jobs(person: Person, on: date, rng: random.Random, data: Catalog) -> list[Job]:
    slot = person.slot
    if person.band == YOUNG:
        start = person.ped_work_start if rng.random() < 0.8 else day_between(rng, person.ped_work_start, on - MARGIN)
    else:
        start = person.ped_work_start if rng.random() < 0.3 else day_between(rng, person.ped_work_start, on - MARGIN)
    if slot.is_manager:
        return [Job(slot.org, slot.position, EmploymentKind.MAIN, Decimal("1.00"), 0, (), start)]
    part_start = day_between(rng, max(start, add_years(on, -5)), on - MARGIN)
    subjects = slot.profile.subjects if slot.profile else ()
    if person.is_teacher:
        total = rng.choice(HEAVY_LOADS) if person.heavy_load else rng.choices(NORMAL_LOADS, NORMAL_LOAD_WEIGHTS)[0]
        part = _part_time_job(person, total, part_start, rng, data)
        hours = total - (part.hours if part else 0)
        rate = _rate(hours, data.positions["teacher"].hours_per_rate)
        main = Job(slot.org, slot.position, EmploymentKind.MAIN, rate, hours, subjects, start)
        return [main] + ([part] if part else [])
    hours_per_rate = data.positions[slot.position].hours_per_rate
    rate = rng.choices(MAIN_RATES, MAIN_RATE_WEIGHTS)[0]
    main = Job(slot.org, slot.position, EmploymentKind.MAIN, rate, round(rate * hours_per_rate), subjects, start)
    part = _part_time_job(person, 0, part_start, rng, data)
    return [main] + ([part] if part else [])


def _part_time_job(person: Person, teacher_load: int, start: date, rng: random.Random, data: Catalog) -> Job | None:
    """The second job; a teacher's hours there are part of `teacher_load`, their total load."""
    if person.part_time is None:
        return None
    org, position = person.part_time
    kind = EmploymentKind.INTERNAL if org is person.slot.org else EmploymentKind.EXTERNAL
    subjects = person.slot.profile.subjects if position == "teacher" else ()
    hours_per_rate = data.positions[position].hours_per_rate
    if teacher_load and hours_per_rate:
        hours = min(rng.randint(4, 8), teacher_load - 4)
        return Job(org, position, kind, _rate(hours, hours_per_rate), hours, subjects, start)
    rate = rng.choice(PART_TIME_RATES)
    return Job(org, position, kind, rate, round(rate * hours_per_rate), subjects, start)


def _rate(hours: int, hours_per_rate: int) -> Decimal:
    return (Decimal(hours) / hours_per_rate).quantize(Decimal("0.01"))
