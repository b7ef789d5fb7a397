"""In a real browser: a teacher asks for methodological help, the methodologist assigns the request to herself
with a date, records the consultation (the request is done), and the teacher rates the help, which closes the
request."""

import pytest

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_a_request_goes_from_filing_to_the_rating(page, live_server, cast):
    from playwright.sync_api import expect

    from metodist.consultations.models import HelpRequest
    from metodist.difficulties.models import Topic

    Topic.objects.create(name="Работа с родителями (законными представителями)", region=cast.region)

    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Запросить методическую помощь").click()
    page.locator("#id_topic").select_option(label="Работа с родителями (законными представителями)")
    page.get_by_label("Описание затруднения, вопрос").fill("Как провести родительское собрание в 5-м классе?")
    page.get_by_label("Срочно").check()
    page.get_by_role("button", name="Подать запрос").click()
    expect(page.get_by_text("подан. Методическая служба назначит исполнителя.")).to_be_visible()
    number = HelpRequest.objects.get().pk

    sign_in(page, live_server, "methodologist")
    page.goto(f"{live_server.url}/consultations/")
    page.get_by_role("link", name="Работа с родителями (законными представителями)").click()
    page.get_by_label("Исполнитель").select_option(label=f"{cast.methodologist.username} — методист")
    page.get_by_label("Дата консультации (необязательно)").fill("2025-01-20")
    page.get_by_role("button", name="Назначить", exact=True).click()
    expect(page.get_by_text("Исполнитель назначен.")).to_be_visible()
    expect(page.get_by_text("Назначена дата").first).to_be_visible()
    page.get_by_role("link", name="Внести консультацию").click()
    page.get_by_label("Что рекомендовано").fill("Провести собрание в форме практикума, дать памятку родителям.")
    page.get_by_role("button", name="Сохранить консультацию").click()
    expect(page.get_by_text("Консультация внесена; запросы отмечены как выполненные.")).to_be_visible()
    expect(page.get_by_text("Помощь оказана").first).to_be_visible()

    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/consultations/{number}/")
    page.locator("#rate").get_by_label("5").check()
    page.locator("#rate").get_by_label("Да").check()
    page.get_by_label("Комментарий").fill("Спасибо, собрание прошло спокойно.")
    page.get_by_role("button", name="Оценить").click()
    expect(page.get_by_text("Спасибо за оценку! Запрос закрыт.")).to_be_visible()
    expect(page.locator("#rating")).to_contain_text("5 из 5")
    assert HelpRequest.objects.get().status == "closed"
