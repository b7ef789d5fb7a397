"""Key journeys of the registry in a real browser: a coordinator finds young educators; an educator sees
only herself."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_today"),
]


def test_coordinator_filters_young_educators_and_opens_a_card(login, live_server, cast):
    page = login("coordinator")
    page.get_by_role("navigation").get_by_role("link", name="Педагоги").click()
    expect(page.locator("#total")).to_have_text("3")

    page.get_by_label("Молодой педагог").check()

    expect(page.locator("#total")).to_have_text("1")
    expect(page).to_have_url(re.compile(r"young=1"))
    page.get_by_role("link", name="Смирнова Анна Игоревна").click()
    expect(page).to_have_url(f"{live_server.url}/people/{cast.teacher.pk}/")
    expect(page.get_by_role("heading", name="Смирнова Анна Игоревна")).to_be_visible()
    expect(page.get_by_text("Молодой педагог").first).to_be_visible()


def test_educator_sees_only_herself(login, live_server, cast):
    page = login("teacher")

    page.goto(f"{live_server.url}/people/")

    expect(page.locator("#total")).to_have_text("1")
    expect(page.get_by_role("link", name="Смирнова Анна Игоревна")).to_be_visible()
    expect(page.get_by_text("Кузнецов")).to_have_count(0)
    response = page.goto(f"{live_server.url}/people/{cast.mentor_educator.pk}/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/orgs/{cast.school2.pk}/")
    assert response.status == 404


def test_wrong_password_is_refused_in_russian(page, live_server, cast):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill("coordinator")
    page.get_by_label("Пароль").fill("не тот")
    page.get_by_role("button", name="Войти").click()

    expect(page.get_by_role("alert")).to_contain_text("Пожалуйста, введите правильные имя пользователя и пароль")
    expect(page.get_by_label("Имя пользователя")).to_have_value("coordinator")
