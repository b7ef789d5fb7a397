"""A campaign over the named cast (conftest.py) with the test catalogue of builders.py, for the page tests.

On 2024-05-31, the end of the period, in «Город N»: school 1 has Смирнова (young, teaches mathematics, no
diploma recorded: out of profile) and Кузнецов (physics, out of profile); school 2 has Орлова (no subjects).
School 3 is in «Город M», outside the campaign. Cards: «Карта ОО» of schools 1 and 2, «Карта
муниципалитета» of Город N.
"""

from datetime import date

import pytest

from metodist.accounts.models import Role
from metodist.monitoring import actions
from metodist.monitoring.models import Campaign, CardSubmission
from metodist.testing import factories as f

from .builders import load_test_catalogue

# Fixtures are imported by the test modules under their *_fixture names, so that the names the tests ask for
# (campaign, catalogue, …) do not shadow an import.


def open_cast_campaign(cast, catalogue, period="2023/24", start=date(2023, 9, 1), end=date(2024, 5, 31)) -> Campaign:
    campaign = Campaign.objects.create(
        catalogue=catalogue,
        title=f"Мониторинг {period}",
        period=period,
        period_start=start,
        period_end=end,
        region=cast.region,
        municipality=cast.municipality,
        deadline=date(end.year, 6, 15),
    )
    actions.open_campaign(campaign, by=cast.coordinator)
    return campaign


def card_of(campaign, respondent) -> CardSubmission:
    field = "organization" if hasattr(respondent, "short_name") else "municipality"
    return CardSubmission.objects.select_related("campaign", "card").get(campaign=campaign, **{field: respondent})


def accepted(card, values: dict, by) -> CardSubmission:
    actions.save_card_values(card, values, by=by)
    actions.submit_card(card, by=by, errors=[])
    return actions.accept_card(card, by=by)


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture(name="catalogue")
def catalogue_fixture(db, tmp_path):
    return load_test_catalogue(tmp_path)


@pytest.fixture(name="campaign")
def campaign_fixture(cast, catalogue):
    return open_cast_campaign(cast, catalogue)


@pytest.fixture(name="other_coordinator")
def other_coordinator_fixture(cast):
    """The coordinator of «Город M»: must see nothing of a campaign of «Город N»."""
    return f.UserFactory(username="coordinator_m", role=Role.COORDINATOR, municipality=cast.other_municipality)


@pytest.fixture(name="system_admin")
def system_admin_fixture(cast):
    return f.UserFactory(username="admin", role=Role.ADMIN)
