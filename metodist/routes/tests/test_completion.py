"""Completion: the repeat diagnostic compared with the first, addressed recommendations from the rules file, the
post-course support plan, and the portfolio lines for attestation."""

from datetime import date

import pytest

from metodist.routes import actions, outcome
from metodist.routes.models import RouteStatus, StepStatus
from metodist.routes.portfolio import completed_routes
from metodist.testing import growth
from metodist.testing import routes as r

from .conftest import deficits_of

TODAY = date(2025, 1, 15)


@pytest.fixture
def completed(cast, tutor, first_diagnostic):
    deficits = deficits_of(
        cast.teacher, first_diagnostic, {"assess.formative": 3, "digital.content": 2, "fl.reading": 4, "psy.age": 9}
    )
    route = r.route(cast.teacher, region=cast.region, tutor=tutor, deficits=deficits, goal="Оценивание и цифра")
    r.step(route, status=StepStatus.DONE)
    repeat = growth.diagnostic(cast.region, ends_on=date(2024, 12, 20), name="Повторная")
    growth.results(repeat, cast.teacher, {"assess.formative": 8, "digital.content": 3})  # fl.reading not measured
    return actions.transition(route, "complete", by=tutor, today=TODAY)


def test_the_repeat_diagnostic_shows_which_deficits_closed(completed):
    changes = {change.route_deficit.code: (change.outcome, change.first_percent, change.later_percent)
               for change in outcome.compare(completed, TODAY)}  # fmt: skip

    assert changes == {
        "assess.formative": ("closed", 30, 80),
        "digital.content": ("open", 20, 30),
        "fl.reading": ("not_remeasured", 40, None),
    }


def test_every_completed_route_gets_recommendations_from_the_rules(completed):
    made = list(completed.recommendations.values_list("code", "rule"))

    assert made == [
        ("assess.formative", "closed-any"),
        ("digital.content", "open-digital"),
        ("fl.reading", "not-remeasured-any"),
        ("", "route"),
    ]
    assert completed.recommendations.first().text.startswith(
        "Дефицит по компетенции «Формирующее оценивание и обратная связь» преодолён."
    )


def test_completion_plans_post_course_support_with_dates(completed):
    plan = list(completed.support.values_list("kind", "planned_on"))

    assert plan == [
        ("lesson_visit", date(2025, 2, 14)),
        ("association_talk", date(2025, 4, 15)),
        ("questionnaire", date(2025, 7, 14)),
    ]


@pytest.mark.parametrize(
    ("outcome_code", "group", "rule"),
    [
        ("closed", "digital", "closed-any"),
        ("open", "digital", "open-digital"),
        ("open", "assessment", "open-assessment"),
        ("open", "functional_literacy", "open-functional-literacy"),
        ("open", "managerial", "open-managerial"),
        ("open", "subject", "open-any"),
        ("not_remeasured", "upbringing", "not-remeasured-any"),
        ("route", "any", "route"),
    ],
)
def test_the_first_matching_rule_gives_the_recommendation(outcome_code, group, rule):
    assert outcome.recommendation_for(outcome_code, group)["code"] == rule


def test_the_rules_file_gives_every_outcome_a_fallback():
    for outcome_code in ("closed", "open", "not_remeasured", "route"):
        assert any(rule["outcome"] == outcome_code and rule["group"] == "any" for rule in outcome.rules())


def test_the_portfolio_lists_completed_routes_newest_first(cast, tutor, completed):
    r.route(cast.teacher, region=cast.region, status=RouteStatus.EVALUATED, completed_on=date(2023, 6, 1),
            rating=5, goal="Прошлый маршрут", starts_on=date(2022, 9, 1), ends_on=date(2023, 5, 31))  # fmt: skip
    r.route(cast.teacher, region=cast.region, status=RouteStatus.IN_PROGRESS, goal="Текущий")

    lines = completed_routes(cast.teacher)

    assert [(line["title"], line["date"]) for line in lines] == [
        ("ИОМ: Оценивание и цифра", TODAY),
        ("ИОМ: Прошлый маршрут", date(2023, 6, 1)),
    ]
    assert lines[1]["detail"] == "ЦНППМ; 01.09.2022–31.05.2023; оценка результата: 5 из 5"
    assert "компетенции: Формирующее оценивание и обратная связь" in lines[0]["detail"]


def test_reopening_and_completing_again_remakes_the_recommendations(completed, tutor):
    route = actions.transition(completed, "reopen", by=tutor, today=TODAY, reason="Новый шаг")
    route = actions.transition(route, "complete", by=tutor, today=TODAY)

    assert route.recommendations.count() == 4
    assert route.support.count() == 3  # the plan made first is kept
