"""In a real browser, the cycle after an approved campaign as the issue names it: the coordinator generates and
approves the analytical report, generates the recommendations, approves one and sends it; the administrator of
school 1 opens it and confirms reading; the coordinator sees it read."""

import pytest

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_report_approved_recommendations_sent_and_one_read_by_a_school(page, live_server, cast, tmp_path):
    from playwright.sync_api import expect

    from metodist.recommendations.models import Recommendation
    from metodist.recommendations.tests.world import build

    world = build(cast, tmp_path)
    campaign_url = f"{live_server.url}/recommendations/campaign/{world.campaign.pk}/"

    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("button", name="Сформировать справку").click()
    expect(page.get_by_text("Справка сформирована по утверждённым результатам.")).to_be_visible()
    page.get_by_role("button", name="Утвердить справку").click()
    expect(page.locator("#report-status")).to_have_text("Утверждена")

    page.goto(f"{live_server.url}/recommendations/")
    page.get_by_role("link", name="Мониторинг 2023/24").click()
    page.get_by_role("button", name="Сформировать черновики").click()
    expect(page.get_by_text("Черновики сформированы")).to_be_visible()
    page.get_by_label("Кому").select_option(label="Образовательной организации")
    page.get_by_role("button", name="Показать", exact=True).click()
    title = (
        Recommendation.objects.filter(campaign=world.campaign, organization=cast.school1).order_by("pk").first().title
    )
    page.get_by_role("link", name=title).first.click()
    page.get_by_role("button", name="Утвердить").click()
    expect(page.get_by_text("Рекомендация утверждена.")).to_be_visible()
    page.goto(campaign_url)
    page.get_by_role("button", name="Направить все утверждённые (1)").click()
    expect(page.get_by_text("Направлено рекомендаций: 1.")).to_be_visible()

    sign_in(page, live_server, "school1")
    page.goto(f"{live_server.url}/recommendations/")
    page.locator("#received").get_by_role("link", name=title).click()
    page.get_by_role("button", name="Ознакомлен(а)").click()
    expect(page.locator("#receipt")).to_contain_text("Вы ознакомились 15.01.2025")

    sign_in(page, live_server, "coordinator")
    page.goto(f"{campaign_url}readers/")
    row = page.locator("#reading tbody tr").filter(has_text=title)
    expect(row).to_contain_text("Школа № 1")
    expect(row.locator(".text-success")).to_be_visible()
    expect(page.locator("#reading-summary")).to_contain_text("ознакомились 1 из 1")
