"""Pair features and outcomes: coverage of the mentee's deficits by the mentor's strengths, and a year on,
retention, deficits closed at the repeat diagnostic and meetings per month grouped by features."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.mentoring import features, reports
from metodist.mentoring.models import MentoringMeeting, Mentorship, MentorshipStatus
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


def test_outcomes_of_three_start_dates_are_read_in_a_fixed_number_of_queries(measured, django_assert_num_queries):
    """Three start dates, each measured on its own day. A: the teacher (09.2023; lesson methods and formative
    assessment open, the mentor strong in lesson methods; formative assessment closed in 11.2024). B: Новикова
    (09.2022–06.2023, completed; her deficit comes in 05.2023, after the start). C: Зайцева of school 2 (01.2024;
    formative assessment open, her mentor strong in it since the winter diagnostic of 12.2023; she left in 12.2024).
    """
    cast = measured
    program = c.program(cast.school1, starts_on=date(2022, 9, 1))
    novikova = f.EducatorFactory(last_name="Новикова", birth_date=date(2000, 1, 1), ped_work_start=date(2022, 9, 1))
    f.EmploymentFactory(educator=novikova, organization=cast.school1)
    zaitseva = f.EducatorFactory(last_name="Зайцева", birth_date=date(2000, 1, 1), ped_work_start=date(2023, 9, 1))
    f.EmploymentFactory(educator=zaitseva, organization=cast.school2, end_date=date(2024, 12, 31))
    first = cast.teacher.diagnostic_results.first().diagnostic
    growth.results(first, novikova, {"methods.lesson": 1})
    growth.results(first, zaitseva, {"assess.formative": 2})
    winter = growth.diagnostic(cast.region, ends_on=date(2023, 12, 15), name="Зимняя")
    growth.results(winter, cast.school2_educator, {"assess.formative": 9})
    a = c.mentorship(cast.mentor_educator, [cast.teacher], program=program, starts_on=date(2023, 9, 1))
    b = c.mentorship(cast.mentor_educator, [novikova], program=program, starts_on=date(2022, 9, 1),
                     ends_on=date(2023, 6, 30), status=MentorshipStatus.COMPLETED)  # fmt: skip
    z = c.mentorship(cast.school2_educator, [zaitseva], program=program, starts_on=date(2024, 1, 10))
    meetings = {a: [date(2023, 10, 5), date(2023, 11, 5), date(2023, 12, 5)],
                b: [date(2022, 10, 5), date(2023, 2, 5)], z: [date(2024, 2, 5), date(2024, 3, 5)]}  # fmt: skip
    for pair, days in meetings.items():
        for day in days:
            MentoringMeeting.objects.create(mentorship=pair, held_on=day, topic="—", duration_minutes=30)

    with django_assert_num_queries(4):  # the pairs, the employments, the results and the deficits
        grouped = reports.outcomes(Mentorship.objects.all(), TODAY)

    figures = {feature: {g.label: (g.pairs, g.retained_share, g.deficits, g.closed, g.closed_share, g.per_month)
                         for g in groups} for feature, groups in grouped.items()}  # fmt: skip
    # all three share an organization and no subject; Зайцева left: 2 of 3 work; 3 + 2 + 2 meetings over
    # 17 (09.2023–01.2025) + 10 (09.2022–06.2023) + 13 (01.2024–01.2025) months = 7 / 40 = 0.175
    everyone = (3, Decimal("66.7"), 3, 1, Decimal("33.3"), Decimal("0.2"))
    assert figures["organization"] == {"одна организация": everyone}
    assert figures["subject"] == {"разные предметы": everyone}
    assert figures["coverage"] == {
        "нет дефицитов при начале": (1, Decimal("100.0"), 0, 0, None, Decimal("0.2")),  # B: 2 meetings / 10 months
        # A: 1 of 2 covered, 1 closed; C: 1 of 1 covered, none closed; 5 meetings / 30 months
        "покрыто не меньше половины": (2, Decimal("50.0"), 3, 1, Decimal("33.3"), Decimal("0.2")),
    }


def test_the_outcomes_page_is_computed_in_a_fixed_number_of_queries(client, measured, on_today,
                                                                     django_assert_num_queries):  # fmt: skip
    cast = measured
    program = c.program(cast.school1, starts_on=date(2023, 9, 1))
    c.mentorship(cast.mentor_educator, [cast.teacher], program=program, starts_on=date(2023, 9, 1))
    client.force_login(cast.coordinator)

    with django_assert_num_queries(6):  # the session, the user and the four of the reading
        page = client.get("/mentoring/outcomes/")

    assert page.status_code == 200
