"""Reminders of the requests: urgent unassigned ones for the service, the executor's undated and coming ones,
the requester's coming date and the help waiting for their rating; no query for a user they cannot concern."""

from datetime import date

from metodist.testing import factories as f

from ..reminders import due


def test_the_service_is_reminded_of_urgent_new_requests_only(cast, build, today):
    urgent = build(urgency="urgent")
    build()

    keys = [reminder.key for reminder in due(cast.methodologist, today)]

    assert keys == [f"urgent:{urgent.pk}"]


def test_the_executor_is_reminded_of_undated_and_coming_consultations(cast, build, today, tutor_user):
    undated = build(status="assigned", assignee=tutor_user)
    soon = build(status="scheduled", assignee=tutor_user, scheduled_for=date(2025, 1, 20))
    build(status="scheduled", assignee=tutor_user, scheduled_for=date(2025, 3, 1))

    reminders = due(tutor_user, today)

    assert [r.key for r in reminders] == [f"nodate:{undated.pk}", f"scheduled:{soon.pk}:2025-01-20"]
    assert reminders[1].due_on == date(2025, 1, 20) and not reminders[1].overdue


def test_the_requester_is_reminded_of_the_date_and_of_the_rating(cast, build, today):
    scheduled = build(status="scheduled", assignee=cast.methodologist, scheduled_for=date(2025, 1, 17))
    done = build(status="done", assignee=cast.methodologist)
    build(educator=cast.school2_educator, status="done", assignee=cast.methodologist)

    keys = [reminder.key for reminder in due(cast.teacher_user, today)]

    assert keys == [f"mine:{scheduled.pk}:2025-01-17", f"rate:{done.pk}"]


def test_no_query_for_a_user_they_cannot_concern(cast, today, django_assert_num_queries):
    admin = f.UserFactory(role="admin")

    with django_assert_num_queries(0):
        assert due(admin, today) == []
        assert due(cast.regional_operator, today) == []
