"""In a real browser: the coordinator opens the clusters of a campaign, reads why a school is in the support
cluster and follows an indicator to its drill-down. The browser, the page (failing on a CSP violation) and
the reference data come from e2e/conftest.py."""

import re

import pytest

from metodist.clusters.tests.builders import build_case

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_the_coordinator_reads_why_a_school_needs_support(page, live_server, cast):
    from playwright.sync_api import expect

    build_case(cast.municipality)

    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/clusters/")
    page.get_by_role("link", name="Мониторинг 2023/24").click()
    support = page.locator("#cluster-support")
    expect(support).to_contain_text("S3")
    expect(support).to_contain_text("K1")
    expect(page.locator("#cluster-none")).to_contain_text("K5")
    support.get_by_role("link", name="S3").click()
    expect(page.get_by_text("хуже, чем у 4 из 4 сопоставимых")).to_be_visible()
    page.get_by_role("link", name="i3").click()
    expect(page).to_have_url(re.compile(r"/monitoring/\d+/indicators/i3/\?organization=\d+$"))
    expect(page.get_by_role("heading", name="доля педагогов, участвующих в конкурсах")).to_be_visible()
