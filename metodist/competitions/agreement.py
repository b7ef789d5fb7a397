"""Jury totals, the spread of the jury members' totals per entry and Kendall's W per stage.

A jury member's total for an entry is the sum of their points over the stage's criteria. Per entry the page shows
the lowest and highest total and the spread (max − min): a spread near zero means the jury agrees on the entry.

Kendall's coefficient of concordance W says how much the jury members agree on the *ranking* of a stage's
entries (0 — no agreement, 1 — all rank the entries the same way). Over m jury members and n entries, each jury
member ranks the entries by their totals (ties get the mean of their places), R_i is the sum of entry i's ranks,
S = Σ (R_i − R̄)² and

    W = 12·S / (m²·(n³ − n) − m·Σ T_j),   T_j = Σ (t³ − t) over the groups of t tied entries of jury member j.

Only the entries every counted jury member scored, and the jury members who scored all of them, take part; with
fewer than two of either W is not defined (None).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.db.models import Sum
from scipy.stats import rankdata

from .models import Score

CENT = Decimal("0.01")


def jury_totals(stage) -> dict[int, dict[int, Decimal]]:
    """{entry id: {jury member id: total points}}, summed in the database."""
    rows = (
        Score.objects.filter(entry__stage=stage).values("entry_id", "jury_id").annotate(total=Sum("points")).order_by()
    )
    totals: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in rows:
        totals[row["entry_id"]][row["jury_id"]] = row["total"]
    return totals


@dataclass(frozen=True)
class Spread:
    low: Decimal
    high: Decimal
    mean: Decimal
    judges: int

    @property
    def spread(self) -> Decimal:
        return self.high - self.low


def mean(values) -> Decimal:
    """The arithmetic mean rounded half up to hundredths."""
    values = list(values)
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def places(totals: dict[int, Decimal]) -> dict[int, int]:
    """Places by total, highest first; equal totals share a place (1, 2, 2, 4)."""
    result, previous, place = {}, None, 0
    for position, (total, key) in enumerate(sorted(((t, k) for k, t in totals.items()), reverse=True), start=1):
        if total != previous:
            place, previous = position, total
        result[key] = place
    return result


def spreads(totals: dict[int, dict[int, Decimal]]) -> dict[int, Spread]:
    return {
        entry: Spread(min(by_jury.values()), max(by_jury.values()), mean(by_jury.values()), len(by_jury))
        for entry, by_jury in totals.items()
        if by_jury
    }


def kendall_w(matrix) -> float | None:
    """W of a (jury members × entries) matrix of totals; higher totals are better, so ranks are by descending
    total (the direction does not change W)."""
    scores = np.asarray(matrix, dtype=float)
    if scores.ndim != 2 or scores.shape[0] < 2 or scores.shape[1] < 2:
        return None
    m, n = scores.shape
    ranks = np.vstack([rankdata(-row) for row in scores])
    sums = ranks.sum(axis=0)
    s = float(((sums - sums.mean()) ** 2).sum())
    ties = 0.0
    for row in scores:
        _, counts = np.unique(row, return_counts=True)
        ties += float((counts**3 - counts).sum())
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:
        return None
    return 12 * s / denominator


def stage_w(totals: dict[int, dict[int, Decimal]]) -> float | None:
    """Kendall's W over the entries scored by every jury member who scored anything at the stage."""
    judges = sorted({jury for by_jury in totals.values() for jury in by_jury})
    complete = [entry for entry in sorted(totals) if all(jury in totals[entry] for jury in judges)]
    matrix = [[float(totals[entry][jury]) for entry in complete] for jury in judges]
    return kendall_w(matrix) if complete else None
