"""In a real browser: a methodologist creates an event, an educator registers for it, and after it took place the
methodologist marks her attendance. The browser, the page (failing on a CSP violation) and the reference data come
from e2e/conftest.py; the clock is stopped at noon of 15.01.2025."""

from datetime import timedelta

import pytest

from metodist.events.models import Event, Participation, RegistrationStatus

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_a_methodologist_creates_an_event_an_educator_registers_and_attendance_is_marked(page, live_server, cast):
    from playwright.sync_api import expect

    sign_in(page, live_server, "methodologist")
    page.goto(f"{live_server.url}/events/")
    page.get_by_role("link", name="Новое мероприятие").click()
    page.get_by_label("Название").fill("Мастер-класс «Формирующее оценивание»")
    page.get_by_label("Форма").select_option("master_class")
    page.get_by_label("Начало").fill("2025-01-28T15:00")
    page.get_by_label("Окончание").fill("2025-01-28T17:00")
    page.get_by_label("Число мест").fill("10")
    page.get_by_label("Состояние").select_option("published")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Мероприятие создано.")).to_be_visible()
    event = Event.objects.get()

    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/events/?month=2025-01")
    page.get_by_role("link", name="Мастер-класс «Формирующее оценивание»").click()
    page.get_by_role("button", name="Зарегистрироваться").click()
    expect(page.get_by_text("Регистрация выполнена.")).to_be_visible()
    expect(page.locator("#my-status")).to_have_text("Зарегистрирован")

    # the event took place (moved into the past rather than moving the frozen clock of the live server)
    Event.objects.filter(pk=event.pk).update(
        starts_at=event.starts_at - timedelta(days=14), ends_at=event.ends_at - timedelta(days=14)
    )
    sign_in(page, live_server, "methodologist")
    page.goto(f"{live_server.url}/events/{event.pk}/")
    page.get_by_role("link", name="Отметить посещение").click()
    page.get_by_label("Смирнова Анна Игоревна").check()
    page.get_by_role("button", name="Сохранить отметки").click()
    expect(page.get_by_text("Посещение отмечено")).to_be_visible()

    assert Participation.objects.get(event=event, educator=cast.teacher).status == RegistrationStatus.ATTENDED
