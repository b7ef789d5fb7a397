"""The parts of the demo generator that need no database: quotas, territory plans, SNILS, vacancies."""

import random
from decimal import Decimal

import pytest

from metodist.demo.biography import snils_number
from metodist.demo.quotas import apportion, pick, share
from metodist.demo.staffing import vacancy_total
from metodist.demo.territory import PlanError, plan_territory
from metodist.lib.snils import snils_checksum_ok


@pytest.mark.parametrize(
    ("total", "part", "whole", "expected"),
    [
        (757, 39, 757, 39),  # the demo municipality gets the figure itself
        (60, 39, 757, 3),  # 3.09
        (287, 33, 100, 95),  # 94.71
        (50, 1, 100, 1),  # 0.5 rounds half up
        (757, 6, 100, 45),  # 45.42
    ],
)
def test_share_rounds_half_up_to_a_whole_person(total, part, whole, expected):
    count = share(total, part, whole)

    assert count == expected


def test_apportion_splits_exactly_by_largest_remainder():
    weights = [337, 374, 46]

    parts = apportion(60, weights)

    # 26.71, 29.64, 3.65: floors 26 + 29 + 3 = 58; the two largest remainders (0.71, 0.65) get one more each.
    assert parts == [27, 29, 4]


def test_apportion_gives_ties_to_the_earlier_weight():
    parts = apportion(1, [1, 1])

    assert parts == [1, 0]


def test_apportion_refuses_weights_that_sum_to_nothing():
    with pytest.raises(ValueError, match="cannot apportion"):
        apportion(3, [0, 0])


def test_pick_never_draws_an_item_of_weight_zero():
    items = list(range(10))

    chosen = pick(random.Random(1), items, 5, weight=lambda i: 0 if i % 2 else 1)

    assert sorted(chosen) == [0, 2, 4, 6, 8]


def test_pick_refuses_to_miss_a_figure_when_there_are_too_few_candidates():
    with pytest.raises(ValueError, match="need 3 items, only 2"):
        pick(random.Random(1), ["a", "b"], 3)


def test_pick_is_the_same_for_the_same_seed():
    first = pick(random.Random(42), list(range(100)), 10)

    second = pick(random.Random(42), list(range(100)), 10)

    assert first == second


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (112233445, "11223344595"),  # 1·9+1·8+2·7+2·6+3·5+3·4+4·3+4·2+5·1 = 95
        (100000000, "10000000009"),  # 1·9 = 9
        (100000067, "10000006728"),  # 9 + 6·2 + 7·1 = 28
        (987654321, "98765432183"),  # 9·9+8·8+…+1·1 = 285 > 101: 285 mod 101 = 83
    ],
)
def test_snils_numbers_carry_the_pension_fund_control_number(number, expected):
    snils = snils_number(number)

    assert snils == expected
    assert snils_checksum_ok(snils)


@pytest.mark.parametrize(
    ("filled", "expected"),
    [
        ("1000", "200.50"),  # target 200.48; 200.50 / 1200.50 = 0.16701
        ("10", "2.00"),  # target 2.0048; 2 / 12 = 0.16667
        ("3", "0.60"),  # no quarter fits (0.50 → 0.143, 0.75 → 0.200); 0.60 / 3.60 = 0.16667
    ],
)
def test_vacancies_make_the_staffing_deficit_round_to_16_7_percent(filled, expected):
    vacant = vacancy_total(Decimal(filled), Decimal("0.167"))

    assert vacant == Decimal(expected)


def test_region_scale_has_about_30_municipalities_and_50000_educators():
    regions = plan_territory("region", seed=1)

    municipalities = regions[0].municipalities

    assert len(regions) == 1
    assert 28 <= len(municipalities) <= 34
    assert sum(m.educators for m in municipalities) == 50_000
    assert [(m.name, m.educators) for m in municipalities[:2]] == [
        ("Городской округ Энск", 757),
        ("Старгородский муниципальный округ", 60),
    ]


def test_nation_scale_spreads_the_educators_over_regions_of_about_50000():
    regions = plan_territory("nation", seed=1, educators=2_000_000)

    ordinals = [m.ordinal for r in regions for m in r.municipalities]

    assert len(regions) == 40
    assert sum(r.educators for r in regions) == 2_000_000
    assert ordinals == list(range(len(ordinals)))
    assert len({r.name for r in regions}) == len({r.code for r in regions}) == 40
    assert all(len({m.name for m in r.municipalities}) == len(r.municipalities) for r in regions)


def test_the_plan_is_the_same_for_the_same_seed():
    first = plan_territory("region", seed=5, educators=20_000)

    second = plan_territory("region", seed=5, educators=20_000)

    assert first == second


@pytest.mark.parametrize(
    ("scale", "educators", "message"),
    [
        ("municipality", 1000, "не нужен"),
        ("nation", None, "--educators N"),
        ("region", 800, "не меньше 817"),
        ("world", None, "Неизвестный масштаб"),
    ],
)
def test_impossible_plans_are_refused_with_a_reason_in_russian(scale, educators, message):
    with pytest.raises(PlanError, match=message):
        plan_territory(scale, seed=1, educators=educators)
