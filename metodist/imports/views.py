from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from metodist.audit.actions import record_viewed
from metodist.jobs.actions import start
from metodist.jobs.models import Job
from metodist.lib.xlsx import XLSX_CONTENT_TYPE

from . import actions, workbooks
from .context import ImportContext
from .formats import FORMATS, available
from .forms import UploadForm
from .models import ImportBatch
from .preview import Preview

ROWS_SHOWN = 1000  # a preview of a 20 000-row file lists the first rows of the chosen kind and says so
ROW_FILTERS = {
    "all": ("Все строки", None),
    "errors": ("С ошибками", {"error"}),
    "changes": ("Новые и изменённые", {"create", "update"}),
    "unchanged": ("Без изменений", {"unchanged"}),
}
SAMPLES = {
    "educators_sample": ("Пример — педагоги.xlsx", False),
    "educators_broken": ("Пример с ошибками — педагоги.xlsx", True),
}


def _context(request) -> ImportContext:
    if not request.user.can_edit_registry:
        raise PermissionDenied("Импорт доступен только тем, кто ведёт реестр.")
    return ImportContext(request.user, timezone.localdate())


def _xlsx(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file_name)
    return response


@login_required
def index(request):
    ctx = _context(request)
    formats = available(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, formats=formats, ctx=ctx)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = actions.create_batch(form.import_format, upload.name, form.content, by=request.user)
        return redirect(_start_check(request, batch, ctx))
    return render(
        request,
        "imports/index.html",
        {
            "form": form,
            "formats": formats,
            "batches": ImportBatch.objects.in_scope(request.user).listed()[:10],
        },
    )


@login_required
def template(request, code: str):
    ctx = _context(request)
    fmt = FORMATS.get(code)
    if fmt is None or not fmt.allowed(request.user):
        raise Http404
    return _xlsx(workbooks.template_bytes(fmt, ctx), f"Шаблон — {fmt.title}.xlsx")


@login_required
def sample(request, name: str):
    ctx = _context(request)
    if name not in SAMPLES or not FORMATS["educators"].allowed(request.user):
        raise Http404
    file_name, broken = SAMPLES[name]
    return _xlsx(workbooks.sample_bytes(ctx, broken=broken), file_name)


HISTORY_PAGE_SIZE = 50
KINDS = ("check", "commit")  # the jobs of a batch (jobs.py), found by their keys


@login_required
def history(request):
    _context(request)
    batches = ImportBatch.objects.history(request.user).listed().select_related("created_by")
    page = Paginator(batches, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "imports/history.html", {"page": page})


@login_required
def batch(request, pk: int):
    _context(request)
    # Another user's batch is readable once committed (its file is erased by then); a checked one only by its author.
    item = get_object_or_404(ImportBatch.objects.history(request.user).defer("content", "table"), pk=pk)
    fmt = FORMATS[item.format]
    jobs = Job.objects.visible_to(request.user).filter(key__in=[f"imports.{kind}:{item.pk}" for kind in KINDS])
    context = {"batch": item, "format": fmt, "job": jobs.first()}  # the latest check or commit of the file
    if item.is_checked:  # the stored result of the check: the file is neither read nor checked again here
        plan = Preview(item.preview)
        record_viewed(request.user, item, f"Просмотр проверки загрузки № {item.pk}", {"rows": plan.row_count})
        shown = request.GET.get("show", "all")
        rows = plan.rows(ROW_FILTERS.get(shown, ROW_FILTERS["all"])[1])
        context |= {
            "plan": plan,
            "rows": [plan.shown(row) for row in rows[:ROWS_SHOWN]],
            "rows_hidden": max(len(rows) - ROWS_SHOWN, 0),
            "problems": plan.problems[:ROWS_SHOWN],
            "problems_hidden": max(len(plan.problems) - ROWS_SHOWN, 0),
            "filters": [(code, label, code == shown) for code, (label, _) in ROW_FILTERS.items()],
            "counts": {status: plan.count(status) for status in ("create", "update", "unchanged", "error")},
        }
    return render(request, "imports/batch.html", context)


def _start_check(request, batch: ImportBatch, ctx: ImportContext):
    """Reading and checking a file of 20 000 rows takes seconds: a job (jobs.py), whose page shows the progress."""
    return start(
        "imports.check",
        by=request.user,
        key=f"imports.check:{batch.pk}",
        batch_id=batch.pk,
        today=ctx.today.isoformat(),
    )


@login_required
@require_POST
def check(request, pk: int):
    """Checks the stored rows again: the registry may have changed since the first check."""
    ctx = _context(request)
    item = get_object_or_404(ImportBatch.objects.in_scope(request.user).listed(), pk=pk)
    if item.is_committed:
        return redirect(item)
    return redirect(_start_check(request, item, ctx))


@login_required
@require_POST
def commit(request, pk: int):
    ctx = _context(request)
    item = get_object_or_404(ImportBatch.objects.in_scope(request.user).defer("content", "table"), pk=pk)
    if not item.is_checked:
        return redirect(item)  # committed already, or its check has not ended: the page says which
    job = start(
        "imports.commit",
        by=request.user,
        key=f"imports.commit:{item.pk}",
        batch_id=item.pk,
        today=ctx.today.isoformat(),
        municipalities=item.preview.get("municipalities", []),
    )
    return redirect(job)  # the job's result links to the batch's page, which shows what was written
