"""Writes of the educators registry: creating and editing an educator card, exporting the list.

A card is saved as one unit (the educator, their education and employments) and leaves one audit entry
on the educator, whose changes also name the education and employment rows by key, e.g.
`employment#12.weekly_hours`, so the card's trail tells the whole story of the record. An absence that matters
to attestation is saved on its own page, with its own version, and recorded the same way (`absence#7.ended_on`).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from metodist.audit.actions import diff, record
from metodist.audit.models import AuditAction
from metodist.lib.versions import EditConflict, claim
from metodist.lib.xlsx import NOT_APPLICABLE, Export, Sheet, export_bytes

from .card_state import card_state, readable_snapshot
from .forms import EducatorForms
from .models import Absence, Category, CorrectionRequest, CorrectionStatus, Educator, category_expiry


def _changes(before: dict, after: dict) -> dict:
    removed = {key: [value, None] for key, value in before.items() if key not in after and value is not None}
    return diff(before, after) | removed


def _save(forms: EducatorForms, educator: Educator) -> None:
    for formset in (forms.educations, forms.employments):
        formset.instance = educator
        formset.save()


@transaction.atomic
def create_educator(forms: EducatorForms, *, by) -> Educator:
    """Saves a validated new card and records its creation."""
    educator = forms.educator.save()
    _save(forms, educator)
    record(by, AuditAction.CREATE, educator, _changes({}, card_state(educator)))
    return educator


@transaction.atomic
def update_educator(educator: Educator, forms: EducatorForms, *, by) -> Educator:
    """Saves a validated card and records what changed (nothing is recorded if nothing did).

    Raises EditConflict, writing nothing, when the card was saved by someone else since the form was opened."""
    version, opened = forms.lock.opened_version()
    if not claim(educator, version):
        stored = Educator.objects.get(pk=educator.pk)
        raise EditConflict(opened, card_state(stored, forms.visible_employments), stored.version)
    # The forms have already written the typed values into `educator`, so the state before is read anew.
    before = card_state(Educator.objects.get(pk=educator.pk))
    forms.educator.save()
    _save(forms, educator)
    changes = _changes(before, card_state(educator))
    if changes:
        record(by, AuditAction.UPDATE, educator, changes)
    return educator


ABSENCE_FIELDS = ("kind", "started_on", "ended_on", "document")


def absence_state(absence: Absence) -> dict:
    """An absence as its edit lock compares it and the trail records it."""
    values = readable_snapshot(absence)
    return {name: values.get(name) for name in ABSENCE_FIELDS}


def _record_absence(by, absence: Absence, before: dict, summary: str) -> None:
    changes = {f"absence#{absence.pk}.{key}": pair for key, pair in _changes(before, absence_state(absence)).items()}
    if changes:
        record(by, AuditAction.UPDATE, absence.educator, changes, summary=summary)


@transaction.atomic
def add_absence(absence: Absence, *, by) -> Absence:
    """Saves a validated new absence (with its educator) and records it on the educator's card."""
    absence.created_by = by if by is not None and by.is_authenticated else None
    absence.save()
    _record_absence(by, absence, {}, "Внесено отсутствие педагога (для аттестации)")
    return absence


@transaction.atomic
def update_absence(absence: Absence, *, version: int | None, opened: dict, by) -> Absence:
    """Saves a validated change of an absence (the form has written it into `absence`) and records what changed.

    Raises EditConflict, writing nothing, when the absence was saved by someone else since the form was opened."""
    if not claim(absence, version):
        stored = Absence.objects.get(pk=absence.pk)
        raise EditConflict(opened, absence_state(stored), stored.version)
    before = absence_state(Absence.objects.get(pk=absence.pk))
    absence.save()
    _record_absence(by, absence, before, "Изменено отсутствие педагога (для аттестации)")
    return absence


class CorrectionRefused(Exception):
    """A decision on a correction request that cannot be taken; the message is shown to the user."""


def _record_card_change(by, educator: Educator, before: dict, summary: str) -> None:
    changes = diff(before, readable_snapshot(educator))
    if changes:
        record(by, AuditAction.UPDATE, educator, changes, summary=summary)


@transaction.atomic
def update_own_contacts(educator: Educator, form, *, by) -> Educator:
    """An educator's own e-mail and phone, saved directly and audited like any change of the card."""
    before = readable_snapshot(Educator.objects.select_for_update().get(pk=educator.pk))
    claim(educator, None)
    form.save()
    _record_card_change(by, educator, before, "Педагог изменил свои контактные данные")
    return educator


@transaction.atomic
def request_correction(educator: Educator, form, *, by) -> CorrectionRequest:
    proposed, previous = form.proposed()
    request = CorrectionRequest.objects.create(
        educator=educator,
        proposed=proposed,
        previous=previous,
        comment=form.cleaned_data["comment"],
        requested_by=by,
    )
    record(by, AuditAction.CREATE, request, {"proposed": [None, request.proposed], "comment": [None, request.comment]})
    return request


def may_decide(user, request: CorrectionRequest) -> bool:
    """An editor of the registry who may change the card decides; nobody decides on a request about themself."""
    return (
        user.educator_id != request.educator_id
        and Educator.objects.editable_by(user, timezone.localdate()).filter(pk=request.educator_id).exists()
    )


