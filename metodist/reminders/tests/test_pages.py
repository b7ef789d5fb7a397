"""The reminders page, the counter in the navbar and the settings page."""

import logging
from datetime import date

import pytest
from django.urls import reverse

from metodist.people.models import Category
from metodist.reminders import preferences
from metodist.reminders.models import Channel, Preference
from metodist.reminders.sources import SOURCES, Source
from metodist.testing import factories as f
from metodist.testing.routes import route, step

from .builders import give_category


@pytest.fixture
def teacher(cast, client, on_today):
    """Signed in; her route has a step overdue since 10.01.2025 and one due on 20.01.2025 (TODAY is 15.01)."""
    give_category(cast.teacher, Category.HIGHEST, date(2024, 1, 10), None)
    working = route(cast.teacher, region=cast.region)
    step(working, title="Открытый урок", due_on=date(2025, 1, 10))
    step(working, title="Курс", due_on=date(2025, 1, 20))
    client.force_login(cast.teacher_user)
    return cast.teacher_user


def test_the_page_lists_the_reminders_by_kind_with_links(client, teacher):
    page = client.get(reverse("reminders:index")).content.decode()

    assert "Шаги индивидуальных маршрутов — 2" in page
    assert "Мой маршрут — шаг «Открытый урок»" in page
    assert "просрочено: 10.01.2025" in page
    assert "срок 20.01.2025" in page
    assert f'href="{reverse("routes:detail", args=[teacher.educator.learning_routes.get().pk])}"' in page


def test_every_page_loads_the_counter_after_itself(client, teacher):
    page = client.get(reverse("home:home")).content.decode()

    assert f'hx-get="{reverse("reminders:badge")}" hx-trigger="load"' in page
    assert "reminders-badge" not in page  # none of its queries are the page's


def test_the_counter_counts_the_reminders_shown_in_the_interface(client, teacher):
    badge = client.get(reverse("reminders:badge")).content.decode()

    assert 'title="Напоминания: 2"' in badge
    assert f'href="{reverse("reminders:index")}"' in badge


@pytest.mark.parametrize("more_routes", [0, 3])
def test_the_counter_of_a_teacher_costs_the_same_queries_however_many_reminders(
    cast, client, teacher, django_assert_num_queries, more_routes
):
    """Session and user 2; preferences 1, route steps 1, road-map items 1, recommendations 1, attestation 1 (her
    card: a category without a term needs no СЗД), requests for help 1, surveys 1."""
    for _ in range(more_routes):
        extra = route(cast.teacher, region=cast.region)
        for day in (5, 12, 19):
            step(extra, due_on=date(2025, 1, day))

    with django_assert_num_queries(9):
        badge = client.get(reverse("reminders:badge")).content.decode()

    assert f'title="Напоминания: {2 + 3 * more_routes}"' in badge


def test_the_counter_of_a_school_administrator_costs_the_same_queries_however_many_staff(
    cast, client, on_today, django_assert_num_queries
):
    """Session and user 2; preferences 1, cards 1, road-map items 1, route steps 1, recommendations 1, the
    staff's expiring categories 1 and СЗД 3 (employments, their last confirmations, the educators' absences),
    requests for help 1."""
    for _ in range(3):
        f.EmploymentFactory(organization=cast.school1)
    client.force_login(cast.school1_admin)

    with django_assert_num_queries(12):
        badge = client.get(reverse("reminders:badge")).content.decode()

    assert 'title="Напоминания: 5"' in badge  # СЗД of Смирнова, Кузнецов and the three overdue since 2012


def test_no_counter_without_reminders(cast, client, on_today):
    client.force_login(cast.mentor_user)
    give_category(cast.mentor_educator, Category.HIGHEST, date(2024, 1, 10), None)

    assert client.get(reverse("reminders:badge")).content.decode().strip() == ""
    assert "Сейчас напоминаний нет." in client.get(reverse("reminders:index")).content.decode()


def test_a_failing_source_neither_breaks_the_page_nor_logs_personal_data(client, teacher, monkeypatch, caplog):
    def broken(user, today):
        raise KeyError(user.last_name)

    monkeypatch.setitem(SOURCES, "routes", Source("Шаги индивидуальных маршрутов", broken))

    with caplog.at_level(logging.ERROR):
        badge = client.get(reverse("reminders:badge"))
        page = client.get(reverse("reminders:index"))

    assert badge.status_code == 200 and badge.content.decode().strip() == ""
    assert page.status_code == 200 and "Сейчас напоминаний нет." in page.content.decode()
    assert "source routes failed with KeyError" in caplog.text
    assert "Смирнова" not in caplog.text and "teacher" not in caplog.text


def test_school2_admin_sees_no_reminder_about_school1_staff(cast, client, on_today):
    give_category(cast.teacher)  # Смирнова of school 1: her category expires on 01.03.2025
    client.force_login(cast.school2_admin)

    page = client.get(reverse("reminders:index")).content.decode()

    assert "Орлова" in page
    assert "Смирнова" not in page


def test_defaults_all_in_the_interface_and_by_email_with_an_address(cast):
    cast.coordinator.email = "coordinator@n.example"

    assert preferences.enabled_kinds(cast.coordinator, Channel.WEB) == list(SOURCES)
    assert preferences.enabled_kinds(cast.coordinator, Channel.EMAIL) == list(SOURCES)
    assert preferences.enabled_kinds(cast.teacher_user, Channel.EMAIL) == []


def test_the_settings_page_stores_every_choice(client, teacher):
    teacher.email = "smirnova@school1.example"
    teacher.save(update_fields=["email"])
    choices = {f"{kind}__{Channel.WEB}": "on" for kind in SOURCES if kind != "routes"}
    choices[f"attestation__{Channel.EMAIL}"] = "on"

    response = client.post(reverse("reminders:settings"), choices, follow=True)

    assert "Настройки напоминаний сохранены." in response.content.decode()
    assert Preference.objects.filter(user=teacher).count() == 2 * len(SOURCES)
    assert preferences.enabled_kinds(teacher, Channel.EMAIL) == ["attestation"]
    assert "routes" not in preferences.enabled_kinds(teacher, Channel.WEB)
    page = client.get(reverse("reminders:index")).content.decode()
    assert "Открытый урок" not in page
    assert "Не показываются по вашим настройкам: Шаги индивидуальных маршрутов." in page
    assert client.get(reverse("reminders:badge")).content.decode().strip() == ""


def test_without_an_address_the_email_choices_are_disabled(client, teacher):
    page = client.get(reverse("reminders:settings")).content.decode()

    assert "не указан адрес электронной почты" in page
    assert f'name="routes__{Channel.EMAIL}" class="form-check-input" disabled' in page

    client.post(reverse("reminders:settings"), {f"routes__{Channel.EMAIL}": "on"})
    assert preferences.enabled_kinds(teacher, Channel.EMAIL) == []
