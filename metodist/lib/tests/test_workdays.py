from datetime import date

import pytest

from metodist.lib.workdays import is_working_day, non_working_reason, previous_working_day


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2026, 1, 9), "Выходной (перенесено с 03.01.2026)"),  # a Friday made a day off by the 2026 decree
        (date(2025, 11, 1), None),  # a Saturday made a working day (the day off moved to 3 November)
        (date(2026, 3, 9), "Международный женский день (выходной)"),  # 8 March 2026 is a Sunday: Monday is off
        (date(2026, 12, 1), None),  # an ordinary Tuesday
        (date(2026, 12, 6), "выходной день"),  # an ordinary Sunday
        (date(2026, 5, 9), "День Победы"),  # a holiday on a Saturday keeps its name
    ],
)
def test_the_production_calendar_names_why_a_day_is_not_working(day, reason):
    assert non_working_reason(day) == reason
    assert is_working_day(day) is (reason is None)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 1), date(2026, 12, 1)),  # a working day stays
        (date(2026, 12, 6), date(2026, 12, 4)),  # Sunday → Friday
        (date(2026, 1, 9), date(2025, 12, 30)),  # 31.12.2025 and 1–11 January 2026 are all days off
        (date(2026, 3, 9), date(2026, 3, 6)),  # Monday off → the Friday before the weekend
        (date(2025, 11, 2), date(2025, 11, 1)),  # Sunday → the working Saturday
    ],
)
def test_the_previous_working_day_steps_back_over_weekends_and_holidays(day, expected):
    assert previous_working_day(day) == expected
