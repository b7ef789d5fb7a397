"""Writes of the recommendations: generating the drafts of a campaign, editing, approving, sending, withdrawing,
and a recipient's confirmation of reading. Each is atomic and leaves its line in the audit trail."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from metodist.accounts.models import Role
from metodist.audit.actions import created_entry, record, record_created, record_updated, snapshot
from metodist.audit.models import AuditAction, AuditEntry
from metodist.lib.versions import EditConflict, claim
from metodist.monitoring.lifecycle import official_snapshot

from . import rules as rule_file
from .models import Receipt, Recommendation, RecommendationStatus

STATE_FIELDS = ("title", "text")
SENDERS = {Role.COORDINATOR, Role.METHODOLOGIST}


def can_manage(user, campaign) -> bool:
    """Generate, edit, approve and send: the coordinator and the methodologists of the campaign's municipality
    (the regional operator for a regional campaign), and the system administrator."""
    if user.is_system_admin:
        return True
    if campaign.is_regional:
        return user.role == Role.REGIONAL_OPERATOR and user.region_id == campaign.region_id
    return user.role in SENDERS and user.municipality_id == campaign.municipality_id


def _check(user, campaign) -> None:
    if not can_manage(user, campaign):
        raise PermissionDenied("Рекомендации кампании формирует и направляет её муниципальная методическая служба.")


@dataclass
class Generated:
    created: int  # new drafts
    replaced: int  # untouched drafts of the previous generation, deleted
    kept: int  # generated before and edited, approved, sent or withdrawn since: left as they are


@transaction.atomic
def generate(campaign, *, by, rules=None) -> Generated:
    """Drafts by the rules from the campaign's official snapshot. Rerun-safe: drafts never touched since the last
    generation are replaced, and a recommendation someone edited, approved, sent or withdrawn is kept (its rule
    does not make a second one)."""
    _check(by, campaign)
    official = official_snapshot(campaign)
    if official is None:
        raise ValidationError("Результаты кампании не утверждены: рекомендации формируются по утверждённым.")
    found = rule_file.drafts(campaign, official, rules if rules is not None else rule_file.load())
    generated = Recommendation.objects.filter(campaign=campaign).exclude(rule="")
    untouched = generated.filter(status=RecommendationStatus.DRAFT, version=1)
    kept = set(generated.exclude(pk__in=untouched.values("pk")).values_list("key", flat=True))
    replaced = untouched.count()
    untouched.delete()
    made = Recommendation.objects.bulk_create(
        Recommendation(campaign=campaign, **vars(draft)) for draft in found if draft.key not in kept
    )
    AuditEntry.objects.bulk_create(created_entry(by, row) for row in made)
    record(by, AuditAction.CREATE, campaign, summary=(
        f"Адресные рекомендации сформированы: новых {len(made)}, заменено черновиков {replaced}, "
        f"сохранено {len(kept)}"
    ))  # fmt: skip
    return Generated(created=len(made), replaced=replaced, kept=len(kept))


@transaction.atomic
def add(campaign, form, *, by) -> Recommendation:
    """A recommendation written by hand (no rule): a draft like the generated ones."""
    _check(by, campaign)
    recommendation = form.save(commit=False)
    recommendation.campaign = campaign
    recommendation.save()
    record_created(by, recommendation)
    return recommendation


def state(recommendation) -> dict:
    """What the edit form shows, by the fields' Russian names, as a refused save lists the changes."""
    return {
        str(Recommendation._meta.get_field(name).verbose_name): getattr(recommendation, name) for name in STATE_FIELDS
    }


@transaction.atomic
def change(recommendation, form, lock, *, by) -> Recommendation:
    """Saves the edit form; an approved recommendation goes back to draft, to be approved as edited. Raises
    EditConflict (writing nothing) when someone saved it since the form was opened."""
    _check(by, recommendation.campaign)
    if not recommendation.is_editable:
        raise ValidationError("Направленную или отозванную рекомендацию изменить нельзя.")
    version, opened = lock.opened_version()
    if not claim(recommendation, version):
        stored = Recommendation.objects.get(pk=recommendation.pk)
        raise EditConflict(opened, state(stored), stored.version)
    before = snapshot(Recommendation.objects.get(pk=recommendation.pk))
    changed = form.save(commit=False)
    changed.status = RecommendationStatus.DRAFT
    changed.save(update_fields=["title", "text", "status"])
    record_updated(by, changed, before)
    return changed


def _move(recommendation, to: str, by, allowed: tuple, refusal: str, **fields) -> Recommendation:
    _check(by, recommendation.campaign)
    if recommendation.status not in allowed:
        raise ValidationError(refusal)
    before = snapshot(recommendation)
    recommendation.status = to
    for name, value in fields.items():
        setattr(recommendation, name, value)
    recommendation.save(update_fields=["status", *fields])
    claim(recommendation, None)  # an edit form opened before the move learns of it
    record_updated(by, recommendation, before)
    return recommendation


@transaction.atomic
def approve(recommendation, *, by) -> Recommendation:
    return _move(recommendation, RecommendationStatus.APPROVED, by, (RecommendationStatus.DRAFT,),
                 "Утвердить можно только черновик.")  # fmt: skip


@transaction.atomic
def send(recommendation, *, by) -> Recommendation:
    return _move(
        recommendation, RecommendationStatus.SENT, by, (RecommendationStatus.APPROVED,),
        "Направить можно только утверждённую рекомендацию.", sent_at=timezone.now(), sent_by=by,
    )  # fmt: skip


@transaction.atomic
def send_approved(campaign, *, by) -> int:
    """Sends every approved recommendation of the campaign; returns how many."""
    _check(by, campaign)
    approved = Recommendation.objects.filter(campaign=campaign, status=RecommendationStatus.APPROVED)
    sent = 0
    for recommendation in approved.select_related("campaign"):
        send(recommendation, by=by)
        sent += 1
    return sent


@transaction.atomic
def withdraw(recommendation, *, by) -> Recommendation:
    """Not to be sent, or recalled after sending: the recipients no longer see it; the row and its receipts stay."""
    return _move(
        recommendation, RecommendationStatus.WITHDRAWN, by,
        (RecommendationStatus.DRAFT, RecommendationStatus.APPROVED, RecommendationStatus.SENT),
        "Рекомендация уже отозвана.",
    )  # fmt: skip


@transaction.atomic
def confirm_read(recommendation, *, user) -> Receipt:
    """The recipient's «Ознакомлен(а)»; once per user (a second confirmation keeps the first date)."""
    if not Recommendation.objects.addressed_to(user).filter(pk=recommendation.pk).exists():
        raise PermissionDenied("Рекомендация адресована не вам.")
    receipt, created = Receipt.objects.get_or_create(
        recommendation=recommendation, user=user, defaults={"read_at": timezone.now()}
    )
    if created:
        record(user, AuditAction.UPDATE, recommendation, summary=f"Ознакомлен(а) с рекомендацией: {recommendation}")
    return receipt
