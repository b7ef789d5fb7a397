from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

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
        actions.check_batch(batch, by=request.user, today=ctx.today)
        return redirect("imports:batch", pk=batch.pk)
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
    context = {"batch": item, "format": fmt}
    if item.is_checked:  # the stored result of the check: the file is neither read nor checked again here
        plan = Preview(item.preview)
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


@login_required
@require_POST
def commit(request, pk: int):
    ctx = _context(request)
    item = get_object_or_404(ImportBatch.objects.in_scope(request.user), pk=pk)
    try:
        plan = actions.commit_batch(item, by=request.user, today=ctx.today)
    except actions.ImportRejected as rejected:
        messages.error(request, str(rejected))
        return redirect("imports:batch", pk=item.pk)
    if not plan.changes:
        messages.info(request, "Загружать нечего: все строки файла совпадают с данными реестра.")
    return redirect("imports:batch", pk=item.pk)  # a committed batch's page shows what was written
