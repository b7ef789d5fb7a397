"""The organization card: requisites, staff list with totals, current educators within the viewer's scope."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metodist.testing import factories as f


@pytest.fixture
def on_today(time_machine):
    time_machine.move_to(datetime(2025, 1, 15, 9, 0, tzinfo=UTC), tick=False)


def card(cast, organization=None) -> str:
    return reverse("orgs:detail", args=[(organization or cast.school1).pk])


def test_coordinator_sees_the_card_with_requisites_and_flags(client, cast):
    cast.school1.inn, cast.school1.address = "6601000001", "ул. Ленина, 1"
    cast.school1.save()
    f.flag(cast.school1, "is_internship_site", start=date(2024, 9, 1))
    client.force_login(cast.coordinator)

    response = client.get(card(cast))

    html = response.content.decode()
    assert response.status_code == 200
    assert cast.school1.full_name in html
    assert "6601000001" in html
    assert "ул. Ленина, 1" in html
    assert "Стажировочная площадка" in html


def test_staff_list_is_shown_with_its_totals(client, cast):
    f.StaffPositionFactory(
        organization=cast.school1, subject=f.subject("mathematics"), rates=Decimal("4.50"), vacant_rates=Decimal("1")
    )
    f.StaffPositionFactory(organization=cast.school1, position=f.position("psychologist"), rates=Decimal("1.25"))
    client.force_login(cast.coordinator)

    response = client.get(card(cast))

    html = response.content.decode()
    assert "Математика" in html
    assert "Педагог-психолог" in html
    assert response.context["organization"].staff_rates == Decimal("5.75")
    assert response.context["organization"].vacant_rates == Decimal("1.00")
    assert "82,6\u00a0%" in html  # (5,75 − 1) / 5,75 = 82,61 %


def test_card_lists_current_educators_with_links_to_their_cards(client, cast, on_today):
    f.EmploymentFactory(organization=cast.school1, end_date=date(2024, 12, 31), educator__last_name="Ушедшая")
    client.force_login(cast.coordinator)

    response = client.get(card(cast))

    html = response.content.decode()
    assert [educator.last_name for educator in response.context["educators"]] == ["Кузнецов", "Смирнова"]
    assert f'href="{reverse("people:detail", args=[cast.teacher.pk])}"' in html
    assert "Ушедшая" not in html


def test_educator_with_two_posts_in_the_school_appears_once_with_both(client, cast, on_today):
    f.EmploymentFactory(educator=cast.teacher, organization=cast.school1, position=f.position("tutor"), kind="internal")
    client.force_login(cast.coordinator)

    response = client.get(card(cast))

    teacher = next(e for e in response.context["educators"] if e.pk == cast.teacher.pk)
    assert [str(employment.position) for employment in teacher.here] == ["Учитель", "Тьютор"]
    assert response.content.decode().count(f'href="{reverse("people:detail", args=[cast.teacher.pk])}"') == 1


def test_teacher_sees_her_school_but_only_herself_among_its_educators(client, cast, on_today):
    client.force_login(cast.teacher_user)

    response = client.get(card(cast))

    html = response.content.decode()
    assert response.status_code == 200
    assert [educator.last_name for educator in response.context["educators"]] == ["Смирнова"]
    assert "Кузнецов" not in html
    assert response.context["may_edit"] is False
    assert reverse("orgs:edit", args=[cast.school1.pk]) not in html


@pytest.mark.parametrize("user_name", ["school2_admin", "other_user"])
def test_card_of_school1_is_not_found_for_those_outside_it(client, cast, user_name):
    client.force_login(getattr(cast, user_name))

    response = client.get(card(cast))

    assert response.status_code == 404
    assert "Школа № 1" not in response.content.decode()


def test_coordinator_cannot_open_a_school_of_another_municipality(client, cast):
    client.force_login(cast.coordinator)

    response = client.get(card(cast, cast.school3))

    assert response.status_code == 404


def test_card_of_a_missing_organization_is_not_found(client, cast):
    client.force_login(cast.coordinator)

    response = client.get(reverse("orgs:detail", args=[999999]))

    assert response.status_code == 404


def test_school_administrator_gets_edit_links_on_her_own_card(client, cast):
    staff = f.StaffPositionFactory(organization=cast.school1)
    client.force_login(cast.school1_admin)

    response = client.get(card(cast))

    html = response.content.decode()
    assert reverse("orgs:edit", args=[cast.school1.pk]) in html
    assert reverse("orgs:staff_add", args=[cast.school1.pk]) in html
    assert reverse("orgs:staff_edit", args=[staff.pk]) in html
    assert reverse("orgs:staff_delete", args=[staff.pk]) in html


def test_card_query_count_does_not_grow_with_educators_and_staff(client, cast, on_today, django_assert_max_num_queries):
    for _ in range(10):
        employment = f.EmploymentFactory(organization=cast.school1, subjects=[f.subject("history")])
        f.EmploymentFactory(educator=employment.educator, organization=cast.school1, position=f.position("tutor"))
    for code in ("history", "geography", "biology", "chemistry"):
        f.StaffPositionFactory(organization=cast.school1, subject=f.subject(code))
    client.force_login(cast.coordinator)

    with django_assert_max_num_queries(12):
        client.get(card(cast))


def test_card_shows_the_ogrn_and_a_dash_for_the_load_of_a_post_without_teaching(client, cast, on_today):
    cast.school1.ogrn = "1027700132195"
    cast.school1.save()
    f.EmploymentFactory(
        organization=cast.school1, position=f.position("head"), weekly_hours=0, educator__last_name="Андреева"
    )
    client.force_login(cast.coordinator)

    html = client.get(card(cast)).content.decode()

    assert "1027700132195" in html
    assert '<td class="text-end num">—</td>' in html
    assert '<td class="text-end num">18</td>' in html  # the teachers' load stays a number
