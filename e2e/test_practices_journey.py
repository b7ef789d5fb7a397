"""In a real browser: a teacher submits a practice with a PDF, the methodologist takes it for review and
accepts it, and an anonymous visitor finds it in the public registry (no login, no CSP violation)."""

import pytest

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_practice_goes_from_submission_to_the_public_registry(page, live_server, cast, tmp_path, settings):
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = tmp_path
    material = tmp_path / "практика.pdf"
    material.write_bytes(PDF)

    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/practices/new/")
    page.get_by_label("Название").fill("Задачи PISA на уроках математики")
    page.get_by_label("Аннотация").fill("Каждый урок — одна задача на функциональную грамотность.")
    page.get_by_label("Организация").select_option(label="Школа № 1")
    page.get_by_label("Файл материалов").set_input_files(str(material))
    page.get_by_role("button", name="Подать на экспертизу").click()
    expect(page.get_by_text("Практика подана на экспертизу.")).to_be_visible()

    sign_in(page, live_server, "methodologist")
    page.goto(f"{live_server.url}/practices/")
    page.get_by_role("link", name="Задачи PISA на уроках математики").click()
    page.get_by_role("button", name="Взять на экспертизу").click()
    expect(page.get_by_text("На экспертизе").first).to_be_visible()
    page.get_by_label("Принять").check()
    page.get_by_label("Уровень тиражирования").select_option("municipal")
    page.get_by_role("button", name="Сохранить заключение").click()
    expect(page.get_by_text("Экспертное заключение сохранено.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/practices/public/")
    page.get_by_role("link", name="Задачи PISA на уроках математики").click()
    expect(page.get_by_text("Смирнова Анна Игоревна")).to_be_visible()
    expect(page.get_by_role("link", name="Скачать материалы")).to_be_visible()
