"""Route status transitions (and the refused ones), the derived progress and the append-only history."""

from datetime import date

import pytest

from metodist.routes import actions
from metodist.routes.actions import RouteRefused
from metodist.routes.models import EventKind, LearningRoute, RouteEvent, RouteStatus, StepStatus
from metodist.testing import routes as r

TODAY = date(2025, 1, 15)


@pytest.fixture
def draft(cast, tutor):
    route = r.route(cast.teacher, region=cast.region, status=RouteStatus.DRAFT, tutor=tutor)
    r.step(route, title="Курс по формирующему оцениванию")
    return route


def go(route, action, by, **extra):
    return actions.transition(route, action, by=by, today=TODAY, **extra)


def test_a_route_goes_from_draft_to_evaluated_and_every_change_is_in_its_history(draft, tutor):
    route = go(draft, "submit", tutor)
    route = go(route, "agree", tutor)
    route = go(route, "start", tutor)
    route.steps.update(status=StepStatus.DONE, done_on=TODAY)
    route = go(route, "complete", tutor)
    route = go(route, "evaluate", tutor, rating=4)

    assert (route.status, route.agreed_on, route.completed_on, route.rating) == (
        RouteStatus.EVALUATED, TODAY, TODAY, 4,
    )  # fmt: skip
    statuses = list(route.events.filter(kind=EventKind.STATUS).order_by("pk").values_list("from_status", "to_status"))
    assert statuses == [
        ("draft", "review"), ("review", "agreed"), ("agreed", "in_progress"), ("in_progress", "completed"),
        ("completed", "evaluated"),
    ]  # fmt: skip
    assert route.events.filter(kind=EventKind.RATING, text="Оценка результата: 4 из 5").exists()
    assert all(event.actor == tutor for event in route.events.all())


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        (RouteStatus.DRAFT, "agree", "Маршрут в состоянии «Черновик»: действие «Согласовать» недоступно."),
        (RouteStatus.DRAFT, "complete", "Маршрут в состоянии «Черновик»: действие «Завершить маршрут» недоступно."),
        (RouteStatus.AGREED, "evaluate", "Маршрут в состоянии «Согласован»: действие «Оценить результат» недоступно."),
        (RouteStatus.IN_PROGRESS, "reopen",
         "Маршрут в состоянии «Реализуется»: действие «Возобновить маршрут» недоступно."),
        (RouteStatus.EVALUATED, "submit",
         "Маршрут в состоянии «Оценён»: действие «Отправить на согласование» недоступно."),
        (RouteStatus.REVIEW, "fly", "Маршрут в состоянии «На согласовании»: действие «fly» недоступно."),
    ],
)  # fmt: skip
def test_a_transition_not_from_the_route_state_is_refused_in_russian(cast, tutor, status, action, message):
    route = r.route(cast.teacher, region=cast.region, status=status, tutor=tutor)

    with pytest.raises(RouteRefused) as refused:
        go(route, action, tutor)

    assert str(refused.value) == message
    assert LearningRoute.objects.get(pk=route.pk).status == status
    assert not route.events.exists()


def test_a_route_is_not_completed_while_a_step_is_left(cast, tutor):
    route = r.route(cast.teacher, region=cast.region, status=RouteStatus.IN_PROGRESS, tutor=tutor)
    r.step(route, status=StepStatus.DONE)
    r.step(route)

    with pytest.raises(RouteRefused, match="не выполнено шагов — 1"):
        go(route, "complete", tutor)

    assert route.progress() == 50


def test_progress_reads_100_only_when_nothing_is_left(cast, tutor):
    route = r.route(cast.teacher, region=cast.region, tutor=tutor)
    for _ in range(2):
        r.step(route, status=StepStatus.DONE)
    left = r.step(route)
    r.step(route, status=StepStatus.CANCELLED)
    r.step(route, status=StepStatus.PROPOSED)

    assert route.progress() == 66  # 2 of 3, rounded down
    assert LearningRoute.objects.with_progress().get(pk=route.pk).progress() == 66
    left.status, left.done_on = StepStatus.DONE, TODAY
    left.save()
    assert LearningRoute.objects.with_progress().get(pk=route.pk).progress() == 100


