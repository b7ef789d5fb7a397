"""The demo monitoring (manage.py seed_demo_monitoring) on a small stand-in for the demo municipality."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from metodist.accounts.models import Role
from metodist.demo import monitoring as demo
from metodist.monitoring.models import Campaign, CardStatus, CardValue, Snapshot
from metodist.testing import factories as f


@pytest.fixture
def enck(db):
    """«Городской округ Энск» with seven schools (one teacher each), its coordinator and methodologist."""
    region = f.RegionFactory(name=demo.DEMO_REGION, code="D01")
    municipality = f.MunicipalityFactory(region=region, name=demo.DEMO_MUNICIPALITY)
    for number in range(1, 8):
        school = f.OrganizationFactory(municipality=municipality, short_name=f"СОШ № {number}")
        f.EmploymentFactory(organization=school)
    f.UserFactory(username="coordinator", role=Role.COORDINATOR, municipality=municipality)
    f.UserFactory(username="methodist", role=Role.METHODOLOGIST, municipality=municipality)
    return municipality


def statuses(campaign) -> dict:
    return {status: campaign.submissions.filter(status=status).count() for status in CardStatus.values}


@pytest.mark.parametrize(
    ("count", "expected"),
    [(22, (11, 4, 1)), (7, (3, 1, 1)), (2, (1, 0, 1)), (1, (0, 0, 1)), (0, (0, 0, 0))],
)
def test_the_plan_accepts_about_half_submits_some_and_returns_one(count, expected):
    plan = demo.Plan.for_cards(count)

    assert (plan.accepted, plan.submitted, plan.returned) == expected


@pytest.mark.parametrize(
    ("on", "year"), [(date(2025, 1, 15), 2024), (date(2025, 9, 1), 2025), (date(2025, 8, 31), 2024)]
)
def test_the_school_year_starts_in_september(on, year):
    assert demo.school_year(on) == year


def test_seeding_opens_three_campaigns_with_cards_in_every_state_and_is_rerun_safe(enck):
    demo.seed(today=date(2025, 1, 15))
    again = demo.seed(today=date(2025, 1, 15))

    past = Campaign.objects.get(period="2023/24")
    current = Campaign.objects.get(period="2024/25")
    assert (past.title, past.catalogue.code, past.deadline) == ("Мониторинг 2023/24", "msnms-002", date(2024, 6, 15))
    # seven school cards: 3 accepted, 1 submitted, 1 returned, 2 untouched; the municipal card accepted
    assert statuses(past) == {"accepted": 4, "submitted": 1, "returned": 1, "draft": 2}
    assert statuses(current) == {"accepted": 0, "submitted": 0, "returned": 0, "draft": 8}
    assert Snapshot.objects.filter(campaign=past).count() == Snapshot.objects.filter(campaign=current).count() == 1
    assert past.submissions.get(status=CardStatus.RETURNED).comment == demo.RETURN_COMMENT
    assert all("уже была" in line for line in again.lines)
    approved = Campaign.objects.get(period="2022/23")
    assert statuses(approved) == {"accepted": 8, "submitted": 0, "returned": 0, "draft": 0}
    assert approved.status == "closed" and approved.approvals.active().get().approved_by.username == "coordinator"
    assert approved.snapshots.count() == 1 and "результаты утверждены" in again.lines[0]
    assert past.submissions.filter(submitted_at__date__gt=past.deadline).count() == 1  # one card came in late


def test_one_accepted_card_explains_its_difference_with_the_registry(enck):
    demo.seed(today=date(2025, 1, 15))

    past = Campaign.objects.get(period="2023/24")
    (value,) = CardValue.objects.filter(submission__campaign=past).exclude(explanation="")
    # «СОШ № 1» has one teacher in the registry and reports two, with the explanation
    assert (value.submission.status, value.element.code, value.number) == ("accepted", "pedagogical_total", 2)
    assert value.explanation == demo.EXPLANATION


def test_without_the_demo_municipality_the_command_says_what_to_run_first(db):
    with pytest.raises(CommandError, match="сначала выполните manage.py seed_demo"):
        call_command("seed_demo_monitoring")
