"""Writes of the monitoring module: opening a campaign, the card workflow, computing a snapshot."""

import time
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from metodist.audit import actions as audit
from metodist.audit.models import AuditAction

from .compute import CampaignComputation
from .models import (
    Campaign,
    CampaignStatus,
    CardEvent,
    CardStatus,
    CardSubmission,
    CardValue,
    Level,
    Snapshot,
    SnapshotValue,
    ValueType,
)
from .quality import ACCEPT


@transaction.atomic
def create_campaign(campaign: Campaign, by) -> Campaign:
    """Saves a new campaign (status «Подготовка»); the cards are sent by open_campaign."""
    campaign.created_by = by
    campaign.save()
    audit.record_created(by, campaign)
    return campaign


@transaction.atomic
def open_campaign(campaign: Campaign, by) -> int:
    """Sends the catalogue's cards to every organization (of the card's kinds) and municipality; rerun-safe."""
    created = 0
    for card in campaign.catalogue.cards.all():
        if card.level == Level.ORGANIZATION:
            organizations = campaign.organizations()
            if card.organization_kinds:
                organizations = organizations.filter(kind__in=card.organization_kinds)
            respondents = [{"organization": org} for org in organizations]
        else:
            respondents = [{"municipality": m} for m in campaign.municipalities()]
        for respondent in respondents:
            _, is_new = CardSubmission.objects.get_or_create(campaign=campaign, card=card, **respondent)
            created += is_new
    if campaign.status == CampaignStatus.DRAFT:
        campaign.status = CampaignStatus.OPEN
        campaign.save(update_fields=["status"])
    audit.record(by, "update", campaign, summary=f"Кампания открыта, разослано карт: {created}")
    return created


def _stored(value: CardValue | None) -> str:
    """A value as its history shows it, with the evidence of a yes/no answer (file, link) when there is one."""
    if value is None:
        return ""
    shown = value.display()
    evidence = [part for part in (value.file.name if value.file else "", value.link) if part and part != shown]
    if not evidence:
        return shown
    return f"{shown} ({', '.join(evidence)})" if shown else ", ".join(evidence)


@transaction.atomic
def save_card_values(submission: CardSubmission, cleaned: dict, by) -> int:
    """Stores the values of a card form (element code → value) and the explanations of warnings
    (`<code>__explanation` → text); records every change. Returns the number of changes."""
    if submission.is_locked:
        raise PermissionDenied("Карта представлена или принята и не может изменяться.")
    current = {v.element.code: v for v in submission.values.select_related("element")}
    changed = {}
    for element in submission.card.elements.all():
        code = element.code
        value = current.get(code) or CardValue(submission=submission, element=element)
        if code in cleaned:
            before = _stored(current.get(code))
            _assign(value, element.value_type, cleaned, code)
            if before != _stored(value):  # not unchanged, nor an empty answer never given before
                value.save()
                after = _stored(value)  # after saving, an uploaded file has its stored name
                CardEvent.objects.create(submission=submission, actor=by, element=element, old=before, new=after)
                changed[code] = [before, after]
        explanation = (cleaned.get(f"{code}__explanation") or "").strip()
        if f"{code}__explanation" in cleaned and explanation != value.explanation and (value.pk or explanation):
            changed[f"{code}__explanation"] = [value.explanation, explanation]
            value.explanation = explanation
            value.save()
            comment = f"Пояснение: {explanation}" if explanation else "Пояснение удалено"
            CardEvent.objects.create(submission=submission, actor=by, element=element, comment=comment)
    if changed:
        audit.record(by, AuditAction.UPDATE, submission, changed, summary=f"Информационная карта: {submission}")
    return len(changed)


def _assign(value: CardValue, value_type: str, cleaned: dict, code: str) -> None:
    """Puts the form value of one element into `value`. A yes/no answer may carry evidence: a file under
    `<code>__file` and a link under `<code>__link`; a link is changed only when its key is given."""
    raw = cleaned[code]
    value.number = value.flag = None
    value.text = ""
    if value_type == ValueType.NUMBER:
        value.number = None if raw in (None, "") else Decimal(raw)
    elif value_type == ValueType.BOOL:
        value.flag = raw
        if cleaned.get(f"{code}__file"):
            value.file = cleaned[f"{code}__file"]
        if f"{code}__link" in cleaned:
            value.link = cleaned[f"{code}__link"]
    elif value_type == ValueType.FILE:
        if raw:
            value.file = raw
        value.link = cleaned.get(f"{code}__link", "")
    else:
        value.text = raw or ""


