"""Campaign pages: the list, creating a campaign, opening the collection; who may do what."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.audit.models import AuditEntry
from metodist.monitoring.models import Campaign, CampaignStatus, CardSubmission

from .campaigns import campaign_fixture, catalogue_fixture, login, other_coordinator_fixture, system_admin_fixture  # noqa: F401 (fixtures)

FORM = {
    "title": "Мониторинг 2024/25",
    "period": "2024/25",
    "period_start": "2024-09-01",
    "period_end": "2025-05-31",
    "deadline": "2025-06-15",
}


def test_coordinator_sees_the_campaign_of_the_municipality_with_its_card_counts(client, cast, campaign):
    login(client, cast.coordinator)

    response = client.get(reverse("monitoring:campaigns"))

    assert response.status_code == 200
    assert response.context["rows"] == [(campaign, {"campaign": campaign.pk, "total": 3, "reported": 0})]
    assert "Мониторинг 2023/24" in response.content.decode()


def test_school_administrator_counts_only_the_cards_of_the_school(client, cast, campaign):
    login(client, cast.school1_admin)

    response = client.get(reverse("monitoring:campaigns"))

    assert response.context["rows"] == [(campaign, {"campaign": campaign.pk, "total": 1, "reported": 0})]


def test_coordinator_of_another_municipality_sees_no_campaign(client, other_coordinator, campaign):
    login(client, other_coordinator)

    response = client.get(reverse("monitoring:campaigns"))

    assert response.context["rows"] == []
    assert client.get(reverse("monitoring:campaign", args=[campaign.pk])).status_code == 404


@pytest.mark.parametrize("who", ["teacher_user", "mentor_user", "other_user"])
def test_an_educator_is_refused_every_campaign_page(client, cast, campaign, who):
    login(client, getattr(cast, who))

    pages = [
        ("get", reverse("monitoring:campaigns"), 403),
        ("get", reverse("monitoring:campaign_create"), 403),
        ("get", reverse("monitoring:campaign", args=[campaign.pk]), 404),
        ("post", reverse("monitoring:campaign_open", args=[campaign.pk]), 404),
    ]

    for method, url, status in pages:
        assert getattr(client, method)(url).status_code == status, url


def test_anonymous_visitor_is_sent_to_the_login_page(client, campaign):
    response = client.get(reverse("monitoring:campaign", args=[campaign.pk]))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_methodologist_creates_a_campaign_of_the_own_municipality(client, cast, catalogue):
    login(client, cast.methodologist)

    response = client.post(reverse("monitoring:campaign_create"), {**FORM, "catalogue": catalogue.pk})

    created = Campaign.objects.get(period="2024/25")
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:campaign", args=[created.pk])
    assert (created.municipality, created.region, created.status) == (
        cast.municipality,
        cast.region,
        CampaignStatus.DRAFT,
    )
    assert created.created_by == cast.methodologist
    assert AuditEntry.objects.for_object(created).filter(action="create").exists()


def test_campaign_form_refuses_a_malformed_period_and_inverted_dates(client, cast, catalogue):
    login(client, cast.coordinator)
    bad = {**FORM, "catalogue": catalogue.pk, "period": "2024-25", "period_end": "2024-08-01", "deadline": "2024-01-01"}

    response = client.post(reverse("monitoring:campaign_create"), bad)

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert errors["period"] == ["Укажите учебный год в виде «2023/24» или календарный год в виде «2024»."]
    assert errors["period_end"] == ["Конец периода должен быть позже его начала."]
    assert errors["deadline"] == ["Срок представления карт не может быть раньше начала периода."]
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("period", ["2024/26", "24/25", "2024/5"])
def test_a_school_year_must_be_two_consecutive_years(client, cast, catalogue, period):
    login(client, cast.coordinator)

    response = client.post(reverse("monitoring:campaign_create"), {**FORM, "catalogue": catalogue.pk, "period": period})

    assert "period" in response.context["form"].errors


def test_regional_operator_creates_a_campaign_for_the_whole_region(client, cast, catalogue):
    login(client, cast.regional_operator)

    client.post(reverse("monitoring:campaign_create"), {**FORM, "catalogue": catalogue.pk, "municipality": ""})

    created = Campaign.objects.get()
    assert (created.region, created.municipality) == (cast.region, None)


def test_administrator_cannot_pair_a_municipality_with_another_region(client, cast, catalogue, system_admin):
    from metodist.testing import factories as f

    elsewhere = f.RegionFactory(name="Другая область", code="99")
    login(client, system_admin)

    response = client.post(
        reverse("monitoring:campaign_create"),
        {**FORM, "catalogue": catalogue.pk, "region": elsewhere.pk, "municipality": cast.municipality.pk},
    )

    assert response.context["form"].errors["municipality"] == [
        "Муниципальное образование не относится к выбранному региону."
    ]


@pytest.mark.parametrize("who", ["school1_admin", "teacher_user"])
def test_school_administrator_and_educator_cannot_create_campaigns(client, cast, who):
    login(client, getattr(cast, who))

    assert client.get(reverse("monitoring:campaign_create")).status_code == 403


def test_opening_the_collection_sends_cards_once(client, cast, catalogue):
    login(client, cast.coordinator)
    client.post(reverse("monitoring:campaign_create"), {**FORM, "catalogue": catalogue.pk})
    created = Campaign.objects.get()

    first = client.post(reverse("monitoring:campaign_open", args=[created.pk]))
    again = client.post(reverse("monitoring:campaign_open", args=[created.pk]))

    created.refresh_from_db()
    assert first.status_code == again.status_code == 302
    assert created.status == CampaignStatus.OPEN
    # school 1 and school 2 get «Карта ОО», Город N gets «Карта муниципалитета»
    assert CardSubmission.objects.filter(campaign=created).count() == 3


def test_school_administrator_cannot_open_the_collection(client, cast, campaign):
    login(client, cast.school1_admin)

    response = client.post(reverse("monitoring:campaign_open", args=[campaign.pk]))

    assert response.status_code == 403


def test_opening_needs_a_post(client, cast, campaign):
    login(client, cast.coordinator)

    assert client.get(reverse("monitoring:campaign_open", args=[campaign.pk])).status_code == 405


def test_campaign_list_marks_a_campaign_still_in_preparation(client, cast, catalogue):
    Campaign.objects.create(
        catalogue=catalogue, title="Черновик", period="2025/26", period_start=date(2025, 9, 1),
        period_end=date(2026, 5, 31), region=cast.region, municipality=cast.municipality, deadline=date(2026, 6, 15),
    )  # fmt: skip
    login(client, cast.coordinator)

    response = client.get(reverse("monitoring:campaigns"))

    assert "Подготовка" in response.content.decode()


def test_the_administration_lists_campaigns_cards_and_catalogues(client, cast, campaign):
    from metodist.testing import factories as f

    superuser = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    login(client, superuser)

    pages = ["campaign", "cardsubmission", "catalogue", "indicator", "dataelement", "snapshot"]

    for model in pages:
        assert client.get(reverse(f"admin:monitoring_{model}_changelist")).status_code == 200, model
    card = campaign.submissions.first()
    assert client.get(reverse("admin:monitoring_cardsubmission_change", args=[card.pk])).status_code == 200
