"""Placing organizations among their peers: the hand-computed case of builders.py."""

from decimal import Decimal

import pytest

from metodist.clusters.actions import place
from metodist.clusters.models import Cluster, Placement
from metodist.clusters.ranking import HIGHER, LOWER, direction
from metodist.monitoring.models import Indicator, Level, ResultStatus, SnapshotValue
from metodist.testing import factories as f

from .builders import build_case, catalogue

pytestmark = pytest.mark.django_db


def placed(snapshot) -> dict:
    return {p.organization.short_name: p for p in place(snapshot)}


def test_each_organization_is_placed_by_its_percentiles_among_its_peers(cast):
    _, snapshot, _ = build_case(cast.municipality)

    found = placed(snapshot)

    assert {name: (p.cluster, p.score) for name, p in found.items()} == {
        "S1": (Cluster.DEVELOPMENT, Decimal("62.5")),
        "S2": (Cluster.LEVELLING, Decimal("45.8")),
        "S3": (Cluster.SUPPORT, Decimal("33.3")),
        "S4": (Cluster.DEVELOPMENT, Decimal("62.5")),
        "S5": (Cluster.LEVELLING, Decimal("45.8")),
        "K1": (Cluster.SUPPORT, Decimal("0.0")),
        "K2": (Cluster.SUPPORT, Decimal("27.8")),
        "K3": (Cluster.DEVELOPMENT, Decimal("55.6")),
        "K4": (Cluster.DEVELOPMENT, Decimal("83.3")),
        "K5": ("", None),
    }


def test_peer_groups_are_the_kinds_here(cast):
    _, snapshot, _ = build_case(cast.municipality)

    found = placed(snapshot)

    assert {p.peer_group for name, p in found.items() if name.startswith("S")} == {"general/base/small/stable"}
    assert {p.peer_group for name, p in found.items() if name.startswith("K")} == {"preschool/base/small/stable"}


def test_a_kindergarten_above_every_school_is_still_supported_among_kindergartens(cast):
    _, snapshot, _ = build_case(cast.municipality)

    k1 = placed(snapshot)["K1"]

    assert k1.cluster == Cluster.SUPPORT
    assert [row["code"] for row in k1.profile] == ["i1", "i2", "i3"]
    assert [row["median"] for row in k1.profile] == ["80.00", "7.00", "2.50"]


def test_reasons_name_the_indicators_with_value_and_the_peers_median(cast):
    _, snapshot, _ = build_case(cast.municipality)

    s3 = placed(snapshot)["S3"]

    assert s3.reasons == [
        "Сводная оценка 33,3 из 100 (ниже 45; показателей в сравнении — 3): в среднем организация опережает "
        "33,3 % сопоставимых организаций своей группы.",
        "i3 «доля педагогов, участвующих в конкурсах»: 1,0\xa0% при медиане группы 3,0\xa0% — хуже, чем у 4 из 4 "
        "сопоставимых.",
    ]


def test_reasons_of_development_name_the_strongest_indicators_first(cast):
    _, snapshot, _ = build_case(cast.municipality)

    s1 = placed(snapshot)["S1"]

    assert s1.reasons[1:] == [
        "i2 «доля педагогов, работающих не по профилю»: 10,0\xa0% при медиане группы 30,0\xa0% (лучше меньшее "
        "значение) — лучше, чем у 4 из 4 сопоставимых.",
        "i3 «доля педагогов, участвующих в конкурсах»: 5,0\xa0% при медиане группы 3,0\xa0% — лучше, чем у 3 из 4 "
        "сопоставимых.",
    ]


def test_a_value_without_data_is_never_read_as_zero(cast):
    _, snapshot, _ = build_case(cast.municipality)

    found = placed(snapshot)

    assert found["K5"].cluster == ""
    assert found["K5"].reasons == [
        "Недостаточно данных: показателей, по которым есть сравнение с сопоставимыми, 2, нужно не менее 3."
    ]
    assert found["K4"].profile[-1] == {
        "code": "i3", "indicator": found["K4"].profile[-1]["indicator"], "value": "4.00", "median": "2.50",
        "percentile": "100.0", "better": 0, "worse": 3, "peers": 3, "lower_is_better": False,
    }  # fmt: skip


def test_a_lower_is_better_target_reverses_the_ranking(cast):
    catalogue_row = catalogue()
    i1, i2, i3, i4 = Indicator.objects.filter(catalogue=catalogue_row).order_by("order")

    assert [direction(i, "2023/24") for i in (i1, i2, i3, i4)] == [HIGHER, LOWER, HIGHER, None]


def test_counts_are_not_compared(cast):
    _, snapshot, _ = build_case(cast.municipality)

    found = placed(snapshot)

    assert all("i4" not in {row["code"] for row in p.profile} for p in found.values())


def test_values_of_a_breakdown_or_another_level_are_left_out(cast):
    _, snapshot, organizations = build_case(cast.municipality)
    i3 = Indicator.objects.get(catalogue__code="test-clusters", code="i3")
    SnapshotValue.objects.create(
        snapshot=snapshot,
        indicator=i3,
        level=Level.ORGANIZATION,
        breakdown="subject:x",
        organization=organizations["K5"],
        value=Decimal(99),
        status=ResultStatus.OK,
    )
    SnapshotValue.objects.create(snapshot=snapshot, indicator=i3, level=Level.MUNICIPALITY,
                                 municipality=cast.municipality, value=Decimal(3), status=ResultStatus.OK)  # fmt: skip

    found = placed(snapshot)

    assert found["K5"].cluster == ""
    assert set(found) == {"S1", "S2", "S3", "S4", "S5", "K1", "K2", "K3", "K4", "K5"}


def test_placing_again_reads_the_stored_placements(cast, django_assert_num_queries):
    _, snapshot, _ = build_case(cast.municipality)
    first = place(snapshot)

    with django_assert_num_queries(5):  # savepoint, the snapshot's lock, exists, the placements, release
        again = place(snapshot)

    assert [p.pk for p in again] == [p.pk for p in first]
    assert Placement.objects.filter(snapshot=snapshot).count() == 10


def test_the_same_data_in_another_order_give_the_same_clusters(cast):
    _, snapshot, _ = build_case(cast.municipality)
    other = f.MunicipalityFactory(region=cast.region, name="Город Р")
    _, reordered, _ = build_case(other, catalogue("test-clusters-2"), shuffled=True)

    def outcome(taken):
        return {name: (p.peer_group, p.cluster, p.score, p.reasons, [r["percentile"] for r in p.profile])
                for name, p in placed(taken).items()}  # fmt: skip

    assert outcome(reordered) == outcome(snapshot)


def test_a_group_too_small_after_coarsening_is_not_placed(cast):
    _, snapshot, organizations = build_case(cast.municipality)
    for name in ("K3", "K4", "K5"):
        organizations[name].delete()

    found = placed(snapshot)

    assert {found[name].peer_group for name in ("K1", "K2")} == {"preschool"}
    assert found["K1"].cluster == ""
    assert found["K1"].reasons == [
        "Недостаточно данных: сопоставимых организаций 1, а для сравнения нужна группа не менее чем из 5 организаций."
    ]
