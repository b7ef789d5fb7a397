"""Small-cell suppression of the public portal (the rule is told in docs/portal.md).

A published value of an indicator that counts people is a *cell*: `count` people with the property out of a
population of `total` people (a share), or `count` people alone (a count). The attacker is assumed to know
every population (staff numbers are on the organizations' sites and in the other indicators), so a shown share
is a shown count, and the people without the property (`total − count`) are shown with it.

- Primary suppression: a cell is hidden when it tells about fewer than THRESHOLD people — `count` or
  `total − count` between 1 and THRESHOLD − 1 (a zero tells of nobody).
- Complementary suppression: the cells of an organization table add up to the municipal cell. While the
  municipal cell is shown and a hidden cell can be recovered from it (the total minus the shown cells, within
  0 … population of every hidden cell), or a small hidden cell can only be small, one more cell is hidden:
  the shown cell with the smallest count among those with at least THRESHOLD people on both sides, then
  among any, then the municipal cell itself. A hidden municipal cell takes one organization with it, or the
  organizations would add up to it.

The functions are pure: cells in, the keys of the cells to hide out.
"""

from dataclasses import dataclass
from decimal import Decimal

THRESHOLD = 5
HIDDEN = "*"  # one mark for every hidden cell, so that the mark does not tell a small cell from its complement
HIDDEN_NOTE = "менее 5 человек или позволяет вычислить такое значение"
TOTAL = "total"  # the key of the municipal cell in the result of `suppress`


@dataclass(frozen=True)
class Cell:
    key: object  # what the caller knows the cell by (an organization's pk)
    count: int  # people with the property (a share's numerator, a count)
    total: int | None = None  # the population of a share; None for a count
    order: tuple = ()  # the deterministic order of complementary candidates after the count (a name)


def cell(key, numerator, denominator=None, order: tuple = ()) -> Cell:
    """A cell from a snapshot's numbers (Decimals of whole people)."""
    total = None if denominator is None else int(Decimal(denominator))
    return Cell(key, int(Decimal(numerator)), total, order)


def is_small(amount: int | None) -> bool:
    return amount is not None and 0 < amount < THRESHOLD


def is_sensitive(item: Cell) -> bool:
    """Tells about fewer than THRESHOLD people: those with the property, or those without it."""
    rest = None if item.total is None else item.total - item.count
    return is_small(item.count) or is_small(rest)


def feasible(hidden: list[Cell], remainder: int, item: Cell) -> tuple[int, int]:
    """The range of `item`'s count for someone who knows that the hidden cells add up to `remainder` and that
    each lies within 0 … its population (a count has no upper bound: None)."""
    others_high = [other.total for other in hidden if other is not item]
    low = 0 if None in others_high else max(0, remainder - sum(others_high))
    high = remainder if item.total is None else min(item.total, remainder)
    return low, high


def exposed(hidden: list[Cell], remainder: int, primary: list[Cell]) -> bool:
    """Some hidden cell has a single possible count, or a small hidden cell can only be small (every count of
    its range would be hidden too)."""
    for item in hidden:
        low, high = feasible(hidden, remainder, item)
        if low == high or (item in primary and not holds_safe_count(low, high, item.total)):
            return True
    return False


def holds_safe_count(low: int, high: int, total: int | None) -> bool:
    """The range low … high holds a count that would be shown: zero, or THRESHOLD and more on both sides of the
    population. A population of 1 … 4 has none, and is content with a range of more than one count."""
    if total is not None and is_small(total):
        return True
    if low == 0 or (total is not None and high == total):
        return True
    return max(low, THRESHOLD) <= (high if total is None else min(high, total - THRESHOLD))


def suppress(cells: list[Cell], total: Cell | None = None) -> set:
    """The keys of the cells to hide (TOTAL among them when the municipal cell is hidden).

    `total` is the cell the others add up to, or None when the table has no shown sum."""
    primary = [item for item in cells if is_sensitive(item)]
    hidden = list(primary)
    if total is None:
        return {item.key for item in hidden}
    if is_sensitive(total):
        # the sum of the shown cells would be the hidden total: one cell of the table goes with it
        if cells and not hidden:
            hidden.append(min(cells, key=_complement_order))
        return {item.key for item in hidden} | {TOTAL}
    while hidden and exposed(hidden, total.count - sum(item.count for item in cells if item not in hidden), primary):
        shown = [item for item in cells if item not in hidden]
        if not shown:
            return {item.key for item in hidden} | {TOTAL}
        hidden.append(min(shown, key=_complement_order))
    return {item.key for item in hidden}


def _complement_order(item: Cell) -> tuple:
    """A cell with at least THRESHOLD people on both sides hides a small one best: the attacker can no longer
    tell that the small one is under THRESHOLD. Of those, the smallest count goes first (the least information
    lost), then the caller's order; a zero or a full share comes last."""
    rest = None if item.total is None else item.total - item.count
    masks = item.count >= THRESHOLD and (rest is None or rest >= THRESHOLD)
    return (not masks, item.count, item.order, str(item.key))
