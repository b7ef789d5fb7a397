"""The password reset by e-mail is throttled: per e-mail address PASSWORD_RESET_LIMIT_PER_EMAIL (3) and per client
address PASSWORD_RESET_LIMIT_PER_IP (10) requests in a fixed window of PASSWORD_RESET_WINDOW (an hour, aligned to
whole hours). Over a limit no letter goes out and the form answers 429, the same for a known and an unknown
address; the counters keep only salted hashes, never an address."""

import logging
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodist import settings as configured
from metodist.accounts.models import ResetThrottle
from metodist.accounts.throttle import reset_key, window_start
from metodist.testing import factories as f

RESET = reverse("accounts:password_reset")
DONE = reverse("accounts:password_reset_done")
MOSCOW = ZoneInfo("Europe/Moscow")
ANNA = "anna@school1.example.ru"
PAVEL = "pavel@school1.example.ru"
NOBODY = "nobody@example.ru"
CLIENT = "10.0.0.1"
REFUSAL = "Слишком много запросов на восстановление пароля."


@pytest.fixture
def accounts(db):
    # a teacher and her mentor, each with an e-mail address on the account
    return f.UserFactory(username="anna", email=ANNA), f.UserFactory(username="pavel", email=PAVEL)


@pytest.fixture
def clock(time_machine):
    """Stops the clock at a Moscow time of the test's day: clock(10, 5) is 10:05."""

    def move(hour: int, minute: int = 0) -> None:
        time_machine.move_to(datetime(2025, 1, 15, hour, minute, tzinfo=MOSCOW), tick=False)

    move(10, 5)
    return move


