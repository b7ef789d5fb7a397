"""Organizations and staff positions: filters, detail with staffing, bad inputs."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.orgs.models import OrganizationKind
from metodist.testing import factories as f

from .helpers import items


@pytest.fixture
def flagged(cast):
    """School 1 is ШНОР; school 2 is ШНОР and an innovation site; kindergarten 5 in the demo municipality.
    School 3 was an innovation site in 2023/24 only."""
    f.flag(cast.school1, "is_low_results")
    f.flag(cast.school2, "is_low_results")
    f.flag(cast.school2, "is_innovation_site")
    f.flag(cast.school3, "is_innovation_site", date(2023, 9, 1), date(2024, 8, 31))
    f.OrganizationFactory(municipality=cast.municipality, short_name="Детский сад № 5", kind=OrganizationKind.PRESCHOOL)
    return cast


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Детский сад № 5", "Школа № 1", "Школа № 2", "Школа № 3"]),
        ({"kind": "preschool"}, ["Детский сад № 5"]),
        ({"flag": "is_low_results"}, ["Школа № 1", "Школа № 2"]),
        ({"flag": ["is_low_results", "is_innovation_site"]}, ["Школа № 2"]),
        ({"kind": "preschool", "flag": "is_low_results"}, []),
        ({"flag": "is_innovation_site", "on": "2024-05-31"}, ["Школа № 2", "Школа № 3"]),
    ],
)
def test_organizations_filtered_by_kind_and_flags(api_get, flagged, params, expected):
    response = api_get(flagged.regional_operator, "/api/v1/organizations/", **params)

    assert items(response, "short_name") == expected


def test_organizations_filtered_by_municipality(api_get, flagged):
    other = api_get(flagged.regional_operator, "/api/v1/organizations/", municipality=flagged.other_municipality.pk)
    outside_scope = api_get(flagged.coordinator, "/api/v1/organizations/", municipality=flagged.other_municipality.pk)

    assert items(other, "short_name") == ["Школа № 3"]
    assert items(outside_scope, "short_name") == []


def test_organization_shows_flags_with_their_document_labels(api_get, flagged):
    response = api_get(flagged.coordinator, f"/api/v1/organizations/{flagged.school2.pk}/")

    body = response.json()
    assert body["flags"] == ["is_low_results", "is_innovation_site"]
    assert body["flag_labels"] == ["ШНОР", "Инновационная площадка"]
    assert body["kind"] == "general"
    assert body["kind_display"] == "Общеобразовательная организация"
    assert body["municipality"] == {"id": flagged.municipality.pk, "name": "Город N"}
    assert {period["flag"] for period in body["flag_periods"]} == {"is_low_results", "is_innovation_site"}


def test_organization_shows_the_flags_held_on_the_date_asked_and_the_whole_history(api_get, flagged):
    url = f"/api/v1/organizations/{flagged.school3.pk}/"

    then = api_get(flagged.regional_operator, url, on="2024-05-31").json()
    now = api_get(flagged.regional_operator, url, on="2025-05-31").json()

    assert (then["flags"], now["flags"]) == (["is_innovation_site"], [])
    assert now["flag_periods"] == [
        {"flag": "is_innovation_site", "start_date": "2023-09-01", "end_date": "2024-08-31", "basis": ""}
    ]


def test_organization_detail_counts_the_staff_list_valid_on_the_date(api_get, cast):
    f.StaffPositionFactory(organization=cast.school1, rates=Decimal("3"), valid_to=date(2024, 8, 31))
    f.StaffPositionFactory(organization=cast.school1, rates=Decimal("4"), valid_from=date(2024, 9, 1))
    url = f"/api/v1/organizations/{cast.school1.pk}/"

    then = api_get(cast.coordinator, url, on="2024-05-31").json()
    now = api_get(cast.coordinator, url, on="2025-05-31").json()

    assert (then["staff_rates"], now["staff_rates"]) == ("3.00", "4.00")


def test_organization_detail_sums_its_staff_rates(api_get, cast):
    f.StaffPositionFactory(organization=cast.school1, rates=Decimal("3"), vacant_rates=Decimal("1"))
    f.StaffPositionFactory(organization=cast.school1, position=f.position("educator"), rates=Decimal("2.5"))

    response = api_get(cast.coordinator, f"/api/v1/organizations/{cast.school1.pk}/")

    # 3 + 2.5 rates, of which 1 + 0 vacant
    assert (response.json()["staff_rates"], response.json()["vacant_rates"]) == ("5.50", "1.00")


@pytest.mark.parametrize("params", [{"kind": "castle"}, {"flag": "is_haunted"}, {"municipality": "first"}])
def test_bad_organization_filter_is_422(api_get, cast, params):
    response = api_get(cast.coordinator, "/api/v1/organizations/", **params)

    assert response.status_code == 422


@pytest.fixture
def staff(cast):
    """School 1: 3 mathematics teacher rates (1 vacant) and 2 educator rates; school 2: 1 teacher, 0.5 vacant."""
    f.StaffPositionFactory(
        organization=cast.school1, subject=f.subject("mathematics"), rates=Decimal("3"), vacant_rates=Decimal("1")
    )
    f.StaffPositionFactory(organization=cast.school1, position=f.position("educator"), rates=Decimal("2"))
    f.StaffPositionFactory(organization=cast.school2, rates=Decimal("1"), vacant_rates=Decimal("0.5"))
    f.StaffPositionFactory(organization=cast.school3, vacant_rates=Decimal("1"))
    return cast


def _rows(response):
    return [(row["organization"]["short_name"], row["position"]["code"]) for row in response.json()["items"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [("Школа № 1", "teacher"), ("Школа № 1", "educator"), ("Школа № 2", "teacher")]),
        ({"vacant": "true"}, [("Школа № 1", "teacher"), ("Школа № 2", "teacher")]),
        ({"vacant": "false"}, [("Школа № 1", "educator")]),
        ({"organization": "{school2}"}, [("Школа № 2", "teacher")]),
        ({"organization": "{school3}"}, []),
        ({"valid_on": "2024-05-31", "organization": "{school2}"}, [("Школа № 2", "teacher")]),
    ],
)
def test_staff_positions_filtered_by_organization_and_vacancy(api_get, staff, params, expected):
    schools = {"school2": staff.school2.pk, "school3": staff.school3.pk}
    params = {key: value.format(**schools) for key, value in params.items()}

    response = api_get(staff.coordinator, "/api/v1/staff-positions/", **params)

    assert _rows(response) == expected


def test_staff_position_detail_shows_subject_and_rates(api_get, staff):
    pk = staff.school1.staff_positions.get(subject__code="mathematics").pk

    response = api_get(staff.school1_admin, f"/api/v1/staff-positions/{pk}/")

    assert response.json() == {
        "id": pk,
        "organization": {"id": staff.school1.pk, "short_name": "Школа № 1"},
        "position": {"code": "teacher", "name": "Учитель"},
        "subject": {"code": "mathematics", "name": "Математика"},
        "rates": "3.00",
        "vacant_rates": "1.00",
        "valid_from": None,
        "valid_to": None,
    }


def test_bad_vacancy_filter_is_422(api_get, staff):
    response = api_get(staff.coordinator, "/api/v1/staff-positions/", vacant="maybe")

    assert response.status_code == 422
