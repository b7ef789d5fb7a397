"""Writes of the attestation module: recording a commission's decision and correcting a record.

A decision and the registry card it changes are written in one transaction: the record, then the educator's
category (Educator.category / category_awarded_on / category_expires_on) when the decision is an award that
the card should now show, with one audit entry each. Saving the educator sends the registry's signals, so the
facts layer (metodist/facts) is marked stale as for any change of a card. The card is locked optimistically
(metodist/lib/versions): a form opened before someone else changed the card is refused.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from metodist.audit.actions import diff, record, snapshot
from metodist.audit.models import AuditAction
from metodist.lib.versions import EditConflict, claim
from metodist.people import conditions
from metodist.people.card_state import readable_snapshot
from metodist.people.models import HIGHEST_OR_ABOVE, Category, Educator, category_expiry
from metodist.people.rules import ATTESTATION_ORDER_196_START

from . import rules
from .models import ABOVE_HIGHEST, Attestation, Kind

# How the card ranks categories when a newer award meets one in force: a lower award does not replace it.
RANK = {
    Category.NONE: 0,
    Category.SZD: 1,
    Category.FIRST: 2,
    Category.HIGHEST: 3,
    Category.METHODIST: 4,
    Category.MENTOR: 4,
}
CARD_FIELDS = ("category", "category_awarded_on", "category_expires_on")


def card_state(educator: Educator) -> dict:
    """The part of the card this module writes, as the edit lock compares it."""
    values = readable_snapshot(educator)
    return {name: values.get(name) for name in CARD_FIELDS}


def holds_highest(educator: Educator, on: date, *, ignore: Attestation | None = None) -> bool:
    """The highest category (or one above it) is in force on `on`, by the history or by the registry card.

    The card counts for awards made before the module kept the history; a card that shows the very record
    being corrected (`ignore`) is no evidence for it.
    """
    history = Attestation.objects.in_force(on).filter(educator=educator, kind__in=(Kind.HIGHEST, *ABOVE_HIGHEST))
    if ignore is not None:
        history = history.exclude(pk=ignore.pk)
    if history.exists():
        return True
    if ignore is not None and _card_shows(educator, ignore):
        return False
    return Educator.objects.filter(pk=educator.pk).filter(conditions.category_in_force(HIGHEST_OR_ABOVE, on)).exists()


def check(attestation: Attestation, *, today: date, ignore: Attestation | None = None) -> None:
    """The rules a record must meet; ValidationError with the fields' Russian messages otherwise."""
    errors = {}
    if attestation.decided_on > today:
        errors["decided_on"] = "Дата решения не может быть позже сегодняшнего дня."
    if attestation.applied_on and attestation.applied_on > attestation.decided_on:
        errors["applied_on"] = "Дата заявления позже даты решения аттестационной комиссии."
    if attestation.order_date and attestation.order_date < attestation.decided_on:
        errors["order_date"] = "Приказ не может быть издан раньше решения аттестационной комиссии."
    if attestation.kind in ABOVE_HIGHEST and attestation.is_awarded:
        if attestation.decided_on < ATTESTATION_ORDER_196_START:
            errors["kind"] = "Категории «педагог-методист» и «педагог-наставник» устанавливаются с 01.09.2023."
        elif not holds_highest(attestation.educator, attestation.decided_on, ignore=ignore):
            errors["kind"] = rules.HIGHEST_REQUIRED.format(date=f"{attestation.decided_on:%d.%m.%Y}")
    if attestation.kind != Kind.SZD and not attestation.applied_on:
        errors.setdefault(
            "applied_on",
            "Укажите дату заявления педагога: квалификационная категория устанавливается по его заявлению.",
        )
    if errors:
        raise ValidationError(errors)


def _card_shows(educator: Educator, attestation: Attestation) -> bool:
    return educator.category == attestation.kind and educator.category_awarded_on == attestation.decided_on


def _takes(category: str, awarded_on: date | None, expires_on: date | None, award: Attestation) -> bool:
    """Whether a card holding `category` should show the award instead: it is newer, and the category held
    on its date (if any) does not rank above it (an SZD does not replace a first category in force)."""
    if not award.is_awarded:
        return False
    if awarded_on is not None and award.decided_on < awarded_on:
        return False
    in_force = category != Category.NONE and (expires_on is None or expires_on >= award.decided_on)
    return not in_force or RANK[award.kind] >= RANK[category]


