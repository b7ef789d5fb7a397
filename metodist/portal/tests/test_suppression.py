"""The small-cell rule of the portal, and an attacker who tries to recover every hidden cell by subtraction."""

from itertools import product

import pytest

from metodist.portal.suppression import TOTAL, Cell, feasible, is_sensitive, suppress


@pytest.mark.parametrize(
    "count, total, sensitive",
    [
        (0, 37, False),  # nobody has the property: tells of no one
        (1, 37, True),  # one person
        (4, 37, True),
        (5, 37, False),
        (33, 37, True),  # all but 4: tells of the 4 without it
        (32, 37, False),
        (37, 37, False),  # everyone (the group is 37 people)
        (2, 2, True),  # a population of 2
        (0, 3, True),  # nobody of 3: the 3 without it
        (3, None, True),  # a count of 3 people
        (0, None, False),
        (12, None, False),
    ],
)
def test_a_cell_about_fewer_than_five_people_is_sensitive(count, total, sensitive):
    assert is_sensitive(Cell("x", count, total)) is sensitive


def shares(*rows):
    """Cells of organizations a, b, c, … from (count, total) pairs, and the municipal cell they add up to."""
    cells = [Cell(chr(ord("a") + i), count, total) for i, (count, total) in enumerate(rows)]
    return cells, Cell(TOTAL, sum(c.count for c in cells), sum(c.total for c in cells))


@pytest.mark.parametrize(
    "rows, hidden",
    [
        # nothing small: nothing hidden
        ([(10, 20), (15, 30), (0, 12)], set()),
        # one small organization forces a second: the smallest of those with at least 5 on both sides
        ([(2, 20), (10, 20), (7, 30)], {"a", "c"}),
        # the zero and the full share do not mask (the hidden pair would add up to its extremes); the 9 does
        ([(2, 20), (0, 15), (30, 30), (9, 25)], {"a", "d"}),
        # two small ones protect each other
        ([(2, 20), (3, 20), (10, 30)], {"a", "b"}),
        # a small complement (all but 3) is as small as a small count
        ([(17, 20), (10, 20), (12, 30)], {"a", "b"}),
        # no organization masks: the zero goes first, and with it the 2 can be 0, 1 or 2
        ([(2, 20), (0, 20), (30, 30)], {"a", "b"}),
    ],
)
def test_complementary_suppression(rows, hidden):
    cells, total = shares(*rows)

    assert suppress(cells, total) == hidden


def test_a_small_total_hides_one_organization_with_it():
    # Given a municipal count of 3 young teachers, all in one school of three
    cells = [Cell("a", 0, 20), Cell("b", 3, 20), Cell("c", 0, 30)]
    total = Cell(TOTAL, 3, 70)

    # Then the total and the school are hidden; a second school is not needed, the sum being unknown
    assert suppress(cells, total) == {"b", TOTAL}


def test_a_small_total_over_rows_that_do_not_add_up_still_hides_one_of_them():
    # Given a municipal count of 3 that the organizations' rows do not reach (their people counted elsewhere)
    cells = [Cell("a", 0, 20), Cell("b", 0, 30)]

    # Then one organization is hidden with the total, so that the shown rows are not the total's parts
    assert suppress(cells, Cell(TOTAL, 3, 50)) == {"a", TOTAL}


def test_counts_without_population_follow_the_same_rule():
    cells = [Cell("a", 2), Cell("b", 7), Cell("c", 12)]

    assert suppress(cells, Cell(TOTAL, 21)) == {"a", "b"}


def test_the_choice_is_deterministic_by_the_callers_order_on_ties():
    cells = [Cell("z", 2, 20, ("Школа 9",)), Cell("y", 8, 20, ("Школа 2",)), Cell("x", 8, 20, ("Школа 1",))]

    assert suppress(cells, Cell(TOTAL, 18, 60)) == {"z", "x"}


def attack(cells: list[Cell], total: Cell, hidden: set) -> dict:
    """Every count each hidden cell can have for someone who sees the shown cells and the total (when shown)
    and knows every population: all assignments of the hidden counts within 0 … population that add up."""
    unknown = [c for c in cells if c.key in hidden]
    known = sum(c.count for c in cells if c.key not in hidden)
    possible = {c.key: set() for c in unknown}
    for counts in product(*(range(c.total + 1) for c in unknown)):
        if TOTAL not in hidden and known + sum(counts) != total.count:
            continue
        for c, count in zip(unknown, counts, strict=True):
            possible[c.key].add(count)
    return possible


# Every table of three organizations of 3 or 7 people with someone counted: 1 727 tables.
SIZES = [(n, 3) for n in range(4)] + [(n, 7) for n in range(8)]
TABLES = [rows for rows in product(SIZES, repeat=3) if sum(n for n, _ in rows) > 0]


def test_no_hidden_cell_can_be_recovered_by_subtraction():
    for rows in TABLES:
        # Given an organization table adding up to a shown municipal cell
        cells, total = shares(*rows)

        # When the rule hides what it hides
        hidden = suppress(cells, total)

        # Then nothing sensitive is shown, and every hidden count has more than one possible value
        assert not [c for c in [*cells, total] if is_sensitive(c) and c.key not in hidden], rows
        possible = attack(cells, total, hidden)
        # a hidden total is not the sum of the shown organizations
        assert TOTAL not in hidden or any(len(values) > 1 for values in possible.values()), (rows, hidden)
        for key, values in possible.items():
            assert len(values) > 1, (rows, hidden, key, values)
        # and a small one could, for all the attacker knows, be zero or not small at all
        for item in cells:
            if is_sensitive(item) and item.total >= 5:
                assert any(not is_sensitive(Cell("?", v, item.total)) for v in possible[item.key]), (rows, hidden)


def test_a_masked_small_cell_cannot_even_be_told_under_five():
    # Given one school with 2 young teachers of 20 and its complement of 9 of 25
    cells, total = shares((2, 20), (30, 30), (9, 25))
    hidden = suppress(cells, total)

    # Then the attacker's range for the 2 reaches past 4
    assert hidden == {"a", "c"}
    assert max(attack(cells, total, hidden)["a"]) >= 5
    assert feasible([c for c in cells if c.key in hidden], 11, cells[0]) == (0, 11)
