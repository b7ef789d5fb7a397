"""The whole-pool proposal: the exact optimum where greedy is worse, limits, kept manual pairs, the two modes."""

from datetime import date

import numpy as np
import pytest

from metodist.mentoring.matching import pool
from metodist.mentoring.models import MentorCapacity, MentorshipSource
from metodist.mentoring.models_matching import MatchMode, MatchWeights
from metodist.testing import community, growth

from .matching_fixtures import diagnosed, educator

TODAY = date(2025, 1, 15)


def coverage_only(cast, **fields) -> MatchWeights:
    """Weights that score a pair by the coverage of deficits alone, so that every score is a simple fraction."""
    fields = {"subject_weight": 0, "level_weight": 0, "place_weight": 0, "load_weight": 0, **fields}
    return MatchWeights.objects.create(municipality=cast.municipality, **fields)


@pytest.fixture
def world(cast):
    """Mentees Аксёнова (deficits x, y) and Белова (x); mentors Петрова (strong in x, y) and Фёдорова (y), one place
    each. The cast's own teacher and teachers are given no place (limit 0), so only these four take part."""
    for person in (cast.mentor_educator, cast.school2_educator):
        MentorCapacity.objects.create(educator=person, limit=0)
    MentorCapacity.objects.create(educator=cast.teacher, limit=0)
    diagnostic = growth.diagnostic(cast.region)
    a = diagnosed(diagnostic, educator(cast.school1, "Аксёнова", young=True), {"psy.age": 2, "psy.climate": 2})
    b = diagnosed(diagnostic, educator(cast.school2, "Белова", young=True), {"psy.age": 2})
    p = diagnosed(diagnostic, educator(cast.school1, "Петрова"), {"psy.age": 9, "psy.climate": 9})
    q = diagnosed(diagnostic, educator(cast.school2, "Фёдорова"), {"psy.age": 3, "psy.climate": 9})
    for mentor in (p, q):
        MentorCapacity.objects.create(educator=mentor, limit=1)
    # the cast's young teacher: a pair fixed by hand keeps her out of the pool
    community.mentorship(cast.mentor_educator, [cast.teacher], program=community.program(cast.school1),
                         source=MentorshipSource.MANUAL)  # fmt: skip
    return a, b, p, q


def pairs(proposal) -> dict[int, int]:
    return {line.mentee_id: line.choice.mentor_id for line in proposal.lines}


def test_greedy_is_worse_than_the_optimum_on_a_matrix():
    # two mentees, two places: greedy gives the first mentee her best place and leaves the second a poor one
    values = np.array([[0.9, 0.8], [0.85, 0.1]], dtype=np.float32)

    greedy = pool.greedy(values)
    optimum = pool.assign(values, MatchMode.EVERYONE, 0)

    assert greedy == [(0, 0), (1, 1)]
    assert sum(values[r, c] for r, c in greedy) == pytest.approx(1.0)
    assert sorted(optimum) == [(0, 1), (1, 0)]
    assert sum(values[r, c] for r, c in optimum) == pytest.approx(1.65)


def test_whole_pool_optimum_where_greedy_is_worse(cast, world):
    a, b, p, q = world
    settings = coverage_only(cast, mode=MatchMode.EVERYONE)

    proposal = pool.propose(cast.municipality.pk, TODAY, settings)

    # scores: А–П 1, А–Ф 1/2, Б–П 1, Б–Ф 0. Greedy in name order: А–П, Б–Ф = 1; the optimum: А–Ф, Б–П = 1.5
    assert pairs(proposal) == {a.pk: q.pk, b.pk: p.pk}
    assert proposal.total == pytest.approx(1.5)
    values = pool.place_values(*_matrices(cast, settings))
    assert sum(values[r, c] for r, c in pool.greedy(values)) == pytest.approx(1.0)
    assert proposal.kept == 1 and proposal.unmatched == []


def _matrices(cast, settings):
    from metodist.mentoring.matching import candidates
    from metodist.mentoring.matching.score import score

    loaded = candidates.load(cast.municipality.pk, TODAY, default_limit=settings.default_limit)
    owner, k = pool.places(loaded.mentors)
    return score(loaded.mentees, loaded.mentors, settings.weights()), owner, k


