"""The whole-pool proposal: every unmatched young educator of a municipality at once, assigned to mentors' free
places so that the total score is the largest possible (an assignment problem, solved exactly by scipy's
`linear_sum_assignment`), not one mentee after another.

Each mentor is expanded into (limit − current mentees) places; the k-th extra place carries the load criterion of
the mentor with k more mentees (score.py), so the cost matrix is mentees × places. The two modes:
- «лучшее суммарное соответствие» (best_total): a pair below the minimum score is forbidden, and one dummy place per
  mentee (value 0) lets a mentee stay without a mentor rather than take a poor pair;
- «никто не остаётся без наставника» (everyone): no minimum and no dummies: every mentee gets a place while places
  last (the solver then leaves out those whose best places are taken by better pairs).
Current mentorships (a pair the coordinator fixed by hand among them) are kept: their mentees are not in the pool
and their mentees count in the mentors' load.
"""

import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..models_matching import MatchMode, MatchWeights
from . import candidates
from .score import Scores, reason, score

ALTERNATIVES = 3
FORBIDDEN = -1e6  # the value of a pair below the minimum: the dummy place (0) is always better


@dataclass
class Choice:
    mentor_id: int
    mentor: str
    organization: str
    score: float  # 0..1
    reason: str

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@dataclass
class Line:
    mentee_id: int
    mentee: str
    organization: str
    choice: Choice
    alternatives: list[Choice]


@dataclass
class Proposal:
    municipality_id: int
    on: date
    mode: str
    min_score: int
    lines: list[Line]
    unmatched: list[tuple[int, str, str]]  # (educator, name, organization): left without a mentor
    kept: int
    mentors: int
    places: int
    timings: dict[str, float] = field(default_factory=dict)  # seconds: read, score, solve, explain

    @property
    def waiting(self) -> int:
        return len(self.lines) + len(self.unmatched)

    @property
    def total(self) -> float:
        return sum(line.choice.score for line in self.lines)


def places(mentors: candidates.People) -> tuple[np.ndarray, np.ndarray]:
    """(mentor index, k) of every free place: mentor j has limit − load places, k = 0, 1, …"""
    free = np.maximum(mentors.limit - mentors.load, 0)
    owner = np.repeat(np.arange(len(free)), free)
    starts = np.repeat(np.cumsum(free) - free, free)
    return owner, np.arange(len(owner)) - starts


def place_values(scores: Scores, owner: np.ndarray, k: np.ndarray) -> np.ndarray:
    """mentees × places: the score of each mentee at each place."""
    return scores.base[:, owner] - scores.load_step[:, owner] * k[None, :]


def assign(values: np.ndarray, mode: str, min_score: float) -> list[tuple[int, int]]:
    """(mentee row, place column) of the optimal assignment of `values` (mentees × places) in `mode`."""
    n = values.shape[0]
    if n == 0 or values.shape[1] == 0:
        return []
    if mode == MatchMode.BEST_TOTAL:
        allowed = np.where(values >= min_score - 1e-6, values, FORBIDDEN)
        matrix = np.hstack([allowed, np.zeros((n, n), dtype=values.dtype)])
        rows, columns = linear_sum_assignment(matrix, maximize=True)
        return [(r, c) for r, c in zip(rows, columns, strict=True) if c < values.shape[1] and allowed[r, c] > FORBIDDEN]
    rows, columns = linear_sum_assignment(values, maximize=True)
    return list(zip(rows.tolist(), columns.tolist(), strict=True))


def greedy(values: np.ndarray) -> list[tuple[int, int]]:
    """The loop the proposal does not use: each mentee in turn takes the best place still free (for the tests and
    the bench, to show what it loses)."""
    taken: set[int] = set()
    pairs = []
    for row in range(values.shape[0]):
        for column in np.argsort(-values[row], kind="stable"):
            if column not in taken:
                taken.add(int(column))
                pairs.append((row, int(column)))
                break
    return pairs


def _organization(pool, people, i) -> str:
    return ", ".join(sorted(pool.organization_names.get(pk, "") for pk in people.organizations[i]))


def _choice(pool, i, j, value, extra=0) -> Choice:
    mentors = pool.mentors
    return Choice(mentors.ids[j], mentors.names[j], _organization(pool, mentors, j), float(value),
                  reason(pool, i, j, extra=extra))  # fmt: skip


def top(scores: Scores, count: int) -> np.ndarray:
    """The `count` best mentors of each mentee (columns of base), best first."""
    count = min(count, scores.base.shape[1])
    if count == 0:
        return np.zeros((scores.base.shape[0], 0), dtype=np.int64)
    best = np.argpartition(-scores.base, count - 1, axis=1)[:, :count]
    order = np.argsort(-np.take_along_axis(scores.base, best, axis=1), axis=1, kind="stable")
    return np.take_along_axis(best, order, axis=1)


def propose(municipality_id: int, on: date, settings: MatchWeights | None = None) -> Proposal:
    settings = settings or MatchWeights.for_municipality(municipality_id)
    started = time.perf_counter()
    pool = candidates.load(municipality_id, on, default_limit=settings.default_limit)
    timings = {"read": time.perf_counter() - started}

    started = time.perf_counter()
    scores = score(pool.mentees, pool.mentors, settings.weights())
    owner, k = places(pool.mentors)
    values = place_values(scores, owner, k)
    timings["score"] = time.perf_counter() - started

    started = time.perf_counter()
    pairs = assign(values, settings.mode, settings.min_score / 100)
    timings["solve"] = time.perf_counter() - started

    started = time.perf_counter()
    best = top(scores, ALTERNATIVES + 1)
    lines, matched = [], set()
    for row, column in sorted(pairs, key=lambda pair: pool.mentees.names[pair[0]]):
        j = int(owner[column])
        choice = _choice(pool, row, j, values[row, column], extra=int(k[column]))
        alternatives = [_choice(pool, row, int(other), scores.base[row, other]) for other in best[row]
                        if other != j][:ALTERNATIVES]  # fmt: skip
        lines.append(Line(pool.mentees.ids[row], pool.mentees.names[row], _organization(pool, pool.mentees, row),
                          choice, alternatives))  # fmt: skip
        matched.add(row)
    unmatched = [(pool.mentees.ids[i], pool.mentees.names[i], _organization(pool, pool.mentees, i))
                 for i in range(len(pool.mentees)) if i not in matched]  # fmt: skip
    timings["explain"] = time.perf_counter() - started
    return Proposal(
        municipality_id=municipality_id, on=on, mode=settings.mode, min_score=settings.min_score, lines=lines,
        unmatched=unmatched, kept=pool.kept, mentors=len(pool.mentors), places=len(owner), timings=timings,
    )  # fmt: skip


def rank(municipality_id: int, educator_id: int, on: date, settings: MatchWeights | None = None, count: int = 10):
    """The mentors of one educator, best first: [Choice]; an empty list when no mentor is free."""
    settings = settings or MatchWeights.for_municipality(municipality_id)
    pool = candidates.load(municipality_id, on, default_limit=settings.default_limit, educator_id=educator_id)
    if not len(pool.mentees) or not len(pool.mentors):
        return []
    scores = score(pool.mentees, pool.mentors, settings.weights())
    return [_choice(pool, 0, int(j), scores.base[0, j]) for j in top(scores, count)[0]]
