"""Employments: filters by organization, educator and the day they are active on; the detail."""

from datetime import date

import pytest

from metodist.testing import factories as f


@pytest.fixture
def history(cast):
    """Орлова also worked in school 1 by external part-time from 01.09.2023 to 30.06.2024."""
    f.EmploymentFactory(
        educator=cast.school2_educator,
        organization=cast.school1,
        kind="external",
        start_date=date(2023, 9, 1),
        end_date=date(2024, 6, 30),
    )
    return cast


def _jobs(response):
    assert response.status_code == 200, response.content
    return [
        (row["educator"]["full_name"].split()[0], row["organization"]["short_name"]) for row in response.json()["items"]
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [("Кузнецов", "Школа № 1"), ("Орлова", "Школа № 2"), ("Орлова", "Школа № 1"), ("Смирнова", "Школа № 1")]),
        (
            {"organization": "{school1}"},
            [("Кузнецов", "Школа № 1"), ("Орлова", "Школа № 1"), ("Смирнова", "Школа № 1")],
        ),
        ({"educator": "{orlova}"}, [("Орлова", "Школа № 2"), ("Орлова", "Школа № 1")]),
        ({"active_on": "2024-06-30", "educator": "{orlova}"}, [("Орлова", "Школа № 2"), ("Орлова", "Школа № 1")]),
        ({"active_on": "2024-07-01", "educator": "{orlova}"}, [("Орлова", "Школа № 2")]),
        (
            {"active_on": "2023-08-31", "organization": "{school1}"},
            [("Кузнецов", "Школа № 1"), ("Смирнова", "Школа № 1")],
        ),
    ],
)
def test_employments_filtered(api_get, history, params, expected):
    ids = {"school1": history.school1.pk, "orlova": history.school2_educator.pk}
    params = {key: value.format(**ids) for key, value in params.items()}

    response = api_get(history.coordinator, "/api/v1/employments/", **params)

    assert _jobs(response) == expected


def test_school2_admin_does_not_see_the_school1_job_of_her_educator(api_get, history):
    response = api_get(history.school2_admin, "/api/v1/employments/", educator=history.school2_educator.pk)

    assert _jobs(response) == [("Орлова", "Школа № 2")]


def test_employment_detail(api_get, history):
    job = history.school2_educator.employments.get(organization=history.school1)

    response = api_get(history.coordinator, f"/api/v1/employments/{job.pk}/")

    assert response.json() == {
        "id": job.pk,
        "educator": {"id": history.school2_educator.pk, "full_name": "Орлова Вера Петровна"},
        "organization": {"id": history.school1.pk, "short_name": "Школа № 1"},
        "position": {"code": "teacher", "name": "Учитель"},
        "kind": "external",
        "rate": "1.00",
        "weekly_hours": "18.0",
        "subjects": [],
        "start_date": "2023-09-01",
        "end_date": "2024-06-30",
    }


@pytest.mark.parametrize("params", [{"active_on": "yesterday"}, {"educator": "Орлова"}])
def test_bad_employment_filter_is_422(api_get, history, params):
    response = api_get(history.coordinator, "/api/v1/employments/", **params)

    assert response.status_code == 422
