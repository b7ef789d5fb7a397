"""Who may call the API: a bearer token or the session; anyone else gets 401 and a Russian message."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.test import RequestFactory
from ninja.errors import HttpError

from metodist.accounts.models import ApiToken
from metodist.api.actions import revoke_token
from metodist.api.auth import session_auth

from .helpers import LIST_PATHS

DETAIL_PATHS = [f"{path}1/" for path in LIST_PATHS]


@pytest.mark.parametrize("path", LIST_PATHS + DETAIL_PATHS)
def test_anonymous_caller_gets_401_with_russian_message(client, cast, path):
    response = client.get(path)

    assert response.status_code == 401
    assert response.json()["detail"].startswith("Требуется вход")
    assert "Требуется вход" in response.content.decode()  # readable in curl, not \u-escaped


@pytest.mark.parametrize("path", LIST_PATHS)
def test_bearer_token_opens_every_list(client, cast, path):
    _, raw = ApiToken.issue(cast.coordinator, "скрипт")

    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 200


def test_revoked_token_no_longer_works(client, cast):
    token, raw = ApiToken.issue(cast.coordinator, "скрипт")
    revoke_token(token, by=cast.coordinator)

    response = client.get("/api/v1/educators/", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-token", "Bearer ", "Token {raw}", "{raw}"],
    ids=["unknown token", "empty token", "wrong scheme", "no scheme"],
)
def test_malformed_or_unknown_token_gets_401(client, cast, header):
    _, raw = ApiToken.issue(cast.coordinator, "скрипт")

    response = client.get("/api/v1/educators/", HTTP_AUTHORIZATION=header.format(raw=raw))

    assert response.status_code == 401


def test_token_of_deactivated_user_gets_401(client, cast):
    _, raw = ApiToken.issue(cast.coordinator, "скрипт")
    cast.coordinator.is_active = False
    cast.coordinator.save(update_fields=["is_active"])

    response = client.get("/api/v1/educators/", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 401


def test_logged_in_browser_session_opens_the_api(client, cast):
    client.force_login(cast.teacher_user)

    response = client.get("/api/v1/educators/")

    assert response.status_code == 200
    assert [row["last_name"] for row in response.json()["items"]] == ["Смирнова"]


def test_session_is_refused_for_unsafe_request_without_csrf_token(cast):
    request = RequestFactory().post("/api/v1/educators/")
    request.user = cast.coordinator
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "session-key"

    with pytest.raises(HttpError) as refused:
        session_auth(request)

    assert refused.value.status_code == 403


def test_last_use_is_recorded_at_most_once_a_minute(client, cast, time_machine):
    token, raw = ApiToken.issue(cast.coordinator, "скрипт")
    header = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    first = datetime(2025, 1, 15, 9, 0, 0, tzinfo=UTC)

    time_machine.move_to(first, tick=False)
    client.get("/api/v1/educators/", **header)
    time_machine.move_to(datetime(2025, 1, 15, 9, 0, 59, tzinfo=UTC), tick=False)
    client.get("/api/v1/educators/", **header)
    token.refresh_from_db()
    within_the_minute = token.last_used_at
    time_machine.move_to(datetime(2025, 1, 15, 9, 1, 0, tzinfo=UTC), tick=False)
    client.get("/api/v1/educators/", **header)
    token.refresh_from_db()

    assert within_the_minute == first
    assert token.last_used_at == datetime(2025, 1, 15, 9, 1, 0, tzinfo=UTC)


def test_token_authentication_costs_one_query_within_the_minute(client, cast, django_assert_num_queries):
    _, raw = ApiToken.issue(cast.coordinator, "скрипт")
    client.get("/api/v1/organizations/1/", HTTP_AUTHORIZATION=f"Bearer {raw}")

    # token lookup + the scoped organization (404 here, which is enough)
    with django_assert_num_queries(2):
        response = client.get("/api/v1/organizations/999999/", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 404
