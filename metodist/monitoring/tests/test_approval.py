"""Approval up the tree: who may approve and who must not, what an approval locks, reopening with a reason,
the official snapshot, and a regional campaign approved by the region after its municipalities."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from metodist.audit.models import AuditEntry
from metodist.jobs.models import Job, JobStatus
from metodist.monitoring import actions, lifecycle
from metodist.monitoring import jobs as monitoring_jobs
from metodist.monitoring.export import snapshot_workbook
from metodist.monitoring.models import Approval, Campaign, CampaignStatus, CardStatus, SnapshotMembers
from metodist.testing.xlsx import read_table

from .campaigns import (  # noqa: F401 (fixtures)
    accepted,
    campaign_fixture,
    card_of,
    catalogue_fixture,
    login,
    other_coordinator_fixture,
    system_admin_fixture,
)


def _all_accepted(cast, campaign):
    accepted(card_of(campaign, cast.school1), {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)
    accepted(card_of(campaign, cast.school2), {"staff_total": "1", "sanatorium": "0"}, by=cast.school2_admin)
    accepted(card_of(campaign, cast.municipality), {"act_young": True}, by=cast.coordinator)
    return actions.compute_snapshot(campaign, by=cast.coordinator)


@pytest.fixture(name="ready")
def ready_fixture(cast, campaign):
    """Every card of Город N accepted and the results computed afterwards."""
    return _all_accepted(cast, campaign)


@pytest.fixture(name="approved")
def approved_fixture(cast, campaign, ready):
    return actions.approve_municipality(campaign, cast.municipality, by=cast.coordinator)


def test_coordinator_approves_the_municipality_and_the_snapshot_becomes_official(cast, campaign, ready):
    approval = actions.approve_municipality(campaign, cast.municipality, by=cast.coordinator)

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    assert lifecycle.official_snapshot(campaign) == ready
    assert (approval.approved_by, approval.snapshot, approval.is_active) == (cast.coordinator, ready, True)
    assert SnapshotMembers.objects.filter(value__snapshot=ready).exists()
    assert AuditEntry.objects.filter(summary="Результаты утверждены: Город N").exists()


@pytest.mark.parametrize(
    "who", ["methodologist", "school1_admin", "school2_admin", "teacher_user", "mentor_user", "regional_operator"]
)
def test_only_the_coordinator_of_the_municipality_may_approve_it(cast, campaign, who):
    assert lifecycle.can_approve(cast.coordinator, campaign, cast.municipality)
    assert not lifecycle.can_approve(getattr(cast, who), campaign, cast.municipality)


def test_another_municipality_s_coordinator_may_not_approve(cast, campaign, other_coordinator):
    assert not lifecycle.can_approve(other_coordinator, campaign, cast.municipality)
    assert not lifecycle.can_approve(other_coordinator, campaign, cast.other_municipality)


def test_municipal_campaign_has_no_regional_approval(cast, campaign, system_admin):
    assert not lifecycle.can_approve(cast.regional_operator, campaign)
    with pytest.raises(ValidationError, match="утверждает его координатор"):
        actions.approve_region(campaign, by=system_admin)


def test_approval_waits_for_a_decision_on_every_submitted_card(cast, campaign):
    card = card_of(campaign, cast.school1)
    actions.save_card_values(card, {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)
    actions.submit_card(card, by=cast.school1_admin, errors=[])
    actions.compute_snapshot(campaign, by=cast.coordinator)

    with pytest.raises(ValidationError, match=r"Карты ожидают проверки \(1\)"):
        actions.approve_municipality(campaign, cast.municipality, by=cast.coordinator)


def test_cards_never_submitted_do_not_block_the_approval(cast, campaign):
    accepted(card_of(campaign, cast.school1), {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)
    actions.compute_snapshot(campaign, by=cast.coordinator)

    approval = actions.approve_municipality(campaign, cast.municipality, by=cast.coordinator)

    assert approval.is_active


def test_approval_needs_a_computation_after_the_last_card_change(cast, campaign):
    with pytest.raises(ValidationError, match="сначала рассчитайте"):
        actions.approve_municipality(campaign, cast.municipality, by=cast.coordinator)
    actions.compute_snapshot(campaign, by=cast.coordinator)
    accepted(card_of(campaign, cast.school1), {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)

    with pytest.raises(ValidationError, match="Карты изменились после расчёта"):
        actions.approve_municipality(campaign, cast.municipality, by=cast.coordinator)


def test_approval_is_refused_when_the_registry_changed_after_the_computation(cast, campaign, ready):
    cast.teacher.birth_date = cast.teacher.birth_date.replace(year=1970)  # no longer young
    cast.teacher.save()

    with pytest.raises(ValidationError, match="Данные реестра изменились после расчёта"):
        actions.approve_municipality(campaign, cast.municipality, by=cast.coordinator)
    assert not Approval.objects.exists()


def test_cards_of_an_approved_municipality_are_locked(cast, campaign, approved):
    school1, school2 = card_of(campaign, cast.school1), card_of(campaign, cast.school2)

    with pytest.raises(ValidationError, match="Результаты муниципалитета утверждены"):
        actions.reopen_card(school1, by=cast.coordinator, comment="Исправить")
    with pytest.raises(ValidationError, match="Результаты муниципалитета утверждены"):
        actions.return_card(school2, by=cast.coordinator, comment="Исправить")
    school1.refresh_from_db()
    assert school1.status == CardStatus.ACCEPTED


def test_an_unsubmitted_card_of_an_approved_municipality_cannot_be_filled_or_submitted(cast, campaign):
    actions.compute_snapshot(campaign, by=cast.coordinator)
    actions.approve_municipality(campaign, cast.municipality, by=cast.coordinator)
    card = card_of(campaign, cast.school2)

    with pytest.raises(ValidationError, match="Результаты муниципалитета утверждены"):
        actions.save_card_values(card, {"staff_total": "1", "sanatorium": "0"}, by=cast.school2_admin)
    with pytest.raises(ValidationError, match="Результаты муниципалитета утверждены"):
        actions.submit_card(card, by=cast.school2_admin, errors=[])


def test_recomputing_an_approved_campaign_is_refused(cast, campaign, approved):
    with pytest.raises(ValidationError, match="пересчёт невозможен"):
        actions.compute_snapshot(campaign, by=cast.coordinator)
    assert campaign.snapshots.count() == 1


def test_reopening_needs_a_reason_and_is_kept_in_the_history(cast, campaign, approved):
    with pytest.raises(ValidationError, match="Укажите причину"):
        actions.reopen_approval(approved, by=cast.coordinator, reason="  ")

    actions.reopen_approval(approved, by=cast.coordinator, reason="Школа № 2 исправляет число педагогов")

    approved.refresh_from_db()
    campaign.refresh_from_db()
    assert (approved.reopened_by, approved.reopen_reason) == (cast.coordinator, "Школа № 2 исправляет число педагогов")
    assert approved.reopened_at is not None and not approved.is_active
    assert campaign.status == CampaignStatus.OPEN
    assert lifecycle.official_snapshot(campaign) is None
    actions.reopen_card(card_of(campaign, cast.school2), by=cast.coordinator, comment="Исправить")
    second = actions.compute_snapshot(campaign, by=cast.coordinator)
    assert lifecycle.shown_snapshot(campaign) == second


def test_campaign_page_shows_the_approval_and_its_history(client, cast, campaign, approved):
    actions.reopen_approval(approved, by=cast.coordinator, reason="Ошибка в карте школы № 2")
    login(client, cast.coordinator)

    html = client.get(reverse("monitoring:campaign", args=[campaign.pk])).content.decode()

    assert "Утверждение результатов" in html and "История утверждений (1)" in html
    assert "Причина: Ошибка в карте школы № 2" in html
    assert "Утвердить результаты" in html


def test_approve_view_refuses_the_school_administrator_and_hides_the_campaign_from_another_coordinator(
    client, cast, campaign, ready, other_coordinator
):
    url = reverse("monitoring:campaign_approve", args=[campaign.pk])
    data = {"municipality": cast.municipality.pk}

    assert login(client, cast.school1_admin).post(url, data).status_code == 403
    assert login(client, cast.methodologist).post(url, data).status_code == 403
    assert login(client, other_coordinator).post(url, data).status_code == 404
    assert login(client, cast.teacher_user).post(url, data).status_code == 404
    assert not Approval.objects.exists()

    response = login(client, cast.coordinator).post(url, data)

    job = Job.objects.get(kind="monitoring.approve")
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert Approval.objects.active().get().municipality == cast.municipality
    assert job.status == JobStatus.DONE and job.result["summary"] == "Результаты утверждены: Город N."
    assert job.result["url"] == reverse("monitoring:campaign", args=[campaign.pk])
    assert job.total == campaign.catalogue.indicators.count() and job.done == job.total  # the freeze's progress


def test_approval_job_refused_by_the_rules_ends_with_the_reason_in_russian_and_approves_nothing(client, cast, campaign):
    card = card_of(campaign, cast.school1)
    actions.save_card_values(card, {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)
    actions.submit_card(card, by=cast.school1_admin, errors=[])

    login(client, cast.coordinator).post(
        reverse("monitoring:campaign_approve", args=[campaign.pk]), {"municipality": cast.municipality.pk}
    )

    job = Job.objects.get(kind="monitoring.approve")
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Результаты не утверждены: Карты ожидают проверки (1)")
    assert not Approval.objects.exists()


def test_approval_job_checks_the_right_again_when_it_runs(cast, campaign, ready):
    """Queued by the coordinator, run after they lost the role: the worker refuses it."""
    from metodist.jobs.tasks import run_job

    job = Job.objects.create(kind="monitoring.approve", title="…", created_by=cast.methodologist,
                             params={"campaign_id": campaign.pk, "municipality_id": cast.municipality.pk})  # fmt: skip
    run_job.call(job.pk)

    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, monitoring_jobs.APPROVE_REFUSED)
    assert not Approval.objects.exists()


def test_reopen_view_refuses_the_methodologist(client, cast, campaign, approved):
    url = reverse("monitoring:approval_reopen", args=[approved.pk])

    assert login(client, cast.methodologist).post(url, {"reason": "хочу"}).status_code == 403
    assert Approval.objects.get().is_active


def test_results_page_says_which_snapshot_is_official(client, cast, campaign, approved):
    login(client, cast.coordinator)

    html = client.get(reverse("monitoring:results", args=[campaign.pk])).content.decode()

    assert 'id="snapshot-official"' in html and "Официальный расчёт" in html


def test_recompute_button_of_an_approved_campaign_reports_the_refusal(client, cast, campaign, approved):
    login(client, cast.coordinator)

    response = client.post(reverse("monitoring:compute", args=[campaign.pk]), follow=True)

    assert "пересчёт невозможен" in response.content.decode()
    assert campaign.snapshots.count() == 1


def test_approved_card_page_offers_no_editing_and_no_review(client, cast, campaign, approved):
    card = card_of(campaign, cast.school1)

    coordinator_page = login(client, cast.coordinator).get(reverse("monitoring:card", args=[card.pk]))
    admin_page = login(client, cast.school1_admin).get(reverse("monitoring:card", args=[card.pk]))

    assert coordinator_page.context["can_review"] is False
    assert admin_page.context["editable"] is False


@pytest.fixture(name="regional")
def regional_fixture(cast, catalogue):
    """A campaign over the whole region: Город N (schools 1, 2) and Город M (school 3)."""
    campaign = Campaign.objects.create(
        catalogue=catalogue, title="Региональный мониторинг", period="2023/24", period_start=date(2023, 9, 1),
        period_end=date(2024, 5, 31), region=cast.region, deadline=date(2024, 6, 15),
    )  # fmt: skip
    actions.open_campaign(campaign, by=cast.regional_operator)
    return campaign


def test_region_approves_after_every_municipality(cast, regional, other_coordinator):
    actions.compute_snapshot(regional, by=cast.regional_operator)
    assert lifecycle.can_approve(cast.regional_operator, regional)
    assert not lifecycle.can_approve(cast.coordinator, regional)
    assert lifecycle.can_approve(other_coordinator, regional, cast.other_municipality)
    assert not lifecycle.can_approve(other_coordinator, regional, cast.municipality)

    actions.approve_municipality(regional, cast.municipality, by=cast.coordinator)
    regional.refresh_from_db()
    assert regional.status == CampaignStatus.OPEN  # a municipality's approval does not close a regional campaign
    with pytest.raises(ValidationError, match="Не утверждены результаты муниципалитетов: Город M"):
        actions.approve_region(regional, by=cast.regional_operator)
    actions.approve_municipality(regional, cast.other_municipality, by=other_coordinator)

    approval = actions.approve_region(regional, by=cast.regional_operator)

    regional.refresh_from_db()
    assert regional.status == CampaignStatus.CLOSED
    assert lifecycle.final_approval(regional) == approval
    municipal = Approval.objects.get(municipality=cast.municipality)
    with pytest.raises(ValidationError, match="сначала региональный оператор"):
        actions.reopen_approval(municipal, by=cast.coordinator, reason="Исправить")


def test_export_of_an_approved_campaign_says_it_is_official(cast, campaign, approved):
    notes = read_table(snapshot_workbook(approved.snapshot)).lines

    assert any("официальный расчёт: результаты утверждены" in note for note in notes), notes


def test_compute_command_refuses_an_approved_campaign_with_a_clear_message(cast, campaign, approved):
    with pytest.raises(CommandError, match="пересчёт невозможен"):
        call_command("monitoring", "compute", "--campaign", str(campaign.pk))


def test_card_page_of_an_approved_municipality_says_why_it_is_closed(client, cast, campaign, approved):
    card = card_of(campaign, cast.school2)

    html = login(client, cast.school2_admin).get(reverse("monitoring:card", args=[card.pk])).content.decode()

    assert 'id="approved-note"' in html and "Результаты муниципалитета утверждены" in html


def test_approvals_by_users_since_deleted_are_shown_as_the_system(client, cast, campaign, approved):
    actions.reopen_approval(approved, by=cast.coordinator, reason="Ошибка в карте школы № 2")
    actions.approve_municipality(campaign, cast.municipality, by=cast.coordinator)
    Approval.objects.update(approved_by=None, reopened_by=None)  # what SET_NULL leaves when the users are deleted
    login(client, cast.methodologist)

    campaign_page = client.get(reverse("monitoring:campaign", args=[campaign.pk]))
    results_page = client.get(reverse("monitoring:results", args=[campaign.pk]))

    assert (campaign_page.status_code, results_page.status_code) == (200, 200)
    assert "утверждение отменено (система)" in campaign_page.content.decode()
    assert "(система)" in results_page.content.decode()
