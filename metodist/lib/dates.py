"""Calendar arithmetic used by the domain rules: full years between dates, dates N years ago."""

from datetime import date


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (or earlier); 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day past the end of the target month becomes its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def school_year(on: date) -> int:
    """The first calendar year of the school year `on` falls in (September to August)."""
    return on.year if on.month >= 9 else on.year - 1


def full_years(start: date, on: date) -> int:
    """Completed years from `start` to `on` (age, length of service). Negative if `on` is earlier."""
    years = on.year - start.year
    if (on.month, on.day) < (start.month, start.day):
        years -= 1
    return years
