"""Pages of the educators registry: the list with filters, its export, the card, creating and editing; the card's
absences that matter to attestation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST

from metodist.accounts.models import ScopeLevel
from metodist.audit.models import AuditEntry
from metodist.lib.versions import CONFLICT, EditConflict, VersionForm
from metodist.lib.xlsx import export_filename, xlsx_response

from . import absences, actions
from .card_state import field_label, key_label
from .filters import EducatorFilterForm, listing
from .forms import AbsenceEndForm, AbsenceForm, ContactsForm, CorrectionForm, DeclineForm, EducatorForms
from .models import (
    Absence,
    Category,
    CorrectionRequest,
    CorrectionStatus,
    Education,
    Educator,
    Employment,
    EmploymentKind,
)

PAGE_SIZE = 50
AUDIT_TRAIL_SIZE = 50


def _is_partial(request) -> bool:
    # htmx restoring a page from history asks for the whole page, not the fragment.
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


@login_required
def educator_list(request):
    on = timezone.localdate()
    form = EducatorFilterForm(request.GET, user=request.user)
    found = form.filter(form.population(request.user, on), on)
    # the page is chosen on the bare filter (its ids); what the rows show is read for those 50 people only
    page = Paginator(found.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    shown = {
        educator.pk: educator for educator in listing(Educator.objects.filter(pk__in=list(page)), request.user, on)
    }
    context = {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "rows": [_list_row(shown[pk], on) for pk in page],
        "column_sorts": form.column_sorts(),
        "on": on,
        "can_edit": request.user.can_edit_registry,
        "show_municipality": request.user.scope_level in (ScopeLevel.ALL, ScopeLevel.REGION),
    }
    template = "people/_results.html" if _is_partial(request) else "people/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _list_row(educator: Educator, on) -> dict:
    return {
        "educator": educator,
        "age": educator.age(on),
        "experience": educator.experience_years(on),
        "category": Category(educator.category_on(on)),
        "young": educator.is_young(on),
        "pre_pension": educator.is_pre_pension(on),
        "pension": educator.is_pension_age(on),
    }


@login_required
def educator_export(request):
    on = timezone.localdate()
    form = EducatorFilterForm(request.GET, user=request.user)
    educators = listing(form.filter(form.population(request.user, on), on), request.user, on)
    content = actions.export_educators(educators, filters=form.describe(), on=on, by=request.user)
    return xlsx_response(content, export_filename("Педагоги", request.user.scope_name(), on))


def masked_snils(digits: str | None) -> str:
    """Only the control number stays readable: '***-***-*** 95'."""
    return f"***-***-*** {digits[-2:]}" if digits else ""


@login_required
def educator_detail(request, pk: int):
    on = timezone.localdate()
    educator = get_object_or_404(
        Educator.objects.in_scope(request.user).prefetch_related(
            Prefetch("educations", queryset=Education.objects.select_related("speciality"))
        ),
        pk=pk,
    )
    employments = list(
        Employment.objects.in_scope(request.user)
        .filter(educator=educator)
        .select_related("organization", "position")
        .prefetch_related("subjects")
        .order_by("-start_date", "-pk")
    )
    uncovered = _uncovered_subjects(educator, employments)
    can_edit = request.user.can_edit_registry
    editable = can_edit and Educator.objects.editable_by(request.user, on).filter(pk=educator.pk).exists()
    own = request.user.educator_id == educator.pk
    # health and family data: for those who may change the card, and read-only for the educator
    shown_absences = (
        list(Absence.objects.visible_to(request.user, on).filter(educator=educator)) if editable or own else None
    )
    context = {
        "educator": educator,
        "on": on,
        "can_edit": editable,
        "read_only_reason": _read_only_reason(employments) if can_edit and not editable else "",
        "snils": educator.snils_display if can_edit else masked_snils(educator.snils),
        "category": Category(educator.category_on(on)),
        "category_expired": educator.category_on(on) != educator.category,
        "facts": {
            "age": educator.age(on),
            "experience": educator.experience_years(on),
            "young": educator.is_young(on),
            "pre_pension": educator.is_pre_pension(on),
            "pension": educator.is_pension_age(on),
        },
        "active_employments": [
            (employment, uncovered.get(employment.pk, []))
            for employment in sorted(employments, key=lambda e: (e.kind != EmploymentKind.MAIN, e.start_date))
            if employment.is_active(on)
        ],
        "past_employments": [employment for employment in employments if not employment.is_active(on)],
        "absences": shown_absences,
        "may_change_absences": editable and not own,
        "audit": _audit_trail(educator, employments, shown_absences) if can_edit else None,
        "pending_corrections": (
            list(CorrectionRequest.objects.in_scope(request.user).pending().filter(educator=educator))
            if can_edit
            else []
        ),
    }
    return render(request, "people/detail.html", context)


def _uncovered_subjects(educator: Educator, employments: list[Employment]) -> dict[int, list]:
    """Employment pk → the subjects it teaches that none of the educator's specialities covers.

    The same rule as EmploymentQuerySet.out_of_profile, read per subject for the card.
    """
    rows = (
        Employment.subjects.through.objects.filter(employment__in=employments)
        .exclude(subject__speciality__educations__educator=educator)
        .select_related("subject")
        .order_by("subject__order")
    )
    result: dict[int, list] = {}
    for row in rows:
        result.setdefault(row.employment_id, []).append(row.subject)
    return result


def _read_only_reason(employments: list[Employment]) -> str:
    """Why an editor sees a card read-only: the educator has left every place of work the editor sees."""
    left = max((employment.end_date for employment in employments if employment.end_date), default=None)
    ended = f": последнее место работы закрыто {left:%d.%m.%Y}" if left else ""
    return (
        f"Педагог больше не работает в вашей организации{ended}. Карточка доступна только для просмотра; "
        "изменить её могут методист и координатор муниципалитета."
    )


def _row_names(educator: Educator, employments) -> dict[str, str]:
    names = {f"employment#{employment.pk}": str(employment) for employment in employments}
    return names | {f"education#{education.pk}": str(education) for education in educator.educations.all()}


def _audit_trail(educator: Educator, employments: list[Employment], shown_absences: list | None) -> list[dict]:
    """The educator's audit entries as readable lines. Changes of employments outside the user's scope
    are counted, not shown: the trail must not reveal another organization's records. Changes of absences are
    left out for those who may not see them (`shown_absences` None), and so is an entry of nothing else."""
    visible = _row_names(educator, employments) | {f"absence#{row.pk}": str(row) for row in shown_absences or ()}
    entries = AuditEntry.objects.for_object(educator).select_related("actor")[:AUDIT_TRAIL_SIZE]
    trail = []
    for entry in entries:
        lines, hidden, withheld = [], set(), False
        for key, (old, new) in entry.changes.items():
            row = key.rpartition(".")[0]
            if row.startswith("employment#") and row not in visible:
                hidden.add(row)
                continue
            if row.startswith("absence#") and shown_absences is None:
                withheld = True
                continue
            lines.append((key_label(key, visible), old, new))
        if withheld and not lines and not hidden:
            continue
        trail.append({"entry": entry, "lines": lines, "hidden": len(hidden)})
    return trail


def _require_editor(user) -> None:
    if not user.can_edit_registry:
        raise PermissionDenied("Изменять реестр педагогов могут только редакторы.")


@login_required
def educator_create(request):
    _require_editor(request.user)
    forms = EducatorForms(request.user, timezone.localdate(), data=request.POST or None)
    if request.method == "POST" and forms.is_valid():
        educator = actions.create_educator(forms, by=request.user)
        messages.success(request, f"Педагог {educator.full_name} добавлен в реестр.")
        return redirect("people:detail", pk=educator.pk)
    return render(request, "people/form.html", {"forms": forms, "educator": None})


@login_required
def educator_edit(request, pk: int):
    _require_editor(request.user)
    today = timezone.localdate()
    educator = get_object_or_404(Educator.objects.in_scope(request.user), pk=pk)
    if not Educator.objects.editable_by(request.user, today).filter(pk=pk).exists():
        employments = list(Employment.objects.in_scope(request.user).filter(educator=educator))
        raise PermissionDenied(_read_only_reason(employments))
    name = educator.full_name  # binding the forms writes the typed values into `educator`
    forms = EducatorForms(request.user, today, data=request.POST or None, instance=educator)
    conflict = None
    if request.method == "POST" and forms.is_valid():
        try:
            actions.update_educator(educator, forms, by=request.user)
        except EditConflict as refused:
            # the user's input stays in the form, now at the stored version: saving again is a decision
            # taken knowing what the other person changed
            educator = Educator.objects.get(pk=pk)
            forms = EducatorForms(
                request.user, today, data=forms.lock.refreshed(request.POST, refused), instance=educator
            )
            forms.is_valid()
            conflict = _conflict(refused, educator, forms.visible_employments.filter(educator=educator))
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("people:detail", pk=educator.pk)
    context = {"forms": forms, "educator": educator, "name": name, "conflict": conflict}
    return render(request, "people/form.html", context)


def _conflict(refused: EditConflict, educator: Educator, employments) -> dict:
    """The conflict message: who saved the card last, and each field that differs from what the user opened."""
    last = AuditEntry.objects.for_object(educator).select_related("actor").first()
    names = _row_names(educator, employments)
    return {
        "message": CONFLICT,
        "by": last.actor if last else None,
        "at": last.at if last else None,
        "lines": [(key_label(key, names), opened, stored) for key, opened, stored in refused.changed()],
    }


def _require_absence_editor(user, educator: Educator, today) -> None:
    """The card's rule: who may change the card changes its absences; the educator only reads their own."""
    if user.educator_id == educator.pk:
        raise PermissionDenied(
            "Сведения об отсутствии о себе вносит администратор вашей организации или методист: если они неверны, "
            "попросите исправить сведения."
        )
    if not absences.may_change(user, educator, today):
        raise PermissionDenied(_read_only_reason(list(Employment.objects.in_scope(user).filter(educator=educator))))


