"""Lists come in pages with a total count, and their cost in queries does not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodist.orgs.models import Organization
from metodist.testing import factories as f

from .helpers import LIST_PATHS, items


def test_pages_split_the_list_and_carry_the_total(api_get, cast):
    pages = [api_get(cast.coordinator, "/api/v1/educators/", page=page, page_size=2) for page in (1, 2, 3)]

    assert [items(page, "last_name") for page in pages] == [["Кузнецов", "Орлова"], ["Смирнова"], []]
    assert {page.json()["count"] for page in pages} == {3}


def test_default_page_is_50_rows_and_a_larger_request_is_cut_to_500(api_get, cast):
    Organization.objects.bulk_create(
        Organization(municipality=cast.municipality, short_name=f"Школа № {n:03}", full_name="Школа", kind="general")
        for n in range(100, 601)
    )

    default = api_get(cast.coordinator, "/api/v1/organizations/")
    largest = api_get(cast.coordinator, "/api/v1/organizations/", page_size=1000)

    # 501 added + schools 1 and 2 of the demo municipality
    assert (len(default.json()["items"]), default.json()["count"]) == (50, 503)
    assert (len(largest.json()["items"]), largest.json()["count"]) == (500, 503)


@pytest.mark.parametrize("params", [{"page": 0}, {"page_size": 0}, {"page": "last"}])
def test_bad_page_is_422(api_get, cast, params):
    response = api_get(cast.coordinator, "/api/v1/educators/", **params)

    assert response.status_code == 422


def _add_rows(cast, n):
    """n more of everything in the demo municipality: schools with a staff position, educators in school 1, and
    part-time jobs of the teacher in the new schools; every job teaches two subjects."""
    subjects = [f.subject("mathematics"), f.subject("algebra")]
    for _ in range(n):
        school = f.OrganizationFactory(municipality=cast.municipality)
        f.StaffPositionFactory(organization=school, subject=subjects[0])
        f.EmploymentFactory(organization=cast.school1, subjects=subjects)
        f.EmploymentFactory(educator=cast.teacher, organization=school, kind="external", subjects=subjects)


@pytest.mark.parametrize("path", LIST_PATHS + ["/api/v1/educators/{teacher}/"])
def test_query_count_does_not_grow_with_rows(client, cast, django_assert_max_num_queries, path):
    path = path.format(teacher=cast.teacher.pk)
    client.force_login(cast.coordinator)
    _add_rows(cast, 1)
    with CaptureQueriesContext(connection) as few_rows:
        client.get(path)
    _add_rows(cast, 4)

    with django_assert_max_num_queries(len(few_rows.captured_queries)):
        response = client.get(path)

    assert response.status_code == 200
