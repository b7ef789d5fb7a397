"""In a real browser: the head of an association adds a plan item, logs a meeting with the member present and
its minutes; the member sees the association and the meeting. The browser, the page (failing on a CSP
violation) and the reference data come from e2e/conftest.py."""

import pytest

from metodist.accounts.models import Role
from metodist.testing import factories as f
from metodist.testing.community import association

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_the_head_keeps_the_plan_and_the_minutes_and_the_member_reads_them(page, live_server, cast):
    from playwright.sync_api import expect

    head = f.UserFactory(username="assoc", role=Role.ASSOCIATION_HEAD, municipality=cast.municipality)
    association(cast.municipality, title="РМО учителей математики", members=[cast.teacher], head_user=head)

    sign_in(page, live_server, "assoc")
    page.goto(f"{live_server.url}/community/")
    page.locator("#headed").get_by_role("link", name="РМО учителей математики").click()
    page.get_by_label("Срок (дата или первое число месяца)").fill("2025-02-01")
    page.get_by_label("Тема").fill("Формирующее оценивание на уроках математики")
    page.get_by_role("button", name="Добавить в план").click()
    expect(page.get_by_text("Пункт плана добавлен.")).to_be_visible()
    page.get_by_role("link", name="Провести заседание").click()
    page.locator("#id_topic").fill("Формирующее оценивание")
    page.get_by_label("Протокол", exact=True).fill("Слушали: руководителя РМО. Решили: провести открытые уроки.")
    page.get_by_label("Смирнова Анна Игоревна").check()
    page.get_by_role("button", name="Сохранить заседание").click()
    expect(page.get_by_text("Заседание и протокол сохранены.")).to_be_visible()
    expect(page.locator("#meetings")).to_contain_text("присутствовали: 1")

    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/")
    page.locator("#community-panel").get_by_role("link", name="РМО учителей математики").click()
    page.locator("#meetings").get_by_role("link").first.click()
    expect(page.get_by_text("Решили: провести открытые уроки.")).to_be_visible()
    expect(page.locator("#attendees")).to_contain_text("Присутствовали: 1 из 1")