def test_reopening_needs_a_reason_and_clears_the_completion(cast, tutor):
    route = r.route(cast.teacher, region=cast.region, status=RouteStatus.COMPLETED, tutor=tutor, completed_on=TODAY)

    with pytest.raises(RouteRefused, match="Укажите причину"):
        go(route, "reopen", tutor)
    route = go(route, "reopen", tutor, reason="Повторная диагностика показала дефицит")

    assert (route.status, route.completed_on) == (RouteStatus.IN_PROGRESS, None)
    assert route.events.get().text == "Возобновить маршрут. Причина: Повторная диагностика показала дефицит"


def test_submitting_needs_every_proposal_decided(draft, tutor):
    r.step(draft, status=StepStatus.PROPOSED, title="Предложенный курс")

    with pytest.raises(RouteRefused, match="примите или отклоните"):
        go(draft, "submit", tutor)


def test_an_educator_cannot_agree_their_own_route(cast, tutor):
    route = r.route(cast.teacher, region=cast.region, status=RouteStatus.REVIEW, tutor=tutor)

    with pytest.raises(RouteRefused, match="тьютору маршрута и методистам"):
        go(route, "agree", cast.teacher_user)


def test_another_tutor_cannot_move_the_route(cast, tutor, other_tutor):
    route = r.route(cast.teacher, region=cast.region, status=RouteStatus.REVIEW, tutor=tutor)

    with pytest.raises(RouteRefused):
        go(route, "agree", other_tutor)


def test_the_history_is_append_only(draft, tutor):
    route = go(draft, "submit", tutor)
    event = route.events.get()

    with pytest.raises(TypeError, match="не изменяется"):
        event.save()
    with pytest.raises(TypeError, match="не удаляется"):
        event.delete()
    with pytest.raises(TypeError):
        RouteEvent.objects.filter(pk=event.pk).update(text="другое")
    with pytest.raises(TypeError):
        RouteEvent.objects.all().delete()
    assert RouteEvent.objects.get(pk=event.pk).text == "Отправить на согласование"


def test_marking_a_step_done_needs_evidence_and_notifies_the_tutor(cast, tutor):
    route = r.route(cast.teacher, region=cast.region, status=RouteStatus.AGREED, tutor=tutor)
    step = r.step(route, title="Стажировка")

    with pytest.raises(RouteRefused, match="Приложите подтверждение"):
        actions.mark_done(step, by=cast.teacher_user, today=TODAY)
    actions.mark_done(step, by=cast.teacher_user, today=TODAY, link="https://example.org/report", reflection="Понял")

    step.refresh_from_db()
    route.refresh_from_db()
    assert (step.status, step.done_on, step.evidence_link) == (StepStatus.DONE, TODAY, "https://example.org/report")
    assert route.status == RouteStatus.IN_PROGRESS  # the first step done starts an agreed route
    notice = tutor.route_notices.get()
    assert notice.text == "Смирнова Анна Игоревна: подтверждение шага «Стажировка»"
    kinds = set(route.events.values_list("kind", flat=True))
    assert {EventKind.STATUS, EventKind.STEP_DONE, EventKind.EVIDENCE, EventKind.COMMENT} <= kinds


def test_an_educator_cannot_mark_a_step_of_another_route(cast, tutor):
    route = r.route(cast.mentor_educator, region=cast.region, status=RouteStatus.IN_PROGRESS, tutor=tutor)
    step = r.step(route)

    with pytest.raises(RouteRefused):
        actions.mark_done(step, by=cast.teacher_user, today=TODAY, link="https://example.org")
