"""Thresholds and tables of the derived facts about an educator, in one place.

The model methods (one educator) and the QuerySet methods (many, in SQL) both read these, so a rule
changes in one line. Sources: seed 000 (and seed 003, 6.2) for «молодой педагог» — seed 002's «стаж работы
не более 3-х лет» (8.12–8.16) is a wider population, declared in the monitoring vocabulary; Federal law
350-ФЗ (2018) for the general pension age and its transition schedule, and for pre-pension age (five years
before it).
"""

from datetime import date

from metodist.lib.dates import add_months, add_years

YOUNG_MAX_AGE = 35  # «в возрасте до 35 лет»
YOUNG_MAX_EXPERIENCE = 3  # «первые три года работы»
PRE_PENSION_YEARS = 5
HEAVY_LOAD_HOURS = 27  # «нагрузку 27 часов и более» (seed 002, track 2)

# Attestation order of 24.03.2023 № 196: first and highest categories awarded from this day have no expiry.
ATTESTATION_ORDER_196_START = date(2023, 9, 1)
CATEGORY_TERM_YEARS = 5
# Order № 196, п. 23 «е»: «отсутствовавшие на рабочем месте более четырех месяцев подряд в связи с заболеванием».
ILLNESS_MIN_MONTHS = 4

# Pension age in months by sex and year of birth: (first year, last year, months). Outside the table: the
# final values, 65 years for men and 60 for women; before it: 60 and 55.
PENSION_AGE_BANDS = {
    "M": [
        (None, 1958, 720),
        (1959, 1959, 726),
        (1960, 1960, 738),
        (1961, 1961, 756),
        (1962, 1962, 768),
        (1963, None, 780),
    ],
    "F": [
        (None, 1963, 660),
        (1964, 1964, 666),
        (1965, 1965, 678),
        (1966, 1966, 696),
        (1967, 1967, 708),
        (1968, None, 720),
    ],
}


def pension_age_months(sex: str, birth_year: int) -> int:
    for first, last, months in PENSION_AGE_BANDS[sex]:
        if (first is None or birth_year >= first) and (last is None or birth_year <= last):
            return months
    raise ValueError(f"no pension band for {sex} {birth_year}")


def pension_date(sex: str, birth_date: date) -> date:
    return add_months(birth_date, pension_age_months(sex, birth_date.year))


def pre_pension_date(sex: str, birth_date: date) -> date:
    return add_years(pension_date(sex, birth_date), -PRE_PENSION_YEARS)


# An education recorded with its year only is counted from 30 June of that year (diplomas are issued by then).
GRADUATION_DAY = (6, 30)


def completion_of_year(year: int) -> date:
    return date(year, *GRADUATION_DAY)
