"""Registration with capacity, the waiting list (FIFO promotion, closed N days before the start), approval by the
organization's administrator, apologies, attendance, feedback and the commitment rate."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from metodist.audit.models import AuditEntry
from metodist.events import actions
from metodist.events.actions import EventRefused
from metodist.events.models import Feedback, Participation, ParticipationRole
from metodist.events.models import RegistrationStatus as S
from metodist.testing import factories as f

from .conftest import NOW, make_event


def people(cast, count):
    made = []
    for n in range(count):
        educator = f.EducatorFactory(last_name=f"Педагог{n}")
        f.EmploymentFactory(educator=educator, organization=cast.school1)
        made.append(educator)
    return made


def test_a_full_event_puts_the_next_registrations_on_the_waiting_list_in_order(cast, event):
    a, b, c, d = people(cast, 4)

    statuses = [actions.register(event, who, by=cast.school1_admin, now=NOW) for who in (a, b, c, d)]

    assert [(p.status, p.waiting_position) for p in statuses] == [
        (S.REGISTERED, None), (S.REGISTERED, None), (S.WAITING, 1), (S.WAITING, 2),
    ]  # fmt: skip
    assert AuditEntry.objects.filter(model="events.participation").count() == 4


def test_a_cancellation_promotes_the_first_of_the_waiting_list(cast, event):
    a, b, c, d = people(cast, 4)
    first, _, third, fourth = [actions.register(event, who, by=cast.school1_admin, now=NOW) for who in (a, b, c, d)]

    promoted = actions.cancel(first, by=cast.school1_admin, now=NOW)

    assert [p.educator for p in promoted] == [c]
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status, fourth.waiting_position) == (S.REGISTERED, S.WAITING, 2)


def test_nobody_is_promoted_after_registration_closes(cast):
    event = make_event(cast, capacity=1, days=3, closes_days_before=2)
    a, b = people(cast, 2)
    first = actions.register(event, a, by=cast.school1_admin, now=NOW)
    second = actions.register(event, b, by=cast.school1_admin, now=NOW)
    later = NOW + timedelta(days=2)

    promoted = actions.apologise(first, by=cast.school1_admin, now=later)

    second.refresh_from_db()
    assert promoted == [] and second.status == S.WAITING
    with pytest.raises(EventRefused, match="Регистрация на мероприятие закрыта: она заканчивается за 2 дн."):
        actions.register(event, cast.teacher, by=cast.teacher_user, now=later)


def test_an_educator_registers_herself_but_not_a_colleague_and_an_admin_only_their_staff(cast, event):
    actions.register(event, cast.teacher, by=cast.teacher_user, now=NOW)

    with pytest.raises(EventRefused):
        actions.register(event, cast.mentor_educator, by=cast.teacher_user, now=NOW)
    with pytest.raises(EventRefused):
        actions.register(event, cast.mentor_educator, by=cast.school2_admin, now=NOW)
    with pytest.raises(EventRefused, match="уже зарегистрирован"):
        actions.register(event, cast.teacher, by=cast.school1_admin, now=NOW)


def test_approval_by_the_administrator_of_the_educators_organization(cast):
    event = make_event(cast, capacity=1, needs_approval=True)
    waiting_teacher = people(cast, 1)[0]
    pending = actions.register(event, cast.teacher, by=cast.teacher_user, now=NOW)
    queued = actions.register(event, waiting_teacher, by=cast.school1_admin, now=NOW)

    with pytest.raises(EventRefused):
        actions.decide(pending, True, by=cast.school2_admin, now=NOW)
    promoted = actions.decide(pending, False, by=cast.school1_admin, now=NOW)

    pending.refresh_from_db()
    assert pending.status == S.CANCELLED
    assert [p.pk for p in promoted] == [queued.pk] and promoted[0].status == S.PENDING


def test_speakers_take_no_seat_and_are_named_by_an_organizer(cast, event):
    with pytest.raises(EventRefused):
        actions.register(event, cast.teacher, by=cast.teacher_user, now=NOW, role=ParticipationRole.SPEAKER)

    actions.register(event, cast.mentor_educator, by=cast.methodologist, now=NOW, role=ParticipationRole.HOST)
    a, b = people(cast, 2)

    assert [actions.register(event, x, by=cast.school1_admin, now=NOW).status for x in (a, b)] == [S.REGISTERED] * 2


def test_attendance_is_marked_by_the_organizer_only_after_the_start(cast, event, other_methodologist):
    came = actions.register(event, cast.teacher, by=cast.teacher_user, now=NOW)
    stayed = actions.register(event, cast.mentor_educator, by=cast.school1_admin, now=NOW)
    after = event.starts_at + timedelta(hours=1)

    with pytest.raises(EventRefused, match="после начала"):
        actions.mark_attendance(event, {came.pk}, by=cast.methodologist, now=NOW)
    for outsider in (cast.school1_admin, cast.teacher_user, cast.other_user, other_methodologist):
        with pytest.raises(EventRefused, match="организатор"):
            actions.mark_attendance(event, {came.pk}, by=outsider, now=after)
    changed = actions.mark_attendance(event, {came.pk}, by=cast.methodologist, now=after)

    came.refresh_from_db()
    stayed.refresh_from_db()
    assert (changed, came.status, stayed.status) == (2, S.ATTENDED, S.ABSENT)


def test_feedback_once_by_an_attended_participant(cast, event):
    participation = actions.register(event, cast.teacher, by=cast.teacher_user, now=NOW)
    with pytest.raises(EventRefused, match="после участия"):
        actions.leave_feedback(participation, by=cast.teacher_user, overall=5, usefulness=4)
    actions.mark_attendance(event, {participation.pk}, by=cast.methodologist, now=event.ends_at)

    actions.leave_feedback(participation, by=cast.teacher_user, overall=5, usefulness=4, comment=" Полезно ")

    with pytest.raises(EventRefused, match="уже оставили"):
        actions.leave_feedback(participation, by=cast.teacher_user, overall=1, usefulness=1)
    assert Feedback.objects.get().comment == "Полезно"


def test_the_commitment_rate_counts_attended_and_excused_among_past_registrations(cast):
    events = [make_event(cast, days=-30 + n) for n in range(4)]
    for event in events:
        Participation.objects.create(event=event, educator=cast.teacher)
    statuses = [S.ATTENDED, S.EXCUSED, S.ABSENT, S.ATTENDED]
    for event, status in zip(events, statuses, strict=True):
        Participation.objects.filter(event=event).update(status=status)
    cancelled = make_event(cast, days=-5)
    Participation.objects.create(event=cancelled, educator=cast.teacher, status=S.CANCELLED)

    totals = Participation.objects.filter(educator=cast.teacher).past(NOW).commitment()

    # 3 committed (2 attended, 1 excused) of 4 accounted (the cancelled one is not): 75 %
    assert (totals["accounted"], totals["committed"], totals["rate"]) == (4, 3, 75)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="row locks are a PostgreSQL matter; SQLite serializes writes")
def test_two_registrations_for_the_last_seat_do_not_both_get_it(reference_data, cast):
    event = make_event(cast, capacity=1)
    a, b = people(cast, 2)
    barrier = threading.Barrier(2)
    results = []

    def go(educator):
        barrier.wait()
        try:
            results.append(actions.register(event, educator, by=cast.school1_admin, now=NOW).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(who,)) for who in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [S.REGISTERED, S.WAITING]
