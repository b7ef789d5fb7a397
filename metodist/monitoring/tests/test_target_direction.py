"""Which way an indicator's target in force points: the one rule the clusters, the recommendations and the
effectiveness review read it by."""

import pytest

from metodist.monitoring.models import Indicator


@pytest.mark.parametrize(
    ("targets", "expected"),
    [
        ([{"op": ">=", "value": 30}], 1),
        ([{"op": ">", "value": 30}], 1),
        ([{"op": "<=", "value": 10}], -1),
        ([{"op": "<", "value": 10}], -1),
        ([{"op": "=", "value": 100}], 0),
        ([], 0),
        ([{"op": "<=", "value": 10, "periods": ["2022/23"]}], 0),  # not in force for 2023/24
    ],
)
def test_the_target_in_force_says_which_way_is_better(targets, expected):
    assert Indicator(targets=targets).target_direction("2023/24") == expected
