"""Working days of the Russian production calendar (производственный календарь).

Why a library and not `day.weekday() >= 5`: a weekday test misses the non-working holidays (1–8 January,
23 February, 8 March, 1 and 9 May, 12 June, 4 November), the days off the government's yearly decree moves
(9 January 2026 is a day off moved from Saturday 3 January; a holiday on a weekend moves to the next working day,
8 March 2026 to Monday 9 March) and the Saturdays the same decree makes working days (1 November 2025).
`holidays` (the vacanza/holidays package) carries the official calendar with its transfers year by year and
names the holidays in Russian.
"""

from datetime import date, timedelta
from functools import cache

import holidays

WEEKEND = "выходной день"


@cache
def _calendar(year: int) -> holidays.HolidayBase:
    # one immutable calendar per year: a shared expanding one would fill itself in while another thread reads it
    return holidays.country_holidays("RU", years=year, language="ru", expand=False)


def is_working_day(day: date) -> bool:
    return _calendar(day.year).is_working_day(day)


def non_working_reason(day: date) -> str | None:
    """The holiday's Russian name, «выходной день» for a plain weekend, None for a working day."""
    if is_working_day(day):
        return None
    return _calendar(day.year).get(day) or WEEKEND


def previous_working_day(day: date) -> date:
    """`day` itself when it is a working day, otherwise the nearest working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
