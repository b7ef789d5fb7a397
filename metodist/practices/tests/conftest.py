from datetime import date

import pytest

from metodist.accounts.models import Role
from metodist.practices.models import Level, Practice, PracticeAuthor, PracticeMaterial, Status
from metodist.testing import factories as f

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def practice(organization, authors, *, status=Status.ACCEPTED, level=Level.MUNICIPAL, decided_on=date(2024, 1, 10),
             title="Практика", submitted_on=date(2023, 12, 1)) -> Practice:  # fmt: skip
    """A practice of `organization` by `authors` (in order), with one material (a link); decided only when it has
    a conclusion."""
    decided = decided_on if status in (Status.ACCEPTED, Status.REJECTED) else None
    made = Practice.objects.create(
        title=title, annotation=f"Аннотация: {title}", organization=organization, level=level, status=status,
        submitted_on=min(submitted_on, decided) if decided else submitted_on, decided_on=decided,
        municipality_id=organization.municipality_id, region_id=organization.region_id,
    )  # fmt: skip
    PracticeMaterial.objects.create(practice=made, link="https://example.org/p", title="Описание")
    for order, educator in enumerate(authors, start=1):
        PracticeAuthor.objects.create(practice=made, educator=educator, order=order)
    return made


def material(of, *, order, title="", file="", link="") -> PracticeMaterial:
    return PracticeMaterial.objects.create(practice=of, order=order, title=title, file=file, link=link)


@pytest.fixture
def other_methodologist(cast):
    """A methodologist of the other municipality: must see nothing of «Город N»."""
    return f.UserFactory(username="other_methodologist", role=Role.METHODOLOGIST, municipality=cast.other_municipality)


@pytest.fixture
def media(settings, tmp_path):
    """Stored files go to the test's own directory."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
