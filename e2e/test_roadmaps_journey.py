"""In a real browser: the coordinator adopts seed 004's plan for «Город N», sees what is overdue, edits an item and
marks an occurrence done, looks at the timeline; the administrator of school 1 reads the road map without edit
links. The clock is stopped at noon of 15.01.2025."""

import pytest

from metodist.roadmaps.library import load_templates
from metodist.roadmaps.models import Roadmap

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_the_coordinator_adopts_and_runs_a_road_map(page, live_server, cast):
    from playwright.sync_api import expect

    load_templates()
    kizel = Roadmap.objects.get(code="kizel-2021-2024")
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/roadmaps/")
    page.locator(f"a[href='/roadmaps/{kizel.pk}/adopt/']").click()
    expect(page.get_by_label("Год начала")).to_have_value("2021")
    page.get_by_role("button", name="Принять").click()
    expect(page.get_by_text("Дорожная карта принята")).to_be_visible()
    # 12 items; on 15.01.2025 every dated one is overdue, 2.7. «по мере необходимости» has no date
    expect(page.get_by_text("Мероприятий: 12")).to_be_visible()
    expect(page.get_by_text("просрочено 11")).to_be_visible()
    adopted = Roadmap.objects.get(municipality=cast.municipality)
    item = adopted.items.get(number="1.3.")

    page.locator(f"a[href='/roadmaps/{adopted.pk}/items/{item.pk}/']").click()
    page.get_by_label("Статус").select_option("in_progress")
    page.get_by_label("Подтверждение выполнения").fill("Календарь на 2021/22 утверждён приказом № 101")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Мероприятие сохранено.")).to_be_visible()
    page.locator(f"a[href='/roadmaps/{adopted.pk}/items/{item.pk}/']").click()
    for _ in range(4):  # September 2021–2024
        page.get_by_role("button", name="Выполнено").first.click()
        expect(page.get_by_text("Срок отмечен выполненным.")).to_be_visible()
    assert not item.dues.filter(done_on__isnull=True).exists()

    page.goto(f"{live_server.url}/roadmaps/{adopted.pk}/timeline/?year=2021")
    expect(page.locator(".roadmaps-mark-done[title='30.09.2021 — выполнено']")).to_be_visible()
    expect(page.locator(".roadmaps-mark-overdue[title='31.08.2021 — просрочено']").first).to_be_visible()
    expect(page.get_by_text("Срок не определяется (1)")).to_be_visible()

    sign_in(page, live_server, "school1")
    page.goto(f"{live_server.url}/roadmaps/{adopted.pk}/")
    expect(page.get_by_text("просрочено 10")).to_be_visible()
    expect(page.get_by_role("link", name="изменить")).to_have_count(0)
