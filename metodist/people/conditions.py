"""An educator's own dated facts as conditions on their columns (birth date, sex, start of pedagogical work,
category and its dates), with no subquery: the same `Q` filters educators and the rows of the facts layer
(metodist/facts), which carry those columns under the same names. The thresholds are in `rules.py`.
"""

from datetime import date, timedelta

from django.db.models import Q

from metodist.lib.dates import add_months, add_years

from . import rules


def younger_than(years: int, on: date) -> Q:
    return Q(birth_date__gt=add_years(on, -years))


def experience_between(on: date, min_years: int | None = None, max_years: int | None = None) -> Q:
    """Pedagogical experience in full years within [min_years, max_years] on `on`."""
    condition = Q(ped_work_start__lte=on)
    if min_years is not None:
        condition &= Q(ped_work_start__lte=add_years(on, -min_years))
    if max_years is not None:
        condition &= Q(ped_work_start__gt=add_years(on, -(max_years + 1)))
    return condition


def young(on: date) -> Q:
    """Молодой педагог: under 35 and in the first three years of pedagogical work, 0–2 full years (seed 000,
    «Поддержка молодых педагогов»: «находящиеся на педагогических должностях первые три года работы …, в
    возрасте до 35 лет»; seed 003, indicator 6.2, says the same). Seed 002's criteria 8.12–8.16, «до 35 лет
    со стажем работы не более 3-х лет», are another population (up to three full years), not this one."""
    return younger_than(rules.YOUNG_MAX_AGE, on) & experience_between(on, max_years=rules.YOUNG_MAX_EXPERIENCE - 1)


def latest_birth(on: date, months: int, years_before: int) -> date:
    """The latest birth date whose (pension age of `months` − years_before) falls on or before `on`, by the
    rule of `rules.pension_date`: months are added to the birth date, then years taken away.

    Counting back from `on` is not the inverse of that rule at the ends of months (born 29.02.1968: pension on
    29.02.2028, pre-pension from 28.02.2023, while 28.02.2023 + 5 years − 60 months back gives 28.02.1968), so
    the bound counted back is moved forward while the rule still holds: a few days at most."""

    def reached(birth: date) -> date:
        return add_years(add_months(birth, months), -years_before)

    bound = add_years(add_months(on, -months), years_before)
    while reached(bound) > on:
        bound -= timedelta(days=1)
    while reached(bound + timedelta(days=1)) <= on:
        bound += timedelta(days=1)
    return bound


def reached_pension_age(on: date, years_before: int = 0) -> Q:
    """Reached (pension age − years_before) on `on`: one date bound per band of the transition schedule."""
    condition = Q(pk__in=[])
    for sex, bands in rules.PENSION_AGE_BANDS.items():
        for first, last, months in bands:
            band = Q(sex=sex, birth_date__lte=latest_birth(on, months, years_before))
            if first is not None:
                band &= Q(birth_date__gte=date(first, 1, 1))
            if last is not None:
                band &= Q(birth_date__lte=date(last, 12, 31))
            condition |= band
    return condition


def pre_pension(on: date) -> Q:
    return reached_pension_age(on, rules.PRE_PENSION_YEARS) & ~reached_pension_age(on)


def category_in_force(categories, on: date) -> Q:
    """Holding on `on` one of `categories`: awarded by then and not yet expired.

    The registry keeps the current category only, so before its award date an educator counts as holding
    none (not the category they may have held earlier).
    """
    valid = Q(category_expires_on__isnull=True) | Q(category_expires_on__gte=on)
    return valid & Q(category__in=categories, category_awarded_on__lte=on)
