"""Opening a campaign sends its cards in bulk: a region's thousands of organizations cost what ten do, and an
opening again sends only the cards that are missing (an organization added since)."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodist.monitoring import actions
from metodist.monitoring.models import Campaign, CardSubmission
from metodist.testing import factories as f

from .campaigns import catalogue_fixture  # noqa: F401 (fixture)


def _draft(cast, catalogue) -> Campaign:
    return Campaign.objects.create(
        catalogue=catalogue,
        title="Мониторинг 2023/24",
        period="2023/24",
        period_start=date(2023, 9, 1),
        period_end=date(2024, 5, 31),
        region=cast.region,
        municipality=cast.municipality,
        deadline=date(2024, 6, 15),
    )


def _opening_queries(cast, catalogue) -> tuple[int, int]:
    campaign = _draft(cast, catalogue)
    with CaptureQueriesContext(connection) as queries:
        created = actions.open_campaign(campaign, by=cast.coordinator)
    assert created == CardSubmission.objects.filter(campaign=campaign).count()
    return len(queries), created


def test_opening_costs_the_same_queries_for_two_and_for_forty_two_schools(cast, catalogue):
    few, sent_to_few = _opening_queries(cast, catalogue)
    for number in range(40):
        f.OrganizationFactory(municipality=cast.municipality, short_name=f"Школа № {10 + number}")

    many, sent_to_many = _opening_queries(cast, catalogue)

    # the test catalogue: «Карта ОО» to every school of «Город N» (2, then 42) and «Карта муниципалитета» to it
    assert (sent_to_few, sent_to_many) == (3, 43)
    assert many == few


def test_opening_again_sends_only_the_missing_cards(cast, catalogue):
    campaign = _draft(cast, catalogue)
    actions.open_campaign(campaign, by=cast.coordinator)
    school = f.OrganizationFactory(municipality=cast.municipality, short_name="Школа № 99")

    created = actions.open_campaign(campaign, by=cast.coordinator)

    assert created == 1
    assert CardSubmission.objects.filter(campaign=campaign, organization=school).count() == 1
    assert CardSubmission.objects.filter(campaign=campaign).count() == 4
