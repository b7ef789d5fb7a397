"""Failed logins: an account, and an address, are locked after AXES_FAILURE_LIMIT failures in a row for
AXES_COOLOFF_TIME; every failure is logged without the password and listed for the administrator."""

import logging

import pytest
import time_machine
from django.core.management import call_command
from django.test import RequestFactory

from metodist import settings as configured
from metodist.accounts.throttle import client_ip
from metodist.testing import factories as f

PASSWORD = "pass-12345"  # the factories' password
WRONG = "wrong-Secret-42"
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def throttle(settings):
    """The throttle as metodist/settings.py configures it (the test run turns it off for everyone else)."""
    settings.AXES_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = configured.AUTHENTICATION_BACKENDS
    return settings


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_settings_lock_after_ten_failures_for_fifteen_minutes():
    assert configured.AXES_FAILURE_LIMIT == 10
    assert configured.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert configured.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


def test_thirty_wrong_passwords_lock_the_account_with_a_russian_message(client, cast):
    responses = [attempt(client, "teacher", WRONG) for _ in range(30)]

    assert [response.status_code for response in responses[:9]] == [200] * 9  # the form with its error
    assert {response.status_code for response in responses[9:]} == {429}
    page = responses[-1].content.decode()
    assert "Слишком много неудачных попыток входа подряд" in page
    assert "заблокирован на 15 мин" in page
    locked = attempt(client, "teacher", PASSWORD)
    assert locked.status_code == 429
    assert not logged_in(client)


def test_the_account_is_locked_whatever_the_address(client, cast):
    for number in range(10):
        attempt(client, "teacher", WRONG, address=f"10.0.1.{number}")

    assert attempt(client, "teacher", PASSWORD, address="10.0.2.1").status_code == 429
    assert not logged_in(client)


def test_the_address_is_locked_whatever_the_account(client, cast):
    for number in range(10):
        attempt(client, f"guess{number}", WRONG, address="10.0.3.3")

    assert attempt(client, "methodologist", PASSWORD, address="10.0.3.3").status_code == 429
    assert not logged_in(client)
    assert attempt(client, "methodologist", PASSWORD, address="10.0.3.4").status_code == 302
    assert logged_in(client)


def test_nine_failures_lock_nothing_and_a_success_starts_the_count_again(client, cast):
    for _ in range(9):
        attempt(client, "teacher", WRONG)
    assert attempt(client, "teacher", PASSWORD).status_code == 302
    client.logout()

    for _ in range(9):
        attempt(client, "teacher", WRONG)

    assert attempt(client, "teacher", PASSWORD).status_code == 302


@pytest.mark.parametrize(("later", "status"), [("09:14", 429), ("09:16", 302)])
def test_the_lock_ends_after_the_cool_off(client, cast, later, status):
    with time_machine.travel("2025-01-15 09:00 +0300", tick=False):
        for _ in range(10):
            attempt(client, "teacher", WRONG)

    with time_machine.travel(f"2025-01-15 {later} +0300", tick=False):
        assert attempt(client, "teacher", PASSWORD).status_code == status


def test_failures_and_the_lockout_are_logged_without_the_password_or_the_user_name(client, cast, caplog):
    """The log says that logins fail and when an account or address is locked; who and from where is in the
    administrator's tables (the next test), not in the application log, which keeps no personal data."""
    with caplog.at_level(logging.INFO):
        for _ in range(10):
            attempt(client, "teacher", WRONG)

    messages = [record.getMessage() for record in caplog.records if record.name.startswith("axes")]
    assert sum(("New login failure" in m or "Repeated login failure" in m) for m in messages) == 10
    assert sum("Locking out" in message for message in messages) == 1
    assert not any(WRONG in message or "teacher" in message for message in messages)


def test_the_administrator_sees_the_failed_attempts_without_the_password(client, cast):
    from axes.models import AccessAttempt, AccessFailureLog

    for _ in range(3):
        attempt(client, "teacher", WRONG)
    admin = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)

    page = client.get("/admin/axes/accessattempt/").content.decode()

    assert "teacher" in page
    (counted,) = AccessAttempt.objects.all()
    assert (counted.username, counted.ip_address, counted.failures_since_start) == ("teacher", "10.0.0.1", 3)
    assert WRONG not in counted.post_data
    assert AccessFailureLog.objects.filter(username="teacher").count() == 3


def test_the_operator_unlocks_an_account(client, cast):
    for number in range(10):
        attempt(client, "teacher", WRONG, address=f"10.0.4.{number}")

    call_command("axes_reset_username", "teacher")

    assert attempt(client, "teacher", PASSWORD, address="10.0.5.1").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "192.0.2.1"),  # no proxy: a forged header is ignored
        (1, "203.0.113.7", "203.0.113.7"),  # nginx appended the client's address
        (1, "198.51.100.9, 203.0.113.7", "203.0.113.7"),  # what the client wrote itself comes first, ignored
        (2, "203.0.113.7, 10.1.1.1", "203.0.113.7"),
        (2, "10.1.1.1", "192.0.2.1"),  # fewer entries than proxies: the connection's address
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected
