"""The API-token page: a user sees, issues and revokes only their own tokens; the raw token is shown once."""

import re

import pytest

from metodist.accounts.models import ApiToken
from metodist.audit.models import AuditAction, AuditEntry
from metodist.testing import factories as f

URL = "/accounts/tokens/"


@pytest.fixture
def owner(db):
    # no password: the page is reached with force_login, and hashing would only slow the tests down
    return f.UserFactory(username="owner", password=None)


@pytest.fixture
def stranger(db):
    return f.UserFactory(username="stranger", password=None)


def _shown_token(response) -> str:
    match = re.search(r'id="new-token"[^>]*value="([^"]+)"', response.content.decode())
    assert match, "the new token is not on the page"
    return match.group(1)


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_user_lists_only_own_tokens(client, owner, stranger):
    ApiToken.issue(owner, "выгрузка в регион")
    ApiToken.issue(stranger, "чужой скрипт")
    client.force_login(owner)

    response = client.get(URL)

    page = response.content.decode()
    assert "выгрузка в регион" in page
    assert "чужой скрипт" not in page
    assert "не использовался" in page


def test_new_token_is_shown_once_and_works(client, owner):
    client.force_login(owner)

    created = client.post(URL, {"name": "отчёт"})
    raw = _shown_token(created)
    again = client.get(URL)

    assert ApiToken.objects.matching(raw).get().user == owner
    assert "Скопируйте токен сейчас" in created.content.decode()
    assert raw not in again.content.decode()
    assert "no-store" in created["Cache-Control"]


def test_issuing_is_audited_without_the_token_value(client, owner):
    client.force_login(owner)

    raw = _shown_token(client.post(URL, {"name": "отчёт"}))

    token = ApiToken.objects.get(user=owner)
    entry = AuditEntry.objects.for_object(token).get()
    assert (entry.actor, entry.action, entry.changes) == (owner, AuditAction.CREATE, {"name": [None, "отчёт"]})
    assert raw not in str(entry.changes) + entry.summary
    assert token.key_hash not in str(entry.changes) + entry.summary


def test_token_without_a_name_is_refused(client, owner):
    client.force_login(owner)

    response = client.post(URL, {"name": "  "})

    assert response.status_code == 200
    assert "Обязательное поле" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_owner_revokes_token_and_it_is_audited(client, owner):
    token, _ = ApiToken.issue(owner, "старый скрипт")
    client.force_login(owner)

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    assert response["Location"] == URL
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    entry = AuditEntry.objects.get(action=AuditAction.DELETE)
    assert (entry.actor, entry.model, entry.object_id) == (owner, "accounts.apitoken", str(token.pk))


def test_token_of_another_user_cannot_be_revoked(client, owner, stranger):
    token, _ = ApiToken.issue(stranger, "чужой скрипт")
    client.force_login(owner)

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert not AuditEntry.objects.exists()


def test_revoking_needs_post(client, owner):
    token, _ = ApiToken.issue(owner, "скрипт")
    client.force_login(owner)

    response = client.get(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()
