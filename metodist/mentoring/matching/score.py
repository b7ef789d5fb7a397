"""The match score of a mentee and a mentor, for every pair at once (numpy matrices), and its one-line reason.

Criteria, each in [0, 1] (features: candidates.py):
- coverage: the share of the mentee's open deficits that are the mentor's strengths (covered / deficits);
  not applicable to a mentee with no open deficit;
- subject: 1 when they teach a common subject, else 0; not applicable to a mentee who teaches no subject;
- level: 1 when they work at a common level of education, else 0;
- place: 1 in a common organization, 0.5 in the same municipality (every pair of a municipality's pool; the
  registry holds no distances, so «nearby» means the same municipality and nothing finer);
- load: 1 − (current mentees + k) / limit for the mentor's (k+1)-th free place (k = 0 for a ranked list), so that
  the whole-pool proposal spreads mentees over mentors when the rest is equal.

score = Σ weight × criterion / Σ weight over the criteria applicable to the mentee (a criterion that cannot be
judged for a person is left out, not counted as a miss). All weights zero for a mentee: score 0.
"""

from dataclasses import dataclass

import numpy as np

from .candidates import LEVELS, People, Pool


def _matrix(sets: list[set], vocabulary: dict) -> np.ndarray:
    """A 0/1 float32 matrix: a row per person, a column per value of `vocabulary` {value: column}."""
    matrix = np.zeros((len(sets), max(len(vocabulary), 1)), dtype=np.float32)
    rows = [i for i, values in enumerate(sets) for _ in values]
    columns = [vocabulary[value] for values in sets for value in values]
    matrix[rows, columns] = 1
    return matrix


def _vocabulary(*sides: list[set]) -> dict:
    values = sorted({value for side in sides for person in side for value in person}, key=str)
    return {value: column for column, value in enumerate(values)}


@dataclass
class Scores:
    """The pair matrices (mentees × mentors) of one pool."""

    base: np.ndarray  # the score with the mentor's first free place (k = 0)
    load_step: np.ndarray  # how much each further place of mentor j lowers the score of mentee i: a row × column
    covered: np.ndarray  # deficits of mentee i among the strengths of mentor j


def criteria(mentees: People, mentors: People) -> dict[str, np.ndarray]:
    """Each criterion as a mentees × mentors matrix (load: a row of mentors)."""
    codes = _vocabulary(mentees.codes, mentors.codes)
    deficits, strengths = _matrix(mentees.codes, codes), _matrix(mentors.codes, codes)
    covered = deficits @ strengths.T
    counts = deficits.sum(axis=1, keepdims=True)
    subjects = _vocabulary(mentees.subjects, mentors.subjects)
    levels = _vocabulary(mentees.levels, mentors.levels)
    organizations = _vocabulary(mentees.organizations, mentors.organizations)
    same = _matrix(mentees.organizations, organizations) @ _matrix(mentors.organizations, organizations).T
    return {
        "covered": covered,
        "coverage": np.divide(covered, counts, out=np.zeros_like(covered), where=counts > 0),
        "subject": ((_matrix(mentees.subjects, subjects) @ _matrix(mentors.subjects, subjects).T) > 0).astype(
            np.float32
        ),
        "level": ((_matrix(mentees.levels, levels) @ _matrix(mentors.levels, levels).T) > 0).astype(np.float32),
        "place": np.where(same > 0, 1.0, 0.5).astype(np.float32),
        "load": (1 - mentors.load / np.maximum(mentors.limit, 1)).astype(np.float32)[None, :],
    }


def score(mentees: People, mentors: People, weights: dict[str, int]) -> Scores:
    c = criteria(mentees, mentors)
    has_deficits = np.array([bool(codes) for codes in mentees.codes], dtype=np.float32)[:, None]
    has_subjects = np.array([bool(subjects) for subjects in mentees.subjects], dtype=np.float32)[:, None]
    w = {name.removesuffix("_weight"): float(value) for name, value in weights.items()}
    total = (
        w["coverage"] * has_deficits * c["coverage"]
        + w["subject"] * has_subjects * c["subject"]
        + w["level"] * c["level"]
        + w["place"] * c["place"]
        + w["load"] * c["load"]
    )
    denominator = w["coverage"] * has_deficits + w["subject"] * has_subjects + w["level"] + w["place"] + w["load"]
    safe = np.where(denominator > 0, denominator, 1)
    base = np.where(denominator > 0, total / safe, 0).astype(np.float32)
    load_step = np.where(denominator > 0, w["load"] / safe, 0) / np.maximum(mentors.limit, 1)[None, :]
    return Scores(base=base, load_step=load_step.astype(np.float32), covered=c["covered"])


# ---- the reason


def _lower(name: str) -> str:
    """A subject's name inside a sentence: «математика», but «ОБЖ» stays."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def coverage_phrase(covered: int, deficits: int) -> str:
    if not deficits:
        return "дефицитов по диагностике нет"
    # after «из N» the genitive: из 1 дефицита, из 2 (5, 21…) — из 21 дефицита, из 4 дефицитов
    noun = "дефицита" if deficits % 10 == 1 and deficits % 100 != 11 else "дефицитов"
    return f"покрывает {covered} из {deficits} {noun}"


def reason(pool: Pool, i: int, j: int, *, extra: int = 0) -> str:
    """The one-line reason of mentee i with mentor j (`extra`: mentees this proposal already gave the mentor)."""
    mentee, mentor = pool.mentees, pool.mentors
    parts = [coverage_phrase(len(mentee.codes[i] & mentor.codes[j]), len(mentee.codes[i]))]
    if mentee.subjects[i]:
        common = sorted(mentee.subjects[i] & mentor.subjects[j], key=lambda pk: pool.subject_names.get(pk, ""))
        parts.append(
            "тот же предмет — " + ", ".join(_lower(pool.subject_names[pk]) for pk in common)
            if common
            else "другой предмет"
        )
    levels = [LEVELS[level] for level in LEVELS if level in mentee.levels[i] & mentor.levels[j]]
    parts.append(f"тот же уровень — {levels[0]}" if levels else "другой уровень образования")
    same = mentee.organizations[i] & mentor.organizations[j]
    if same:
        parts.append("та же школа" if any(pool.organization_kinds.get(pk) == "general" for pk in same)
                     else "та же организация")  # fmt: skip
    else:
        parts.append("тот же муниципалитет")
    parts.append(f"нагрузка {int(mentor.load[j]) + extra} из {int(mentor.limit[j])}")
    return "; ".join(parts)