def _move(submission: CardSubmission, to: str, by, note: str = "", **fields) -> CardSubmission:
    """Changes the status (and `fields`); the history keeps the change with the coordinator's `note`."""
    before = submission.get_status_display()
    submission.status = to
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.save(update_fields=["status", *fields])
    after = submission.get_status_display()
    CardEvent.objects.create(submission=submission, actor=by, old=before, new=after, comment=note)
    audit.record(by, AuditAction.UPDATE, submission, {"status": [before, after]}, summary=note or str(submission))
    return submission


@transaction.atomic
def submit_card(submission: CardSubmission, by, errors: list[str]) -> CardSubmission:
    """Submits a card; `errors` are the hard validation errors, which block it."""
    if submission.status not in (CardStatus.DRAFT, CardStatus.RETURNED):
        raise ValidationError("Представить можно только заполняемую или возвращённую карту.")
    if errors:
        raise ValidationError(errors)
    return _move(submission, CardStatus.SUBMITTED, by, submitted_at=timezone.now())


@transaction.atomic
def accept_card(submission: CardSubmission, by) -> CardSubmission:
    if submission.status != CardStatus.SUBMITTED:
        raise ValidationError("Принять можно только представленную карту.")
    return _move(submission, CardStatus.ACCEPTED, by, accepted_at=timezone.now())


@transaction.atomic
def return_card(submission: CardSubmission, by, comment: str) -> CardSubmission:
    if submission.status != CardStatus.SUBMITTED:
        raise ValidationError("Вернуть можно только представленную карту.")
    if not comment.strip():
        raise ValidationError("Укажите, что нужно исправить.")
    return _move(submission, CardStatus.RETURNED, by, note=comment, comment=comment)


@transaction.atomic
def reopen_card(submission: CardSubmission, by, comment: str) -> CardSubmission:
    """Unlocks an accepted card for corrections; the reopening is recorded in the card's history."""
    if submission.status != CardStatus.ACCEPTED:
        raise ValidationError("Открыть повторно можно только принятую карту.")
    if not comment.strip():
        raise ValidationError("Укажите причину повторного открытия.")
    return _move(submission, CardStatus.RETURNED, by, note=comment, comment=comment, accepted_at=None)


def previous_values(campaign: Campaign) -> dict:
    """Values of the latest snapshot of the previous campaign (same catalogue and area), for dynamics."""
    earlier = (
        Campaign.objects.filter(
            catalogue=campaign.catalogue,
            region=campaign.region,
            municipality=campaign.municipality,
            period_end__lt=campaign.period_end,
            snapshots__isnull=False,
        )
        .order_by("-period_end")
        .first()
    )
    if earlier is None:
        return {}
    snapshot = earlier.snapshots.latest()
    rows = snapshot.values.values_list(
        "indicator__code", "level", "organization_id", "municipality_id", "breakdown", "value"
    )
    return {row[:5]: row[5] for row in rows}


@transaction.atomic
def compute_snapshot(campaign: Campaign, by=None) -> Snapshot:
    """Computes every indicator of the campaign into a new immutable snapshot."""
    started = time.perf_counter()
    snapshot = Snapshot.objects.create(
        campaign=campaign,
        catalogue_version=campaign.catalogue.version,
        data_read_at=timezone.now(),
        computed_by=by if by is not None and by.is_authenticated else None,
    )
    rows = list(CampaignComputation(campaign, previous_values(campaign)).rows())
    for row in rows:
        row.snapshot = snapshot
    SnapshotValue.objects.bulk_create(rows, batch_size=2000)
    snapshot.seconds = round(time.perf_counter() - started, 3)
    snapshot.save(update_fields=["seconds"])
    return snapshot


def export_results(snapshot: Snapshot, by) -> bytes:
    """The snapshot as a formatted workbook, limited to what `by` may see; the export is recorded."""
    from .export import snapshot_workbook

    content = snapshot_workbook(snapshot, user=by)
    audit.record(by, AuditAction.EXPORT, snapshot.campaign, summary=f"Выгрузка результатов: {snapshot}")
    return content


@transaction.atomic
def review_cards(plan, by, comment: str = "") -> int:
    """Carries out a bulk acceptance or return (quality.ReviewPlan); a return needs the comment that every
    returned card will show. Returns the number of cards moved."""
    if plan.action != ACCEPT and not comment.strip():
        raise ValidationError("Укажите, что нужно исправить: комментарий получат все возвращаемые карты.")
    for submission in plan.moves:
        if plan.action == ACCEPT:
            accept_card(submission, by=by)
        else:
            return_card(submission, by=by, comment=comment)
    return len(plan.moves)
