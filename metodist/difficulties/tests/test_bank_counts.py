"""The bank's counts by hand: each source, records against distinct educators, months and school years at their
boundaries, a competency across two versions of the framework."""

from datetime import date

from metodist.consultations.models import RequestStatus
from metodist.difficulties import bank
from metodist.testing import factories as f

from .conftest import deficit, help_request, kept_topic, reported, second_version

YEAR = bank.Filters(start=date(2024, 9, 1), end=date(2025, 8, 31))


def cells(user, filters=YEAR):
    return {
        row.key: {s: (c["records"], c["educators"]) for s, c in row.cells.items()}
        for row in bank.table(user, filters).rows
    }


def test_each_source_counts_records_and_distinct_educators(cast, lesson):
    # given: the teacher asks twice on the lesson competency, her mentor once; a declined request does not count
    for on in (date(2024, 10, 1), date(2024, 11, 5)):
        help_request(cast, cast.teacher, cast.school1, on, competency=lesson)
    help_request(cast, cast.mentor_educator, cast.school1, date(2024, 10, 2), competency=lesson)
    help_request(
        cast, cast.mentor_educator, cast.school1, date(2024, 10, 3), competency=lesson, status=RequestStatus.DECLINED
    )
    # a deficit of the teacher, two self-reported difficulties of school 2's educator on a kept topic
    deficit(cast, cast.teacher, lesson, date(2024, 11, 30))
    parents = kept_topic(cast)
    reported(cast.school2_educator, cast.school2, date(2024, 12, 1), topic=parents)
    reported(cast.school2_educator, cast.school2, date(2025, 1, 10), topic=parents)

    # when
    found = cells(cast.coordinator)

    # then: 3 requests of 2 educators, 1 deficit of 1, 2 reported of 1
    assert found["c:methods.lesson"] == {"requests": (3, 2), "deficits": (1, 1)}
    assert found[f"t:{parents.pk}"] == {"reported": (2, 1)}
    table = bank.table(cast.coordinator, YEAR)
    assert table.totals == {"requests": 3, "deficits": 1, "reported": 2, "surveys": 0}
    assert [row.key for row in table.rows] == ["c:methods.lesson", f"t:{parents.pk}"]  # by total, 4 then 2


def test_school_year_runs_from_september_to_august(cast, lesson):
    # given: a reported difficulty on 31 August 2024 (school year 2023/24) and one on 1 September (2024/25)
    reported(cast.teacher, cast.school1, date(2024, 8, 31), competency=lesson)
    reported(cast.teacher, cast.school1, date(2024, 9, 1), competency=lesson)
    reported(cast.teacher, cast.school1, date(2024, 9, 30), competency=lesson)
    wide = bank.Filters(start=date(2023, 9, 1), end=date(2025, 8, 31))

    # when
    years, by_year = bank.trend(cast.coordinator, wide, "year")
    months, by_month = bank.trend(
        cast.coordinator, bank.Filters(start=date(2024, 8, 1), end=date(2024, 9, 30)), "month"
    )

    # then
    assert years == [2023, 2024]
    assert by_year["reported"] == [1, 2]
    assert months == [date(2024, 8, 1), date(2024, 9, 1)]
    assert by_month["reported"] == [1, 2]
    assert cells(cast.coordinator)["c:methods.lesson"] == {"reported": (2, 1)}  # the 2024/25 year only


def test_a_request_filed_late_on_31_august_in_moscow_belongs_to_august(cast, lesson, settings):
    # given: filed at 23:30 Moscow time on 31 August (20:30 UTC)
    from datetime import datetime, time

    from .conftest import MOSCOW

    request = help_request(cast, cast.teacher, cast.school1, date(2024, 8, 31), competency=lesson)
    request.filed_at = datetime.combine(date(2024, 8, 31), time(23, 30), tzinfo=MOSCOW)
    request.save(update_fields=["filed_at"])

    # when
    years, by_year = bank.trend(cast.coordinator, bank.Filters(start=date(2023, 9, 1), end=date(2025, 1, 15)), "year")

    # then
    assert by_year["requests"] == [1, 0]


