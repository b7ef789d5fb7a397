"""The pages end to end on the test client: the service assigns, the executor records the consultation, the
requester rates; the list reads a fixed number of queries; the cabinet panel; refused steps answer in Russian."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.home.panels import cabinet_panels

from ..cabinet import panel
from ..models import Consultation, HelpRequest


def test_the_service_assigns_the_tutor_who_records_the_consultation_and_the_teacher_rates(
    client, cast, build, tutor_user
):
    item = build()
    client.force_login(cast.methodologist)

    response = client.post(
        reverse("consultations:assign", args=[item.pk]),
        {"assignee": tutor_user.pk, "scheduled_for": "2025-01-20", "version": item.version},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.assignee, item.assignee_kind) == ("scheduled", tutor_user, "tutor")

    client.force_login(tutor_user)
    response = client.post(
        reverse("consultations:consult", args=[item.pk]),
        {
            "requests": [item.pk],
            "held_on": "2025-01-20",
            "form": "individual",
            "duration_minutes": "40",
            "participants": [cast.teacher.pk],
            "topic_text": "Родительское собрание",
            "advice": "Провести собрание в форме практикума.",
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "done"
    assert Consultation.objects.get().conducted_by == tutor_user

    client.force_login(cast.teacher_user)
    client.post(reverse("consultations:rate", args=[item.pk]), {"score": "5", "solved": "yes", "comment": "Спасибо"})

    item.refresh_from_db()
    assert item.status == "closed"
    assert item.rating.score == 5


def test_only_the_requester_rates(client, cast, build):
    item = build(status="done", assignee=cast.methodologist)

    for who in (cast.methodologist, cast.school1_admin):
        client.force_login(who)
        assert (
            client.post(reverse("consultations:rate", args=[item.pk]), {"score": "5", "solved": "yes"}).status_code
            == 403
        )


def test_an_executor_not_assigned_may_not_record(client, cast, build, tutor_user):
    item = build(status="assigned", assignee=cast.methodologist)
    client.force_login(tutor_user)

    assert client.get(reverse("consultations:consult", args=[item.pk])).status_code == 404


def test_a_declined_request_shows_the_requester_the_reason(client, cast, build):
    item = build()
    client.force_login(cast.coordinator)
    client.post(reverse("consultations:decline", args=[item.pk]), {"reason": "Обратитесь в ШМО своей школы."})
    client.force_login(cast.teacher_user)

    page = client.get(reverse("consultations:detail", args=[item.pk])).content.decode()

    assert "Обратитесь в ШМО своей школы." in page


def test_a_refused_step_answers_in_russian(client, cast, build):
    item = build()
    client.force_login(cast.methodologist)

    response = client.post(reverse("consultations:schedule", args=[item.pk]), {"scheduled_for": "2025-01-20"})

    assert response.status_code == 400
    assert "Дату можно назначить только запросу, у которого есть исполнитель." in response.content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_the_queue_reads_a_fixed_number_of_queries(client, cast, build, django_assert_max_num_queries, count):
    for number in range(count):
        build(urgency="urgent" if number % 2 else "normal").staff.add(cast.teacher)
    client.force_login(cast.methodologist)

    with django_assert_max_num_queries(18):
        response = client.get(reverse("consultations:index"))

    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


def test_new_and_urgent_come_first(client, cast, build):
    old_urgent_done = build(urgency="urgent", status="done", filed_at="2025-01-01T10:00+03:00")
    normal_new = build(filed_at="2025-01-10T10:00+03:00")
    urgent_new = build(urgency="urgent", filed_at="2025-01-05T10:00+03:00")
    assigned = build(status="assigned", filed_at="2025-01-12T10:00+03:00")
    client.force_login(cast.methodologist)

    rows = client.get(reverse("consultations:index")).context["page"].object_list

    assert [row.pk for row in rows] == [urgent_new.pk, normal_new.pk, assigned.pk, old_urgent_done.pk]


def test_the_filters(client, cast, build):
    build(urgency="urgent")
    build(educator=cast.school2_educator)
    client.force_login(cast.methodologist)

    urgent = client.get(reverse("consultations:index"), {"urgency": "urgent"}).context["page"].paginator.count
    school2 = client.get(reverse("consultations:index"), {"organization": cast.school2.pk}).context["page"]

    assert urgent == 1
    assert [row.educator for row in school2.object_list] == [cast.school2_educator]


def test_the_cabinet_panel_lists_the_open_and_those_to_rate(cast, build, today):
    open_one = build(status="scheduled", scheduled_for=date(2025, 1, 20))
    to_rate = build(status="done")
    build(status="closed")
    build(educator=cast.school2_educator)

    shown = panel(cast.teacher_user, today)

    assert (shown["open"], shown["to_rate"]) == ([open_one], [to_rate])
    assert panel(cast.coordinator, today) is None
    templates = [template for template, _ in cabinet_panels(cast.teacher_user, today)]
    assert "consultations/_cabinet_panel.html" in templates


def test_the_start_page_of_a_teacher_offers_to_ask_for_help(client, cast, on_today):
    client.force_login(cast.teacher_user)

    page = client.get(reverse("home:home")).content.decode()

    assert "Запросить методическую помощь" in page


@pytest.mark.parametrize(
    "who",
    [
        "coordinator",
        "methodologist",
        "regional_operator",
        "school1_admin",
        "school2_admin",
        "teacher_user",
        "mentor_user",
        "other_user",
    ],  # fmt: skip
)
def test_every_page_answers_every_role_without_a_server_error(client, cast, build, who):
    item = build(status="done", assignee=cast.methodologist)
    client.force_login(getattr(cast, who))

    for name in ("consultations:index", "consultations:stats", "consultations:new", "consultations:export"):
        assert client.get(reverse(name)).status_code in (200, 302, 403)
    for name in ("consultations:detail", "consultations:consult"):
        assert client.get(reverse(name, args=[item.pk])).status_code in (200, 302, 403, 404)
    assert HelpRequest.objects.count() == 1
