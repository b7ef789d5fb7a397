"""The .ics feeds (RFC 5545, written with icalendar): a user's registrations behind a secret URL, and a
municipality's published events for anyone. Neither holds anyone's personal data: an event's title, time,
place, link and organizer only; the personal feed also says the user's own registration status."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from .models import EventStatus

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Metodist//Методические мероприятия//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
    return calendar


def _vevent(event, host: str, stamp, note: str = "") -> VEvent:
    vevent = VEvent()
    zone = timezone.get_default_timezone()
    vevent.add("uid", f"event-{event.pk}@{host}")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", timezone.localtime(event.starts_at, zone))
    vevent.add("dtend", timezone.localtime(event.ends_at, zone))
    vevent.add("summary", event.title)
    where = event.place or event.link
    if where:
        vevent.add("location", where)
    if event.link:
        vevent.add("url", event.link)
    description = [event.get_kind_display(), event.get_level_display()]
    if event.theme:
        description.append(f"Тема: {event.theme}")
    if note:
        description.append(note)
    vevent.add("description", ". ".join(description))
    vevent.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    vevent.add("sequence", event.version)
    return vevent


def feed(name: str, events, host: str, notes: dict | None = None) -> bytes:
    calendar = _calendar(name)
    stamp = timezone.now()
    notes = notes or {}
    for event in events:
        calendar.add_component(_vevent(event, host, stamp, notes.get(event.pk, "")))
    return calendar.to_ical()