def replay(educator: Educator) -> tuple[str, date | None]:
    """The category the card should show by the current history alone (oldest to newest)."""
    category, awarded_on, expires_on = Category.NONE, None, None
    for award in Attestation.objects.current().awarded().filter(educator=educator).order_by("decided_on", "pk"):
        if _takes(category, awarded_on, expires_on, award):
            category, awarded_on, expires_on = award.kind, award.decided_on, award.valid_until
    return category, awarded_on


def _locked(educator: Educator, version: int | None, opened: dict) -> Educator:
    locked = Educator.objects.select_for_update().get(pk=educator.pk)
    if not claim(locked, version):
        stored = Educator.objects.get(pk=educator.pk)
        raise EditConflict(opened, card_state(stored), stored.version)
    return locked


def _set_card(educator: Educator, category: str, awarded_on: date | None, *, by, summary: str) -> None:
    if (educator.category, educator.category_awarded_on) == (category, awarded_on):
        return
    before = readable_snapshot(educator)
    educator.category, educator.category_awarded_on = category, awarded_on
    educator.category_expires_on = category_expiry(category, awarded_on)
    educator.save(update_fields=[*CARD_FIELDS, "updated_at"])  # post_save: the facts are marked stale
    changes = diff(before, readable_snapshot(educator))
    if changes:
        record(by, AuditAction.UPDATE, educator, changes, summary=summary)


def _fill(attestation: Attestation) -> Attestation:
    attestation.valid_until = attestation.derive_valid_until()
    attestation.region_id = attestation.organization.municipality.region_id
    return attestation


@transaction.atomic
def record_attestation(
    attestation: Attestation, *, today: date, by, version: int | None = None, opened: dict | None = None
) -> Attestation:
    """Saves a new decision (an unsaved Attestation with its educator, kind, employment and dates) and, for an
    award the card should show, the educator's category. Raises ValidationError (nothing written) when a
    rule is broken and EditConflict when the card moved past `version`."""
    educator = _locked(attestation.educator, version, opened or {})
    attestation.educator = educator
    check(_fill(attestation), today=today)
    attestation.created_by = by if by is not None and by.is_authenticated else None
    attestation.save()
    record(
        by,
        AuditAction.CREATE,
        attestation,
        {key: [None, value] for key, value in snapshot(attestation).items() if value},
        summary=f"Аттестация педагога {educator}: {attestation}",
    )
    if _takes(educator.category, educator.category_awarded_on, educator.category_expires_on, attestation):
        _set_card(educator, attestation.kind, attestation.decided_on, by=by, summary=f"Аттестация: {attestation}")
    return attestation


@transaction.atomic
def correct_attestation(
    original: Attestation,
    corrected: Attestation,
    *,
    reason: str,
    today: date,
    by,
    version: int | None = None,
    opened: dict | None = None,
) -> Attestation:
    """Replaces `original` by `corrected` (unsaved, the same educator): the original stays in the history,
    marked as corrected; the card follows the history when it showed the original."""
    educator = _locked(original.educator, version, opened or {})
    original = Attestation.objects.select_for_update().get(pk=original.pk)
    if not original.is_current:
        raise ValidationError("Эта запись уже исправлена: исправляйте последнюю редакцию.")
    if not reason.strip():
        raise ValidationError({"correction_reason": "Укажите причину исправления."})
    corrected.educator, corrected.replaces, corrected.correction_reason = educator, original, reason.strip()
    check(_fill(corrected), today=today, ignore=original)
    corrected.created_by = by if by is not None and by.is_authenticated else None
    corrected.save()
    before, after = snapshot(original), snapshot(corrected)
    changes = {key: pair for key, pair in diff(before, after).items() if key not in ("id", "replaces")}
    record(by, AuditAction.CREATE, corrected, changes, summary=f"Исправление записи об аттестации № {original.pk}")
    summary = f"Исправление аттестации: {corrected}"
    if _card_shows(educator, original):
        category, awarded_on = replay(educator)
        _set_card(educator, category, awarded_on, by=by, summary=summary)
    elif _takes(educator.category, educator.category_awarded_on, educator.category_expires_on, corrected):
        _set_card(educator, corrected.kind, corrected.decided_on, by=by, summary=summary)
    return corrected
