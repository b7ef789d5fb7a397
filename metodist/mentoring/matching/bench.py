"""Bench of the whole-pool proposal: the score matrices, the optimal assignment and the reasons for `mentees` ×
`mentors` synthetic people (features drawn like the demo's: 60 organizations, 20 subjects, 5 levels, 36 competency
codes), and, given a municipality of a database, the whole `propose` on it with its reads timed apart.
Run: `manage.py bench_matching [--mentees 1000 --mentors 3000] [--municipality ID]`.
"""

import random
import time
from datetime import date

import numpy as np

from . import candidates
from .candidates import LEVELS, People, Pool
from .pool import assign, greedy, place_values, places, top
from .score import reason, score

DEFAULT_WEIGHTS = {"coverage_weight": 5, "subject_weight": 3, "level_weight": 2, "place_weight": 2, "load_weight": 1}


def _people(rng: random.Random, count: int, *, codes: int, prefix: str, start: int) -> People:
    levels = list(LEVELS)
    return People(
        ids=list(range(start, start + count)),
        names=[f"{prefix} {i}" for i in range(count)],
        organizations=[{rng.randrange(60)} for _ in range(count)],
        subjects=[set(rng.sample(range(20), rng.choice((1, 1, 2)))) for _ in range(count)],
        levels=[{rng.choice(levels)} for _ in range(count)],
        codes=[{f"c{c}" for c in rng.sample(range(36), rng.randint(0, codes))} for _ in range(count)],
    )


def synthetic(mentees: int, mentors: int, seed: int = 1) -> Pool:
    rng = random.Random(seed)
    young = _people(rng, mentees, codes=8, prefix="Наставляемый", start=1)
    old = _people(rng, mentors, codes=24, prefix="Наставник", start=mentees + 1)
    old.load = np.array([rng.choice((0, 0, 1)) for _ in range(mentors)], dtype=np.int32)
    old.limit = np.full(mentors, 2, dtype=np.int32)
    return Pool(municipality_id=0, on=date(2025, 1, 15), mentees=young, mentors=old,
                subject_names={i: f"Предмет {i}" for i in range(20)},
                organization_names={i: f"Школа № {i}" for i in range(60)},
                organization_kinds=dict.fromkeys(range(60), "general"), kept=0)  # fmt: skip


def solve(pool: Pool, mode: str = "best_total", min_score: float = 0.3) -> dict:
    """Times of each stage (seconds) and the totals of the optimum and of greedy on the same matrix."""
    figures = {}
    started = time.perf_counter()
    scores = score(pool.mentees, pool.mentors, DEFAULT_WEIGHTS)
    owner, k = places(pool.mentors)
    values = place_values(scores, owner, k)
    figures["score"] = time.perf_counter() - started
    started = time.perf_counter()
    pairs = assign(values, mode, min_score)
    figures["solve"] = time.perf_counter() - started
    started = time.perf_counter()
    best = top(scores, 4)
    for row, column in pairs:
        reason(pool, row, int(owner[column]), extra=int(k[column]))
        for other in best[row][:3]:
            reason(pool, row, int(other))
    figures["explain"] = time.perf_counter() - started
    figures["places"] = len(owner)
    figures["pairs"] = len(pairs)
    figures["optimum"] = float(sum(values[r, c] for r, c in pairs))
    figures["greedy"] = float(sum(values[r, c] for r, c in greedy(values) if values[r, c] >= min_score))
    return figures


def region_reads(mentees: int, mentors: int, on: date) -> dict:
    """The two reads that grow with the pool, for `mentees` young and `mentors` other educators of the whole database
    (more than any municipality holds): the mentees' open deficits and the mentors' strengths."""
    from metodist.people import conditions
    from metodist.people.models import Educator

    working = Educator.objects.employed(on)
    young = list(working.filter(conditions.young(on)).values_list("pk", flat=True)[:mentees])
    others = list(working.exclude(conditions.young(on)).values_list("pk", flat=True)[:mentors])
    started = time.perf_counter()
    gaps = candidates.deficits(young, on)
    middle = time.perf_counter()
    strong = candidates.strengths(others, on)
    done = time.perf_counter()
    sizes = {"mentees": len(young), "mentors": len(others), "with_deficits": len(gaps), "with_strengths": len(strong)}
    return {**sizes, "deficits": middle - started, "strengths": done - middle}


def run(mentees: int, mentors: int, municipality: int | None) -> dict:
    figures = {"synthetic": solve(synthetic(mentees, mentors))}
    if municipality is not None:
        from django.utils import timezone

        from .pool import propose

        started = time.perf_counter()
        proposal = propose(municipality, timezone.localdate())
        figures["reads"] = region_reads(mentees, mentors, timezone.localdate())
        sizes = {"mentees": proposal.waiting, "mentors": proposal.mentors, "places": proposal.places}
        figures["database"] = {"total": time.perf_counter() - started, **proposal.timings, **sizes}
    return figures
