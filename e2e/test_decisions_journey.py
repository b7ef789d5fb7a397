"""In a real browser: the methodologist adds a measure to a decision on the campaign's results, computes its
effectiveness against the peers and signs the verdict; the administrator of school 1 records the evidence. The
browser, the page (failing on a CSP violation) and the reference data come from e2e/conftest.py."""

from datetime import date

import pytest

from metodist.decisions.models import Decision, DecisionKind
from metodist.decisions.tests import builders as b
from metodist.testing import factories as f

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_a_measure_is_added_reviewed_against_peers_signed_and_its_evidence_recorded(page, live_server, cast):
    from playwright.sync_api import expect

    row, share, _ = b.catalogue()
    cause, following = (b.campaign(row, cast.region, cast.municipality, year) for year in (2022, 2023))
    before, after = b.snapshot(cause, approved=True), b.snapshot(following, approved=True)
    peers = [f.OrganizationFactory(municipality=cast.municipality, short_name=f"Школа П{n}") for n in (1, 2, 3)]
    targeted = [cast.school1, cast.school2]
    b.values(before, share, dict(zip([*targeted, *peers], [10, 20, 10, 20, 30], strict=True)))
    # the targeted schools grew by 5, their peers by 8: grown, but worse than the comparable schools
    b.values(after, share, dict(zip([*targeted, *peers], [15, 25, 18, 28, 38], strict=True)))
    decision = Decision.objects.create(municipality=cast.municipality, campaign=cause, kind=DecisionKind.ORDER,
                                       number="112", date=date(2023, 9, 20),
                                       title="О мерах по итогам 2022/23")  # fmt: skip

    sign_in(page, live_server, "methodologist")
    page.goto(f"{live_server.url}/decisions/")
    page.get_by_role("link", name="О мерах по итогам 2022/23").click()
    page.get_by_role("link", name="Добавить меру").click()
    page.get_by_label("Мероприятие").fill("Курсы повышения квалификации")
    page.get_by_label("Ответственная организация").select_option(label="Школа № 1")
    page.get_by_label("Срок").fill("2024-04-30")
    page.get_by_label("Организации, на которые направлена").select_option(label=["Школа № 1", "Школа № 2"])
    page.get_by_label("Показатели").select_option(label="1 доля учителей с категорией")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Мера добавлена.")).to_be_visible()
    page.get_by_role("link", name="анализ эффективности").click()
    page.get_by_role("button", name="Рассчитать").click()
    expect(page.locator("#verdict")).to_contain_text("не эффективна")
    expect(page.locator("#indicators")).to_contain_text("хуже, чем у сопоставимых")
    page.get_by_label("Заключение методиста").fill("Рост ниже, чем у сопоставимых школ: пересмотреть программу.")
    page.get_by_role("button", name="Подписать вывод").click()
    expect(page.get_by_text("Заключение подписано")).to_be_visible()

    sign_in(page, live_server, "school1")
    page.goto(f"{live_server.url}/decisions/{decision.pk}/")
    page.get_by_role("link", name="отметить выполнение").click()
    page.get_by_label("Статус").select_option(label="Выполнена")
    page.get_by_label("Подтверждение выполнения").fill("Удостоверения 12 педагогов")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Выполнение меры отмечено.")).to_be_visible()
    expect(page.locator("#measures")).to_contain_text("Удостоверения 12 педагогов")
