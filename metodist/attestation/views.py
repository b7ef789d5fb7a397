"""Pages of the attestation module: the start page (recent decisions, finding an educator), an educator's
attestation history with the decision form and corrections, the calendar and the portfolio, with exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from metodist.accounts.models import ScopeLevel
from metodist.audit.models import AuditEntry
from metodist.jobs.actions import start as start_job
from metodist.lib.docx import DOCX_CONTENT_TYPE
from metodist.lib.pdf import PdfUnavailable
from metodist.lib.versions import CONFLICT, EditConflict, VersionForm
from metodist.lib.xlsx import export_filename, xlsx_response
from metodist.orgs.models import Organization
from metodist.people.models import Educator, Employment

from . import actions, exports, schedule
from .forms import AttestationForm, CalendarForm, CorrectionForm
from .jobs import JOB_SCOPES
from .models import Attestation, Decision, Kind
from .portfolio import assemble

DOCX = DOCX_CONTENT_TYPE
PDF = "application/pdf"
PAGE_SIZE = 50
FOUND_SIZE = 20
CARD_LABELS = {
    "category": "квалификационная категория",
    "category_awarded_on": "дата присвоения категории",
    "category_expires_on": "категория действует до",
}


def _require_staff(user) -> None:
    if user.scope_level == ScopeLevel.SELF:
        raise PermissionDenied("Раздел доступен методистам, координаторам и администраторам организаций.")


def _educator(request, pk: int) -> Educator:
    return get_object_or_404(Educator.objects.in_scope(request.user), pk=pk)


def _may_record(user, educator: Educator, today) -> bool:
    return user.educator_id != educator.pk and Educator.objects.editable_by(user, today).filter(pk=educator.pk).exists()


@login_required
def index(request):
    if request.user.scope_level == ScopeLevel.SELF:
        if not request.user.educator_id:
            raise PermissionDenied("Учётная запись не связана с карточкой педагога.")
        return redirect("attestation:portfolio", pk=request.user.educator_id)
    on = timezone.localdate()
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    decision = request.GET.get("decision", "")
    found = []
    if query:
        found = list(
            Educator.objects.working_in_scope(request.user, on).search(query).order_by("last_name", "pk")[:FOUND_SIZE]
        )
    records = (
        Attestation.objects.current()
        .filter(organization_id__in=_scope_organizations(request.user))
        .select_related("educator", "position", "organization")
    )
    if kind in Kind.values:
        records = records.filter(kind=kind)
    if decision in Decision.values:
        records = records.filter(decision=decision)
    page = Paginator(records.order_by("-decided_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        "found": found,
        "page": page,
        "kind": kind,
        "decision": decision,
        "kinds": Kind.choices,
        "decisions": Decision.choices,
        "on": on,
    }
    return render(request, "attestation/index.html", context)


def _scope_organizations(user):
    return Organization.objects.in_scope(user).values("pk")


@login_required
def educator(request, pk: int):
    educator = _educator(request, pk)
    today = timezone.localdate()
    history = (
        Attestation.objects.filter(educator=educator)
        .select_related("position", "organization", "created_by", "replaced_by")
        .order_by("-decided_on", "-pk")
    )
    context = {
        "educator": educator,
        "history": history,
        "category": educator.category_on(today),
        "can_record": _may_record(request.user, educator, today),
        "on": today,
    }
    return render(request, "attestation/educator.html", context)


def _conflict(refused: EditConflict, educator: Educator) -> dict:
    last = AuditEntry.objects.for_object(educator).select_related("actor").first()
    return {
        "message": CONFLICT,
        "by": last.actor if last else None,
        "at": last.at if last else None,
        "lines": [(CARD_LABELS.get(key, key), opened, stored) for key, opened, stored in refused.changed()],
    }


def _decision_page(request, educator: Educator, *, original: Attestation | None):
    today = timezone.localdate()
    if not _may_record(request.user, educator, today):
        raise PermissionDenied(
            "Вносить решения об аттестации этого педагога может администратор его организации или методист."
        )
    form_class = CorrectionForm if original else AttestationForm
    employments = Employment.objects.in_scope(request.user)
    instance = Attestation(educator=educator)
    if original is not None:
        for name in (
            "kind",
            "decision",
            "applied_on",
            "decided_on",
            "order_number",
            "order_date",
            "note",
            "position_id",
            "organization_id",
        ):
            setattr(instance, name, getattr(original, name))
    data = request.POST if request.method == "POST" else None
    lock = VersionForm.of(educator.version, actions.card_state(educator), data=data)
    form = form_class(data, instance=instance, educator=educator, employments=employments)
    conflict = None
    if data is not None and form.is_valid() and lock.is_valid():
        version, opened = lock.opened_version()
        try:
            if original is None:
                saved = actions.record_attestation(
                    form.instance, today=today, by=request.user, version=version, opened=opened
                )
            else:
                saved = actions.correct_attestation(
                    original,
                    form.instance,
                    reason=form.cleaned_data["correction_reason"],
                    today=today,
                    by=request.user,
                    version=version,
                    opened=opened,
                )
        except ValidationError as refused:
            form.add_rule_errors(refused)
        except EditConflict as refused:
            educator.refresh_from_db()
            lock = VersionForm.of(refused.version, refused.stored, data=lock.refreshed(request.POST, refused))
            lock.is_valid()
            conflict = _conflict(refused, educator)
        else:
            messages.success(request, f"Решение записано: {saved}.")
            return redirect("attestation:educator", pk=educator.pk)
    context = {"educator": educator, "form": form, "lock": lock, "original": original, "conflict": conflict}
    return render(request, "attestation/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request, pk: int):
    return _decision_page(request, _educator(request, pk), original=None)


@login_required
@require_http_methods(["GET", "POST"])
def record_correct(request, pk: int):
    original = get_object_or_404(Attestation.objects.in_scope(request.user).select_related("educator"), pk=pk)
    if not original.is_current:
        messages.warning(request, "Эта запись уже исправлена: исправляйте последнюю редакцию.")
        return redirect("attestation:educator", pk=original.educator_id)
    return _decision_page(request, original.educator, original=original)


@login_required
def calendar(request):
    _require_staff(request.user)
    on = timezone.localdate()
    form = CalendarForm(request.GET or None)
    months = form.months_or_default()
    context = {
        "form": form,
        "months": months,
        "calendar": schedule.calendar(request.user, on, months),
        "on": on,
        "limit": schedule.SHOWN_ROWS,
        "shown": f":{schedule.SHOWN_ROWS}",
        "export_as_job": request.user.scope_level in JOB_SCOPES,
    }
    return render(request, "attestation/calendar.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_export(request):
    """The workbook at once (GET), or for a region's scope (POST) as a background job whose page offers it."""
    _require_staff(request.user)
    on = timezone.localdate()
    months = CalendarForm(request.POST or request.GET or None).months_or_default()
    if request.method == "POST":
        key = f"attestation.calendar_export:{request.user.pk}:{months}"
        return redirect(start_job("attestation.calendar_export", by=request.user, key=key, months=months))
    content = exports.calendar_workbook(schedule.calendar(request.user, on, months), months=months, by=request.user)
    return xlsx_response(content, export_filename("График-аттестации", request.user.scope_name(), on))


