"""Bad inputs get a 422 that says in Russian which parameter is wrong, never a 500 and never a guess:
identifiers past the 64-bit range of the database, dates that are not ГГГГ-ММ-ДД, pages past any list."""

import pytest

from .helpers import LIST_PATHS

PAST_64_BITS = str(2**63)  # the first integer a BIGINT cannot hold
PAST_ANY_INT = "1" + "0" * 40


def _errors(response) -> dict:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"].startswith("Неверные параметры запроса")
    return body["errors"]


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/api/v1/educators/", "organization"),
        ("/api/v1/employments/", "organization"),
        ("/api/v1/employments/", "educator"),
        ("/api/v1/organizations/", "municipality"),
        ("/api/v1/staff-positions/", "organization"),
        ("/api/v1/cards/", "campaign"),
        ("/api/v1/cards/", "organization"),
    ],
)
@pytest.mark.parametrize("value", [PAST_64_BITS, PAST_ANY_INT])
def test_identifier_filter_past_64_bits_is_422(api_get, cast, path, param, value):
    response = api_get(cast.coordinator, path, **{param: value})

    assert _errors(response) == {param: ["Число должно быть не больше 9223372036854775807."]}


@pytest.mark.parametrize("value", [PAST_64_BITS, PAST_ANY_INT])
def test_results_filters_past_64_bits_are_422(api_get, cast, value):
    response = api_get(cast.coordinator, "/api/v1/campaigns/1/results/", municipality=value, organization=value)

    assert set(_errors(response)) == {"municipality", "organization"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organizations/{}/",
        "/api/v1/staff-positions/{}/",
        "/api/v1/educators/{}/",
        "/api/v1/employments/{}/",
        "/api/v1/campaigns/{}/",
        "/api/v1/campaigns/{}/results/",
        "/api/v1/cards/{}/",
    ],
)
def test_identifier_in_the_path_past_64_bits_is_422(api_get, cast, path):
    response = api_get(cast.coordinator, path.format(PAST_64_BITS))

    assert list(_errors(response).values()) == [["Число должно быть не больше 9223372036854775807."]]


@pytest.mark.parametrize("path", ["/api/v1/cards/{}/values/", "/api/v1/cards/{}/submit/"])
def test_card_writes_with_an_identifier_past_64_bits_are_422(client, cast, path):
    from metodist.accounts.models import ApiToken

    _, raw = ApiToken.issue(cast.school1_admin, "тесты")

    response = client.post(
        path.format(PAST_ANY_INT), "{}", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )

    assert list(_errors(response)) == ["card_id"]


@pytest.mark.parametrize("path", LIST_PATHS)
def test_page_past_any_list_is_422_not_an_overflow(api_get, cast, path):
    response = api_get(cast.coordinator, path, page=PAST_64_BITS)

    assert _errors(response) == {"page": ["Число должно быть не больше 1000000."]}


@pytest.mark.parametrize(
    "value", ["0.0", "0", "1736899200", "2025-01-15T00:00:00", "20250115", "2025-1-5", " 2025-01-15"]
)
@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/api/v1/educators/", "on"),
        ("/api/v1/educators/{teacher}/", "on"),
        ("/api/v1/organizations/", "on"),
        ("/api/v1/organizations/{school}/", "on"),
        ("/api/v1/employments/", "active_on"),
        ("/api/v1/staff-positions/", "valid_on"),
    ],
)
def test_a_date_is_only_read_from_iso_form(api_get, cast, value, path, param):
    path = path.format(teacher=cast.teacher.pk, school=cast.school1.pk)

    response = api_get(cast.coordinator, path, **{param: value})

    assert _errors(response) == {param: ["Дата должна быть в формате ГГГГ-ММ-ДД."]}


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_a_date_far_outside_the_registry_is_422(api_get, cast, value):
    response = api_get(cast.coordinator, f"/api/v1/educators/{cast.teacher.pk}/", on=value)

    assert _errors(response) == {"on": ["Дата должна быть в пределах от 1900-01-01 до 2100-12-31."]}


def test_an_impossible_date_is_422(api_get, cast):
    response = api_get(cast.coordinator, "/api/v1/educators/", on="2025-02-30")

    assert _errors(response) == {"on": ["Такой даты нет в календаре."]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"young": "maybe"}, {"young": ["Нужно значение true или false."]}),
        ({"organization": "first"}, {"organization": ["Нужно целое число."]}),
        ({"organization": "0"}, {"organization": ["Число должно быть не меньше 1."]}),
        ({"category": "gold"}, {"category": ["Допустимые значения: none, szd, first, highest, methodist, mentor."]}),
        ({"q": "a" * 101}, {"q": ["Не длиннее 100 символов."]}),
    ],
)
def test_every_422_message_is_in_russian(api_get, cast, params, expected):
    response = api_get(cast.coordinator, "/api/v1/educators/", **params)

    assert _errors(response) == expected


def test_a_body_that_is_not_json_is_400_in_russian(client, cast):
    client.force_login(cast.school1_admin)

    response = client.post("/api/v1/cards/1/values/", "{", content_type="application/json")

    assert (response.status_code, response.json()) == (400, {"detail": "Тело запроса — не JSON."})


def test_a_session_write_without_its_csrf_token_is_403_in_russian(cast):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.school1_admin)

    response = browser.post("/api/v1/cards/1/submit/", "{}", content_type="application/json")

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Нет CSRF-токена")


@pytest.mark.parametrize(
    "path", ["/api/v1/educators/null,null/", "/api/v1/cards/-1/", "/api/v1/campaigns/1.5/results/"]
)
def test_identifier_in_the_path_that_is_not_a_number_is_a_json_422(api_get, cast, path):
    response = api_get(cast.coordinator, path)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert list(_errors(response).values()) in ([["Нужно целое число."]], [["Число должно быть не меньше 1."]])


def test_the_schema_states_the_range_of_dates(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    on = next(p for p in schema["paths"]["/api/v1/educators/"]["get"]["parameters"] if p["name"] == "on")
    assert on["schema"]["anyOf"][0]["pattern"] == r"^(19\d\d|20\d\d|2100)-\d\d-\d\d$"


def test_a_card_version_past_64_bits_is_422(client, cast):
    from metodist.accounts.models import ApiToken

    _, raw = ApiToken.issue(cast.school1_admin, "тесты")

    response = client.post(
        "/api/v1/cards/1/values/",
        {"version": 2**63},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )

    assert _errors(response) == {"version": ["Число должно быть не больше 9223372036854775807."]}
