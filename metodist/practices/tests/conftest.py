from datetime import date

import pytest

from metodist.accounts.models import Role
from metodist.practices.models import Level, Practice, PracticeAuthor, Status
from metodist.testing import factories as f


def practice(organization, authors, *, status=Status.ACCEPTED, level=Level.MUNICIPAL, decided_on=date(2024, 1, 10),
             title="Практика", submitted_on=date(2023, 12, 1)) -> Practice:  # fmt: skip
    """A practice of `organization` by `authors` (in order); decided only when it has a conclusion."""
    decided = decided_on if status in (Status.ACCEPTED, Status.REJECTED) else None
    made = Practice.objects.create(
        title=title, annotation=f"Аннотация: {title}", organization=organization, level=level, status=status,
        submitted_on=min(submitted_on, decided) if decided else submitted_on, decided_on=decided,
        municipality_id=organization.municipality_id, region_id=organization.region_id, link="https://example.org/p",
    )  # fmt: skip
    for order, educator in enumerate(authors, start=1):
        PracticeAuthor.objects.create(practice=made, educator=educator, order=order)
    return made


@pytest.fixture
def other_methodologist(cast):
    """A methodologist of the other municipality: must see nothing of «Город N»."""
    return f.UserFactory(username="other_methodologist", role=Role.METHODOLOGIST, municipality=cast.other_municipality)
