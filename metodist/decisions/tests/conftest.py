"""The hand-built world of the effectiveness cases, shared by the review and summary tests."""

from datetime import date

import pytest

from metodist.decisions.models import Decision, DecisionKind, Measure
from metodist.orgs.models import OrganizationKind
from metodist.testing import factories as f

from . import builders as b


@pytest.fixture
def world(cast):
    """School 1 and school 2 get the measure; three more schools of Город N are their peers; three
    kindergartens are another context and must not count."""
    row, share, lower = b.catalogue()
    peers = [f.OrganizationFactory(municipality=cast.municipality, short_name=f"Школа П{n}") for n in (1, 2, 3)]
    gardens = [f.OrganizationFactory(municipality=cast.municipality, short_name=f"Детсад {n}",
                                     kind=OrganizationKind.PRESCHOOL) for n in (1, 2, 3)]  # fmt: skip
    cause = b.campaign(row, cast.region, cast.municipality, 2022)
    following = b.campaign(row, cast.region, cast.municipality, 2023)
    before, after = b.snapshot(cause, approved=True), b.snapshot(following, approved=True)
    decision = Decision.objects.create(municipality=cast.municipality, campaign=cause, kind=DecisionKind.ORDER,
                                       number="112", date=date(2023, 9, 20), title="О мерах")  # fmt: skip
    measure = Measure.objects.create(decision=decision, activity="Курсы", deadline=date(2024, 3, 1),
                                     responsible_organization=cast.school1)  # fmt: skip
    measure.organizations.set([cast.school1, cast.school2])
    return {"cast": cast, "share": share, "lower": lower, "peers": peers, "gardens": gardens, "cause": cause,
            "following": following, "before": before, "after": after, "measure": measure,
            "targeted": [cast.school1, cast.school2]}  # fmt: skip
