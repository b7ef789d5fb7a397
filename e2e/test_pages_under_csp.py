"""The pages whose behaviour moved from inline code to static files under the Content-Security-Policy: the
charts of a drill-down, the rows added to the educator form, the API documentation. The `page` fixture fails a
test on any violation the browser reports; screenshots go to test-artifacts/."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from metodist.jobs.models import Job, JobStatus
from metodist.monitoring import actions
from metodist.monitoring.tests.campaigns import campaign_fixture, catalogue_fixture  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_today"),
]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def test_drill_down_draws_its_chart_and_the_campaign_its_bars(login, live_server, cast, campaign):
    actions.compute_snapshot(campaign, by=cast.coordinator)
    page = login("coordinator")

    page.goto(f"{live_server.url}/monitoring/{campaign.pk}/indicators/young/")

    canvas = page.locator("canvas[data-chart]").first
    expect(canvas).to_be_visible()
    assert page.evaluate("Boolean(Chart.getChart(document.querySelector('canvas[data-chart]')))")
    assert canvas.bounding_box()["height"] > 100  # the box got its height from data-height-px
    screenshot(page, "csp-drilldown-chart")

    page.goto(f"{live_server.url}/monitoring/{campaign.pk}/")
    bar = page.locator(".progress-bar[data-width-percent]").first
    width = bar.evaluate("el => el.style.width")
    assert width.endswith("%") and float(width[:-1]) == float(bar.get_attribute("data-width-percent"))


def test_educator_form_adds_a_row_of_education(login, live_server, cast):
    page = login("coordinator")
    page.goto(f"{live_server.url}/people/new/")
    button = page.get_by_role("button", name="+ Добавить образование")
    prefix = button.get_attribute("data-formset-add")
    total = page.locator(f"#id_{prefix}-TOTAL_FORMS")
    before = int(total.input_value())

    button.click()

    expect(total).to_have_value(str(before + 1))
    expect(page.locator(f"#{prefix}-rows [name^='{prefix}-{before}-']").first).to_be_attached()
    screenshot(page, "csp-educator-form")


def test_api_documentation_renders_swagger_ui(login, live_server, cast):
    page = login("coordinator")

    page.goto(f"{live_server.url}/api/v1/docs")

    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    screenshot(page, "csp-api-docs")


def test_job_page_keeps_its_bar_when_htmx_redraws_it(login, live_server, cast):
    job = Job.objects.create(created_by=cast.coordinator, kind="tests.groups", title="Загрузка педагогов",
                             status=JobStatus.RUNNING, done=5, total=20, unit="Проверено строк")  # fmt: skip
    page = login("coordinator")

    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    with page.expect_response(lambda response: "/status" in response.url):
        pass  # one poll of htmx, which replaces the whole status block

    bar = page.locator("#job-status .progress-bar")
    expect(bar).to_have_text("25 %")
    assert bar.evaluate("el => el.style.width") == "25%"
