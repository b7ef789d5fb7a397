"""In a real browser: the coordinator loads seed 003's structure into the municipality, gives the methodological
service its official contacts and finds the service on the diagram; an anonymous visitor opens the public page
and sees the contacts but no person (the `page` fixture fails the test on any CSP violation)."""

import pytest

from .journeys import sign_in

# Per box: does every line of its text lie inside its rectangle, as the browser lays the font out?
TEXT_INSIDE = """() => [...document.querySelectorAll('a.structure-box')].map(box => {
  const r = box.querySelector('rect').getBBox();
  return [...box.querySelectorAll('text')].every(text => {
    const t = text.getBBox();
    return t.x >= r.x && t.y >= r.y && t.x + t.width <= r.x + r.width && t.y + t.height <= r.y + r.height;
  });
})"""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_the_coordinator_builds_the_structure_and_the_public_sees_it_without_names(page, live_server, cast):
    from playwright.sync_api import expect

    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/structure/")
    page.get_by_role("button", name="Загрузить шаблон положения (8)").click()
    expect(page.get_by_text("добавлено субъектов — 8")).to_be_visible()
    expect(page.locator("a.structure-box")).to_have_count(8)

    page.locator("a.structure-box").first.click()
    page.get_by_role("link", name="Изменить").click()
    page.get_by_label("Наименование").fill("Информационно-методический центр")
    page.get_by_label("Телефон").fill("+7 (4852) 45-12-30")
    page.get_by_label("Электронная почта").fill("imc@ensk.example.ru")
    page.get_by_label("Должность руководителя (официально)").fill("директор ИМЦ")
    page.get_by_label("Руководитель", exact=True).select_option(label="Смирнова Анна Игоревна")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Изменения сохранены.")).to_be_visible()
    expect(page.get_by_text("Смирнова Анна Игоревна")).to_be_visible()

    page.get_by_role("link", name="← Структура системы").click()
    expect(page.locator("svg.structure-diagram")).to_contain_text("Информационно-методический центр")
    expect(page.locator("#structure-list")).to_contain_text("+7 (4852) 45-12-30")
    assert page.evaluate(TEXT_INSIDE) == [True] * 8

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/structure/public/{cast.municipality.pk}/")
    expect(page.get_by_role("heading", name="Информационно-методический центр")).to_be_visible()
    expect(page.get_by_text("imc@ensk.example.ru")).to_be_visible()
    expect(page.get_by_text("директор ИМЦ")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Смирнова")