def ask(client, email, address=CLIENT):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def page_of(response, email) -> str:
    """The page without what differs by nature between two renderings: the address typed and the CSRF tokens
    (the form's and the one htmx sends), masked anew each time."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", response.content.decode().replace(email, "ADDRESS"))


def test_the_settings_allow_three_requests_per_address_and_ten_per_client_an_hour():
    assert configured.PASSWORD_RESET_LIMIT_PER_EMAIL == 3
    assert configured.PASSWORD_RESET_LIMIT_PER_IP == 10
    assert configured.PASSWORD_RESET_WINDOW.total_seconds() == 60 * 60


def test_the_fourth_request_for_one_address_within_the_hour_is_refused_and_sends_no_letter(client, accounts, clock):
    allowed = []
    for minute in (5, 20, 40):
        clock(10, minute)
        allowed.append(ask(client, ANNA))
    clock(10, 50)

    refused = ask(client, ANNA)

    assert [response["Location"] for response in allowed] == [DONE] * 3
    assert refused.status_code == 429
    page = refused.content.decode()
    # the window 10:00–11:00 ends in 10 minutes
    assert f"{REFUSAL} Повторите попытку через 10 мин." in page
    assert ANNA in page  # the form keeps what was typed
    assert [message.to for message in mail.outbox] == [[ANNA]] * 3


def test_the_address_is_counted_whatever_its_case(client, accounts, clock):
    for email in (ANNA, "Anna@School1.example.ru", "ANNA@SCHOOL1.EXAMPLE.RU"):
        ask(client, email)

    refused = ask(client, "anna@School1.Example.ru")

    assert refused.status_code == 429
    assert len(mail.outbox) == 3


def test_another_address_is_still_served_when_one_is_refused(client, accounts, clock):
    for _ in range(4):
        ask(client, ANNA)

    response = ask(client, PAVEL)

    assert response["Location"] == DONE
    assert mail.outbox[-1].to == [PAVEL]
    assert len(mail.outbox) == 4  # three to anna, one to pavel


def test_the_next_window_serves_the_address_again(client, accounts, clock):
    for _ in range(3):
        ask(client, ANNA)
    clock(10, 59)
    assert ask(client, ANNA).status_code == 429

    clock(11, 0)
    response = ask(client, ANNA)

    assert response["Location"] == DONE
    assert len(mail.outbox) == 4


def test_the_window_is_fixed_to_whole_hours_not_sliding(client, accounts, clock):
    # three requests at 10:58 and 10:59 of one window, then three more at 11:00 of the next: all six are served
    clock(10, 58)
    ask(client, ANNA)
    clock(10, 59)
    ask(client, ANNA)
    ask(client, ANNA)
    clock(11, 0)

    responses = [ask(client, ANNA) for _ in range(3)]

    assert [response.status_code for response in responses] == [302] * 3
    assert len(mail.outbox) == 6


def test_the_eleventh_request_from_one_client_is_refused_whatever_the_address(client, accounts, clock):
    for number in range(10):
        assert ask(client, f"nobody{number}@example.ru")["Location"] == DONE

    refused = ask(client, ANNA)
    other_client = ask(client, ANNA, address="10.0.0.2")

    assert refused.status_code == 429
    assert REFUSAL in refused.content.decode()
    assert other_client["Location"] == DONE
    assert [message.to for message in mail.outbox] == [[ANNA]]  # the letter of the other client only


def test_behind_the_proxy_the_client_is_the_forwarded_address(client, accounts, clock, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(10):
        client.post(
            RESET, {"email": f"nobody{number}@example.ru"}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=CLIENT
        )

    # the proxy's own address is the same, the client behind it another
    other = client.post(RESET, {"email": ANNA}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.2")
    same = client.post(RESET, {"email": PAVEL}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=CLIENT)

    assert other["Location"] == DONE
    assert same.status_code == 429


def test_a_known_and_an_unknown_address_get_the_same_answers_under_and_over_the_limit(client, accounts, clock):
    known = [ask(client, ANNA) for _ in range(4)]
    unknown = [ask(client, NOBODY) for _ in range(4)]

    assert [response.status_code for response in known] == [302, 302, 302, 429]
    assert [response.status_code for response in unknown] == [302, 302, 302, 429]
    assert {response["Location"] for response in known[:3] + unknown[:3]} == {DONE}
    assert page_of(known[3], ANNA) == page_of(unknown[3], NOBODY)
    assert len(mail.outbox) == 3  # the letters to anna only


def test_a_deactivated_account_is_counted_like_any_address(client, accounts, clock):
    anna, _ = accounts
    anna.is_active = False
    anna.save(update_fields=["is_active"])

    responses = [ask(client, ANNA) for _ in range(4)]

    assert [response.status_code for response in responses] == [302, 302, 302, 429]
    assert mail.outbox == []


def test_an_invalid_address_is_not_counted(client, accounts, clock):
    for _ in range(5):
        assert ask(client, "не адрес").status_code == 200

    assert ask(client, ANNA)["Location"] == DONE
    assert ResetThrottle.objects.get(key=reset_key("email", ANNA)).count == 1


def test_the_counters_hold_salted_hashes_and_no_address(client, accounts, clock, settings):
    ask(client, ANNA)

    rows = list(ResetThrottle.objects.values_list("key", "window_start", "count"))

    # one counter of the e-mail address and one of the client, both in the window from 10:00
    start = datetime(2025, 1, 15, 10, tzinfo=MOSCOW)
    assert sorted(rows) == sorted([(reset_key("email", ANNA), start, 1), (reset_key("ip", CLIENT), start, 1)])
    stored = repr(rows)
    assert ANNA not in stored and "anna" not in stored and CLIENT not in stored
    assert all(re.fullmatch(r"[0-9a-f]{64}", key) for key, _, _ in rows)
    # the hash depends on SECRET_KEY: a list of known addresses cannot be hashed to find one in the table
    key = reset_key("email", ANNA)
    settings.SECRET_KEY = "another-secret-key-of-another-installation-1234567890"
    assert reset_key("email", ANNA) != key


def test_the_counters_of_ended_windows_are_deleted_by_the_next_request(client, accounts, clock):
    ask(client, ANNA)
    ask(client, PAVEL, address="10.0.0.2")
    clock(11, 10)

    ask(client, NOBODY, address="10.0.0.3")

    start = datetime(2025, 1, 15, 11, tzinfo=MOSCOW)
    assert list(ResetThrottle.objects.values_list("window_start", flat=True)) == [start, start]


def test_the_refusal_is_logged_without_the_address_or_the_client(client, accounts, clock, caplog):
    for _ in range(3):
        ask(client, ANNA)

    with caplog.at_level(logging.INFO, logger="metodist.accounts"):
        ask(client, ANNA)

    assert "Password reset refused: over the limit per e-mail address" in caplog.text
    assert "anna" not in caplog.text.lower() and CLIENT not in caplog.text


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2025, 1, 15, 10, 0, tzinfo=MOSCOW), datetime(2025, 1, 15, 10, 0, tzinfo=MOSCOW)),
        (datetime(2025, 1, 15, 10, 59, 59, tzinfo=MOSCOW), datetime(2025, 1, 15, 10, 0, tzinfo=MOSCOW)),
        (datetime(2025, 1, 15, 11, 0, tzinfo=MOSCOW), datetime(2025, 1, 15, 11, 0, tzinfo=MOSCOW)),
    ],
)
def test_a_window_starts_at_a_whole_hour(moment, expected):
    assert window_start(moment, timedelta(hours=1)) == expected


def test_a_request_is_counted_by_one_update_in_sql(db):
    start = datetime(2025, 1, 15, 10, tzinfo=MOSCOW)
    ResetThrottle.hit("k" * 64, start)

    with CaptureQueriesContext(connection) as queries:
        counts = [ResetThrottle.hit("k" * 64, start) for _ in range(4)]

    assert counts == [2, 3, 4, 5]
    updates = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("UPDATE")]
    assert len(updates) == 4
    assert all('"count" = ("accounts_resetthrottle"."count" + 1)' in sql for sql in updates)
