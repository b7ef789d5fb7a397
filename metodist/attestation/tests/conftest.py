import pytest

from metodist.accounts.models import Role
from metodist.testing import factories as f


@pytest.fixture
def other_methodologist(cast):
    """A methodologist of the other municipality: must see nothing of «Город N»."""
    return f.UserFactory(username="other_methodologist", role=Role.METHODOLOGIST, municipality=cast.other_municipality)