def test_best_total_leaves_a_poor_pair_unmade_everyone_makes_it(cast, world):
    a, b, p, q = world
    MentorCapacity.objects.filter(educator=p).update(limit=0)  # only Фёдорова (strong in y) has a place

    best = pool.propose(cast.municipality.pk, TODAY, coverage_only(cast, mode=MatchMode.BEST_TOTAL, min_score=30))
    MatchWeights.objects.filter(municipality=cast.municipality).update(mode=MatchMode.EVERYONE)
    everyone = pool.propose(cast.municipality.pk, TODAY)

    # one place: А–Ф scores 1/2 (above 30 %), Б–Ф 0; both modes give it to Аксёнова, the total is the same
    assert pairs(best) == pairs(everyone) == {a.pk: q.pk}
    MentorCapacity.objects.filter(educator=q).update(limit=2)
    best = pool.propose(cast.municipality.pk, TODAY, MatchWeights(municipality=cast.municipality, mode="best_total",
                        subject_weight=0, level_weight=0, place_weight=0, load_weight=0))  # fmt: skip
    everyone = pool.propose(cast.municipality.pk, TODAY)
    # two places of Фёдорова: «best total» leaves Белова (0 % < 30 %) without a mentor, «everyone» gives her one
    assert pairs(best) == {a.pk: q.pk}
    assert [pk for pk, _, _ in best.unmatched] == [b.pk]
    assert pairs(everyone) == {a.pk: q.pk, b.pk: q.pk}
    assert everyone.lines[1].choice.reason.startswith("покрывает 0 из 1 дефицита")


def test_limits_are_respected_and_later_places_cost_load(cast, world):
    a, b, p, q = world
    MentorCapacity.objects.filter(educator=q).update(limit=0)
    MentorCapacity.objects.filter(educator=p).update(limit=1)
    c = educator(cast.school1, "Васильева", young=True)

    proposal = pool.propose(cast.municipality.pk, TODAY, coverage_only(cast, mode=MatchMode.EVERYONE))

    # three mentees, one place: one pair is made, the other two wait
    assert len(proposal.lines) == 1 and len(proposal.unmatched) == 2
    assert {pk for pk, _, _ in proposal.unmatched} | set(pairs(proposal)) == {a.pk, b.pk, c.pk}


def test_manual_pairs_consume_capacity(cast, world):
    a, b, p, q = world
    MentorCapacity.objects.filter(educator=q).update(limit=0)
    MentorCapacity.objects.filter(educator=p).update(limit=2)
    community.mentorship(p, [a], program=community.program(cast.school1), source=MentorshipSource.MANUAL)

    proposal = pool.propose(cast.municipality.pk, TODAY, coverage_only(cast, mode=MatchMode.EVERYONE, load_weight=1))

    # Аксёнова keeps her pair; Петрова's second place goes to Белова, with the load of that place shown
    assert pairs(proposal) == {b.pk: p.pk}
    assert proposal.kept == 2
    assert proposal.lines[0].choice.reason.endswith("нагрузка 1 из 2")
    # coverage 1 (weight 5) and load 1 − 1/2 (weight 1): 5.5 / 6
    assert proposal.lines[0].choice.score == pytest.approx(5.5 / 6, abs=1e-6)


def test_alternatives_are_the_next_best_mentors(cast, world):
    a, b, p, q = world

    proposal = pool.propose(cast.municipality.pk, TODAY, coverage_only(cast, mode=MatchMode.EVERYONE))

    line = next(line for line in proposal.lines if line.mentee_id == a.pk)
    assert line.choice.mentor_id == q.pk
    assert [alt.mentor_id for alt in line.alternatives] == [p.pk]
    assert line.alternatives[0].percent == 100


def test_an_experienced_educator_with_deficits_gets_a_ranked_list(cast, world):
    a, b, p, q = world
    diagnostic = growth.diagnostic(cast.region, ends_on=date(2024, 12, 20))
    experienced = diagnosed(diagnostic, educator(cast.school2, "Зуева"), {"psy.climate": 1})

    ranked = pool.rank(cast.municipality.pk, experienced.pk, TODAY, coverage_only(cast))

    # strong in psy.climate: Петрова and Фёдорова (both 100 %); she is not offered herself
    assert {c.mentor_id for c in ranked} == {p.pk, q.pk}
    assert experienced.pk not in {c.mentor_id for c in ranked}
    assert {c.percent for c in ranked} == {100}


def test_an_ended_mentorship_frees_its_mentee_and_the_mentor(cast, world):
    a, b, p, q = world
    community.mentorship(p, [a], program=community.program(cast.school1), ends_on=date(2024, 12, 31))

    proposal = pool.propose(cast.municipality.pk, TODAY, coverage_only(cast, mode=MatchMode.EVERYONE))

    # the pair ended before TODAY (its status not yet changed): Аксёнова waits again, Петрова's place is free
    assert pairs(proposal) == {a.pk: q.pk, b.pk: p.pk}
