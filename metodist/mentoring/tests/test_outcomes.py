"""Pair features and outcomes: coverage of the mentee's deficits by the mentor's strengths, and a year on,
retention, deficits closed at the repeat diagnostic and meetings per month grouped by features."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.mentoring import features, reports
from metodist.mentoring.models import MentoringMeeting, Mentorship
from metodist.testing import community as c
from metodist.testing import factories as f
from metodist.testing import growth

TODAY = date(2025, 1, 15)


@pytest.fixture
def measured(cast):
    """The teacher has deficits in lesson methods and formative assessment (May 2023); her mentor is strong in
    lesson methods (9 of 10). A repeat diagnostic in November 2024 closes the formative assessment deficit."""
    first = growth.diagnostic(cast.region, ends_on=date(2023, 5, 31), name="Первая")
    growth.results(first, cast.teacher, {"methods.lesson": 2, "assess.formative": 3})
    growth.results(first, cast.mentor_educator, {"methods.lesson": 9, "assess.formative": 5})
    repeat = growth.diagnostic(cast.region, ends_on=date(2024, 11, 30), name="Повторная")
    growth.results(repeat, cast.teacher, {"assess.formative": 8})
    return cast


def test_coverage_is_the_share_of_open_deficits_the_mentor_is_strong_in(measured):
    cast = measured

    assert features.coverage(cast.mentor_educator.pk, cast.teacher.pk, date(2023, 9, 1)) == Decimal("50.0")
    assert features.coverage(cast.mentor_educator.pk, cast.teacher.pk, TODAY) == Decimal("100.0")  # one left open
    assert features.coverage(cast.teacher.pk, cast.mentor_educator.pk, TODAY) is None  # no deficits


def test_outcomes_group_pairs_started_a_year_ago(measured):
    cast = measured
    program = c.program(cast.school1, starts_on=date(2023, 9, 1))
    pair = c.mentorship(cast.mentor_educator, [cast.teacher], program=program, starts_on=date(2023, 9, 1))
    for month in (10, 11, 12):
        MentoringMeeting.objects.create(mentorship=pair, held_on=date(2023, month, 5), topic="—", duration_minutes=30)
    leaver = f.EducatorFactory(last_name="Ушедшая", birth_date=date(2000, 1, 1), ped_work_start=date(2023, 9, 1))
    f.EmploymentFactory(educator=leaver, organization=cast.school2, end_date=date(2024, 6, 30))
    c.mentorship(cast.school2_educator, [leaver], program=program, starts_on=date(2023, 9, 1))
    c.mentorship(cast.mentor_educator, [cast.school2_educator], program=program, starts_on=date(2024, 9, 1))  # recent

    grouped = reports.outcomes(Mentorship.objects.all(), TODAY)

    organization = {g.label: (g.pairs, g.retained_share) for g in grouped["organization"]}
    assert organization == {"одна организация": (2, Decimal("50.0"))}  # the leaver and her mentor: school 2
    coverage = {g.label: (g.pairs, g.deficits, g.closed, g.closed_share) for g in grouped["coverage"]}
    assert coverage == {"нет дефицитов при начале": (1, 0, 0, None),
                        "покрыто не меньше половины": (1, 2, 1, Decimal("50.0"))}  # fmt: skip
    subject = {g.label: g.per_month for g in grouped["subject"]}
    assert subject["разные предметы"] == Decimal("0.1")  # 3 meetings over 2 × 17 months (09.2023–01.2025)


def test_the_outcomes_page_is_computed_in_a_fixed_number_of_queries(client, measured, on_today,
                                                                     django_assert_num_queries):  # fmt: skip
    cast = measured
    program = c.program(cast.school1, starts_on=date(2023, 9, 1))
    c.mentorship(cast.mentor_educator, [cast.teacher], program=program, starts_on=date(2023, 9, 1))
    client.force_login(cast.coordinator)

    with django_assert_num_queries(7):
        page = client.get("/mentoring/outcomes/")

    assert page.status_code == 200
