"""Survey answers enter the bank for the whole territory only, per survey and topic from MIN_GROUP answers on,
so that no number shown (nor a difference of two) stands for fewer than MIN_GROUP anonymous answers."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.difficulties import bank
from metodist.surveys.models import MIN_GROUP

from .conftest import kept_topic, survey_answers

YEAR = bank.Filters(start=date(2024, 9, 1), end=date(2025, 8, 31))


def survey_cells(user, filters=YEAR):
    return {
        row.key: row.cells["surveys"]["records"] for row in bank.table(user, filters).rows if "surveys" in row.cells
    }


def test_a_topic_below_the_minimum_in_a_survey_is_left_out_of_every_sum(cast, lesson):
    # given: survey A (October) 5 answers on lesson and 4 on parents; survey B (December) 2 on lesson
    parents = kept_topic(cast)
    survey_answers(cast, cast.school1, date(2024, 10, 1), {lesson: MIN_GROUP, parents: MIN_GROUP - 1})
    survey_answers(cast, cast.school1, date(2024, 12, 1), {lesson: 2})

    # when
    table = bank.table(cast.coordinator, YEAR)
    october = survey_cells(cast.coordinator, bank.Filters(start=date(2024, 10, 1), end=date(2024, 10, 31)))
    _, by_month = bank.trend(cast.coordinator, YEAR, "month")

    # then: 5 for lesson in every view, the total is the sum of the shown numbers: no 4, no 2 to compute
    assert survey_cells(cast.coordinator) == {"c:methods.lesson": 5}
    assert table.totals["surveys"] == 5
    assert october == {"c:methods.lesson": 5}
    assert sum(by_month["surveys"]) == 5
    assert f"t:{parents.pk}" not in {row.key for row in table.rows}


def test_survey_answers_are_not_broken_down_by_subject_or_organization(cast, lesson):
    # given
    survey_answers(cast, cast.school1, date(2024, 10, 1), {lesson: 7})
    by_school = bank.Filters(start=YEAR.start, end=YEAR.end, organization_id=cast.school1.pk)

    # when / then
    assert survey_cells(cast.coordinator) == {"c:methods.lesson": 7}
    assert survey_cells(cast.coordinator, by_school) == {}
    assert "surveys" not in bank.table(cast.coordinator, by_school).sources
    assert bank.matrix(cast.coordinator, YEAR, "organization").empty
    assert bank.matrix(cast.coordinator, YEAR, "subject").empty


def test_an_organizations_administrator_gets_no_survey_answers(cast, lesson):
    # given: seven answers, all from school 1
    survey_answers(cast, cast.school1, date(2024, 10, 1), {lesson: 7})

    # when / then
    assert survey_cells(cast.school1_admin) == {}
    assert "surveys" not in bank.table(cast.school1_admin, YEAR).sources


def test_the_region_sums_the_municipalities_survey_units(cast, lesson):
    # given: 6 answers in the demo municipality, 5 in the other, 3 more in the other's second survey
    survey_answers(cast, cast.school1, date(2024, 10, 1), {lesson: 6})
    survey_answers(cast, cast.school3, date(2024, 10, 1), {lesson: 5}, municipality=cast.other_municipality)
    survey_answers(cast, cast.school3, date(2024, 11, 1), {lesson: 3}, municipality=cast.other_municipality)

    # when / then
    assert survey_cells(cast.coordinator) == {"c:methods.lesson": 6}
    assert survey_cells(cast.regional_operator) == {"c:methods.lesson": 11}


@pytest.mark.usefixtures("on_today")
def test_survey_answers_never_drill_down_to_people(client, cast, lesson):
    # given
    survey_answers(cast, cast.school1, date(2024, 10, 1), {lesson: 7})
    client.force_login(cast.coordinator)

    # when
    page = client.get(reverse("difficulties:cell"), {"topic": "c:methods.lesson", "source": "surveys"})
    bank_page = client.get(reverse("difficulties:index"))

    # then
    assert page.status_code == 200
    assert "cell-requests" not in page.content.decode()
    assert page.context["drill"].counts == {}
    assert 'data-source="surveys">7<' in bank_page.content.decode()
