"""Sessions end after an idle time (a working day, 8 hours, by default), not at a fixed time after login: a user
who keeps working stays in, one who left the computer is logged out."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodist.accounts.middleware import REFRESH_SECONDS

MORNING = datetime(2025, 1, 15, 9, 0, tzinfo=ZoneInfo("Europe/Moscow"))


def status_at(client, moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return client.get(reverse("home:home")).status_code


@pytest.fixture
def logged_in(client, cast):
    with time_machine.travel(MORNING, tick=False):
        client.post(reverse("accounts:login"), {"username": "coordinator", "password": "pass-12345"})
    return client


def test_the_login_opens_a_session(logged_in):
    assert status_at(logged_in, MORNING + timedelta(minutes=5)) == 200


def test_the_default_idle_time_is_a_working_day():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_a_session_left_idle_for_a_working_day_ends(logged_in):
    assert status_at(logged_in, MORNING + timedelta(hours=8, minutes=1)) == 302


def test_a_session_in_use_outlives_the_working_day(logged_in):
    # requests 7 hours apart: each one moves the end forward, so at 23:00 the user is still in
    assert status_at(logged_in, MORNING + timedelta(hours=7)) == 200
    assert status_at(logged_in, MORNING + timedelta(hours=14)) == 200

    assert status_at(logged_in, MORNING + timedelta(hours=21)) == 200


def test_a_session_idle_after_its_last_request_ends_a_working_day_later(logged_in):
    assert status_at(logged_in, MORNING + timedelta(hours=7)) == 200

    assert status_at(logged_in, MORNING + timedelta(hours=15, minutes=1)) == 302


def session_writes(client, moment: datetime) -> list[str]:
    with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
        client.get(reverse("home:home"))
    return [
        query["sql"]
        for query in queries.captured_queries
        if "django_session" in query["sql"] and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def test_the_session_is_written_at_most_once_a_minute(logged_in):
    first = MORNING + timedelta(hours=1)

    assert len(session_writes(logged_in, first)) == 1
    assert session_writes(logged_in, first + timedelta(seconds=REFRESH_SECONDS - 1)) == []
    assert len(session_writes(logged_in, first + timedelta(seconds=REFRESH_SECONDS))) == 1


def test_the_idle_time_is_configurable(logged_in, settings):
    settings.SESSION_COOKIE_AGE = 3600  # SESSION_IDLE_MINUTES=60

    assert status_at(logged_in, MORNING + timedelta(minutes=50)) == 200

    assert status_at(logged_in, MORNING + timedelta(minutes=50 + 61)) == 302
