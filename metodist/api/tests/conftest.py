"""Calling the API as a member of the cast: each call carries a fresh bearer token of that user."""

import pytest

from metodist.accounts.models import ApiToken


@pytest.fixture
def api_get(client):
    def get(user, path, **params):
        _, raw = ApiToken.issue(user, "тесты")
        return client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {raw}")

    return get
