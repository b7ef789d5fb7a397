"""Writes of the best practices module: submission, the expert review and its conclusion; atomic and audited."""

from datetime import date

from django.db import transaction

from metodist.audit.actions import record, record_created, snapshot
from metodist.audit.models import AuditAction
from metodist.lib.versions import CONFLICT, claim

from .models import Practice, PracticeAuthor, Review, Status


class ReviewError(Exception):
    """Why a review step was refused, in Russian."""


@transaction.atomic
def submit(fields: dict, authors, *, by, today: date) -> Practice:
    """A new practice, submitted for the expert review; `authors` in their order (the first is the lead)."""
    organization = fields["organization"]
    practice = Practice.objects.create(
        **fields,
        status=Status.SUBMITTED,
        submitted_on=today,
        municipality_id=organization.municipality_id,
        region_id=organization.region_id,
        created_by=by,
    )
    PracticeAuthor.objects.bulk_create(
        PracticeAuthor(practice=practice, educator=educator, order=number)
        for number, educator in enumerate(authors, start=1)
    )
    record_created(by, practice)
    return practice


@transaction.atomic
def resubmit(practice: Practice, fields: dict, *, by, today: date, version: int | None) -> Practice:
    """The authors' corrected practice after remarks: back to the review."""
    if practice.status != Status.RETURNED:
        raise ReviewError("Повторно подать можно только практику, возвращённую на доработку.")
    if not claim(practice, version):
        raise ReviewError(CONFLICT)
    before = snapshot(practice)
    for name, value in fields.items():
        setattr(practice, name, value)
    practice.status, practice.submitted_on, practice.decided_on = Status.SUBMITTED, today, None
    practice.save()
    changes = {k: [before.get(k), v] for k, v in snapshot(practice).items() if before.get(k) != v}
    record(by, AuditAction.UPDATE, practice, changes, "повторно подана на экспертизу")
    return practice


@transaction.atomic
def take_for_review(practice: Practice, *, by) -> Practice:
    if practice.status != Status.SUBMITTED:
        raise ReviewError("Взять на экспертизу можно только поданную практику.")
    practice.status = Status.UNDER_REVIEW
    practice.save(update_fields=["status"])
    record(by, AuditAction.UPDATE, practice, {"status": [Status.SUBMITTED, Status.UNDER_REVIEW]}, "взята на экспертизу")
    return practice


@transaction.atomic
def conclude(
    practice: Practice, *, by, conclusion: str, remarks: str, level: str, today: date, version: int | None
) -> Review:
    """The expert's conclusion: the practice is accepted (with the replication level the expert confirms),
    returned with remarks or rejected."""
    if not practice.is_open:
        raise ReviewError("Заключение по этой практике уже вынесено.")
    if not claim(practice, version):
        raise ReviewError(CONFLICT)
    before = snapshot(practice)
    review = Review.objects.create(
        practice=practice, expert=by, conclusion=conclusion, remarks=remarks, reviewed_on=today
    )
    practice.status, practice.level = conclusion, level
    practice.decided_on = today if conclusion != Status.RETURNED else None
    practice.save(update_fields=["status", "level", "decided_on"])
    changes = {k: [before.get(k), v] for k, v in snapshot(practice).items() if before.get(k) != v}
    record(by, AuditAction.UPDATE, practice, changes, f"экспертное заключение: {review.get_conclusion_display()}")
    return review
