"""The .ics feeds: parsed back with icalendar; a personal feed by its secret key only, with no one else's data;
a municipality's feed public, of published events only."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from metodist.events import actions
from metodist.events.models import CalendarToken, EventStatus

from .conftest import NOW, make_event


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def parsed(response) -> list:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["version"] == "2.0" and calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Moscow"
    return calendar.walk("VEVENT")


def test_the_personal_feed_holds_her_registrations_and_nobody_elses_name(client, cast, now):
    mine = make_event(cast, title="Мой семинар", capacity=5)
    make_event(cast, title="Чужой семинар")
    actions.register(mine, cast.teacher, by=cast.teacher_user, now=NOW)
    actions.register(mine, cast.mentor_educator, by=cast.school1_admin, now=NOW)
    key = CalendarToken.for_user(cast.teacher_user).key

    events = parsed(client.get(reverse("events:user_feed", args=[key])))

    assert [str(e["summary"]) for e in events] == ["Мой семинар"]
    event = events[0]
    assert str(event["uid"]) == f"event-{mine.pk}@testserver" and event.get("dtstamp") is not None
    assert event.decoded("dtstart") == mine.starts_at and str(event["dtstart"].params["TZID"]) == "Europe/Moscow"
    assert "зарегистрирован" in str(event["description"])
    text = client.get(reverse("events:user_feed", args=[key])).content.decode()
    assert "Кузнецов" not in text and "Смирнова" not in text


def test_a_wrong_or_renewed_key_opens_nothing(client, cast, now):
    token = CalendarToken.for_user(cast.teacher_user)
    old = token.key

    token.renew()

    assert client.get(reverse("events:user_feed", args=[old])).status_code == 404
    assert client.get(reverse("events:user_feed", args=["guess"])).status_code == 404
    assert client.get(reverse("events:user_feed", args=[token.key])).status_code == 200


def test_the_municipality_feed_is_public_and_lists_published_and_cancelled_events(client, cast, now):
    make_event(cast, title="Опубликованное")
    make_event(cast, title="Отменённое", status=EventStatus.CANCELLED)
    make_event(cast, title="Черновик", status=EventStatus.DRAFT)
    make_event(cast, title="Чужое", municipality=cast.other_municipality)

    events = parsed(client.get(reverse("events:municipality_feed", args=[cast.municipality.pk])))

    assert {str(e["summary"]): str(e["status"]) for e in events} == {
        "Опубликованное": "CONFIRMED",
        "Отменённое": "CANCELLED",
    }


def test_the_subscribe_page_shows_both_addresses(client, cast, now):
    client.force_login(cast.teacher_user)

    page = client.get(reverse("events:subscribe")).content.decode()

    assert CalendarToken.objects.get(user=cast.teacher_user).key in page
    assert f"/events/ics/municipality/{cast.municipality.pk}.ics" in page  # of the municipality of her school
