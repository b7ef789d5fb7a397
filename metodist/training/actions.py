"""Writes of the training module: programs, trainings typed by a methodologist, educators' requests to count a
course taken elsewhere and the decisions on them. Each records what it changed in the audit trail."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from metodist.audit.actions import record, record_created, record_updated, snapshot
from metodist.audit.models import AuditAction

from .models import Program, Review, Training, TrainingResult, TrainingSource


class ReviewError(ValueError):
    """A decision that cannot be taken; the message is shown as is."""


def region_of(educator, on: date | None = None) -> int | None:
    """The region an educator's trainings count for: that of the organization of their latest employment."""
    employment = educator.employments.select_related("organization").order_by("-start_date", "-pk").first()
    return employment.organization.region_id if employment else None


@transaction.atomic
def save_program(form, *, by) -> Program:
    """Creates or changes a program from a valid ProgramForm (its cohorts are saved by the view's formset)."""
    before = snapshot(form.instance) if form.instance.pk else None
    program = form.save()
    if before is None:
        record_created(by, program)
    else:
        record_updated(by, program, before)
    return program


@transaction.atomic
def record_training(training: Training, *, by) -> Training:
    """A training typed by a methodologist: verified as it is written."""
    if training.program_id:
        training.kind = training.program.kind
    training.source = TrainingSource.MANUAL
    training.review = Review.VERIFIED
    training.region_id = training.region_id or region_of(training.educator)
    training.full_clean()
    training.save()
    record_created(by, training)
    return training


@transaction.atomic
def request_count(training: Training, *, by) -> Training:
    """An educator's request to count a course taken elsewhere: waits for a methodologist's decision."""
    training.educator_id = by.educator_id
    training.source = TrainingSource.REQUEST
    training.review = Review.PENDING
    training.result = TrainingResult.COMPLETED
    training.region_id = region_of(training.educator)
    training.full_clean()
    training.save()
    record_created(by, training)
    return training


@transaction.atomic
def decide(training: Training, *, approve: bool, reason: str = "", by) -> Training:
    """Approves (the course counts from now on) or rejects a pending request with a reason the educator sees."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.review != Review.PENDING:
        raise ReviewError("Заявка уже рассмотрена.")
    reason = reason.strip()
    if not approve and not reason:
        raise ReviewError("Укажите причину отклонения: педагог увидит её в личном кабинете.")
    before = snapshot(training)
    training.review = Review.VERIFIED if approve else Review.REJECTED
    training.review_reason = "" if approve else reason[:500]
    training.reviewed_by = by
    training.reviewed_at = timezone.now()
    training.save(update_fields=["review", "review_reason", "reviewed_by", "reviewed_at"])
    summary = "Заявка на зачёт курса одобрена" if approve else f"Заявка на зачёт курса отклонена: {reason[:200]}"
    changes = {key: [before.get(key), value] for key, value in snapshot(training).items() if before.get(key) != value}
    record(by, AuditAction.UPDATE, training, changes, summary=summary)
    return training
