"""The match score of one pair, computed by hand, its one-line reason, and who may be a mentor."""

from datetime import date

import pytest

from metodist.mentoring.matching import candidates
from metodist.mentoring.matching.score import coverage_phrase, reason, score
from metodist.mentoring.models import MentorCapacity, MentorshipSource
from metodist.mentoring.models_matching import MatchWeights
from metodist.testing import community, growth

from .matching_fixtures import diagnosed, educator

TODAY = date(2025, 1, 15)
DEFAULT = MatchWeights().weights()  # coverage 5, subject 3, level 2, place 2, load 1


@pytest.fixture
def pair(cast):
    """The cast's young teacher (mathematics, school 1) with 4 open deficits, and a mathematics teacher of school 1
    strong in 3 of them, who already mentors one young educator (by hand) of her limit of 2."""
    diagnostic = growth.diagnostic(cast.region)
    gaps = {"methods.lesson": 3, "psy.age": 2, "assess.criteria": 4, "digital.platforms": 1}
    diagnosed(diagnostic, cast.teacher, gaps)
    mentor = educator(cast.school1, "Борисова")
    diagnosed(diagnostic, mentor, {"methods.lesson": 8, "psy.age": 9, "assess.criteria": 6, "digital.platforms": 2})
    mentee = educator(cast.school1, "Юнина", young=True)
    community.mentorship(mentor, [mentee], program=community.program(cast.school1), source=MentorshipSource.MANUAL)
    return mentor


def test_score_of_a_hand_built_pair(cast, pair):
    pool = candidates.load(cast.municipality.pk, TODAY, default_limit=2)
    i, j = pool.mentees.index[cast.teacher.pk], pool.mentors.index[pair.pk]

    scores = score(pool.mentees, pool.mentors, DEFAULT)

    # coverage 3/4, same subject 1, same level 1, same school 1, load 1 − 1/2: (5·0.75 + 3 + 2 + 2 + 0.5) / 13
    assert scores.base[i, j] == pytest.approx(11.25 / 13, abs=1e-6)
    # each further place of hers lowers the load criterion by 1/2 (weight 1 of 13)
    assert scores.load_step[i, j] == pytest.approx(0.5 / 13, abs=1e-6)
    assert reason(pool, i, j) == (
        "покрывает 3 из 4 дефицитов; тот же предмет — математика; тот же уровень — основное и среднее общее; "
        "та же школа; нагрузка 1 из 2"
    )


def test_a_criterion_that_cannot_be_judged_is_left_out(cast):
    # a young teacher never diagnosed, a physics teacher of school 2
    mentee = educator(cast.school1, "Новикова", young=True)
    mentor = educator(cast.school2, "Петрова", subjects=("physics",))
    pool = candidates.load(cast.municipality.pk, TODAY, default_limit=2)
    i, j = pool.mentees.index[mentee.pk], pool.mentors.index[mentor.pk]

    scores = score(pool.mentees, pool.mentors, DEFAULT)

    # no deficits: coverage (5) left out; subject 0, level 1, same municipality 0.5, load 1: (0 + 2 + 1 + 1) / 8
    assert scores.base[i, j] == pytest.approx(4 / 8, abs=1e-6)
    assert reason(pool, i, j) == (
        "дефицитов по диагностике нет; другой предмет; тот же уровень — основное и среднее общее; "
        "тот же муниципалитет; нагрузка 0 из 2"
    )


@pytest.mark.parametrize(
    ("covered", "deficits", "phrase"),
    [
        (3, 4, "покрывает 3 из 4 дефицитов"),
        (1, 1, "покрывает 1 из 1 дефицита"),
        (0, 2, "покрывает 0 из 2 дефицитов"),
        (2, 11, "покрывает 2 из 11 дефицитов"),
        (5, 21, "покрывает 5 из 21 дефицита"),
        (0, 0, "дефицитов по диагностике нет"),
    ],
)
def test_coverage_phrase(covered, deficits, phrase):
    assert coverage_phrase(covered, deficits) == phrase


def test_levels_subjects_and_organizations_in_the_reason(cast):
    # a young primary teacher of school 1 and a primary teacher of a kindergarten… no: of school 2
    mentee = educator(cast.school1, "Иванова", young=True, subjects=("primary",))
    mentor = educator(cast.school2, "Семёнова", subjects=("primary", "environment"))
    pool = candidates.load(cast.municipality.pk, TODAY, default_limit=3)

    text = reason(pool, pool.mentees.index[mentee.pk], pool.mentors.index[mentor.pk])

    assert text == (
        "дефицитов по диагностике нет; тот же предмет — начальные классы; тот же уровень — начальное общее; "
        "тот же муниципалитет; нагрузка 0 из 3"
    )


def test_strengths_are_the_latest_mastered_results_and_their_blocks(cast):
    first = growth.diagnostic(cast.region, ends_on=date(2024, 5, 31))
    later = growth.diagnostic(cast.region, ends_on=date(2024, 11, 30))
    person = educator(cast.school1, "Борисова")
    diagnosed(first, person, {"psy.age": 9, "psy.motivation": 9, "psy.climate": 9, "methods.lesson": 2})
    diagnosed(later, person, {"psy.climate": 3, "methods.lesson": 8, "methods.program": 7})

    strong = candidates.strengths([person.pk], TODAY)[person.pk]

    # psy.climate fell below the mastered levels later; methods.lesson rose; the block «methodological» has both
    # of its latest results mastered, «psychological» not
    assert strong == {"psy.age", "psy.motivation", "methods.lesson", "methods.program", "methodological"}


def test_who_may_be_a_mentor(cast):
    cast.mentor_educator.refresh_from_db()
    young = educator(cast.school1, "Молодова", young=True)
    manager = educator(cast.school1, "Директорова", position="head")
    unavailable = educator(cast.school1, "Занятова")
    MentorCapacity.objects.create(educator=unavailable, available=False)
    full = educator(cast.school1, "Полнова")
    MentorCapacity.objects.create(educator=full, limit=1)
    community.mentorship(full, [young], program=community.program(cast.school1))
    roomy = educator(cast.school2, "Свободова")

    pool = candidates.load(cast.municipality.pk, TODAY, default_limit=2)

    # pedagogical, not young, available, under the limit, of this municipality; the teacher herself is young
    assert set(pool.mentors.ids) == {cast.mentor_educator.pk, cast.school2_educator.pk, roomy.pk}
    assert set(pool.mentees.ids) == {cast.teacher.pk}
    assert manager.pk not in pool.mentors.ids and cast.other_educator.pk not in pool.mentors.ids
    assert pool.kept == 1
