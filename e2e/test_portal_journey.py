"""In a real browser: an anonymous visitor goes from the login page to the open portal, opens the municipality
and its approved report, and finds the small cells hidden (no login, no CSP violation)."""

import pytest

from metodist.portal.tests.builders import published_municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_an_anonymous_visitor_reads_the_portal(page, live_server, cast):
    from playwright.sync_api import expect

    published_municipality(cast)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Открытый портал").click()
    page.get_by_role("link", name="Город N").click()
    expect(page.get_by_role("heading", name="Город N")).to_be_visible()
    expect(page.get_by_text("Семинар по функциональной грамотности")).to_be_visible()
    expect(page.get_by_role("row", name="I. Диагностика")).to_contain_text("1 из 3")

    page.get_by_role("link", name="Справка 2023/24").click()
    row = page.get_by_role("row").filter(has_text="доля молодых педагогов").first
    expect(row).to_contain_text("30,0")
    row.get_by_text("По организациям").click()
    expect(row.get_by_role("row").filter(has_text="Школа № 1")).to_contain_text("*")
    expect(page.get_by_text("Смирнова")).to_have_count(0)
