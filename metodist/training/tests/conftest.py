from datetime import date

import pytest

from metodist.testing import growth as g


@pytest.fixture
def courses(cast):
    """A catalogue program and a training for each educator of the cast: Смирнова and Кузнецов (school 1),
    Орлова (school 2), Волкова (another municipality)."""
    program = g.program(title="Формирующее оценивание", competencies=["assess.formative"], topics=["fgos"])
    made = {}
    for name in ("teacher", "mentor_educator", "school2_educator", "other_educator"):
        made[name] = g.training(getattr(cast, name), program, ends_on=date(2024, 10, 20), region=cast.region)
    return program, made