def _to_absences(educator: Educator):
    return redirect(reverse("people:detail", args=[educator.pk]) + "#absences")


@login_required
@require_http_methods(["GET", "POST"])
def absence_create(request, pk: int):
    _require_editor(request.user)
    today = timezone.localdate()
    educator = get_object_or_404(Educator.objects.in_scope(request.user), pk=pk)
    _require_absence_editor(request.user, educator, today)
    form = AbsenceForm(request.POST or None, instance=Absence(educator=educator), today=today)
    if request.method == "POST" and form.is_valid():
        actions.add_absence(form.instance, by=request.user)
        messages.success(request, "Сведения об отсутствии внесены.")
        return _to_absences(educator)
    return render(request, "people/absence_form.html", {"form": form, "educator": educator, "absence": None})


def _absence_change(request, pk: int, form_class, done: str):
    """Editing (or ending) an absence: a scoped get (nobody who may not see it learns it exists), the card's
    rule, the form with the absence's version, the action."""
    _require_editor(request.user)
    today = timezone.localdate()
    absence = get_object_or_404(Absence.objects.visible_to(request.user, today).select_related("educator"), pk=pk)
    educator = absence.educator
    _require_absence_editor(request.user, educator, today)
    if form_class is AbsenceEndForm and not absence.is_open:
        messages.warning(request, "Это отсутствие уже завершено: дату окончания можно изменить в записи.")
        return _to_absences(educator)
    data = request.POST if request.method == "POST" else None
    lock = VersionForm.of(absence.version, actions.absence_state(absence), data=data)  # before the form binds
    form = form_class(data, instance=absence, today=today)
    conflict = None
    if data is not None and form.is_valid() and lock.is_valid():
        version, opened = lock.opened_version()
        try:
            actions.update_absence(absence, version=version, opened=opened, by=request.user)
        except EditConflict as refused:
            # the input stays in the form, now at the stored version: saving again is a decision taken knowing
            lock = VersionForm.of(refused.version, refused.stored, data=lock.refreshed(request.POST, refused))
            lock.is_valid()
            last = AuditEntry.objects.for_object(educator).select_related("actor").first()
            conflict = {
                "message": CONFLICT,
                "by": last.actor if last else None,
                "at": last.at if last else None,
                "lines": [(field_label(Absence, key), old, new) for key, old, new in refused.changed()],
            }
        else:
            messages.success(request, done)
            return _to_absences(educator)
    context = {
        "form": form,
        "lock": lock,
        "educator": educator,
        "absence": absence,
        "ending": form_class is AbsenceEndForm,
        "conflict": conflict,
    }
    return render(request, "people/absence_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def absence_edit(request, pk: int):
    return _absence_change(request, pk, AbsenceForm, "Сведения об отсутствии изменены.")


@login_required
@require_http_methods(["GET", "POST"])
def absence_end(request, pk: int):
    return _absence_change(request, pk, AbsenceEndForm, "Отсутствие завершено.")


def _own_educator(request) -> Educator:
    if not request.user.educator_id:
        raise PermissionDenied("Учётная запись не связана с карточкой педагога.")
    return get_object_or_404(Educator, pk=request.user.educator_id)


@login_required
@require_http_methods(["GET", "POST"])
def own_contacts(request):
    educator = _own_educator(request)
    form = ContactsForm(request.POST or None, instance=educator)
    if request.method == "POST" and form.is_valid():
        actions.update_own_contacts(educator, form, by=request.user)
        messages.success(request, "Контактные данные сохранены.")
        return redirect("home:home")
    return render(request, "people/own_contacts.html", {"form": form, "educator": educator})


@login_required
@require_http_methods(["GET", "POST"])
def correction_create(request):
    educator = _own_educator(request)
    form = CorrectionForm(request.POST or None, educator=educator)
    if request.method == "POST" and form.is_valid():
        correction = actions.request_correction(educator, form, by=request.user)
        messages.success(request, "Запрос отправлен администратору вашей организации.")
        return redirect("people:correction", pk=correction.pk)
    return render(request, "people/correction_form.html", {"form": form, "educator": educator})


@login_required
def correction_list(request):
    corrections = (
        CorrectionRequest.objects.in_scope(request.user)
        .select_related("educator", "requested_by", "decided_by")
        .order_by(Case(When(status=CorrectionStatus.PENDING, then=0), default=1), "-created_at", "-pk")
    )
    page = Paginator(corrections, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/correction_list.html", {"page": page})


@login_required
def correction_detail(request, pk: int):
    correction = get_object_or_404(
        CorrectionRequest.objects.in_scope(request.user).select_related("educator", "requested_by", "decided_by"),
        pk=pk,
    )
    context = {
        "correction": correction,
        "may_decide": correction.is_pending and actions.may_decide(request.user, correction),
        "decline_form": DeclineForm(),
    }
    return render(request, "people/correction_detail.html", context)


def _decision(request, pk: int, decide) -> HttpResponse:
    correction = get_object_or_404(CorrectionRequest.objects.in_scope(request.user), pk=pk)
    if not actions.may_decide(request.user, correction):
        raise PermissionDenied("Решение по запросу принимает администратор организации педагога или методист.")
    try:
        decide(correction)
    except actions.CorrectionRefused as refused:
        messages.error(request, str(refused))
    return redirect("people:correction", pk=correction.pk)


@login_required
@require_POST
def correction_apply(request, pk: int):
    def apply(correction):
        actions.apply_correction(correction, note=request.POST.get("note", "").strip()[:2000], by=request.user)
        messages.success(request, "Запрос подтверждён, карточка педагога исправлена.")

    return _decision(request, pk, apply)


@login_required
@require_POST
def correction_decline(request, pk: int):
    form = DeclineForm(request.POST)

    def decline(correction):
        if not form.is_valid():
            raise actions.CorrectionRefused("Укажите причину отказа: педагог увидит её в своём запросе.")
        actions.decline_correction(correction, reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, "Запрос отклонён, педагог увидит причину.")

    return _decision(request, pk, decline)
