"""The organizations list: scope, filters, sorting, pagination, the figures of each row, query count."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodist.orgs.models import OrganizationKind
from metodist.testing import factories as f

LIST = reverse("orgs:list")


@pytest.fixture
def on_today(time_machine):
    time_machine.move_to(datetime(2025, 1, 15, 9, 0, tzinfo=UTC), tick=False)


def names(response) -> list[str]:
    return [org.short_name for org in response.context["page"].object_list]


def test_coordinator_lists_the_organizations_of_her_municipality(client, cast):
    client.force_login(cast.coordinator)

    response = client.get(LIST)

    assert response.status_code == 200
    assert names(response) == ["Школа № 1", "Школа № 2"]


@pytest.mark.parametrize(
    ("user_name", "expected"),
    [
        ("methodologist", ["Школа № 1", "Школа № 2"]),
        ("regional_operator", ["Школа № 1", "Школа № 2", "Школа № 3"]),
        ("school1_admin", ["Школа № 1"]),
        ("school2_admin", ["Школа № 2"]),
        ("teacher_user", ["Школа № 1"]),  # where she works
        ("other_user", ["Школа № 3"]),
    ],
)
def test_each_role_lists_only_the_organizations_in_its_scope(client, cast, user_name, expected):
    client.force_login(getattr(cast, user_name))

    response = client.get(LIST)

    assert names(response) == expected


def test_school2_administrator_does_not_even_see_the_name_of_school1(client, cast):
    client.force_login(cast.school2_admin)

    response = client.get(LIST)

    assert "Школа № 1" not in response.content.decode()


def test_row_shows_educators_rates_vacancies_and_staffing(client, cast, on_today):
    f.StaffPositionFactory(organization=cast.school1, rates=Decimal("4.00"), vacant_rates=Decimal("1.50"))
    f.StaffPositionFactory(
        organization=cast.school1, position=f.position("psychologist"), rates=Decimal("2.00"), vacant_rates=0
    )
    f.EmploymentFactory(organization=cast.school1, end_date=date(2024, 12, 31))  # left: not counted
    client.force_login(cast.coordinator)

    response = client.get(LIST)

    school1 = response.context["page"].object_list[0]
    assert school1.educator_count == 2
    assert school1.staff_rates == Decimal("6.00")
    assert school1.vacant_rates == Decimal("1.50")
    assert "75,0\u00a0%" in response.content.decode()  # (6 − 1,5) / 6


def test_educator_working_twice_in_one_school_is_counted_once(client, cast, on_today):
    f.EmploymentFactory(educator=cast.teacher, organization=cast.school1, position=f.position("tutor"), kind="internal")
    client.force_login(cast.coordinator)

    response = client.get(LIST)

    assert response.context["page"].object_list[0].educator_count == 2


def test_list_filters_by_kind(client, cast):
    f.OrganizationFactory(municipality=cast.municipality, short_name="Детский сад № 5", kind=OrganizationKind.PRESCHOOL)
    client.force_login(cast.coordinator)

    response = client.get(LIST, {"kind": "preschool"})

    assert names(response) == ["Детский сад № 5"]


def test_list_filters_by_every_chosen_flag(client, cast):
    f.OrganizationFactory(municipality=cast.municipality, short_name="Школа № 7", flags=["is_low_results"])
    f.OrganizationFactory(
        municipality=cast.municipality, short_name="Школа № 8", flags=["is_low_results", "is_difficult_conditions"]
    )
    client.force_login(cast.coordinator)

    response = client.get(LIST, {"flag": ["is_low_results", "is_difficult_conditions"]})

    assert names(response) == ["Школа № 8"]
    assert '<span class="badge flag-badge">ШНОР</span>' in response.content.decode()


def test_list_filters_by_the_flags_held_today_not_by_past_or_future_ones(client, cast, on_today):
    f.flag(f.OrganizationFactory(municipality=cast.municipality, short_name="Школа № 7"), "is_low_results",
           date(2023, 9, 1), date(2024, 8, 31))  # fmt: skip
    f.flag(f.OrganizationFactory(municipality=cast.municipality, short_name="Школа № 8"), "is_low_results",
           date(2024, 9, 1))  # fmt: skip
    f.flag(f.OrganizationFactory(municipality=cast.municipality, short_name="Школа № 9"), "is_low_results",
           date(2025, 9, 1))  # fmt: skip
    client.force_login(cast.coordinator)

    response = client.get(LIST, {"flag": ["is_low_results"]})

    assert names(response) == ["Школа № 8"]


@pytest.mark.parametrize("text", ["школа № 2", "ШКОЛА № 2", "Школа № 2", "№ 2"])
def test_name_search_ignores_case_of_cyrillic_letters(client, cast, text):
    client.force_login(cast.coordinator)

    response = client.get(LIST, {"q": text})

    assert names(response) == ["Школа № 2"]


def test_name_search_looks_into_the_full_name_too(client, cast):
    f.OrganizationFactory(
        municipality=cast.municipality, short_name="Гимназия № 4", full_name="Гимназия имени А. С. Пушкина"
    )
    client.force_login(cast.coordinator)

    response = client.get(LIST, {"q": "пушкина"})

    assert names(response) == ["Гимназия № 4"]


def test_closed_organizations_are_hidden_unless_asked_for(client, cast):
    f.OrganizationFactory(municipality=cast.municipality, short_name="Школа № 9", is_active=False)
    client.force_login(cast.coordinator)

    default = client.get(LIST)
    with_closed = client.get(LIST, {"inactive": "on"})

    assert names(default) == ["Школа № 1", "Школа № 2"]
    assert names(with_closed) == ["Школа № 1", "Школа № 2", "Школа № 9"]


def test_list_sorts_by_vacancies_and_by_staffing_with_empty_staff_lists_last(client, cast):
    school4 = f.OrganizationFactory(municipality=cast.municipality, short_name="Школа № 4")
    f.StaffPositionFactory(organization=cast.school1, rates=Decimal("4"), vacant_rates=Decimal("1"))  # 75 %
    f.StaffPositionFactory(organization=cast.school2, rates=Decimal("10"), vacant_rates=Decimal("2"))  # 80 %
    client.force_login(cast.coordinator)

    by_vacant = client.get(LIST, {"sort": "-vacant"})
    by_staffing = client.get(LIST, {"sort": "staffing"})
    by_staffing_desc = client.get(LIST, {"sort": "-staffing"})

    assert names(by_vacant) == ["Школа № 2", "Школа № 1", school4.short_name]
    assert names(by_staffing) == ["Школа № 1", "Школа № 2", "Школа № 4"]
    assert names(by_staffing_desc) == ["Школа № 2", "Школа № 1", "Школа № 4"]


def test_staffing_sort_compares_exact_shares_not_whole_percents(client, cast):
    f.StaffPositionFactory(organization=cast.school1, rates=Decimal("3"), vacant_rates=Decimal("1"))  # 66,67 %
    f.StaffPositionFactory(organization=cast.school2, rates=Decimal("100"), vacant_rates=Decimal("34"))  # 66 %
    client.force_login(cast.coordinator)

    response = client.get(LIST, {"sort": "staffing"})

    assert names(response) == ["Школа № 2", "Школа № 1"]


def test_unknown_filter_values_are_ignored_rather_than_failing(client, cast):
    client.force_login(cast.coordinator)

    response = client.get(LIST, {"kind": "castle", "sort": "'; drop table", "flag": "is_superuser", "page": "x"})

    assert response.status_code == 200
    assert names(response) == ["Школа № 1", "Школа № 2"]


def test_list_is_paginated_by_25_and_keeps_the_filters_in_page_links(client, cast):
    for number in range(10, 40):
        f.OrganizationFactory(municipality=cast.municipality, short_name=f"Гимназия № {number}")
    client.force_login(cast.coordinator)

    first = client.get(LIST, {"q": "гимназия"})
    second = client.get(LIST, {"q": "гимназия", "page": 2})

    assert first.context["page"].paginator.count == 30
    assert len(names(first)) == 25
    assert names(second) == [f"Гимназия № {number}" for number in range(35, 40)]
    assert "?q=%D0%B3%D0%B8%D0%BC%D0%BD%D0%B0%D0%B7%D0%B8%D1%8F&amp;page=2" in first.content.decode()


def test_htmx_request_gets_the_results_without_the_page_around_them(client, cast):
    client.force_login(cast.coordinator)

    response = client.get(LIST, {"kind": "general"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert "Найдено: 2" in html
    assert "HX-Request" in response["Vary"]


def test_query_count_of_the_list_does_not_grow_with_the_organizations(client, cast, on_today):
    client.force_login(cast.coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for number in range(10):
        school = f.OrganizationFactory(municipality=cast.municipality, flags=["is_low_results"][: number % 2])
        f.StaffPositionFactory(organization=school, rates=Decimal("3"), vacant_rates=Decimal("1"))
        f.StaffPositionFactory(organization=school, position=f.position("psychologist"))
        f.EmploymentFactory(organization=school)
        f.EmploymentFactory(organization=school, position=f.position("educator"))

    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)

    assert response.context["page"].paginator.count == 12
    assert len(many) == len(few)


def test_list_page_takes_few_queries(client, cast, django_assert_max_num_queries):
    client.force_login(cast.coordinator)

    with django_assert_max_num_queries(6):  # session, user, count, rows, and the savepoints around them
        client.get(LIST)
