"""The start page: municipal figures for those who see organizations, one's own card for the others."""

from decimal import Decimal

import pytest
from django.urls import reverse

from metodist.accounts.models import Role
from metodist.monitoring.tests.builders import load_test_catalogue
from metodist.monitoring.tests.campaigns import open_cast_campaign
from metodist.people.models import CorrectionRequest
from metodist.testing import factories as f


def test_coordinator_start_page_shows_figures_with_links_to_the_lists_behind_them(client, cast, town, on_today):
    client.force_login(cast.coordinator)

    response = client.get(reverse("home:home"))

    html = response.content.decode()
    people = reverse("people:list")
    assert response.status_code == 200
    assert "Город N · на 15 января 2025 г." in html
    assert response.context["figures"].educators == 8
    assert f'href="{people}?young=1&amp;position_kind=pedagogical"' in html
    assert "28,6\u00a0%" in html
    assert f'href="{people}?category=none"' in html
    assert f'href="{people}?pension=pre"' in html
    assert f'href="{reverse("orgs:list")}?kind=preschool"' in html
    assert "26,2\u00a0%" in html


def test_figures_without_a_denominator_read_no_data(client, cast, on_today):
    client.force_login(cast.coordinator)

    response = client.get(reverse("home:home"))

    html = response.content.decode()
    assert "нет данных" in html
    assert "0,0\u00a0%</strong> от всех работников" in html  # higher education: 0 of 3 is a real zero


def test_school2_administrator_start_page_knows_nothing_of_school1(client, cast, town, on_today):
    client.force_login(cast.school2_admin)

    response = client.get(reverse("home:home"))

    figures = response.context["figures"]
    assert figures.scope == "Школа № 2"
    assert figures.educators == 4  # Орлова, Зайцева, Фёдорова and the mentor's part-time post
    assert figures.staff_rates == Decimal("2.50")


@pytest.mark.parametrize("user_name", ["teacher_user", "mentor_user"])
def test_people_who_see_only_themselves_get_their_own_card(client, cast, user_name, on_today):
    user = getattr(cast, user_name)
    client.force_login(user)

    response = client.get(reverse("home:home"))

    html = response.content.decode()
    assert "figures" not in response.context
    assert response.context["card"].educator == user.educator
    assert user.educator.full_name in html
    assert "Школа № 1" in html
    assert "Город N" not in html


def test_teacher_card_marks_her_as_a_young_educator(client, cast, on_today):
    client.force_login(cast.teacher_user)

    response = client.get(reverse("home:home"))

    html = response.content.decode()
    assert "Молодой педагог" in html
    assert "Математика" in html
    assert f'href="{reverse("people:detail", args=[cast.teacher.pk])}"' in html


def test_other_municipality_educator_sees_nothing_of_the_demo_municipality(client, cast, town, on_today):
    client.force_login(cast.other_user)

    response = client.get(reverse("home:home"))

    html = response.content.decode()
    assert "Школа № 3" in html
    for name in ("Школа № 1", "Школа № 2", "Смирнова", "Город N"):
        assert name not in html


def test_tutor_without_an_educator_record_is_told_so(client, cast, on_today):
    client.force_login(f.UserFactory(role=Role.TUTOR))

    response = client.get(reverse("home:home"))

    assert "не связана с карточкой педагога" in response.content.decode()


def test_start_page_query_count_does_not_depend_on_the_data(
    client, cast, town, on_today, django_assert_max_num_queries
):
    client.force_login(cast.coordinator)

    with django_assert_max_num_queries(11):  # one more: the count of correction requests waiting for a decision;
        client.get(reverse("home:home"))  # two more: the kept counts marked current, then stored
    with django_assert_max_num_queries(9):  # the kept counts read instead of counted
        client.get(reverse("home:home"))


def test_school_administrator_sees_her_organization_its_card_tasks_and_its_people(
    client, cast, town, tmp_path, on_today
):
    open_cast_campaign(cast, load_test_catalogue(tmp_path))
    CorrectionRequest.objects.create(educator=cast.teacher, comment="Фамилия")
    client.force_login(cast.school1_admin)

    response = client.get(reverse("home:home"))

    html = response.content.decode()
    assert [str(org) for org in response.context["organizations"]] == ["Школа № 1"]
    assert '<h1 class="page-title">Школа № 1</h1>' in html
    assert reverse("orgs:detail", args=[cast.school1.pk]) in html
    assert [str(item.submission.organization) for item in response.context["due"]] == ["Школа № 1"]
    assert "Список педагогов (5)" in html  # Смирнова, Кузнецов, Белова, Соколова, Фёдорова's part-time post
    assert response.context["pending_corrections"] == 1
    assert reverse("people:corrections") in html
    assert "Сравнить муниципалитеты" not in html


def test_school2_administrator_sees_no_card_task_or_request_of_school1(client, cast, tmp_path):
    open_cast_campaign(cast, load_test_catalogue(tmp_path))
    CorrectionRequest.objects.create(educator=cast.teacher, comment="Фамилия")
    client.force_login(cast.school2_admin)

    response = client.get(reverse("home:home"))

    assert [str(item.submission.organization) for item in response.context["due"]] == ["Школа № 2"]
    assert response.context["pending_corrections"] == 0
    assert "Школа № 1" not in response.content.decode()


def test_the_teachers_start_page_offers_to_change_contacts_and_to_ask_for_a_correction(client, cast, on_today):
    CorrectionRequest.objects.create(educator=cast.teacher, comment="Категория")
    client.force_login(cast.teacher_user)

    html = client.get(reverse("home:home")).content.decode()

    assert reverse("people:own_contacts") in html
    assert reverse("people:correction_create") in html
    assert "Ожидает решения" in html


def test_the_methodologist_is_told_of_requests_waiting_for_her(client, cast, on_today):
    CorrectionRequest.objects.create(educator=cast.teacher, comment="Фамилия")
    CorrectionRequest.objects.create(educator=cast.other_educator, comment="Другой муниципалитет")
    client.force_login(cast.methodologist)

    response = client.get(reverse("home:home"))

    assert response.context["pending_corrections"] == 1
    assert "запросов ждут решения — 1" in response.content.decode()