def test_a_competency_is_one_topic_across_framework_versions(cast, lesson):
    # given: a deficit on version 1's competency and a request on version 2's row of the same code
    newer = second_version("methods.lesson")
    deficit(cast, cast.teacher, lesson, date(2024, 9, 30))
    help_request(cast, cast.mentor_educator, cast.school1, date(2024, 10, 1), competency=newer)

    # when
    table = bank.table(cast.coordinator, YEAR)

    # then: one row, named as in the latest version
    assert [(row.key, row.total) for row in table.rows] == [("c:methods.lesson", 2)]
    assert table.rows[0].label == newer.name


def test_a_deficit_counts_in_the_educators_home_organization_on_the_day(cast, lesson):
    # given: an educator worked in school 2 until June 2024, and in school 1 since
    mover = f.EducatorFactory(last_name="Переходова")
    f.EmploymentFactory(
        educator=mover, organization=cast.school2, start_date=date(2020, 9, 1), end_date=date(2024, 6, 30)
    )
    f.EmploymentFactory(educator=mover, organization=cast.school1, start_date=date(2024, 7, 1))
    deficit(cast, mover, lesson, date(2024, 5, 31))
    deficit(cast, mover, lesson, date(2024, 11, 30))
    wide = bank.Filters(start=date(2023, 9, 1), end=date(2025, 8, 31))

    # when
    by_org = bank.matrix(cast.coordinator, wide, "organization")

    # then
    assert {cell["id"]: cell["n"] for cell in by_org.rows[0][2]} == {cast.school1.pk: 1, cast.school2.pk: 1}


def test_subject_and_organization_filters_and_the_subject_matrix(cast, lesson):
    # given
    maths, physics = f.subject("mathematics"), f.subject("physics")
    help_request(cast, cast.teacher, cast.school1, date(2024, 10, 1), competency=lesson, subject=maths)
    reported(cast.teacher, cast.school1, date(2024, 10, 2), competency=lesson, subject=maths)
    reported(cast.school2_educator, cast.school2, date(2024, 10, 3), competency=lesson, subject=physics)

    # when
    only_maths = cells(cast.coordinator, bank.Filters(start=YEAR.start, end=YEAR.end, subject_id=maths.pk))
    only_school2 = cells(
        cast.coordinator, bank.Filters(start=YEAR.start, end=YEAR.end, organization_id=cast.school2.pk)
    )
    by_subject = bank.matrix(cast.coordinator, YEAR, "subject")

    # then
    assert only_maths == {"c:methods.lesson": {"requests": (1, 1), "reported": (1, 1)}}
    assert only_school2 == {"c:methods.lesson": {"reported": (1, 1)}}
    names = [name for _, name in by_subject.columns]
    counts = dict(zip(names, [cell["n"] for cell in by_subject.rows[0][2]], strict=True))
    assert counts == {maths.name: 2, physics.name: 1}


def test_planning_shows_the_years_top_topics_and_growth_on_the_same_span(cast, lesson):
    # given: today 15 January 2025; this year 3 reported on lesson, last year by 15 January 2024 one (and one later)
    for on in (date(2024, 9, 10), date(2024, 12, 1), date(2025, 1, 15)):
        reported(cast.teacher, cast.school1, on, competency=lesson)
    reported(cast.teacher, cast.school1, date(2023, 10, 1), competency=lesson)
    reported(cast.teacher, cast.school1, date(2024, 3, 1), competency=lesson)  # after 15 January: not compared

    # when
    year, top = bank.planning(cast.coordinator, date(2025, 1, 15))

    # then
    assert year == "2024/25"
    assert [(row.key, row.total, row.previous_total, row.growth, row.growth_percent) for row in top] == [
        ("c:methods.lesson", 3, 1, 2, 200)
    ]


def test_an_organizations_request_adds_a_record_but_no_educator(cast, lesson):
    # given: school 1 asks for help for its staff (no requesting educator), the teacher asks herself
    from metodist.consultations.models import RequesterKind

    help_request(
        cast, None, cast.school1, date(2024, 10, 1), competency=lesson, requester_kind=RequesterKind.ORGANIZATION
    )
    help_request(cast, cast.teacher, cast.school1, date(2024, 10, 2), competency=lesson)

    # when / then
    assert cells(cast.coordinator)["c:methods.lesson"] == {"requests": (2, 1)}
