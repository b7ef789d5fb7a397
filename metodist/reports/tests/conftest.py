import pytest

from metodist.monitoring.tests.builders import load_test_catalogue
from metodist.testing import factories as f

from .world import approve_values, campaign_of


@pytest.fixture
def campaign(cast, tmp_path):
    return campaign_of(cast, load_test_catalogue(tmp_path))


@pytest.fixture
def approved(cast, campaign):
    """The campaign with the hand-written values of world.py approved."""
    approve_values(cast, campaign)
    return campaign


@pytest.fixture
def other_coordinator(cast):
    from metodist.accounts.models import Role

    return f.UserFactory(username="coordinator_m", role=Role.COORDINATOR, municipality=cast.other_municipality)
