"""Writes of the best practices module: submission, the materials, the expert review and its conclusion; atomic and
audited."""

from datetime import date

from django.db import transaction
from django.db.models import Count, Max

from metodist.audit.actions import created_entry, record, snapshot
from metodist.audit.models import AuditAction
from metodist.lib.versions import CONFLICT, claim

from .models import MAX_MATERIALS, Practice, PracticeAuthor, PracticeMaterial, Review, Status


class ReviewError(Exception):
    """Why a review step was refused, in Russian."""


class MaterialError(Exception):
    """Why a material was not added or removed, in Russian."""


@transaction.atomic
def submit(fields: dict, authors, *, by, today: date, materials=()) -> Practice:
    """A new practice, submitted for the expert review; `authors` in their order (the first is the lead),
    `materials` as dicts of a material's fields (a file or a link each), in their order."""
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
    made = [
        PracticeMaterial.objects.create(practice=practice, order=order, added_by=by, **material)
        for order, material in enumerate(materials, start=1)
    ]
    entry = created_entry(by, practice)
    entry.changes["materials"] = [None, [material.reference() for material in made]]
    entry.save()
    return practice


def _editable(practice: Practice) -> Practice:
    """The practice locked until the end of the transaction, so that its status and its materials cannot move
    between the check and the write (a methodologist taking it for review meanwhile waits)."""
    locked = Practice.objects.select_for_update().get(pk=practice.pk)
    if not locked.is_editable:
        raise MaterialError("Материалы можно менять, пока практика подана или возвращена на доработку.")
    return locked


@transaction.atomic
def add_material(practice: Practice, *, title: str = "", file=None, link: str = "", by) -> PracticeMaterial:
    """One more material, last in the order. The practice's version moves on: a review form opened before it
    is refused, and the expert sees the new material."""
    practice = _editable(practice)
    materials = practice.materials.aggregate(count=Count("pk"), last=Max("order"))
    if materials["count"] >= MAX_MATERIALS:
        raise MaterialError(
            f"К практике можно приложить не более {MAX_MATERIALS} материалов. Удалите ненужный, чтобы добавить новый."
        )
    material = PracticeMaterial.objects.create(
        practice=practice, title=title, file=file or "", link=link, order=(materials["last"] or 0) + 1, added_by=by
    )
    claim(practice, None)
    record(
        by, AuditAction.UPDATE, practice, {"materials": [None, material.reference()]}, f"добавлен материал «{material}»"
    )
    return material


@transaction.atomic
def remove_material(material: PracticeMaterial, *, by) -> None:
    """The material leaves the practice; its file stays in the storage, as the audit trail names it."""
    practice = _editable(material.practice)
    if practice.materials.count() == 1:
        raise MaterialError("Это единственный материал практики: сначала добавьте другой, затем удалите этот.")
    material.delete()
    claim(practice, None)
    record(
        by, AuditAction.UPDATE, practice, {"materials": [material.reference(), None]}, f"удалён материал «{material}»"
    )


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
