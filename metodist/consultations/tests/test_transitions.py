"""Status moves of a request: the allowed ones and the refused ones (table-driven), each written to the history
and the audit trail; optimistic locking; the group scheduling used by the bank of difficulties."""

from datetime import date

import pytest

from metodist.audit.models import AuditEntry
from metodist.lib.versions import CONFLICT

from .. import actions
from ..models import AssigneeKind, Rating, RequestEvent, RequestStatus

S = RequestStatus
ALL = list(S)


def _do(move, item, cast):
    by = cast.methodologist
    if move == "assign":
        return actions.assign(item, assignee=by, assignee_kind=AssigneeKind.METHODOLOGIST, by=by)
    if move == "schedule":
        return actions.schedule(item, on=date(2025, 1, 20), by=by)
    if move == "decline":
        return actions.decline(item, reason="Вопрос не относится к методической помощи.", by=by)
    if move == "consult":
        fields = {"held_on": date(2025, 1, 20), "duration_minutes": 45, "topic_text": "Тема", "advice": "Совет"}
        return actions.record_consultation(fields, requests=[item], participants=[cast.teacher], by=by)
    if move == "rate":
        return actions.rate(item, score=5, solved=True, comment="", by=cast.teacher_user)
    return actions.close(item, by=by)


# (move, status it starts from, status it leads to — None: refused)
TABLE = [
    ("assign", S.NEW, S.ASSIGNED),
    ("assign", S.ASSIGNED, S.ASSIGNED),
    ("assign", S.SCHEDULED, S.SCHEDULED),
    ("assign", S.DONE, None),
    ("assign", S.CLOSED, None),
    ("assign", S.DECLINED, None),
    ("schedule", S.NEW, None),
    ("schedule", S.ASSIGNED, S.SCHEDULED),
    ("schedule", S.SCHEDULED, S.SCHEDULED),
    ("schedule", S.DONE, None),
    ("schedule", S.CLOSED, None),
    ("schedule", S.DECLINED, None),
    ("decline", S.NEW, S.DECLINED),
    ("decline", S.ASSIGNED, S.DECLINED),
    ("decline", S.SCHEDULED, S.DECLINED),
    ("decline", S.DONE, None),
    ("decline", S.CLOSED, None),
    ("decline", S.DECLINED, None),
    ("consult", S.NEW, None),
    ("consult", S.ASSIGNED, S.DONE),
    ("consult", S.SCHEDULED, S.DONE),
    ("consult", S.DONE, None),
    ("consult", S.CLOSED, None),
    ("consult", S.DECLINED, None),
    ("rate", S.NEW, None),
    ("rate", S.ASSIGNED, None),
    ("rate", S.SCHEDULED, None),
    ("rate", S.DONE, S.CLOSED),
    ("rate", S.CLOSED, None),
    ("rate", S.DECLINED, None),
    ("close", S.NEW, None),
    ("close", S.ASSIGNED, None),
    ("close", S.SCHEDULED, None),
    ("close", S.DONE, S.CLOSED),
    ("close", S.CLOSED, None),
    ("close", S.DECLINED, None),
]


def test_the_table_covers_every_move_from_every_status():
    assert {(move, start) for move, start, _ in TABLE} == {(move, s) for move in actions.MOVES for s in ALL}


@pytest.mark.parametrize(("move", "start", "end"), TABLE)
def test_a_move_is_allowed_or_refused_in_russian(cast, build, move, start, end):
    item = build(status=start, assignee=cast.methodologist if start != S.NEW else None)
    events = RequestEvent.objects.count()

    if end is None:
        with pytest.raises(actions.TransitionError) as refused:
            _do(move, item, cast)
        item.refresh_from_db()
        assert item.status == start
        assert RequestEvent.objects.count() == events
        assert str(refused.value) == actions.REFUSALS[move]
        return
    _do(move, item, cast)

    item.refresh_from_db()
    assert item.status == end
    last = RequestEvent.objects.filter(request=item).last()
    assert (last.status_from, last.status_to) == (start if move != "rate" else S.DONE, end)
    assert AuditEntry.objects.filter(model="consultations.helprequest", object_id=str(item.pk)).exists()


