"""Every list and results page costs the same number of queries with 10 and with 1,000 rows behind it, so an N+1
shows up here as a failing test. The figures: docs/benchmarks.md, «Запросов на страницу».

Each case grows its rows in the demo municipality «Город N» with bulk inserts (10, then 990 more), opens the
page once to warm it (a registry write makes the facts stale; the next reader rebuilds them), then counts.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodist.facts.signals import invalidate
from metodist.imports.models import BatchStatus, ImportBatch
from metodist.monitoring import actions
from metodist.monitoring.models import Campaign, CardSubmission, CardValue, DataElement
from metodist.monitoring.tests.campaigns import campaign_fixture, catalogue_fixture  # noqa: F401 (fixtures)
from metodist.orgs.models import FlagPeriod, Municipality, Organization, OrganizationKind, StaffPosition
from metodist.people.models import CorrectionRequest, Educator, Employment
from metodist.testing import factories as f

SIZES = (10, 1000)


def schools(municipalities: list[Municipality], count: int, start: int) -> list[Organization]:
    """`count` schools spread over `municipalities`, each with a teacher's staff position, the flag of low
    results on every other one, and one teacher of mathematics (young on every third) working there."""
    teacher, mathematics = f.position("teacher"), f.subject("mathematics")
    created = Organization.objects.bulk_create(
        Organization(
            municipality=municipalities[number % len(municipalities)],
            short_name=f"Школа № {start + number}",
            full_name=f"Средняя школа № {start + number}",
            kind=OrganizationKind.GENERAL,
        )
        for number in range(count)
    )
    StaffPosition.objects.bulk_create(
        StaffPosition(organization=school, position=teacher, rates=Decimal("2"), vacant_rates=Decimal("0.5"))
        for school in created
    )
    FlagPeriod.objects.bulk_create(FlagPeriod(organization=school, flag="is_low_results") for school in created[::2])
    educators = Educator.objects.bulk_create(
        Educator(
            last_name=f"Учитель{start + number}",
            first_name="Ольга",
            sex="F",
            birth_date=date(1998, 1, 1) if number % 3 == 0 else date(1975, 1, 1),
            ped_work_start=date(2021, 9, 1),
        )
        for number in range(count)
    )
    employments = Employment.objects.bulk_create(
        Employment(educator=educator, organization=school, position=teacher, start_date=date(2021, 9, 1))
        for educator, school in zip(educators, created, strict=True)
    )
    Employment.subjects.through.objects.bulk_create(
        Employment.subjects.through(employment_id=employment.pk, subject_id=mathematics.pk)
        for employment in employments
    )
    invalidate()
    return created


@dataclass
class World:
    cast: object
    campaign: Campaign


def registry(world: World, count: int, start: int) -> None:
    schools([world.cast.municipality], count, start)


def municipalities(world: World, count: int, start: int) -> None:
    created = Municipality.objects.bulk_create(
        Municipality(region=world.cast.region, name=f"Посёлок {start + number}") for number in range(count)
    )
    schools(created, count, start)


def batches(world: World, count: int, start: int) -> None:
    ImportBatch.objects.bulk_create(
        ImportBatch(
            format="educators",
            file_name=f"педагоги-{start + number}.xlsx",
            sha256=f"{start + number:064}",
            created_by=world.cast.coordinator,
            status=BatchStatus.CHECKED,
        )
        for number in range(count)
    )


def corrections(world: World, count: int, start: int) -> None:
    CorrectionRequest.objects.bulk_create(
        CorrectionRequest(
            educator=world.cast.teacher,
            comment=f"Исправить телефон {start + number}",
            proposed={"phone": f"+7 900 {start + number:07}"},
            requested_by=world.cast.teacher_user,
        )
        for number in range(count)
    )


def campaigns(world: World, count: int, start: int) -> None:
    template = world.campaign
    Campaign.objects.bulk_create(
        Campaign(
            catalogue=template.catalogue,
            title=f"Мониторинг {start + number}",
            period=template.period,
            period_start=template.period_start,
            period_end=template.period_end,
            region=template.region,
            municipality=template.municipality,
            deadline=template.deadline,
            status=template.status,
        )
        for number in range(count)
    )


def cards(world: World, count: int, start: int) -> None:
    """Schools with their cards of the campaign (as open_campaign sends them), each card filled: 4 educators where
    the registry has 1."""
    element = DataElement.objects.select_related("card").get(
        card__catalogue=world.campaign.catalogue, code="staff_total"
    )
    cards = CardSubmission.objects.bulk_create(
        CardSubmission(campaign=world.campaign, card=element.card, organization=school)
        for school in schools([world.cast.municipality], count, start)
    )
    CardValue.objects.bulk_create(CardValue(submission=card, element=element, number=Decimal("4")) for card in cards)


def results(world: World, count: int, start: int) -> None:
    cards(world, count, start)
    actions.compute_snapshot(world.campaign, by=world.cast.coordinator)


@dataclass
class Page:
    code: str  # the test's id
    name: str  # as in docs/benchmarks.md
    user: str  # the member of the cast who opens it
    grow: object  # (world, count, start) -> None: adds `count` rows behind the page
    path: str  # with {campaign} for the pages of the campaign

    def url(self, world: World) -> str:
        return self.path.format(campaign=world.campaign.pk)


PAGES = [
    Page("home-coordinator", "главная координатора", "coordinator", registry, "/"),
    Page("home-regional-operator", "главная регионального оператора", "regional_operator", municipalities, "/"),
    Page("home-methodologist", "главная методиста", "methodologist", registry, "/"),
    Page("home-school-admin", "главная администратора ОО", "school1_admin", registry, "/"),
    Page("home-teacher", "главная педагога", "teacher_user", registry, "/"),
    Page("municipalities", "сравнение муниципалитетов", "regional_operator", municipalities, "/municipalities/"),
    Page("people", "педагоги", "coordinator", registry, "/people/"),
    Page("people-region", "педагоги региона", "regional_operator", municipalities, "/people/"),
    Page("people-search", "педагоги, поиск", "coordinator", registry, "/people/?q=Учитель"),
    Page("people-export", "педагоги: выгрузка в Excel", "coordinator", registry, "/people/export/"),
    Page("corrections", "запросы на исправление", "coordinator", corrections, "/people/corrections/"),
    Page("organizations", "организации", "coordinator", registry, "/orgs/"),
    Page("organizations-export", "организации: выгрузка в Excel", "coordinator", registry, "/orgs/export.xlsx"),
    Page("organizations-region", "организации региона", "regional_operator", municipalities, "/orgs/"),
    Page("imports", "импорт: последние загрузки", "coordinator", batches, "/imports/"),
    Page("imports-history", "история импорта", "coordinator", batches, "/imports/history/"),
    Page("campaigns", "кампании мониторинга", "coordinator", campaigns, "/monitoring/"),
    Page("campaign-cards", "карты кампании", "coordinator", cards, "/monitoring/{campaign}/"),
    Page("cards-review", "приём карт", "coordinator", cards, "/monitoring/{campaign}/cards/review/"),
    Page("quality", "качество данных", "coordinator", cards, "/monitoring/{campaign}/quality/"),
    Page(
        "quality-export",
        "качество данных: выгрузка",
        "coordinator",
        cards,
        "/monitoring/{campaign}/quality/export.xlsx",
    ),
    Page("results", "результаты", "coordinator", results, "/monitoring/{campaign}/results/"),
    Page(
        "results-export", "результаты: выгрузка", "coordinator", results, "/monitoring/{campaign}/results/export.xlsx"
    ),
    Page("drilldown", "показатель: организации", "coordinator", results, "/monitoring/{campaign}/indicators/young/"),
    Page(
        "drilldown-people",
        "показатель: педагоги",
        "coordinator",
        results,
        "/monitoring/{campaign}/indicators/young/?part=denominator",
    ),
    Page("api-organizations", "API: организации", "coordinator", registry, "/api/v1/organizations/"),
    Page("api-staff-positions", "API: штатное расписание", "coordinator", registry, "/api/v1/staff-positions/"),
    Page("api-educators", "API: педагоги", "coordinator", registry, "/api/v1/educators/"),
    Page("api-employments", "API: места работы", "coordinator", registry, "/api/v1/employments/"),
    Page("api-campaigns", "API: кампании", "coordinator", campaigns, "/api/v1/campaigns/"),
    Page("api-results", "API: результаты", "coordinator", results, "/api/v1/campaigns/{campaign}/results/"),
    Page("api-cards", "API: информационные карты", "coordinator", cards, "/api/v1/cards/"),
]


def queries(client, url: str) -> int:
    response = client.get(url)  # warm: facts rebuilt after the growth, per-process caches filled
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def count_at_sizes(client, world: World, page: Page) -> dict[int, int]:
    client.force_login(getattr(world.cast, page.user))
    counts, built = {}, 0
    for size in SIZES:
        page.grow(world, size - built, start=1000 + built)
        built = size
        counts[size] = queries(client, page.url(world))
    return counts


@pytest.mark.parametrize("page", PAGES, ids=[page.code for page in PAGES])
def test_queries_of_the_page_do_not_grow_with_its_rows(client, cast, campaign, on_today, page):
    counts = count_at_sizes(client, World(cast, campaign), page)

    assert counts[SIZES[0]] == counts[SIZES[1]], counts
