"""In a real browser: the teacher sees the bell with the number of her reminders once the page has loaded,
opens the list, turns one kind off in the settings, and the bell is gone."""

from datetime import date

import pytest

from metodist.people.models import Category
from metodist.reminders.tests.builders import give_category
from metodist.testing.routes import route, step

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_the_teacher_reads_her_reminders_and_turns_a_kind_off(page, live_server, cast):
    from playwright.sync_api import expect

    give_category(cast.teacher, Category.HIGHEST, date(2024, 1, 10), None)
    working = route(cast.teacher, region=cast.region)
    step(working, title="Открытый урок", due_on=date(2025, 1, 10))
    step(working, title="Курс", due_on=date(2025, 1, 20))

    sign_in(page, live_server, "teacher")
    page.wait_for_load_state("networkidle")
    bell = page.get_by_role("link", name="Напоминания: 2")
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_role("link", name="Мой маршрут — шаг «Открытый урок»")).to_be_visible()
    expect(page.get_by_text("просрочено: 10.01.2025")).to_be_visible()

    page.get_by_role("link", name="Настроить напоминания").click()
    page.get_by_label("Шаги индивидуальных маршрутов: в интерфейсе").uncheck()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Настройки напоминаний сохранены.")).to_be_visible()

    page.goto(f"{live_server.url}/reminders/")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Сейчас напоминаний нет.")).to_be_visible()
    expect(page.locator(".reminders-badge")).to_have_count(0)