def _locked_pending(request: CorrectionRequest, by) -> CorrectionRequest:
    request = CorrectionRequest.objects.select_for_update().select_related("educator").get(pk=request.pk)
    if not may_decide(by, request):
        raise CorrectionRefused(
            "Решение по этому запросу может принять администратор организации педагога или методист."
        )
    if not request.is_pending:
        raise CorrectionRefused("По этому запросу решение уже принято.")
    return request


def _decide(request: CorrectionRequest, status: str, reason: str, by) -> None:
    request.status, request.reason = status, reason
    request.decided_by, request.decided_at = by, timezone.now()
    request.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    record(
        by,
        AuditAction.UPDATE,
        request,
        {"status": [CorrectionStatus.PENDING.label, CorrectionStatus(status).label], "reason": [None, reason or None]},
        summary=f"{CorrectionStatus(status).label}: запрос № {request.pk} педагога {request.educator}",
    )


@transaction.atomic
def apply_correction(request: CorrectionRequest, *, note: str = "", by) -> CorrectionRequest:
    """Writes the proposed values into the card (checked by the card's rules as they stand now) and closes the
    request; what the comment asks beyond them the administrator corrects on the card before confirming."""
    request = _locked_pending(request, by)
    educator = Educator.objects.select_for_update().get(pk=request.educator_id)
    before = readable_snapshot(educator)
    for name, value in request.proposed.items():
        setattr(educator, name, Educator._meta.get_field(name).to_python(value))
    if {"category", "category_awarded_on"} & set(request.proposed):
        educator.category_expires_on = category_expiry(educator.category, educator.category_awarded_on)
    try:
        educator.full_clean()
    except ValidationError as error:
        raise CorrectionRefused(
            "Предложенные значения нельзя записать в карточку: " + " ".join(error.messages)
        ) from error
    claim(educator, None)
    educator.save()
    _record_card_change(by, educator, before, f"Исправление по запросу педагога № {request.pk}")
    _decide(request, CorrectionStatus.APPLIED, note, by)
    return request


@transaction.atomic
def decline_correction(request: CorrectionRequest, *, reason: str, by) -> CorrectionRequest:
    request = _locked_pending(request, by)
    _decide(request, CorrectionStatus.DECLINED, reason, by)
    return request


EXPORT_HEADERS = [
    "ФИО",
    "Дата рождения",
    "Возраст",
    "Стаж",
    "Категория",
    "Действует до",
    "Образование",
    "Организация",
    "Должность",
    "Вид занятости",
    "Ставка",
    "Нагрузка, ч/нед",
    "Предметы",
    "Молодой педагог",
    "Вне профиля",
]
EXPORT_WIDTHS = [30, 11, 8, 7, 18, 11, 30, 22, 22, 18, 7, 10, 22, 9, 9]


def _yes_no(value: bool) -> str:
    return "да" if value else "нет"


def _education_text(educator: Educator) -> str:
    parts = []
    for education in educator.educations.all():
        words = [education.get_level_display(), "педагогическое" if education.is_pedagogical else "непедагогическое"]
        if education.speciality_id:
            words.append(str(education.speciality))
        if education.completed_on:
            words.append(f"окончено {education.completed_on:%d.%m.%Y}")
        parts.append(", ".join(words))
    return "; ".join(parts)


def export_rows(educators, on: date):
    """One row per educator × active employment (one row with empty employment columns if there is none).

    Expects the queryset prepared by `filters.listing`.
    """
    for educator in educators:
        category = educator.category_on(on)
        person = [
            educator.full_name,
            educator.birth_date,
            educator.age(on),
            educator.experience_years(on),
            Category(category).label,
            educator.category_expires_on if category != Category.NONE else None,
            _education_text(educator),
        ]
        young = _yes_no(educator.is_young(on))
        for employment in educator.active_employments or [None]:
            if employment is None:
                yield [*person, None, None, None, None, None, None, young, None]
                continue
            yield [
                *person,
                str(employment.organization),
                str(employment.position),
                employment.get_kind_display(),
                employment.rate,
                employment.weekly_hours if employment.load_applies() else NOT_APPLICABLE,
                ", ".join(str(subject) for subject in employment.subjects.all()),
                young,
                _yes_no(employment.is_out_of_profile),
            ]


@transaction.atomic
def export_educators(educators, *, filters: str, on: date, by) -> bytes:
    """The workbook of the (filtered, in-scope, prepared) educators; records the export without personal data."""
    educators = list(educators)
    rows = list(export_rows(educators, on))
    count = len(educators)
    export = Export.by(by, title=f"Педагогические работники на {on:%d.%m.%Y}", filters=filters)
    sheet = Sheet("Педагоги", EXPORT_HEADERS, rows, EXPORT_WIDTHS, notes=[f"Педагогов: {count}; строк: {len(rows)}."])
    record(
        by,
        AuditAction.EXPORT,
        Educator(),
        summary=f"Выгрузка списка педагогов в Excel: педагогов — {count}, строк — {len(rows)}",
    )
    return export_bytes(export, [sheet])
