"""In a real browser: the coordinator generates the analytical report of an approved campaign, follows a
sentence's evidence link to the drill-down list, edits a sentence (the generated wording stays beside it) and
approves the report. The browser, the page (failing on a CSP violation) and the reference data come from
e2e/conftest.py."""

import pytest

from metodist.monitoring.tests.builders import load_test_catalogue
from metodist.reports.tests.world import approve_values, campaign_of

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_the_coordinator_generates_checks_edits_and_approves_the_report(page, live_server, cast, tmp_path):
    from playwright.sync_api import expect

    campaign = campaign_of(cast, load_test_catalogue(tmp_path))
    approve_values(cast, campaign)

    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("button", name="Сформировать справку").click()
    expect(page.get_by_text("Справка сформирована по утверждённым результатам.")).to_be_visible()
    expect(page.get_by_role("heading", name="2. Трек 1")).to_be_visible()

    young = page.locator(".reports-sentence", has_text="Показатель 1 «доля молодых педагогов» составил")
    young.get_by_role("link", name="список учтённых").click()
    expect(page).to_have_url(
        f"{live_server.url}/monitoring/{campaign.pk}/indicators/young/?municipality={cast.municipality.pk}"
    )
    page.go_back()

    young = page.locator(".reports-sentence", has_text="Показатель 1 «доля молодых педагогов» составил")
    young.get_by_role("link", name="изменить").click()
    page.get_by_label("Текст предложения").fill("Доля молодых педагогов (25,0 %) выше целевого значения.")
    page.get_by_role("button", name="Сохранить").click()
    edited = page.locator(".reports-sentence", has_text="Доля молодых педагогов (25,0 %) выше целевого значения.")
    expect(edited.get_by_text("правка методиста")).to_be_visible()
    edited.get_by_text("Отличия от сформированного текста").click()
    expect(edited.locator("del").first).to_be_visible()

    page.get_by_role("button", name="Утвердить справку").click()
    expect(page.get_by_text("Справка утверждена.")).to_be_visible()
    expect(page.locator("#report-status")).to_have_text("Утверждена")
    expect(page.get_by_role("link", name="изменить")).to_have_count(0)