def test_declining_needs_a_reason_the_requester_sees(cast, build):
    item = build()

    with pytest.raises(actions.TransitionError, match="причину"):
        actions.decline(item, reason="  ", by=cast.methodologist)
    actions.decline(item, reason="Обратитесь к школьному МО.", by=cast.methodologist)

    item.refresh_from_db()
    assert item.decline_reason == "Обратитесь к школьному МО."
    assert item.closed_at is not None


def test_assigning_with_a_date_schedules_in_two_steps_of_history(cast, build):
    item = build()

    actions.assign(
        item, assignee=cast.methodologist, assignee_kind="methodologist", on=date(2025, 1, 22), by=cast.coordinator
    )

    item.refresh_from_db()
    assert item.status == S.SCHEDULED
    assert item.scheduled_for == date(2025, 1, 22)
    assert item.assigned_at is not None
    steps = list(RequestEvent.objects.filter(request=item).values_list("status_from", "status_to"))
    assert steps == [(S.NEW, S.ASSIGNED), (S.ASSIGNED, S.SCHEDULED)]


def test_an_edit_opened_at_an_old_version_is_refused(cast, build):
    item = build()
    opened = item.version
    actions.assign(item, assignee=cast.methodologist, assignee_kind="methodologist", by=cast.coordinator)
    stale = type(item).objects.get(pk=item.pk)
    stale.status = S.ASSIGNED

    with pytest.raises(actions.TransitionError) as refused:
        actions.decline(stale, reason="Дубль запроса.", by=cast.methodologist, version=opened)

    assert str(refused.value) == CONFLICT
    stale.refresh_from_db()
    assert stale.status == S.ASSIGNED


def test_a_rating_is_given_once_and_closes_the_request(cast, build):
    item = build(status=S.DONE, assignee=cast.methodologist)

    actions.rate(item, score=4, solved=False, comment="Нужна ещё одна встреча.", by=cast.teacher_user)

    item.refresh_from_db()
    assert item.status == S.CLOSED
    assert Rating.objects.get(request=item).score == 4
    with pytest.raises(actions.TransitionError):
        actions.rate(item, score=5, solved=True, comment="", by=cast.teacher_user)


def test_one_group_consultation_answers_several_requests(cast, build):
    first = build(status=S.SCHEDULED, assignee=cast.methodologist)
    second = build(educator=cast.school2_educator, status=S.ASSIGNED, assignee=cast.methodologist)
    fields = {"held_on": date(2025, 1, 20), "duration_minutes": 90, "topic_text": "Родители", "advice": "Практикум"}

    made = actions.record_consultation(
        fields, requests=[first, second], participants=[cast.teacher, cast.school2_educator], by=cast.methodologist
    )

    assert set(made.requests.values_list("pk", flat=True)) == {first.pk, second.pk}
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.DONE, S.DONE)
    assert first.done_at is not None


def test_schedule_group_assigns_and_schedules_the_open_requests_only(cast, build):
    from metodist.events.models import Event

    open_one = build()
    assigned = build(educator=cast.school2_educator, status=S.ASSIGNED, assignee=cast.coordinator)
    done = build(status=S.DONE, assignee=cast.coordinator)
    event = Event.objects.create(
        title="Семинар «Работа с родителями»",
        starts_at="2025-02-01T10:00+03:00",
        ends_at="2025-02-01T12:00+03:00",
        municipality=cast.municipality,
        region=cast.region,
    )

    actions.schedule_group(
        [open_one, assigned, done],
        assignee=cast.methodologist,
        assignee_kind=AssigneeKind.METHODOLOGIST,
        on=date(2025, 2, 1),
        by=cast.coordinator,
        event=event,
        comment="По кластеру запросов.",
    )

    for item in (open_one, assigned):
        item.refresh_from_db()
        assert (item.status, item.assignee, item.scheduled_for, item.event) == (
            S.SCHEDULED,
            cast.methodologist,
            date(2025, 2, 1),
            event,
        )
        assert RequestEvent.objects.filter(request=item, status_to=S.SCHEDULED).count() == 1
    done.refresh_from_db()
    assert done.status == S.DONE and done.scheduled_for is None
