"""In a real browser: a methodologist builds a short survey and sends it to school 1, the invited teacher answers
it from her cabinet, and the methodologist sees the response rate with the results hidden below five answers."""

import pytest

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_a_survey_is_built_sent_answered_and_its_results_suppressed(page, live_server, cast):
    from playwright.sync_api import expect

    sign_in(page, live_server, "methodologist")
    page.goto(f"{live_server.url}/surveys/new/")
    page.get_by_label("Название").fill("Формат семинаров")
    page.get_by_label("Срок ответа").fill("2025-01-31")
    page.get_by_label("Организации").select_option(label="Школа № 1")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Черновик анкеты создан.")).to_be_visible()

    page.get_by_role("link", name="Добавить вопрос").click()
    page.get_by_label("Вопрос").fill("Какой формат удобнее?")
    page.get_by_label("Варианты ответа").fill("Очно\nДистанционно")
    page.get_by_role("button", name="Сохранить вопрос").click()
    expect(page.get_by_text("Вопрос добавлен.")).to_be_visible()

    page.get_by_role("link", name="Разослать…").click()
    expect(page.locator("#audience-count")).to_contain_text("2")
    page.get_by_role("button", name="Разослать 2 педагогам").click()
    expect(page.get_by_text("Анкета разослана: приглашено педагогов — 2.")).to_be_visible()

    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/")
    page.locator("#surveys-panel").get_by_role("link", name="Формат семинаров").click()
    page.get_by_role("button", name="Отправить ответ").click()
    expect(page.get_by_text("Ответьте на этот вопрос.")).to_be_visible()
    page.get_by_label("Дистанционно").check()
    page.get_by_role("button", name="Отправить ответ").click()
    expect(page.get_by_text("Спасибо! Ваш ответ принят.")).to_be_visible()

    sign_in(page, live_server, "methodologist")
    page.goto(f"{live_server.url}/surveys/")
    page.get_by_role("link", name="Формат семинаров").click()
    page.get_by_role("link", name="Результаты").click()
    expect(page.locator("#rate")).to_contain_text("Приглашено: 2, ответили: 1 (50,0 %)")
    expect(page.locator(".suppressed").first).to_have_text("менее 5 ответов — не показывается")
