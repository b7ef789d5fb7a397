"""Writes of the monitoring module: opening a campaign, the card workflow, computing a snapshot, approving
the results up the tree and reminding respondents."""

import time
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from metodist.audit import actions as audit
from metodist.audit.models import AuditAction
from metodist.lib.db import analytical
from metodist.lib.versions import EditConflict, claim

from . import cards, lifecycle, members, store
from .compute import CampaignComputation, facts_context
from .models import (
    Approval,
    ApprovalLevel,
    Campaign,
    CampaignStatus,
    CardEvent,
    CardStatus,
    CardSubmission,
    CardValue,
    Level,
    Snapshot,
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
    """Sends the catalogue's cards to every organization (of the card's kinds) and municipality; rerun-safe.

    In bulk: a region's campaign sends thousands of cards, one query each would outlast a web request. The
    campaign's row lock makes two openings at once send each card once.
    """
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    created = 0
    for card in campaign.catalogue.cards.all():
        if card.respondent:
            respondents = [("organization", _named_respondent(campaign, card).pk)]
        elif card.level == Level.REGION:
            respondents = [(None, None)]  # the region's own card: no organization, no municipality
        elif card.level == Level.ORGANIZATION:
            organizations = campaign.organizations()
            if card.organization_kinds:
                organizations = organizations.filter(kind__in=card.organization_kinds)
            respondents = [("organization", pk) for pk in organizations.values_list("pk", flat=True)]
        else:
            respondents = [("municipality", pk) for pk in campaign.municipalities().values_list("pk", flat=True)]
        sent = CardSubmission.objects.filter(campaign=campaign, card=card).values_list(
            "organization_id", "municipality_id"
        )
        sent = {_respondent(*ids) for ids in sent}
        new = [
            CardSubmission(campaign=campaign, card=card, **({f"{field}_id": pk} if field else {}))
            for field, pk in respondents
            if (field, pk) not in sent
        ]
        CardSubmission.objects.bulk_create(new, batch_size=1000)
        created += len(new)
    if campaign.status == CampaignStatus.DRAFT:
        campaign.status = CampaignStatus.OPEN
        campaign.save(update_fields=["status"])
    audit.record(by, "update", campaign, summary=f"Кампания открыта, разослано карт: {created}")
    return created


def _respondent(organization_id: int | None, municipality_id: int | None) -> tuple[str | None, int | None]:
    """The field a card is sent to by, and the id: ("organization", 7), ("municipality", 2), or the region's."""
    if organization_id:
        return "organization", organization_id
    if municipality_id:
        return "municipality", municipality_id
    return None, None


def _named_respondent(campaign: Campaign, card):
    """The one organization of the campaign's region named by a card's `respondent` (short name or INN)."""
    from metodist.orgs.models import Organization

    found = Organization.objects.active().filter(
        Q(short_name=card.respondent) | Q(inn=card.respondent), municipality__region_id=campaign.region_id
    )
    if len(found) != 1:
        problem = "не найдена" if not found else "найдено несколько"
        raise ValidationError(
            f"Карта «{card.title}»: организация-респондент «{card.respondent}» в регионе {problem}. "
            "Исправьте respondent в каталоге или реестр организаций."
        )
    return found[0]


@transaction.atomic
def save_card_values(
    submission: CardSubmission, cleaned: dict, by, version: int | None = None, opened: dict | None = None
) -> int:
    """Stores the values of a card form (element code → value) and the explanations of warnings
    (`<code>__explanation` → text); records every change. Returns the number of changes.

    Given the `version` the form was opened at (and the values it showed, `opened`), raises EditConflict,
    writing nothing, when the card was saved by someone else since."""
    if submission.is_locked:
        raise PermissionDenied("Карта представлена или принята и не может изменяться.")
    _ensure_not_approved(submission)
    if not claim(submission, version):
        stored = CardSubmission.objects.get(pk=submission.pk)
        raise EditConflict(opened or {}, cards.values_state(cards.stored_values(stored)), stored.version)
    current = {v.element.code: v for v in submission.values.select_related("element")}
    changed = {}
    for element in submission.card.elements.all():
        code = element.code
        value = current.get(code) or CardValue(submission=submission, element=element)
        if code in cleaned:
            before = cards.stored_text(current.get(code))
            _assign(value, element.value_type, cleaned, code)
            if before != cards.stored_text(value):  # not unchanged, nor an empty answer never given before
                value.save()
                after = cards.stored_text(value)  # after saving, an uploaded file has its stored name
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
    claim(submission, None)  # a form opened before the move must not save over it
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
    _ensure_not_approved(submission)
    if submission.status not in (CardStatus.DRAFT, CardStatus.RETURNED):
        raise ValidationError("Представить можно только заполняемую или возвращённую карту.")
    if errors:
        raise ValidationError(errors)
    return _move(submission, CardStatus.SUBMITTED, by, submitted_at=timezone.now())


@transaction.atomic
def accept_card(submission: CardSubmission, by) -> CardSubmission:
    _ensure_not_approved(submission)
    if submission.status != CardStatus.SUBMITTED:
        raise ValidationError("Принять можно только представленную карту.")
    return _move(submission, CardStatus.ACCEPTED, by, accepted_at=timezone.now())


@transaction.atomic
def return_card(submission: CardSubmission, by, comment: str) -> CardSubmission:
    _ensure_not_approved(submission)
    if submission.status != CardStatus.SUBMITTED:
        raise ValidationError("Вернуть можно только представленную карту.")
    if not comment.strip():
        raise ValidationError("Укажите, что нужно исправить.")
    return _move(submission, CardStatus.RETURNED, by, note=comment, comment=comment)


@transaction.atomic
def reopen_card(submission: CardSubmission, by, comment: str) -> CardSubmission:
    """Unlocks an accepted card for corrections; the reopening is recorded in the card's history."""
    _ensure_not_approved(submission)
    if submission.status != CardStatus.ACCEPTED:
        raise ValidationError("Открыть повторно можно только принятую карту.")
    if not comment.strip():
        raise ValidationError("Укажите причину повторного открытия.")
    return _move(submission, CardStatus.RETURNED, by, note=comment, comment=comment, accepted_at=None)


APPROVED_CARD = (
    "Результаты муниципалитета утверждены: карта закрыта для изменений. Чтобы внести исправления, координатор "
    "отменяет утверждение с указанием причины."
)


def _ensure_not_approved(submission: CardSubmission) -> None:
    if lifecycle.card_approval(submission) is not None:
        raise ValidationError(APPROVED_CARD)


def previous_values(campaign: Campaign) -> dict:
    """Values of the previous campaign (same catalogue and area) for dynamics: of its official snapshot, else of
    its latest; a preliminary value is no base for dynamics."""
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
    snapshot = lifecycle.official_snapshot(earlier) or earlier.snapshots.latest()
    rows = snapshot.values.filter(preliminary=False).values_list(
        "indicator__code", "level", "organization_id", "municipality_id", "breakdown", "value"
    )
    return {row[:5]: row[5] for row in rows}


@transaction.atomic
def compute_snapshot(campaign: Campaign, by=None, progress=None) -> Snapshot:
    """Computes every indicator of the campaign into a new immutable snapshot; refused once the campaign's
    results are approved. A value from cards of fewer respondents than the campaign's threshold is marked
    preliminary and gets no dynamics. `progress(done, total)` is called after each indicator."""
    if lifecycle.final_approval(campaign) is not None:
        raise ValidationError(
            "Результаты кампании утверждены: пересчёт невозможен. Чтобы пересчитать, отмените утверждение с "
            "указанием причины."
        )
    started = time.perf_counter()
    facts_context(campaign)  # the facts are built before the moment the data are read (facts_unchanged_since)
    snapshot = Snapshot.objects.create(
        campaign=campaign,
        catalogue_version=campaign.catalogue.version,
        data_read_at=timezone.now(),
        computed_by=by if by is not None and by.is_authenticated else None,
    )
    with analytical():
        rows = CampaignComputation(campaign, previous_values(campaign), progress).rows()
        store.insert_values(snapshot, _marked_preliminary(rows, campaign.threshold()))
    snapshot.seconds = round(time.perf_counter() - started, 3)
    snapshot.save(update_fields=["seconds"])
    return snapshot


def _marked_preliminary(rows, threshold):
    """The rows, each marked preliminary (and then without dynamics) when from cards of too few respondents."""
    for row in rows:
        row.preliminary = lifecycle.is_preliminary(row.completeness, threshold)
        if row.preliminary:
            row.previous_value = None
        yield row


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


def _municipality_cards(campaign: Campaign, municipality):
    return campaign.submissions.filter(Q(organization__municipality=municipality) | Q(municipality=municipality))


def _fresh_snapshot(campaign: Campaign, submissions) -> Snapshot:
    """The latest snapshot, provided it was computed after the last change of the cards."""
    snapshot = campaign.snapshots.order_by("-data_read_at", "-pk").first()
    if snapshot is None:
        raise ValidationError("Показатели ещё не рассчитаны: сначала рассчитайте их.")
    changed = CardEvent.objects.filter(submission__in=submissions, is_reminder=False).aggregate(at=Max("at"))["at"]
    if changed is not None and changed > snapshot.data_read_at:
        moment = timezone.localtime(changed)
        raise ValidationError(
            f"Карты изменились после расчёта (последнее изменение {moment:%d.%m.%Y %H:%M}): рассчитайте "
            "показатели заново и утвердите новый расчёт."
        )
    return snapshot


def _close(campaign: Campaign, snapshot: Snapshot, progress=None) -> None:
    """The final approval: the snapshot's members are frozen and the campaign is closed."""
    members.freeze(snapshot, progress=progress)
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status"])


@transaction.atomic
def approve_municipality(campaign: Campaign, municipality, by, progress=None) -> Approval:
    """The coordinator approves the municipality's results: no card may still wait for a decision (cards
    never submitted do not block: the completeness of the values shows them); the approved snapshot is the
    latest one, computed after the last change of the municipality's cards. For a municipal campaign this
    is the final approval."""
    if campaign.status == CampaignStatus.DRAFT:
        raise ValidationError("Сбор данных ещё не открыт.")
    if not campaign.municipalities().filter(pk=municipality.pk).exists():
        raise ValidationError("Этот муниципалитет не участвует в кампании.")
    if campaign.approvals.active().filter(level=ApprovalLevel.MUNICIPALITY, municipality=municipality).exists():
        raise ValidationError("Результаты муниципалитета уже утверждены.")
    submissions = _municipality_cards(campaign, municipality)
    waiting = submissions.filter(status=CardStatus.SUBMITTED).count()
    if waiting:
        raise ValidationError(f"Карты ожидают проверки ({waiting}): примите их или верните на доработку.")
    snapshot = _fresh_snapshot(campaign, submissions)
    if not campaign.is_regional:
        _close(campaign, snapshot, progress)
    return _approve(campaign, ApprovalLevel.MUNICIPALITY, snapshot, by, municipality=municipality)


@transaction.atomic
def approve_region(campaign: Campaign, by, progress=None) -> Approval:
    """The regional operator approves a regional campaign once every municipality has approved its results."""
    if not campaign.is_regional:
        raise ValidationError("Кампанию муниципалитета утверждает его координатор.")
    if campaign.approvals.active().filter(level=ApprovalLevel.REGION).exists():
        raise ValidationError("Результаты региона уже утверждены.")
    approved = campaign.approvals.active().filter(level=ApprovalLevel.MUNICIPALITY).values("municipality_id")
    missing = list(campaign.municipalities().exclude(pk__in=approved).values_list("name", flat=True))
    if missing:
        raise ValidationError(f"Не утверждены результаты муниципалитетов: {', '.join(missing)}.")
    snapshot = _fresh_snapshot(campaign, campaign.submissions.all())
    _close(campaign, snapshot, progress)
    return _approve(campaign, ApprovalLevel.REGION, snapshot, by)


def _approve(campaign: Campaign, level: str, snapshot: Snapshot, by, municipality=None) -> Approval:
    approval = Approval.objects.create(
        campaign=campaign, level=level, municipality=municipality, snapshot=snapshot, approved_by=by,
        approved_at=timezone.now(),
    )  # fmt: skip
    audit.record(by, AuditAction.UPDATE, campaign, summary=f"Результаты утверждены: {approval.territory}")
    return approval


@transaction.atomic
def reopen_approval(approval: Approval, by, reason: str) -> Approval:
    """Cancels an approval for corrections, with the reason; the row stays in the campaign's history. A
    municipality's approval is reopened only while the region's is not in force."""
    if not approval.is_active:
        raise ValidationError("Это утверждение уже отменено.")
    if not reason.strip():
        raise ValidationError("Укажите причину отмены утверждения.")
    campaign = approval.campaign
    if (
        approval.level == ApprovalLevel.MUNICIPALITY
        and campaign.approvals.active().filter(level=ApprovalLevel.REGION).exists()
    ):
        raise ValidationError("Результаты региона утверждены: сначала региональный оператор отменяет их утверждение.")
    approval.reopened_by, approval.reopened_at, approval.reopen_reason = by, timezone.now(), reason.strip()
    approval.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
    if approval.level == lifecycle.final_level(campaign):
        campaign.status = CampaignStatus.OPEN
        campaign.save(update_fields=["status"])
    audit.record(
        by, AuditAction.UPDATE, campaign, summary=f"Утверждение отменено: {approval.territory}. Причина: {reason}"
    )
    return approval


REMINDABLE = (CardStatus.DRAFT, CardStatus.RETURNED)


@transaction.atomic
def remind(submissions, by, today) -> int:
    """Records a reminder in the history of each card of `submissions` not yet submitted (the respondent sees
    it on their due list); returns how many were reminded."""
    reminded = 0
    for submission in submissions.filter(status__in=REMINDABLE).select_related("campaign"):
        deadline = submission.campaign.deadline
        when = f"срок истёк {deadline:%d.%m.%Y}" if today > deadline else f"срок — {deadline:%d.%m.%Y}"
        note = f"Напоминание: представьте информационную карту ({when})."
        CardEvent.objects.create(submission=submission, actor=by, comment=note, is_reminder=True)
        reminded += 1
    return reminded
