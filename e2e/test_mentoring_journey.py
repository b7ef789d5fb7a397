"""In a real browser: the coordinator assigns a mentor to a young teacher from «Нуждаются в наставнике», the
mentor logs a meeting with a private note, and the coordinator sees the meeting in the cadence — but not the note.
The browser, the page (failing on a CSP violation) and the reference data come from e2e/conftest.py."""

import pytest

from metodist.testing import community as c

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_coordinator_assigns_a_mentor_and_sees_the_cadence_without_notes(page, live_server, cast):
    from playwright.sync_api import expect

    c.program(cast.school1, title="Программа школы № 1")

    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/mentoring/needing/")
    expect(page.get_by_role("cell", name="Смирнова Анна Игоревна")).to_be_visible()
    page.get_by_role("link", name="Назначить наставника").first.click()
    page.get_by_label("Программа наставничества").select_option(label="Программа школы № 1")
    page.locator("#id_mentor").select_option(label="Кузнецов Павел Андреевич")
    page.get_by_label("Цели (каждая с новой строки)").fill("Провести открытый урок")
    page.get_by_role("button", name="Назначить").click()
    expect(page.get_by_text("Наставник назначен.")).to_be_visible()

    sign_in(page, live_server, "mentor")
    page.goto(f"{live_server.url}/mentoring/")
    page.get_by_role("link", name="Смирнова Анна Игоревна").click()
    page.get_by_label("Тема").fill("Разбор первого урока")
    page.get_by_label("Личные заметки (видите только вы)").fill("Волнуется у доски")
    page.get_by_role("button", name="Записать встречу").click()
    expect(page.get_by_text("Встреча записана.")).to_be_visible()
    expect(page.get_by_text("Волнуется у доски")).to_be_visible()

    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/mentoring/cadence/")
    expect(page.get_by_role("link", name="Кузнецов Павел Андреевич")).to_be_visible()
    expect(page.get_by_text("Волнуется у доски")).to_have_count(0)
