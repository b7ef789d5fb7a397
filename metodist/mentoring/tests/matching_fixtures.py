"""Builders of the matching tests: young educators and mentors of the cast's schools, with diagnosed results.

Results are scored out of 10 on the seeded framework (version 1): below 5 is a deficit (the procedure's 50 %
threshold), 5 and above reaches a mastered level of its scale («Базовый» from 50 %)."""

from datetime import date

from metodist.diagnostics.actions import assign_levels
from metodist.testing import factories as f
from metodist.testing import growth

YOUNG_BIRTH, YOUNG_START = date(1999, 3, 2), date(2023, 9, 1)


def educator(organization, last_name, *, subjects=("mathematics",), young=False, position="teacher"):
    person = f.EducatorFactory(
        last_name=last_name,
        first_name="Анна",
        patronymic="Ивановна",
        **({"birth_date": YOUNG_BIRTH, "ped_work_start": YOUNG_START} if young else {}),
    )
    f.EmploymentFactory(educator=person, organization=organization, position=f.position(position),
                        subjects=[f.subject(code) for code in subjects])  # fmt: skip
    return person


def diagnosed(diagnostic, person, scores: dict[str, int]):
    """Results of `person` (deficits derived, scale levels set as an import sets them)."""
    growth.results(diagnostic, person, scores)
    assign_levels(diagnostic)
    return person
