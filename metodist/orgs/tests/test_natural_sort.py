"""Organizations sort as a person reads their numbers (№ 4 before № 22), in SQL, so lists still paginate."""

import pytest
from django.urls import reverse

from metodist.orgs.models import Organization
from metodist.people.filters import EducatorFilterForm
from metodist.testing import factories as f
from metodist.testing.xlsx import read_table

NUMBERS = [22, 4, 100, 7, 31]


@pytest.fixture
def schools(cast):
    """Гимназия № 22, № 4, № 100, № 7, № 31, created in that order."""
    return [f.OrganizationFactory(municipality=cast.municipality, short_name=f"Гимназия № {n}") for n in NUMBERS]


def test_list_pages_follow_the_natural_order(client, cast, schools, monkeypatch):
    monkeypatch.setattr("metodist.orgs.views.PAGE_SIZE", 2)
    client.force_login(cast.coordinator)

    pages = [client.get(reverse("orgs:list"), {"q": "гимназия", "page": page}) for page in (1, 2, 3)]

    names = [[org.short_name for org in page.context["page"].object_list] for page in pages]
    assert names == [["Гимназия № 4", "Гимназия № 7"], ["Гимназия № 22", "Гимназия № 31"], ["Гимназия № 100"]]


def test_descending_name_sort_is_natural_too(client, cast, schools):
    client.force_login(cast.coordinator)

    response = client.get(reverse("orgs:list"), {"q": "гимназия", "sort": "-name"})

    assert [org.short_name for org in response.context["page"].object_list] == [
        "Гимназия № 100", "Гимназия № 31", "Гимназия № 22", "Гимназия № 7", "Гимназия № 4",
    ]  # fmt: skip


def test_selects_list_organizations_in_natural_order(cast, schools):
    form = EducatorFilterForm({}, user=cast.coordinator)

    choices = [org.short_name for org in form.fields["organization"].queryset]

    assert [name for name in choices if name.startswith("Гимназия")] == [f"Гимназия № {n}" for n in sorted(NUMBERS)]


def test_export_lists_organizations_in_natural_order(client, cast, schools):
    client.force_login(cast.coordinator)

    response = client.get(reverse("orgs:export"), {"q": "гимназия"})

    assert [row[0] for row in read_table(response.content).rows] == [f"Гимназия № {n}" for n in sorted(NUMBERS)]


def test_renaming_keeps_the_sort_key(cast, schools):
    school = schools[0]
    school.short_name = "Гимназия № 5"
    school.save(update_fields=["short_name"])

    assert Organization.objects.get(pk=school.pk).sort_name == "гимназия № 0000000005"
    assert list(Organization.objects.filter(short_name__startswith="Гимназия").values_list("short_name", flat=True))[
        :3
    ] == ["Гимназия № 4", "Гимназия № 5", "Гимназия № 7"]


def test_bulk_created_organizations_get_the_sort_key(cast):
    Organization.objects.bulk_create(
        [Organization(municipality=cast.municipality, short_name="Школа № 9", full_name="Школа № 9", kind="general")]
    )

    assert Organization.objects.get(short_name="Школа № 9").sort_name == "школа № 0000000009"
