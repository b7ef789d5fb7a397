"""The pages of clusters: who sees what, the export, and a fixed number of queries."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from metodist.accounts.models import Role
from metodist.clusters.actions import place
from metodist.clusters.models import Cluster, Placement
from metodist.testing import factories as f

from .builders import build_case, campaign, catalogue, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(cast):
    """A campaign of the demo municipality whose snapshot placed school 1 in support and school 2 in development."""
    row = campaign(cast.municipality, catalogue())
    taken = snapshot(row)
    for school, cluster, score in ((cast.school1, Cluster.SUPPORT, 20), (cast.school2, Cluster.DEVELOPMENT, 80)):
        Placement.objects.create(
            snapshot=taken, organization=school, peer_group="general", cluster=cluster, score=Decimal(score),
            context=CONTEXT, reasons=[f"Основание {school.short_name}"],
        )  # fmt: skip
    return row


CONTEXT = {"kind": "general", "flags": [], "pedagogical": 2, "size": "small", "young": 1, "young_share": "50.0",
           "pre_pension": 0, "pre_pension_share": "0.0", "staff_rates": "2.00", "vacant_rates": "0.00",
           "vacancy_share": "0.0", "strained": True}  # fmt: skip


def get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(f"clusters:{name}", args=args))


def test_the_coordinator_sees_every_organization_in_its_cluster(client, cast, placed):
    response = get(client, cast.coordinator, "campaign", placed.pk)

    sections = {value: [r["placement"].organization for r in rows] for value, _, rows in response.context["sections"]}
    assert sections[Cluster.SUPPORT] == [cast.school1]
    assert sections[Cluster.DEVELOPMENT] == [cast.school2]
    assert "Основание Школа № 1" in response.content.decode()


def test_an_organization_admin_sees_only_their_own_organization(client, cast, placed):
    response = get(client, cast.school2_admin, "campaign", placed.pk)

    content = response.content.decode()
    assert "Школа № 2" in content
    assert "Школа № 1" not in content
    assert get(client, cast.school2_admin, "organization", placed.pk, cast.school1.pk).status_code == 404
    assert get(client, cast.school1_admin, "organization", placed.pk, cast.school1.pk).status_code == 200


def test_an_educator_sees_nothing(client, cast, placed):
    for name, args in (("index", ()), ("campaign", (placed.pk,)), ("years", (placed.pk,)), ("export", (placed.pk,))):
        assert get(client, cast.teacher_user, name, *args).status_code == 403


def test_a_coordinator_of_another_municipality_sees_nothing(client, cast, placed):
    other = f.UserFactory(username="other-coordinator", role=Role.COORDINATOR, municipality=cast.other_municipality)

    assert placed not in get(client, other, "index").context["campaigns"]
    for name in ("campaign", "years", "export"):
        assert get(client, other, name, placed.pk).status_code == 404
    assert get(client, other, "organization", placed.pk, cast.school1.pk).status_code == 404


def test_the_export_holds_the_placements_the_user_sees(client, cast, placed):
    response = get(client, cast.school1_admin, "export", placed.pk)

    sheet = load_workbook(io.BytesIO(response.content)).active
    texts = [cell for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
    assert "Кластер методической поддержки" in texts and "Школа № 1" in texts
    assert "Школа № 2" not in texts


def test_the_campaign_page_reads_in_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    row, taken, _ = build_case(cast.municipality)
    place(taken)
    client.force_login(cast.coordinator)
    url = reverse("clusters:campaign", args=[row.pk])

    with django_assert_num_queries(12):
        response = client.get(url)

    assert sum(len(rows) for _, _, rows in response.context["sections"]) == 10


def test_the_organization_page_links_each_indicator_to_its_drilldown(client, cast):
    row, taken, organizations = build_case(cast.municipality)

    response = get(client, cast.coordinator, "organization", row.pk, organizations["S3"].pk)

    drilldown = reverse("monitoring:drilldown", args=[row.pk, "i3"])
    assert f'href="{drilldown}?organization={organizations["S3"].pk}"' in response.content.decode()
    assert [r["code"] for r in response.context["profile"]] == ["i3", "i1", "i2"]


def test_a_regional_campaign_is_narrowed_to_one_municipality(client, cast):
    row = campaign(cast.municipality, catalogue())
    row.municipality = None
    row.save()
    taken = snapshot(row)
    for school in (cast.school1, cast.school3):
        Placement.objects.create(snapshot=taken, organization=school, peer_group="general", cluster=Cluster.SUPPORT,
                                 context=CONTEXT)  # fmt: skip
    client.force_login(cast.regional_operator)
    url = reverse("clusters:campaign", args=[row.pk])

    everything = client.get(url).context["sections"][0][2]
    narrowed = client.get(url, {"municipality": cast.other_municipality.pk}).context["sections"][0][2]

    assert [r["placement"].organization for r in everything] == [cast.school1, cast.school3]
    assert [r["placement"].organization for r in narrowed] == [cast.school3]
    coordinator_view = get(client, cast.coordinator, "campaign", row.pk).context
    assert [r["placement"].organization for r in coordinator_view["sections"][0][2]] == [cast.school1]
    assert coordinator_view["municipalities"] == [cast.municipality]
