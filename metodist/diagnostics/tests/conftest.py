from datetime import date

import pytest

from metodist.diagnostics.models import DiagnosticLevel
from metodist.testing import growth as g


@pytest.fixture
def held(cast):
    """A regional procedure of the region with results of the teacher (school 1), of school 2's educator and of
    the educator of another municipality; and a municipal procedure of the other municipality."""
    regional = g.diagnostic(
        cast.region, level=DiagnosticLevel.REGIONAL, ends_on=date(2024, 11, 30), name="Региональная"
    )
    g.results(regional, cast.teacher, {"subject.content": 4, "methods.lesson": 9})
    g.results(regional, cast.school2_educator, {"subject.content": 8, "methods.lesson": 3})
    g.results(regional, cast.other_educator, {"subject.content": 2, "methods.lesson": 2})
    elsewhere = g.diagnostic(
        cast.region, level=DiagnosticLevel.MUNICIPAL, municipality=cast.other_municipality, name="Муниципальная M"
    )
    g.results(elsewhere, cast.other_educator, {"subject.content": 9})
    return regional, elsewhere
