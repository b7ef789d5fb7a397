"""In a real browser: a teacher reports a difficulty from her cabinet, a methodologist opens the bank of
difficulties, picks the topic, sees its counts and plans a group consultation from the topic's open requests
(consultations.actions.schedule_group)."""

from datetime import date

import pytest

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_a_methodologist_plans_a_group_consultation_from_the_bank(page, live_server, cast, reference_data):
    from playwright.sync_api import expect

    from metodist.consultations.models import HelpRequest, RequestStatus
    from metodist.difficulties.models import Topic
    from metodist.difficulties.tests.conftest import help_request

    topic = Topic.objects.create(name="Работа с родителями", region=cast.region, municipality=cast.municipality)
    for educator, organization in ((cast.mentor_educator, cast.school1), (cast.school2_educator, cast.school2)):
        help_request(cast, educator, organization, date(2025, 1, 10), topic=topic)

    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/difficulties/")
    page.get_by_label("Тема затруднения").select_option(label="Работа с родителями")
    page.get_by_label("В чём затруднение").fill("Родители не приходят на собрания.")
    page.get_by_role("button", name="Отметить").click()
    expect(page.get_by_text("Затруднение отмечено.")).to_be_visible()

    sign_in(page, live_server, "methodologist")
    page.goto(f"{live_server.url}/difficulties/")
    row = page.locator("#bank-table tbody tr", has_text="Работа с родителями")
    expect(row.locator('[data-source="requests"]')).to_have_text("2")
    expect(row.locator('[data-source="reported"]')).to_have_text("1")
    row.get_by_role("link", name="Работа с родителями").click()
    expect(page.get_by_role("heading", name="Работа с родителями")).to_be_visible()
    expect(page.get_by_text("Родители не приходят на собрания.")).to_be_visible()

    page.get_by_label("Групповую консультацию").check()
    page.get_by_label("Дата").fill("2025-01-22")
    page.get_by_role("button", name="Запланировать").click()
    expect(page.get_by_text("Групповая консультация назначена, запросов: 2.")).to_be_visible()
    assert set(HelpRequest.objects.values_list("status", "scheduled_for")) == {
        (RequestStatus.SCHEDULED, date(2025, 1, 22))
    }
