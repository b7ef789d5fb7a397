"""Security in a real browser: two people edit one educator card at once; a password guessed ten times."""

import os

import pytest
from playwright.sync_api import expect

from metodist import settings as configured

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_today"),
]
SCREENSHOTS = os.environ.get("METODIST_SCREENSHOTS")  # a folder to keep the pages in, for a look by eye


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def sign_in(page, live_server, username: str, password: str = "pass-12345"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    return page


def test_the_second_of_two_editors_is_told_what_changed(new_page, live_server, cast):
    pages = []
    for username in ("methodologist", "coordinator"):
        page = new_page()
        sign_in(page, live_server, username).goto(f"{live_server.url}/people/{cast.teacher.pk}/edit/")
        pages.append(page)
    first, second = pages
    first.get_by_label("Телефон").fill("+7 900 111-11-11")
    first.get_by_role("button", name="Сохранить").click()
    expect(first.get_by_text("Изменения сохранены.")).to_be_visible()

    second.get_by_label("Фамилия").fill("Смирнова-Орлова")
    second.get_by_role("button", name="Сохранить").click()

    conflict = second.locator("#edit-conflict")
    expect(conflict).to_contain_text("Запись изменена другим пользователем")
    expect(conflict).to_contain_text("+7 900 111-11-11")
    expect(second.get_by_label("Фамилия")).to_have_value("Смирнова-Орлова")
    shot(second, "edit-conflict")


def test_ten_wrong_passwords_lock_the_login_with_a_russian_message(page, live_server, cast, settings):
    settings.AXES_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = configured.AUTHENTICATION_BACKENDS

    for _ in range(10):
        sign_in(page, live_server, "coordinator", "не тот")

    expect(page.locator("#login-locked")).to_contain_text("Слишком много неудачных попыток входа подряд")
    sign_in(page, live_server, "coordinator")
    expect(page.locator("#login-locked")).to_be_visible()
    shot(page, "login-locked")
