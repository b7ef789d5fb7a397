"""The start page's routes panel (contract with metodist.home): the educator's route and next steps, the tutor's
educators and new evidence; nothing for a user who has neither."""

from datetime import date

from django.template.loader import render_to_string

from metodist.routes import actions
from metodist.routes.cabinet import panel
from metodist.routes.models import RouteStatus
from metodist.testing import routes as r

TODAY = date(2025, 1, 15)


def test_the_educator_sees_her_route_and_next_steps(cast, tutor):
    route = r.route(cast.teacher, region=cast.region, tutor=tutor)
    r.step(route, title="Позже", due_on=date(2025, 4, 1))
    r.step(route, title="Просрочен", due_on=date(2025, 1, 10))

    data = panel(cast.teacher_user, TODAY)

    assert data["route"] == route
    assert [step.title for step in data["next_steps"]] == ["Просрочен", "Позже"]
    assert [step.title for step in data["overdue"]] == ["Просрочен"]
    html = render_to_string("routes/_cabinet_panel.html", {"panel": data})
    assert "Ближайшие шаги" in html and "просрочен" in html


def test_the_tutor_sees_their_educators_and_new_evidence(cast, tutor):
    route = r.route(cast.teacher, region=cast.region, tutor=tutor, status=RouteStatus.AGREED)
    step = r.step(route, title="Стажировка")
    r.route(cast.mentor_educator, region=cast.region, tutor=tutor)
    actions.mark_done(step, by=cast.teacher_user, today=TODAY, link="https://example.org/r")

    data = panel(tutor, TODAY)

    assert (data["tutored"], data["educators"], data["unread"]) == (2, 2, 1)
    html = render_to_string("routes/_cabinet_panel.html", {"panel": data})
    assert "Смирнова Анна Игоревна: подтверждение шага «Стажировка»" in html


def test_nothing_for_a_user_without_routes(cast, tutor):
    r.route(cast.teacher, region=cast.region, tutor=tutor, status=RouteStatus.DRAFT)

    assert panel(cast.teacher_user, TODAY) is None  # a draft is not shown to the educator
    assert panel(cast.school2_admin, TODAY) is None
