"""In a real browser: a jury member fills his scoring sheet, the methodologist records the winner, closes the stage
and advances the winner to the regional stage. The browser, the page (failing on a CSP violation) and the
reference data come from e2e/conftest.py."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.competitions.models import CompetitionEntry, JuryMember, Level, Result, Score, ScoringCriterion
from metodist.competitions.tests import builders

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_jury_scores_and_the_methodologist_closes_the_stage_and_advances_the_winner(page, live_server, cast):
    from playwright.sync_api import expect

    competition = builders.competition(
        cast.region, cast.municipality, levels=(Level.MUNICIPAL, Level.REGIONAL), ends_on=date(2024, 12, 20)
    )
    stage = competition.stages.get(order=1)
    entry = builders.entry(stage, cast.teacher)
    ScoringCriterion.objects.create(stage=stage, name="Учебное занятие", max_points=Decimal(40), order=1)
    JuryMember.objects.create(stage=stage, user=cast.mentor_user)

    sign_in(page, live_server, "mentor")
    page.goto(f"{live_server.url}/competitions/{competition.pk}/")
    page.get_by_role("link", name="Мой оценочный лист").click()
    page.get_by_label("Смирнова Анна Игоревна: Учебное занятие").fill("45")
    page.get_by_role("button", name="Сохранить оценки").click()
    expect(page.get_by_text("Не больше 40.")).to_be_visible()
    page.get_by_label("Смирнова Анна Игоревна: Учебное занятие").fill("36")
    page.get_by_role("button", name="Сохранить оценки").click()
    expect(page.get_by_text("Оценки сохранены.")).to_be_visible()

    sign_in(page, live_server, "methodologist")
    page.goto(f"{live_server.url}/competitions/{competition.pk}/")
    page.get_by_label("Результат").select_option(Result.WINNER)
    page.get_by_role("button", name="Сохранить").first.click()
    page.locator("#stage-1").get_by_role("button", name="Закрыть этап и рассчитать рейтинг").click()
    expect(page.get_by_text("Этап закрыт: рейтинг рассчитан")).to_be_visible()
    page.get_by_role("button", name="На региональный этап").click()
    expect(page.get_by_text("выдвинут(а) на этап 2")).to_be_visible()

    assert Score.objects.get().points == Decimal(36)
    assert CompetitionEntry.objects.get(advanced_from=entry).stage.order == 2
