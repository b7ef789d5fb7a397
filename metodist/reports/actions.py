"""Writes of the analytical report: generating and regenerating the draft, editing a sentence, settling a
sentence whose numbers changed, approving and reopening. Every write is audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from metodist.accounts.models import Role
from metodist.audit.actions import record, record_created
from metodist.audit.models import AuditAction
from metodist.lib.versions import EditConflict, claim
from metodist.monitoring.cards import is_admin
from metodist.monitoring.lifecycle import official_snapshot

from .facts import ReportData
from .generate import drafts
from .models import AnalyticReport, ReportStatus, Sentence

NOT_APPROVED = (
    "Аналитическая справка формируется только по утверждённым результатам мониторинга: результаты кампании "
    "«{campaign}» не утверждены (или утверждение отменено)."
)


def can_manage(user, campaign, municipality) -> bool:
    """Generates, edits, approves and reopens the report: a coordinator or a methodologist of its municipality;
    the regional operator for a report of a regional campaign; the system administrator."""
    if is_admin(user):
        return True
    if campaign.is_regional and user.role == Role.REGIONAL_OPERATOR and user.region_id == campaign.region_id:
        return True
    return (
        municipality is not None
        and user.role in (Role.COORDINATOR, Role.METHODOLOGIST)
        and user.municipality_id == municipality.pk
        and campaign.municipality_id in (None, municipality.pk)
    )


def report_territory(campaign, municipality=None):
    """The municipality a report is about: a municipal campaign's own; for a regional one, the one chosen
    (None: the whole region)."""
    if campaign.municipality_id:
        if municipality is not None and municipality.pk != campaign.municipality_id:
            raise ValidationError(
                f"Кампания «{campaign}» проводится только в муниципалитете «{campaign.municipality}»."
            )
        return campaign.municipality
    if municipality is not None and municipality.region_id != campaign.region_id:
        raise ValidationError(f"Муниципалитет «{municipality}» не входит в регион кампании «{campaign}».")
    return municipality


def _require(user, campaign, municipality):
    if user is not None and not can_manage(user, campaign, municipality):
        raise PermissionDenied("Справку формируют координатор и методисты муниципалитета.")


def _title(campaign, municipality) -> str:
    territory = municipality or campaign.region
    return f"Аналитическая справка по результатам мониторинга за {campaign.period} учебный год: {territory}"


@transaction.atomic
def generate(campaign, municipality=None, *, by) -> AnalyticReport:
    """The report of the campaign's approved results over a territory: made on the first call, regenerated
    from the official snapshot on the next ones (see `regenerate`)."""
    municipality = report_territory(campaign, municipality)
    _require(by, campaign, municipality)
    snapshot = official_snapshot(campaign)
    if snapshot is None:
        raise ValidationError(NOT_APPROVED.format(campaign=campaign))
    report = AnalyticReport.objects.filter(campaign=campaign, municipality=municipality).first()
    if report is not None:
        return regenerate(report, by=by)
    report = AnalyticReport.objects.create(
        campaign=campaign, municipality=municipality, snapshot=snapshot, title=_title(campaign, municipality),
        generated_at=timezone.now(), generated_by=by,
    )  # fmt: skip
    Sentence.objects.bulk_create(
        _sentence(report, draft) for draft in drafts(ReportData(campaign, municipality, snapshot))
    )
    record_created(by, report)
    return report


def _sentence(report, draft) -> Sentence:
    return Sentence(report=report, section=draft.section, section_title=draft.section_title,
                    section_order=draft.section_order, order=draft.order, key=draft.key, generated=draft.text,
                    numbers=draft.numbers, evidence=draft.evidence)  # fmt: skip


@transaction.atomic
def regenerate(report: AnalyticReport, *, by) -> AnalyticReport:
    """Makes the draft again from the campaign's official snapshot (new after the data were corrected and
    approved again). An unedited sentence is replaced; an edited one keeps its wording, and is flagged
    «числа изменились» when the numbers it was written against differ from the new ones (or the rules no
    longer give it); a sentence the rules now give for the first time is added."""
    _locked(report)
    _require(by, report.campaign, report.municipality)
    if report.is_approved:
        raise ValidationError("Справка утверждена: чтобы пересформировать её, верните её в работу.")
    snapshot = official_snapshot(report.campaign)
    if snapshot is None:
        raise ValidationError(NOT_APPROVED.format(campaign=report.campaign))
    new = {draft.key: draft for draft in drafts(ReportData(report.campaign, report.municipality, snapshot))}
    kept = {}
    for sentence in report.sentences.all():
        draft = new.get(sentence.key)
        if draft is None and not sentence.is_edited:
            sentence.delete()
            continue
        if draft is None:  # edited, but the rules no longer say it: flagged until settled
            sentence.generated, sentence.numbers, sentence.evidence = "", {}, []
        else:
            fresh = _sentence(report, draft)
            for name in ("section", "section_title", "section_order", "order", "generated", "numbers", "evidence"):
                setattr(sentence, name, getattr(fresh, name))
        sentence.save()
        kept[sentence.key] = sentence
    Sentence.objects.bulk_create(_sentence(report, draft) for key, draft in new.items() if key not in kept)
    before_snapshot = report.snapshot_id
    report.snapshot, report.generated_at, report.generated_by = snapshot, timezone.now(), by
    report.save(update_fields=["snapshot", "generated_at", "generated_by"])
    claim(report, None)
    changed = sum(sentence.numbers_changed for sentence in kept.values())
    summary = f"Справка пересформирована: {report}; числа изменились в {changed} отредактированных предложениях"
    record(by, AuditAction.UPDATE, report, {"snapshot": [str(before_snapshot), str(snapshot.pk)]}, summary=summary)
    return report


def sentence_state(sentence: Sentence) -> dict:
    return {"Текст": sentence.text}


def _locked(report: AnalyticReport) -> None:
    """Waits for any other write of the report and reads it as that write left it."""
    list(AnalyticReport.objects.select_for_update().filter(pk=report.pk).values_list("pk"))
    report.refresh_from_db()


def _editable(sentence: Sentence, by) -> AnalyticReport:
    report = AnalyticReport.objects.select_related("campaign", "municipality").get(pk=sentence.report_id)
    _require(by, report.campaign, report.municipality)
    if report.is_approved:
        raise ValidationError("Справка утверждена и не редактируется: сначала верните её в работу.")
    return report


@transaction.atomic
def edit(sentence: Sentence, text: str, *, by, lock=None) -> Sentence:
    """The methodologist's wording of a sentence, written against the numbers it quotes now; raises
    EditConflict (writing nothing) when someone saved the sentence since the form (`lock`) was opened."""
    _editable(sentence, by)
    version, opened = lock.opened_version() if lock is not None else (None, {})
    if not claim(sentence, version):
        stored = Sentence.objects.get(pk=sentence.pk)
        raise EditConflict(opened, sentence_state(stored), stored.version)
    before = sentence.text
    text = text.strip()
    sentence.edited = None if text == sentence.generated else text
    sentence.edit_numbers = dict(sentence.numbers) if sentence.edited is not None else {}
    sentence.edited_by, sentence.edited_at = by, timezone.now()
    sentence.save(update_fields=["edited", "edit_numbers", "edited_by", "edited_at"])
    record(by, AuditAction.UPDATE, sentence, {"text": [before, sentence.text]},
           summary=f"Предложение справки исправлено: {sentence.report}")  # fmt: skip
    return sentence


@transaction.atomic
def settle(sentence: Sentence, *, keep_edit: bool, by) -> Sentence | None:
    """Ends the «числа изменились» flag: the edit is kept (now written against the new numbers), or the new
    generated wording is taken (a sentence the rules no longer give is then removed)."""
    _editable(sentence, by)
    claim(sentence, None)
    before = sentence.text
    if keep_edit:
        sentence.edit_numbers = dict(sentence.numbers)
        sentence.save(update_fields=["edit_numbers"])
        summary = "Правка предложения оставлена при новых числах"
    elif sentence.is_dropped:
        record(by, AuditAction.DELETE, sentence, {"text": [before, None]},
               summary=f"Предложение справки снято: {sentence.report}")  # fmt: skip
        sentence.delete()
        return None
    else:
        sentence.edited, sentence.edit_numbers = None, {}
        sentence.save(update_fields=["edited", "edit_numbers"])
        summary = "Принята новая формулировка предложения"
    record(by, AuditAction.UPDATE, sentence, {"text": [before, sentence.text]}, summary=f"{summary}: {sentence.report}")
    return sentence


@transaction.atomic
def approve(report: AnalyticReport, *, by) -> AnalyticReport:
    _locked(report)
    _require(by, report.campaign, report.municipality)
    if report.is_approved:
        raise ValidationError("Справка уже утверждена.")
    if official_snapshot(report.campaign) != report.snapshot:
        raise ValidationError("Справка составлена не по действующему утверждённому расчёту: пересформируйте её.")
    flagged = [sentence for sentence in report.sentences.all() if sentence.numbers_changed]
    if flagged:
        raise ValidationError(
            f"В {len(flagged)} отредактированных предложениях изменились числа: оставьте правку или примите новую "
            "формулировку, затем утверждайте."
        )
    report.status, report.approved_by, report.approved_at = ReportStatus.APPROVED, by, timezone.now()
    report.save(update_fields=["status", "approved_by", "approved_at"])
    claim(report, None)
    record(by, AuditAction.UPDATE, report, {"status": [ReportStatus.DRAFT, ReportStatus.APPROVED]},
           summary=f"Справка утверждена: {report}")  # fmt: skip
    return report


@transaction.atomic
def reopen(report: AnalyticReport, reason: str, *, by) -> AnalyticReport:
    _locked(report)
    _require(by, report.campaign, report.municipality)
    if not report.is_approved:
        raise ValidationError("Справка не утверждена: она и так в работе.")
    if not reason.strip():
        raise ValidationError("Укажите причину возврата справки в работу.")
    report.status, report.approved_by, report.approved_at = ReportStatus.DRAFT, None, None
    report.reopen_reason = reason.strip()
    report.save(update_fields=["status", "approved_by", "approved_at", "reopen_reason"])
    claim(report, None)
    record(by, AuditAction.UPDATE, report, {"status": [ReportStatus.APPROVED, ReportStatus.DRAFT]},
           summary=f"Справка возвращена в работу: {report}. Причина: {report.reopen_reason}")  # fmt: skip
    return report
