"""The bank's pages for each role of the service, constant query counts, the export."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.testing import factories as f

from .conftest import deficit, help_request, kept_topic, reported, survey_answers

PAGES = [("index", ()), ("matrix", ("subject",)), ("matrix", ("organization",)), ("trends", ()), ("export", ())]


def fill(cast, competency, n):
    topic = kept_topic(cast, name=f"Тема {n}")
    for i in range(n):
        educator = f.EducatorFactory()
        f.EmploymentFactory(educator=educator, organization=cast.school1 if i % 2 else cast.school2)
        organization = cast.school1 if i % 2 else cast.school2
        help_request(
            cast, educator, organization, date(2024, 10, 1 + i), competency=competency, subject=f.subject("physics")
        )
        reported(educator, organization, date(2024, 11, 1 + i), topic=topic)
        deficit(cast, educator, competency, date(2024, 12, 1 + i))
    survey_answers(cast, cast.school1, date(2024, 10, 1), {competency: 5})


@pytest.mark.usefixtures("on_today")
@pytest.mark.parametrize("name, args", PAGES)
@pytest.mark.parametrize("who", ["coordinator", "methodologist", "regional_operator", "school1_admin"])
def test_the_pages_open_for_the_service_and_an_organization(client, cast, lesson, name, args, who):
    fill(cast, lesson, 2)
    client.force_login(getattr(cast, who))

    page = client.get(reverse(f"difficulties:{name}", args=args))

    assert page.status_code == 200


@pytest.mark.usefixtures("on_today")
@pytest.mark.parametrize("name, args", [*PAGES, ("cell", ())])
def test_query_counts_do_not_grow_with_the_records(client, cast, lesson, django_assert_num_queries, name, args):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.coordinator)
    url = reverse(f"difficulties:{name}", args=args)
    fill(cast, lesson, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"topic": "c:methods.lesson"} if name == "cell" else {})
    fill(cast, lesson, 6)

    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url, {"topic": "c:methods.lesson"} if name == "cell" else {})


@pytest.mark.usefixtures("on_today")
def test_the_export_is_an_xlsx_of_the_table(client, cast, lesson):
    fill(cast, lesson, 2)
    client.force_login(cast.coordinator)

    response = client.get(reverse("difficulties:export"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "no-store" or "no-store" in response.get("Cache-Control", "")


@pytest.mark.usefixtures("on_today")
def test_the_export_holds_the_tables_numbers(client, cast, lesson):
    from io import BytesIO

    from openpyxl import load_workbook

    help_request(cast, cast.teacher, cast.school1, date(2024, 10, 1), competency=lesson)
    help_request(cast, cast.teacher, cast.school1, date(2024, 10, 2), competency=lesson)
    client.force_login(cast.coordinator)

    response = client.get(reverse("difficulties:export"))

    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
    # № п/п, topic, records and educators per source (none for the anonymous surveys), total
    assert [1, lesson.name, 2, 1, 0, 0, 0, 0, 0, "—", 2] in rows
