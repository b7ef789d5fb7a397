"""Deadline words → due dates: every distinct phrase of the seeds' road maps (and the other forms documents use),
with the dates written out by hand."""

from datetime import date as d

import pytest
from django.core.management import call_command

from metodist.roadmaps.deadlines import due_dates, period_dates
from metodist.roadmaps.library import documents

NOT = None  # «не определяется»

# (phrase as written, calendar year asked, the due dates expected in that year)
PHRASES = [
    # seed 000 (Егорлыкский район, 2021–2025)
    ("По мере необходимости", 2022, NOT),
    ("По запросу образовательных организаций", 2022, NOT),
    ("По запросу", 2022, NOT),
    ("Весь период", 2022, [d(2022, 12, 31)]),
    ("Сентябрь 2021г.", 2021, [d(2021, 9, 30)]),
    ("Октябрь 2021г.", 2021, [d(2021, 10, 31)]),
    ("Май 2022г.", 2022, [d(2022, 5, 31)]),
    ("Май 2022г.", 2021, []),
    # seed 001 (Корсаковский район, 2021)
    ("Май 2021 г.", 2021, [d(2021, 5, 31)]),
    ("Май 2021 г.", 2024, []),
    ("Август 2021г.", 2021, [d(2021, 8, 31)]),
    ("сентябрь 2021г.", 2021, [d(2021, 9, 30)]),
    ("август", 2021, [d(2021, 8, 31)]),
    ("август.", 2021, [d(2021, 8, 31)]),
    ("ежегодно", 2023, [d(2023, 12, 31)]),
    ("2021", 2021, [d(2021, 12, 31)]),
    ("2021", 2022, []),
    # seed 002 (МО город Алапаевск, комплекс мероприятий 2024–2026)
    ("до 1 января 2024", 2024, [d(2024, 1, 1)]),
    ("до 1 сентября, ежегодно", 2025, [d(2025, 9, 1)]),
    ("2024-2026", 2025, [d(2025, 12, 31)]),
    ("2024-2026", 2027, []),
    ("2024-2026 (июнь-июль)", 2024, [d(2024, 7, 31)]),
    ("2024-2026 (август)", 2026, [d(2026, 8, 31)]),
    ("ежегодно, август", 2024, [d(2024, 8, 31)]),
    ("в соответ. с графиками ИРО", 2024, NOT),
    ("в соответствии с графиками ИРО", 2024, NOT),
    ("в течение года", 2024, [d(2024, 12, 31)]),
    ("в соответ. с ИОМ", 2024, NOT),
    ("", 2024, NOT),
    ("в течение учебного года", 2025, [d(2025, 5, 31)]),
    ("2024-2026 годы", 2024, [d(2024, 12, 31)]),
    ("ежегодно (октябрь)", 2024, [d(2024, 10, 31)]),
    ("Март ежегодно", 2024, [d(2024, 3, 31)]),
    # seed 004 (город Кизел, 2021–2024)
    ("июль-август 2021 г.", 2021, [d(2021, 8, 31)]),
    ("Сентябрь -декабрь 2021 г., актуализация НПА (по мере необходимости)", 2021, [d(2021, 12, 31)]),
    ("ежегодно (сентябрь)", 2024, [d(2024, 9, 30)]),
    ("Август 2021 г.", 2021, [d(2021, 8, 31)]),
    ("Октябрь 2021 г.", 2021, [d(2021, 10, 31)]),
    ("Ноябрь-декабрь 2021 г. (далее –ежегодно)", 2021, [d(2021, 12, 31)]),
    ("Ноябрь-декабрь 2021 г. (далее –ежегодно)", 2023, [d(2023, 12, 31)]),
    ("Ноябрь-декабрь 2021 г. (далее –ежегодно)", 2020, []),
    ("Декабрь 2021 г. (далее –ежегодно)", 2022, [d(2022, 12, 31)]),
    ("В течение года", 2022, [d(2022, 12, 31)]),
    ("по мере необходимости", 2022, NOT),
    ("В течение года (по отдельному графику)", 2022, [d(2022, 12, 31)]),
    ("ежегодно (август)", 2022, [d(2022, 8, 31)]),
    # other forms municipal plans use
    ("IV квартал", 2024, [d(2024, 12, 31)]),
    ("I квартал 2025 г.", 2025, [d(2025, 3, 31)]),
    ("2 квартал 2024", 2024, [d(2024, 6, 30)]),
    ("ежеквартально", 2024, [d(2024, 3, 31), d(2024, 6, 30), d(2024, 9, 30), d(2024, 12, 31)]),
    (
        "ежемесячно",
        2024,
        [d(2024, m, last) for m, last in enumerate((31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), 1)],
    ),
    ("1 раз в полугодие", 2024, [d(2024, 6, 30), d(2024, 12, 31)]),
    ("II полугодие 2024 г.", 2024, [d(2024, 12, 31)]),
    ("до 25.05.2025", 2025, [d(2025, 5, 25)]),
    ("до 25.05.2025", 2024, []),
    ("постоянно", 2024, [d(2024, 12, 31)]),
    ("февраль 2024", 2024, [d(2024, 2, 29)]),
    ("в мае", 2024, [d(2024, 5, 31)]),
]


@pytest.mark.parametrize(("phrase", "year", "expected"), PHRASES)
def test_the_words_give_the_due_dates(phrase, year, expected):
    assert due_dates(phrase, year) == expected


def test_every_deadline_of_the_templates_is_in_the_table():
    """A new template's new wording must get its hand-written row above."""
    tabled = {phrase for phrase, _, _ in PHRASES}
    written = {item["deadline"] for doc in documents() for section in doc["sections"] for item in section["items"]}
    assert written - tabled == set()


def test_over_a_period_recurring_words_repeat_and_dated_words_keep_their_year():
    # Given a road map of 2024–2026
    assert period_dates("ежегодно (сентябрь)", 2024, 2026) == [d(2024, 9, 30), d(2025, 9, 30), d(2026, 9, 30)]
    # the years the words name, even when the road map was adopted for other years
    assert period_dates("2024-2026 (июнь-июль)", 2025, 2027) == [d(2024, 7, 31), d(2025, 7, 31), d(2026, 7, 31)]
    # a month without a year: once, in the first year
    assert period_dates("август", 2024, 2026) == [d(2024, 8, 31)]
    # a dated deadline before the period is still due when the document says
    assert period_dates("Май 2021 г.", 2024, 2026) == [d(2021, 5, 31)]
    # «далее – ежегодно»: the named year and every later year of the road map
    assert period_dates("Декабрь 2021 г. (далее –ежегодно)", 2021, 2023) == [d(2021, 12, 31), d(2022, 12, 31),
                                                                              d(2023, 12, 31)]  # fmt: skip
    assert period_dates("ежемесячно", 2024, 2024)[-1] == d(2024, 12, 31)
    assert period_dates("По запросу", 2024, 2026) is None


def test_command_prints_iso_dates_or_not_determinable(capsys):
    call_command("roadmaps", "deadline", "1 раз в полугодие", "--year", "2024")
    assert capsys.readouterr().out.split() == ["2024-06-30", "2024-12-31"]
    call_command("roadmaps", "deadline", "по запросу", "--year", "2024")
    assert capsys.readouterr().out.strip() == "не определяется"
