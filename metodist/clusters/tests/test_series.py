"""Clusters over years: the campaigns of one catalogue and territory, moves between clusters, counts."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.clusters.models import Cluster, Placement
from metodist.clusters.series import DOWN, UP, series

from .builders import campaign, catalogue, snapshot

pytestmark = pytest.mark.django_db


def placed(row, clusters: dict):
    taken = snapshot(row)
    for organization, cluster in clusters.items():
        Placement.objects.create(snapshot=taken, organization=organization, peer_group="general", cluster=cluster)
    return row


@pytest.fixture
def years(cast):
    """2022/23: school 1 supported, school 2 developing; 2023/24: school 1 developing, school 2 levelling; a
    campaign of another catalogue in the same year is not part of the series."""
    rows = catalogue()
    first = placed(
        campaign(cast.municipality, rows, period="2022/23", end=date(2023, 5, 31)),
        {cast.school1: Cluster.SUPPORT, cast.school2: Cluster.DEVELOPMENT},
    )
    second = placed(
        campaign(cast.municipality, rows, period="2023/24", end=date(2024, 5, 31)),
        {cast.school1: Cluster.DEVELOPMENT, cast.school2: Cluster.LEVELLING},
    )
    placed(campaign(cast.municipality, catalogue("another")), {cast.school1: Cluster.SUPPORT})  # fmt: skip
    return first, second


def test_organizations_move_up_or_down_between_years(cast, years):
    first, second = years

    found = series(second, cast.coordinator)

    assert found.campaigns == [first, second]
    moves = {row.organization: [(p.cluster, move) for _, p, move in row.cells] for row in found.rows}
    assert moves == {
        cast.school1: [(Cluster.SUPPORT, ""), (Cluster.DEVELOPMENT, UP)],
        cast.school2: [(Cluster.DEVELOPMENT, ""), (Cluster.LEVELLING, DOWN)],
    }


def test_counts_per_cluster_per_year(cast, years):
    found = series(years[0], cast.coordinator)

    assert found.counts == [
        ("Кластер методической поддержки", [1, 0]),
        ("Кластер выравнивания", [0, 1]),
        ("Кластер развития", [1, 1]),
        ("недостаточно данных", [0, 0]),
    ]


def test_an_organization_admin_follows_only_their_own_organization(client, cast, years):
    client.force_login(cast.school1_admin)

    response = client.get(reverse("clusters:years", args=[years[1].pk]))

    assert [row.organization for row in response.context["series"].rows] == [cast.school1]
    assert response.context["series"].counts[1] == ("Кластер выравнивания", [0, 0])
