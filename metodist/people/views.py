"""Pages of the educators registry: the list with filters, its export, the card, creating and editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from metodist.audit.models import AuditEntry
from metodist.lib.xlsx import export_filename, xlsx_response

from . import actions
from .filters import EducatorFilterForm, listing
from .forms import EducatorForms
from .models import Category, Education, Educator, Employment, EmploymentKind

PAGE_SIZE = 50
AUDIT_TRAIL_SIZE = 50


def _is_partial(request) -> bool:
    # htmx restoring a page from history asks for the whole page, not the fragment.
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


@login_required
def educator_list(request):
    on = timezone.localdate()
    form = EducatorFilterForm(request.GET, user=request.user)
    educators = listing(form.filter(form.population(request.user, on), on), request.user, on)
    page = Paginator(educators, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "rows": [_list_row(educator, on) for educator in page],
        "column_sorts": form.column_sorts(),
        "on": on,
        "can_edit": request.user.can_edit_registry,
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
    context = {
        "educator": educator,
        "on": on,
        "can_edit": can_edit,
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
        "audit": _audit_trail(educator, employments) if can_edit else None,
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


NESTED_LABELS = {"education": "Образование", "employment": "Место работы"}


def _field_label(model, field: str) -> str:
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field removed since the entry was written
        return field


def _audit_trail(educator: Educator, employments: list[Employment]) -> list[dict]:
    """The educator's audit entries as readable lines. Changes of employments outside the user's scope
    are counted, not shown: the trail must not reveal another organization's records."""
    visible = {f"employment#{employment.pk}": str(employment) for employment in employments}
    visible |= {f"education#{education.pk}": str(education) for education in educator.educations.all()}
    entries = AuditEntry.objects.for_object(educator).select_related("actor")[:AUDIT_TRAIL_SIZE]
    trail = []
    for entry in entries:
        lines, hidden = [], set()
        for key, (old, new) in entry.changes.items():
            row, _, field = key.rpartition(".")
            if not row:
                lines.append((_field_label(Educator, field), old, new))
                continue
            prefix = row.partition("#")[0]
            model = actions.NESTED_KEYS.get(prefix)
            if row not in visible and prefix == "employment":
                hidden.add(row)
                continue
            name = visible.get(row, "удалено")
            lines.append((f"{NESTED_LABELS.get(prefix, prefix)} ({name}): {_field_label(model, field)}", old, new))
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
    educator = get_object_or_404(Educator.objects.in_scope(request.user), pk=pk)
    name = educator.full_name  # binding the forms writes the typed values into `educator`
    forms = EducatorForms(request.user, timezone.localdate(), data=request.POST or None, instance=educator)
    if request.method == "POST" and forms.is_valid():
        actions.update_educator(educator, forms, by=request.user)
        messages.success(request, "Изменения сохранены.")
        return redirect("people:detail", pk=educator.pk)
    return render(request, "people/form.html", {"forms": forms, "educator": educator, "name": name})