@login_required
def portfolio(request, pk: int):
    educator = _educator(request, pk)
    on = timezone.localdate()
    context = {
        "portfolio": assemble(educator, on),
        "educator": educator,
        "own": request.user.educator_id == educator.pk,
    }
    return render(request, "attestation/portfolio.html", context)


@login_required
def portfolio_export(request, pk: int):
    educator = _educator(request, pk)
    on = timezone.localdate()
    content = exports.portfolio_workbook(assemble(educator, on), by=request.user)
    return xlsx_response(content, export_filename("Портфолио", educator.last_name, on))


def _document(content: bytes, content_type: str, educator: Educator, on, extension: str) -> HttpResponse:
    """An attachment named as the workbook is, with the document's own extension."""
    response = HttpResponse(content, content_type=content_type)
    name = export_filename("Портфолио", educator.last_name, on).removesuffix(".xlsx") + f".{extension}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


@login_required
def portfolio_docx(request, pk: int):
    educator = _educator(request, pk)
    on = timezone.localdate()
    content = exports.portfolio_document(assemble(educator, on), by=request.user)
    return _document(content, DOCX, educator, on, "docx")


@login_required
def portfolio_pdf(request, pk: int):
    """Printed at once: one educator's portfolio is a few pages, which LibreOffice prints in seconds."""
    educator = _educator(request, pk)
    on = timezone.localdate()
    try:
        content = exports.portfolio_pdf(assemble(educator, on), by=request.user)
    except PdfUnavailable as error:
        messages.error(request, str(error))
        return redirect("attestation:portfolio", pk=educator.pk)
    return _document(content, PDF, educator, on, "pdf")
