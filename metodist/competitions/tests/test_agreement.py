"""Kendall's W and the per-entry spread, against numbers counted by hand."""

from decimal import Decimal

import pytest

from metodist.competitions import agreement


def test_kendall_w_of_three_jury_members_over_four_entries_counted_by_hand():
    # ranks (1 best): J1 1,2,3,4; J2 1,3,2,4; J3 2,1,3,4 → R = 4, 6, 8, 12, R̄ = 7.5,
    # S = 12.25 + 2.25 + 0.25 + 20.25 = 35, W = 12·35 / (3²·(4³ − 4)) = 420 / 540
    totals = [[40, 30, 20, 10], [40, 20, 30, 10], [30, 40, 20, 10]]

    assert agreement.kendall_w(totals) == pytest.approx(420 / 540)


def test_kendall_w_corrects_for_ties():
    # J1 ranks 1, 2.5, 2.5 (a tie of two: T = 2³ − 2 = 6), J2 ranks 1, 2, 3. R = 2, 4.5, 5.5, R̄ = 4,
    # S = 4 + 0.25 + 2.25 = 6.5, W = 12·6.5 / (2²·(27 − 3) − 2·6) = 78 / 84
    assert agreement.kendall_w([[9, 5, 5], [9, 6, 4]]) == pytest.approx(78 / 84)


def test_perfect_agreement_is_one_and_a_single_jury_member_gives_none():
    assert agreement.kendall_w([[3, 2, 1], [30, 20, 10]]) == pytest.approx(1.0)
    assert agreement.kendall_w([[3, 2, 1]]) is None


def test_spread_is_the_highest_minus_the_lowest_total_and_the_mean_is_rounded_half_up():
    spreads = agreement.spreads({7: {1: Decimal("12"), 2: Decimal("9.5"), 3: Decimal("10")}})

    assert (spreads[7].low, spreads[7].high, spreads[7].spread) == (Decimal("9.5"), Decimal("12"), Decimal("2.5"))
    assert spreads[7].mean == Decimal("10.50")  # 31.5 / 3


def test_stage_w_leaves_out_entries_a_jury_member_did_not_score():
    totals = {1: {10: Decimal(9), 20: Decimal(8)}, 2: {10: Decimal(5), 20: Decimal(6)}, 3: {10: Decimal(1)}}

    assert agreement.stage_w(totals) == pytest.approx(1.0)
