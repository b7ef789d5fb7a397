"""Educators: filters on a date, derived facts in the detail, SNILS only for editors, bad inputs.

The cast on TODAY (15.01.2025): Смирнова, born 02.03.1999, teaching since 01.09.2023 — 25 years old, 1 year
of experience, young; Кузнецов, born 10.01.1970; Орлова, born 17.05.1980, teaching since 01.09.2003.
"""

from datetime import date

import pytest

from metodist.people.models import Category
from metodist.testing import factories as f

from .helpers import items


@pytest.fixture
def registry(cast):
    """Кузнецов: highest category of 10.01.2024 (no expiry) and deputy head part-time; Орлова: first category of
    01.03.2019, expired 01.03.2024; Смирнова has a SNILS."""
    cast.mentor_educator.category, cast.mentor_educator.category_awarded_on = Category.HIGHEST, date(2024, 1, 10)
    cast.mentor_educator.save()
    f.EmploymentFactory(
        educator=cast.mentor_educator, organization=cast.school1, position=f.position("deputy_head"), kind="internal"
    )
    cast.school2_educator.category = Category.FIRST
    cast.school2_educator.category_awarded_on = date(2019, 3, 1)
    cast.school2_educator.category_expires_on = date(2024, 3, 1)
    cast.school2_educator.save()
    cast.teacher.snils = "11223344595"
    cast.teacher.save()
    return cast


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Кузнецов", "Орлова", "Смирнова"]),
        ({"young": "true"}, ["Смирнова"]),
        ({"young": "false"}, ["Кузнецов", "Орлова"]),
        # the third year of work ends on 31.08.2026: young the day before, not on 01.09.2026
        ({"young": "true", "on": "2026-08-31"}, ["Смирнова"]),
        ({"young": "true", "on": "2026-09-01"}, []),
        ({"category": "highest"}, ["Кузнецов"]),
        ({"category": "first"}, []),
        ({"category": "first", "on": "2024-02-29"}, ["Орлова"]),
        ({"category": "none"}, ["Орлова", "Смирнова"]),
        ({"position": "deputy_head"}, ["Кузнецов"]),
        ({"position": "no-such-position"}, []),
        ({"subject": "mathematics"}, ["Смирнова"]),
        ({"subject": "physics"}, ["Кузнецов"]),
        ({"q": "Смирнова"}, ["Смирнова"]),
        ({"q": "Анна Игоревна"}, ["Смирнова"]),
        ({"q": "Анна Павел"}, []),
        ({"q": "ов"}, ["Кузнецов", "Орлова", "Смирнова"]),
    ],
)
def test_educators_filtered_on_a_date(api_get, registry, today, params, expected):
    params = {"on": today.isoformat(), **params}

    response = api_get(registry.coordinator, "/api/v1/educators/", **params)

    assert items(response, "last_name") == expected


def test_educators_filtered_by_organization_where_they_work(api_get, registry):
    school2 = api_get(registry.coordinator, "/api/v1/educators/", organization=registry.school2.pk)
    school1_seen_by_school2_admin = api_get(
        registry.school2_admin, "/api/v1/educators/", organization=registry.school1.pk
    )

    assert items(school2, "last_name") == ["Орлова"]
    assert items(school1_seen_by_school2_admin, "last_name") == []


def test_employment_that_ended_no_longer_places_educator_in_organization(api_get, registry):
    f.EmploymentFactory(educator=registry.school2_educator, organization=registry.school1, end_date=date(2024, 6, 30))

    before = api_get(registry.coordinator, "/api/v1/educators/", organization=registry.school1.pk, on="2024-06-30")
    after = api_get(registry.coordinator, "/api/v1/educators/", organization=registry.school1.pk, on="2024-07-01")

    assert items(before, "last_name") == ["Кузнецов", "Орлова", "Смирнова"]
    assert items(after, "last_name") == ["Кузнецов", "Смирнова"]


def test_educator_detail_gives_facts_on_the_date_and_employments(api_get, registry, today):
    response = api_get(registry.coordinator, f"/api/v1/educators/{registry.teacher.pk}/", on=today.isoformat())

    body = response.json()
    assert body["full_name"] == "Смирнова Анна Игоревна"
    assert body["facts"] == {
        "on": "2025-01-15",
        "age": 25,
        "experience_years": 1,
        "is_young": True,
        "category": "none",
    }
    assert body["employments"] == [
        {
            "id": registry.teacher.employments.get().pk,
            "organization": {"id": registry.school1.pk, "short_name": "Школа № 1"},
            "position": {"code": "teacher", "name": "Учитель"},
            "kind": "main",
            "rate": "1.00",
            "weekly_hours": "18.0",
            "subjects": [{"code": "mathematics", "name": "Математика"}],
            "start_date": "2010-09-01",
            "end_date": None,
        }
    ]


def test_educator_facts_follow_the_requested_date(api_get, registry):
    response = api_get(registry.coordinator, f"/api/v1/educators/{registry.teacher.pk}/", on="2026-09-01")

    # 02.03.1999 → 01.09.2026: 27 full years; 01.09.2023 → 01.09.2026: 3 full years, so no longer young
    assert response.json()["facts"] == {
        "on": "2026-09-01",
        "age": 27,
        "experience_years": 3,
        "is_young": False,
        "category": "none",
    }


@pytest.mark.parametrize(("on", "category"), [("2024-02-29", "first"), ("2024-03-01", "first"), ("2024-03-02", "none")])
def test_expired_category_counts_as_none_after_its_last_day(api_get, registry, on, category):
    response = api_get(registry.coordinator, f"/api/v1/educators/{registry.school2_educator.pk}/", on=on)

    body = response.json()
    assert body["facts"]["category"] == category
    assert body["category"] == "first"


def test_detail_without_a_date_uses_today(api_get, registry, time_machine):
    time_machine.move_to(date(2026, 9, 1), tick=False)

    response = api_get(registry.coordinator, f"/api/v1/educators/{registry.teacher.pk}/")

    assert response.json()["facts"]["on"] == "2026-09-01"


@pytest.mark.parametrize(
    ("user", "snils"),
    [
        ("coordinator", "11223344595"),
        ("school1_admin", "11223344595"),
        ("teacher_user", None),
        ("regional_operator", "11223344595"),
    ],
)
def test_snils_is_shown_only_to_editing_roles(api_get, registry, user, snils):
    detail = api_get(getattr(registry, user), f"/api/v1/educators/{registry.teacher.pk}/")
    listed = api_get(getattr(registry, user), "/api/v1/educators/", q="Смирнова")

    assert detail.json()["snils"] == snils
    assert items(listed, "snils") == [snils]
    if snils is None:
        assert "11223344595" not in detail.content.decode() + listed.content.decode()


@pytest.mark.parametrize(
    "params",
    [{"on": "15.01.2025"}, {"young": "maybe"}, {"category": "gold"}, {"organization": "first"}],
)
def test_bad_educator_filter_is_422(api_get, registry, params):
    response = api_get(registry.coordinator, "/api/v1/educators/", **params)

    assert response.status_code == 422


def test_bad_date_of_detail_is_422(api_get, registry):
    response = api_get(registry.coordinator, f"/api/v1/educators/{registry.teacher.pk}/", on="2025-02-30")

    assert response.status_code == 422
