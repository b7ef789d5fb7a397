"""One step from a cluster of requests to a group consultation or a draft seminar (actions.plan_*), atomic."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from metodist.consultations import actions as consultations
from metodist.consultations.models import AssigneeKind, RequestStatus
from metodist.difficulties import actions
from metodist.events.models import Event, EventStatus

from .conftest import help_request

TODAY = date(2025, 1, 15)


@pytest.fixture
def calls(monkeypatch):
    made = []
    monkeypatch.setattr(consultations, "schedule_group", lambda requests, **kwargs: made.append((requests, kwargs)))
    return made


@pytest.fixture
def cluster(cast, lesson):
    return [
        help_request(cast, educator, cast.school1, date(2025, 1, 10), competency=lesson)
        for educator in (cast.teacher, cast.mentor_educator)
    ]


def test_an_event_is_a_draft_seminar_and_the_requests_are_scheduled_on_it(cast, cluster, calls):
    event = actions.plan_event(
        cluster,
        title="Семинар: урок",
        subject=None,
        on=date(2025, 2, 3),
        start=time(15),
        end=time(16, 30),
        assignee=cast.methodologist,
        assignee_kind=AssigneeKind.METHODOLOGIST,
        today=TODAY,
        by=cast.methodologist,
    )

    assert (event.status, event.kind, event.municipality, event.created_by) == (
        EventStatus.DRAFT,
        "seminar",
        cast.municipality,
        cast.methodologist,
    )
    assert calls == [
        (
            cluster,
            {
                "assignee": cast.methodologist,
                "assignee_kind": "methodologist",
                "on": date(2025, 2, 3),
                "by": cast.methodologist,
                "event": event,
                "comment": "Семинар: урок",
            },
        )
    ]


@pytest.mark.parametrize("bad", [{"on": date(2025, 1, 14)}, {"end": time(14)}, {"requests": []}])
def test_a_bad_input_writes_nothing(cast, cluster, calls, bad):
    values = {"on": date(2025, 2, 3), "start": time(15), "end": time(16, 30), "requests": cluster} | bad
    requests = values.pop("requests")

    with pytest.raises(ValidationError):
        actions.plan_event(
            requests,
            title="Семинар",
            subject=None,
            assignee=cast.methodologist,
            assignee_kind="methodologist",
            today=TODAY,
            by=cast.methodologist,
            **values,
        )

    assert not Event.objects.exists()
    assert calls == []


def test_a_failure_of_scheduling_takes_the_event_back(cast, cluster, monkeypatch):
    def refuse(requests, **kwargs):
        raise ValidationError("Запрос уже закрыт.")

    monkeypatch.setattr(consultations, "schedule_group", refuse)

    with pytest.raises(ValidationError):
        actions.plan_event(
            cluster,
            title="Семинар",
            subject=None,
            on=date(2025, 2, 3),
            start=time(15),
            end=time(16),
            assignee=cast.methodologist,
            assignee_kind="methodologist",
            today=TODAY,
            by=cast.methodologist,
        )

    assert not Event.objects.exists()


@pytest.mark.usefixtures("on_today")
def test_the_page_refuses_a_past_date_in_russian_and_keeps_the_input(client, cast, cluster, calls):
    client.force_login(cast.methodologist)
    data = {
        "how": "group",
        "requests": [r.pk for r in cluster],
        "assignee": cast.methodologist.pk,
        "assignee_kind": "methodologist",
        "on": "2025-01-01",
        "start": "15:00",
        "end": "16:30",
    }

    page = client.post(reverse("difficulties:plan") + "?topic=c:methods.lesson", data)

    assert page.status_code == 400
    assert "Дата не может быть в прошлом." in page.content.decode()
    assert calls == []


@pytest.mark.usefixtures("on_today")
def test_a_group_consultation_from_the_page_schedules_the_open_requests(client, cast, cluster):
    client.force_login(cast.methodologist)
    data = {
        "how": "group",
        "requests": [r.pk for r in cluster],
        "assignee": cast.methodologist.pk,
        "assignee_kind": "methodologist",
        "on": "2025-01-20",
        "start": "15:00",
        "end": "16:30",
    }

    page = client.post(reverse("difficulties:plan") + "?topic=c:methods.lesson", data)

    assert page.status_code == 302
    for request in cluster:
        request.refresh_from_db()
        assert (request.status, request.assignee, request.scheduled_for) == (
            RequestStatus.SCHEDULED,
            cast.methodologist,
            date(2025, 1, 20),
        )


@pytest.mark.usefixtures("on_today")
def test_an_event_from_the_page_opens_its_edit_page(client, cast, cluster):
    client.force_login(cast.methodologist)
    data = {
        "how": "event",
        "requests": [r.pk for r in cluster],
        "assignee": cast.methodologist.pk,
        "assignee_kind": "methodologist",
        "on": "2025-02-03",
        "title": "Семинар: урок",
        "start": "15:00",
        "end": "16:30",
    }

    page = client.post(reverse("difficulties:plan") + "?topic=c:methods.lesson", data)

    event = Event.objects.get()
    assert page.url == reverse("events:edit", args=[event.pk])
    assert {r.event_id for r in event.help_requests.all()} == {event.pk}
    assert event.help_requests.count() == 2
