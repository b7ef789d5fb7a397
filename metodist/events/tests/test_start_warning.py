"""The event form on a non-working day: saved all the same, with a warning that names the day."""

import pytest
from django.urls import reverse

from metodist.events import actions
from metodist.events.models import Event
from metodist.lib.versions import VersionForm

from .conftest import NOW

SEMINAR = {"title": "Семинар", "kind": "seminar", "level": "municipal", "organizer_kind": "service",
           "closes_days_before": 1, "status": "published"}  # fmt: skip


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def notices(response) -> list[tuple[str, str]]:
    """The messages shown on the page the form redirected to (showing them uses them up)."""
    return [(message.level_tag, message.message) for message in response.context["messages"]]


def saved(response) -> bool:
    return [status for _url, status in response.redirect_chain] == [302] and response.status_code == 200


def created_on(client, cast, day: str):
    client.force_login(cast.methodologist)
    data = {**SEMINAR, "starts_at": f"{day}T10:00", "ends_at": f"{day}T12:00"}
    return client.post(reverse("events:new"), data, follow=True)


def edited(client, event, **changes):
    lock = VersionForm.of(event.version, actions.event_state(event))
    data = {**SEMINAR, "starts_at": f"{event.starts_at.astimezone(NOW.tzinfo):%Y-%m-%dT%H:%M}",
            "ends_at": f"{event.ends_at.astimezone(NOW.tzinfo):%Y-%m-%dT%H:%M}", "place": event.place, **changes,
            **{f"lock-{key}": value for key, value in lock.initial.items()}}  # fmt: skip
    return client.post(reverse("events:edit", args=[event.pk]), data, follow=True)


def test_an_event_on_a_moved_day_off_is_saved_with_a_warning_naming_the_day(client, cast, now):
    response = created_on(client, cast, "2026-01-09")

    assert saved(response) and Event.objects.count() == 1
    assert notices(response) == [
        ("success", "Мероприятие создано."),
        ("warning", "Дата начала — нерабочий день: Выходной (перенесено с 03.01.2026). Проверьте, что это не ошибка."),
    ]
    assert 'class="alert alert-warning"' in response.content.decode()


def test_an_event_on_a_saturday_is_saved_with_the_weekend_warning(client, cast, now):
    response = created_on(client, cast, "2026-01-17")

    assert saved(response)
    weekend = "Дата начала — нерабочий день: выходной день. Проверьте, что это не ошибка."
    assert ("warning", weekend) in notices(response)


def test_an_event_on_a_working_day_is_saved_without_a_warning(client, cast, now):
    response = created_on(client, cast, "2026-01-13")

    assert saved(response) and notices(response) == [("success", "Мероприятие создано.")]


def test_an_edit_warns_when_it_moves_the_start_to_a_holiday_and_not_when_it_keeps_it(client, cast, now):
    created_on(client, cast, "2026-03-06")
    event = Event.objects.get()

    moved = edited(client, event, starts_at="2026-03-09T10:00", ends_at="2026-03-09T12:00")
    event.refresh_from_db()
    kept = edited(client, event, title="Семинар для заместителей директоров")

    assert saved(moved) and saved(kept)
    assert ("warning", "Дата начала — нерабочий день: Международный женский день (выходной). Проверьте, что это не "
            "ошибка.") in notices(moved)  # fmt: skip
    assert notices(kept) == [("success", "Изменения сохранены.")]
    event.refresh_from_db()
    assert event.title == "Семинар для заместителей директоров"
