from datetime import date

import pytest

from metodist.accounts.models import Role
from metodist.testing import factories as f
from metodist.testing import growth


@pytest.fixture
def tutor(cast):
    """A tutor of the demo municipality: sees the routes they tutor, and no others."""
    return f.UserFactory(username="tutor", role=Role.TUTOR, municipality=cast.municipality, region=cast.region,
                         first_name="Тамара", last_name="Тьюторова")  # fmt: skip


@pytest.fixture
def other_tutor(cast):
    """Another tutor of the same municipality: must not see the first tutor's routes."""
    return f.UserFactory(username="tutor2", role=Role.TUTOR, municipality=cast.municipality, region=cast.region)


@pytest.fixture
def first_diagnostic(cast):
    return growth.diagnostic(cast.region, ends_on=date(2024, 5, 31))


def deficits_of(educator, diagnostic, scores):
    """Results `scores` {code: score of 10} for `educator`; returns the deficits they derive (below 5 of 10)."""
    growth.results(diagnostic, educator, scores)
    return list(diagnostic.deficits.filter(educator=educator).select_related("competency", "diagnostic"))
