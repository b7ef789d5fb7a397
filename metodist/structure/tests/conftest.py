import pytest

from metodist.structure import actions
from metodist.structure.models import SystemBody


@pytest.fixture
def structure(cast) -> dict[str, SystemBody]:
    """Seed 003's template loaded into the cast's municipality, by template key."""
    actions.load_template(cast.municipality)
    return {body.template_key: body for body in SystemBody.objects.filter(municipality=cast.municipality)}
