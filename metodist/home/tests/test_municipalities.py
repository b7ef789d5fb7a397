"""The comparison of municipalities for regional roles: one row per municipality, every figure a link."""

import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from metodist.home.figures import Share, municipality_rows
from metodist.testing import factories as f

pytestmark = pytest.mark.usefixtures("on_today")


def rows_by_name(rows):
    return {str(row.municipality): row for row in rows}


def test_each_municipality_of_the_region_gets_its_own_row(cast, town, today):
    f.MunicipalityFactory(region=cast.region, name="Город K")  # no organizations yet
    f.OrganizationFactory(municipality=f.MunicipalityFactory(name="Чужой город"))  # another region

    rows = rows_by_name(municipality_rows(cast.regional_operator, today))

    assert list(rows) == ["Город K", "Город M", "Город N"]
    town_n = rows["Город N"]  # the figures of test_figures.py, by hand
    assert (town_n.organizations, town_n.educators) == (3, 8)
    assert town_n.pedagogical == Share(7, 8)
    assert town_n.young == Share(2, 7)
    assert town_n.higher_education == Share(3, 8)
    assert (town_n.category_highest, town_n.category_first) == (Share(2, 8), Share(0, 8))
    assert (town_n.staff_rates, town_n.vacant_rates) == (Decimal("10.50"), Decimal("2.75"))
    assert town_n.deficit.display == "26,2\u00a0%"
    town_m = rows["Город M"]  # school 3 with Волкова, a teacher without a category; 10 rates, 5 vacant
    assert (town_m.organizations, town_m.educators, town_m.pedagogical) == (1, 1, Share(1, 1))
    assert town_m.deficit.display == "50,0\u00a0%"
    empty = rows["Город K"]
    assert (empty.organizations, empty.educators, empty.young.display) == (0, 0, "нет данных")


def test_a_person_working_in_two_municipalities_counts_in_each_row_and_once_in_the_total(client, cast):
    both = f.EducatorFactory(last_name="Петрова")
    f.EmploymentFactory(educator=both, organization=cast.school2)
    f.EmploymentFactory(educator=both, organization=cast.school3, kind="external")
    client.force_login(cast.regional_operator)

    response = client.get(reverse("home:municipalities"))

    rows = rows_by_name(response.context["rows"])
    assert (rows["Город N"].educators, rows["Город M"].educators) == (4, 2)
    assert response.context["total"].educators == 5


def test_the_table_is_counted_in_a_fixed_number_of_queries(client, cast, town, django_assert_max_num_queries):
    for number in range(5):
        municipality = f.MunicipalityFactory(region=cast.region, name=f"Посёлок {number}")
        f.EmploymentFactory(organization=f.OrganizationFactory(municipality=municipality))
    client.force_login(cast.regional_operator)

    with django_assert_max_num_queries(16):  # session, user, region name; 4 for the rows, 3 for the total,
        client.get(reverse("home:municipalities"))  # and 3 for each kept count: read, marked current, stored
    with django_assert_max_num_queries(10):  # the kept counts read instead of counted
        response = client.get(reverse("home:municipalities"))

    assert len(response.context["rows"]) == 7


CELL = re.compile(r'<a href="(?P<href>/people/[^"]*)">(?P<value>[^<]*)</a>')
TOTAL = re.compile(r'<strong id="total">([^<]*)</strong>')


def test_each_people_figure_opens_a_list_of_exactly_that_many(client, cast, town):
    client.force_login(cast.regional_operator)

    html = client.get(reverse("home:municipalities")).content.decode()

    cells = [(unescape(m["href"]), int(re.sub(r"\D", "", m["value"]))) for m in CELL.finditer(html)]
    assert len(cells) == 3 * 6
    for href, value in cells:
        listed = TOTAL.search(client.get(href).content.decode())
        assert int(re.sub(r"\D", "", unescape(listed.group(1)))) == value, href


def test_organization_figure_opens_the_filtered_organizations_list(client, cast, town):
    client.force_login(cast.regional_operator)

    response = client.get(reverse("orgs:list"), {"municipality": cast.municipality.pk})

    assert [org.short_name for org in response.context["page"]] == ["Детский сад № 5", "Школа № 1", "Школа № 2"]


@pytest.mark.parametrize("who", ["coordinator", "methodologist", "school1_admin", "teacher_user"])
def test_roles_below_the_region_cannot_compare_municipalities(client, cast, who):
    client.force_login(getattr(cast, who))

    response = client.get(reverse("home:municipalities"))

    assert response.status_code == 403
    assert "Город M" not in response.content.decode()


def test_a_coordinator_cannot_filter_lists_by_another_municipality(client, cast):
    client.force_login(cast.coordinator)

    organizations = client.get(reverse("orgs:list"), {"municipality": cast.other_municipality.pk})
    people = client.get(reverse("people:list"), {"municipality": cast.other_municipality.pk})

    assert "Школа № 3" not in organizations.content.decode()
    assert "Волкова" not in people.content.decode()


def test_only_regional_roles_are_offered_the_comparison(client, cast):
    link = reverse("home:municipalities")

    client.force_login(cast.regional_operator)
    regional = client.get(reverse("home:home")).content.decode()
    client.force_login(cast.coordinator)
    municipal = client.get(reverse("home:home")).content.decode()

    assert link in regional
    assert link not in municipal


def test_the_organizations_export_names_the_municipality_it_is_filtered_by(client, cast):
    client.force_login(cast.regional_operator)

    response = client.get(reverse("orgs:export"), {"municipality": cast.other_municipality.pk})

    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for row in book.active.iter_rows(values_only=True) for cell in row if cell]
    assert "Школа № 3" in cells
    assert "Школа № 1" not in cells
    assert any("муниципалитет: Город M" in str(cell) for cell in cells)
