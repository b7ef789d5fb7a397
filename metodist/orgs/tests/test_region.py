"""An organization carries its municipality's region (the distribution key of a national deployment), and
every way of creating or moving organizations keeps the two equal."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from metodist.accounts.models import Role
from metodist.orgs import actions
from metodist.orgs.models import Organization
from metodist.testing import factories as f

BEFORE = [("orgs", "0004_dated_flags_and_staff")]
AFTER = [("orgs", "0005_organization_region")]


@pytest.fixture
def other_region_municipality(db):
    """A municipality of a neighbouring region."""
    return f.MunicipalityFactory(region=f.RegionFactory(name="Челябинская область", code="74"), name="Город K")


def test_a_new_organization_takes_its_municipalitys_region(cast):
    lyceum = Organization.objects.create(
        municipality_id=cast.municipality.pk, short_name="Лицей № 10", full_name="Лицей № 10", kind="general"
    )

    assert lyceum.region_id == cast.region.pk
    assert Organization.objects.filter(region=cast.region).count() == 4  # schools 1–3 of the cast and the lyceum


def test_coordinator_creating_an_organization_through_the_form_stores_its_region(client, cast):
    client.force_login(cast.coordinator)
    data = {"municipality": cast.municipality.pk, "short_name": "Лицей № 10", "full_name": "Лицей", "kind": "general"}

    client.post(reverse("orgs:create"), data | {"is_active": "on"})

    assert Organization.objects.get(short_name="Лицей № 10").region == cast.region


def test_moving_an_organization_to_a_municipality_of_another_region_moves_its_region(cast, other_region_municipality):
    admin = f.UserFactory(username="admin", role=Role.ADMIN)
    school = Organization.objects.get(pk=cast.school3.pk)  # the municipality not loaded: save() looks it up

    school.municipality_id = other_region_municipality.pk
    actions.update_organization(school, by=admin)

    school.refresh_from_db()
    assert school.region == other_region_municipality.region


def test_saving_only_the_municipality_saves_the_region_with_it(cast, other_region_municipality):
    cast.school3.municipality = other_region_municipality

    cast.school3.save(update_fields=["municipality"])

    assert Organization.objects.values_list("region_id", flat=True).get(pk=cast.school3.pk) == (
        other_region_municipality.region_id
    )


def test_a_municipality_moved_to_another_region_takes_its_organizations_along(cast):
    other_region = f.RegionFactory(name="Челябинская область", code="74")

    cast.other_municipality.region = other_region
    cast.other_municipality.save()

    regions = dict(Organization.objects.values_list("short_name", "region__code"))
    assert regions == {"Школа № 1": "66", "Школа № 2": "66", "Школа № 3": "74"}


def test_bulk_created_organizations_get_their_region_in_one_lookup(
    cast, other_region_municipality, django_assert_num_queries
):
    new = [
        Organization(municipality=cast.municipality, short_name="Школа № 4", full_name="4", kind="general"),
        Organization(
            municipality_id=other_region_municipality.pk, short_name="Школа № 5", full_name="5", kind="general"
        ),
    ]

    with django_assert_num_queries(2):  # the region of the uncached municipality, then the insert
        Organization.objects.bulk_create(new)

    regions = dict(Organization.objects.filter(short_name__in=["Школа № 4", "Школа № 5"]).values_list(
        "short_name", "region__code"
    ))  # fmt: skip
    assert regions == {"Школа № 4": "66", "Школа № 5": "74"}


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_region_of_existing_organizations():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    regions = [old.get_model("orgs", "Region").objects.create(name=code, code=code) for code in ["1", "2"]]
    municipalities = [
        old.get_model("orgs", "Municipality").objects.create(region=region, name=f"Город {region.code}")
        for region in regions
    ]
    for number, municipality in enumerate([*municipalities, municipalities[1]]):
        old.get_model("orgs", "Organization").objects.create(
            municipality=municipality, short_name=f"Школа № {number}", full_name="Школа", kind="general"
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps

    stored = (
        new.get_model("orgs", "Organization").objects.order_by("short_name").values_list("short_name", "region__code")
    )
    assert list(stored) == [("Школа № 0", "1"), ("Школа № 1", "2"), ("Школа № 2", "2")]
    call_command("migrate", verbosity=0)  # leave the database as the other tests expect it
