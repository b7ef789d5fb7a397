"""Exact quotas. The demo hits its figures by dealing attributes out by count, never by independent coin flips."""

import random
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

T = TypeVar("T")


def share(total: int, part: int, whole: int) -> int:
    """round(total × part / whole), halves up: how many people a share of a group stands for."""
    return int((Decimal(total) * part / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Splits `total` into whole parts proportional to `weights` that sum to `total` (largest remainder).

    Ties go to the earlier weight, so the split is the same on every run.
    """
    weight_sum = sum(weights)
    if total < 0 or weight_sum <= 0:
        raise ValueError(f"cannot apportion {total} over weights {list(weights)}")
    exact = [total * w / weight_sum for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def pick(rng: random.Random, items: Sequence[T], count: int, weight: Callable[[T], float] | None = None) -> list[T]:
    """`count` distinct items, each drawn with a chance proportional to `weight(item)`; weight 0 is never drawn.

    Weighted sampling without replacement by random keys u^(1/w) (Efraimidis and Spirakis, 2006).
    Raises ValueError when fewer than `count` items may be drawn, so a figure is never silently missed.
    """
    if count == 0:
        return []
    keyed = []
    for index, item in enumerate(items):
        w = 1.0 if weight is None else weight(item)
        u = rng.random()  # drawn for every item, so the stream does not depend on the weights
        if w > 0:
            keyed.append((u ** (1.0 / w), index, item))
    if len(keyed) < count:
        raise ValueError(f"need {count} items, only {len(keyed)} may be drawn")
    keyed.sort(key=lambda row: (-row[0], row[1]))
    return [item for _, _, item in keyed[:count]]
