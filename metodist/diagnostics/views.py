from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.audit.actions import snapshot
from metodist.jobs import actions as jobs
from metodist.lib.xlsx import xlsx_response
from metodist.people.models import Educator

from . import actions, framework, importing
from .forms import CompetencyForm, DiagnosticForm, ImportUploadForm, LevelFormSet
from .models import (
    Competency,
    CompetencyFramework,
    Deficit,
    Diagnostic,
    DiagnosticResult,
    FrameworkVersion,
    ImportStatus,
    ResultImport,
    can_manage,
)

PAGE_SIZE = 25


def _manager(request) -> None:
    if not can_manage(request.user):
        raise PermissionDenied("Раздел доступен методистам, координаторам и региональному оператору.")


@login_required
def index(request):
    user = request.user
    if can_manage(user) or user.scope_level == "organizations":
        recent = Diagnostic.objects.in_scope(user).select_related("version__framework", "subject")[:5]
        return render(
            request,
            "diagnostics/index.html",
            {
                "recent": recent,
                "can_manage": can_manage(user),
                "frameworks": CompetencyFramework.objects.all(),
                "imports": ResultImport.objects.in_scope(user).select_related("diagnostic")[:5],
            },
        )
    return my_results(request)


@login_required
def diagnostic_list(request):
    user = request.user
    diagnostics = Diagnostic.objects.in_scope(user).select_related("version__framework", "subject", "organization")
    level = request.GET.get("level", "")
    if level:
        diagnostics = diagnostics.filter(level=level)
    page = Paginator(diagnostics, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [d.pk for d in page]
    counts = dict(
        DiagnosticResult.objects.in_scope(user)
        .filter(diagnostic_id__in=ids)
        .values("diagnostic_id")
        .annotate(n=Count("educator_id", distinct=True))
        .values_list("diagnostic_id", "n")
    )
    rows = [(d, counts.get(d.pk, 0)) for d in page]
    from .models import DiagnosticLevel

    return render(
        request,
        "diagnostics/list.html",
        {"page": page, "rows": rows, "can_manage": can_manage(user), "levels": DiagnosticLevel.choices, "level": level},
    )


@login_required
def diagnostic_create(request):
    _manager(request)
    form = DiagnosticForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        diagnostic = actions.create_diagnostic(form.save(commit=False), by=request.user)
        messages.success(request, "Диагностика создана. Загрузите результаты из файла оператора.")
        return redirect(diagnostic)
    return render(request, "diagnostics/form.html", {"form": form, "diagnostic": None})


@login_required
def diagnostic_edit(request, pk):
    _manager(request)
    diagnostic = get_object_or_404(Diagnostic.objects.editable_by(request.user), pk=pk)
    before = snapshot(diagnostic)
    form = DiagnosticForm(request.POST or None, instance=diagnostic, user=request.user)
    if request.method == "POST" and form.is_valid():
        derived = actions.update_diagnostic(form.save(commit=False), before, by=request.user)
        if derived is not None:
            messages.success(request, f"Правило изменено, дефициты пересчитаны: {derived}.")
        else:
            messages.success(request, "Изменения сохранены.")
        return redirect(diagnostic)
    return render(request, "diagnostics/form.html", {"form": form, "diagnostic": diagnostic})


def _scoped_diagnostic(request, pk) -> Diagnostic:
    return get_object_or_404(
        Diagnostic.objects.in_scope(request.user).select_related(
            "version__framework", "subject", "region", "municipality", "organization"
        ),
        pk=pk,
    )


@login_required
def diagnostic_detail(request, pk):
    user = request.user
    diagnostic = _scoped_diagnostic(request, pk)
    results = DiagnosticResult.objects.in_scope(user).filter(diagnostic=diagnostic)
    found = Deficit.objects.in_scope(user).filter(diagnostic=diagnostic)
    scored = dict(results.values("competency_id").annotate(n=Count("pk")).values_list("competency_id", "n"))
    missing = dict(found.values("competency_id").annotate(n=Count("pk")).values_list("competency_id", "n"))
    nodes = Competency.objects.filter(version=diagnostic.version_id).select_related("parent").order_by("order")
    summary = []
    for node in nodes:
        n_scored = scored.get(node.pk, 0) if not node.is_block else None
        n_missing = missing.get(node.pk, 0)
        if node.is_block and not n_missing and diagnostic.rule_basis == "competency":
            summary.append((node, None, None, None))
            continue
        share = round(100 * n_missing / n_scored, 1) if n_scored else None
        summary.append((node, n_scored, n_missing, share))
    participants = (
        results.values("educator_id", "educator__last_name", "educator__first_name", "educator__patronymic")
        .annotate(score=Sum("score"), maximum=Sum("max_score"), scored=Count("pk"))
        .order_by("educator__last_name", "educator__first_name", "educator__patronymic", "educator_id")
    )
    page = Paginator(participants, PAGE_SIZE).get_page(request.GET.get("page"))
    on_page = [row["educator_id"] for row in page]
    per_educator = dict(
        found.filter(educator_id__in=on_page)
        .values("educator_id")
        .annotate(n=Count("pk"))
        .values_list("educator_id", "n")
    )
    rows = [
        {
            **row,
            "name": " ".join(
                p for p in (row["educator__last_name"], row["educator__first_name"], row["educator__patronymic"]) if p
            ),
            "percent": round(100 * row["score"] / row["maximum"], 1) if row["maximum"] else None,
            "deficits": per_educator.get(row["educator_id"], 0),
        }
        for row in page
    ]
    return render(
        request,
        "diagnostics/detail.html",
        {
            "diagnostic": diagnostic,
            "participants": page.paginator.count,
            "deficit_count": sum(missing.values()),
            "summary": summary,
            "page": page,
            "rows": rows,
            "can_edit": Diagnostic.objects.editable_by(user).filter(pk=pk).exists(),
            "can_import": can_manage(user),
            "thresholds": sorted((diagnostic.thresholds or {}).items()),
        },
    )


@login_required
def participant(request, pk, educator_id):
    diagnostic = _scoped_diagnostic(request, pk)
    results = (
        DiagnosticResult.objects.in_scope(request.user)
        .filter(diagnostic=diagnostic, educator_id=educator_id)
        .select_related("competency__parent", "level")
        .order_by("competency__order")
    )
    results = list(results)
    if not results:
        raise Http404
    educator = Educator.objects.get(pk=educator_id)
    found = {d.competency_id: d for d in Deficit.objects.filter(diagnostic=diagnostic, educator_id=educator_id)}
    for result in results:
        result.deficit = found.get(result.competency_id)
    return render(
        request,
        "diagnostics/participant.html",
        {"diagnostic": diagnostic, "educator": educator, "results": results, "deficits": found},
    )


@login_required
def my_results(request):
    user = request.user
    if not user.educator_id:
        return render(request, "diagnostics/mine.html", {"results": [], "deficits": []})
    results = (
        DiagnosticResult.objects.filter(educator_id=user.educator_id)
        .select_related("diagnostic", "competency", "level")
        .order_by("-diagnostic__ends_on", "diagnostic_id", "competency__order")
    )
    by_diagnostic: dict = {}
    for result in results:
        by_diagnostic.setdefault(result.diagnostic, []).append(result)
    today = timezone.localdate()
    deficits = (
        Deficit.objects.filter(educator_id=user.educator_id)
        .open(today)
        .select_related("competency", "diagnostic")
        .order_by("competency__order")
    )
    return render(
        request,
        "diagnostics/mine.html",
        {"by_diagnostic": list(by_diagnostic.items()), "deficits": deficits, "results": results},
    )


# Frameworks


@login_required
def framework_list(request):
    frameworks = CompetencyFramework.objects.prefetch_related("versions")
    return render(
        request, "diagnostics/frameworks.html", {"frameworks": frameworks, "can_manage": can_manage(request.user)}
    )


@login_required
def version_detail(request, pk):
    version = get_object_or_404(FrameworkVersion.objects.select_related("framework"), pk=pk)
    nodes = list(version.competencies.order_by("order", "code"))
    blocks = [(b, [c for c in nodes if c.parent_id == b.pk]) for b in nodes if b.parent_id is None]
    return render(
        request,
        "diagnostics/version.html",
        {
            "version": version,
            "blocks": blocks,
            "levels": version.levels.all(),
            "versions": version.framework.versions.all(),
            "can_manage": can_manage(request.user),
            "draft": version.framework.draft(),
            "diagnostic_count": version.diagnostics.count(),
        },
    )


def _to_draft_message(request, version, draft) -> None:
    if draft.pk != version.pk:
        messages.info(request, f"Версия {version.number} опубликована и не меняется: изменение внесено в черновик "
                               f"версии {draft.number}.")  # fmt: skip


@login_required
def competency_form(request, pk, code=None):
    _manager(request)
    version = get_object_or_404(FrameworkVersion, pk=pk)
    node = get_object_or_404(Competency, version=version, code=code) if code else None
    initial = {}
    if node is not None:
        initial = {
            "code": node.code,
            "name": node.name,
            "parent_code": node.parent.code if node.parent_id else "",
            "group": node.group,
            "for_managers": node.for_managers,
            "order": node.order,
        }
    form = CompetencyForm(request.POST or None, version=version, node=node, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_competency(version, by=request.user, node=node, **form.fields_to_save())
        _to_draft_message(request, version, saved.version)
        messages.success(request, "Компетенция сохранена." if node else "Компетенция добавлена.")
        return redirect(saved.version)
    return render(request, "diagnostics/competency_form.html", {"form": form, "version": version, "node": node})


@login_required
@require_POST
def competency_remove(request, pk, code):
    _manager(request)
    version = get_object_or_404(FrameworkVersion, pk=pk)
    get_object_or_404(Competency, version=version, code=code)
    try:
        actions.remove_competency(version, code, by=request.user)
    except framework.FrameworkError as error:
        messages.error(request, str(error))
        return redirect(version)
    draft = version.framework.draft()
    _to_draft_message(request, version, draft)
    messages.success(request, "Компетенция удалена из черновика.")
    return redirect(draft)


@login_required
def levels_form(request, pk):
    _manager(request)
    version = get_object_or_404(FrameworkVersion, pk=pk)
    initial = [{"name": lv.name, "min_percent": lv.min_percent, "mastered": lv.mastered} for lv in version.levels.all()]
    formset = LevelFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        draft = actions.save_levels(version, formset.levels(), by=request.user)
        _to_draft_message(request, version, draft)
        messages.success(request, "Шкала сохранена.")
        return redirect(draft)
    return render(request, "diagnostics/levels_form.html", {"formset": formset, "version": version})


@login_required
@require_POST
def version_publish(request, pk):
    _manager(request)
    version = get_object_or_404(FrameworkVersion, pk=pk)
    try:
        actions.publish_version(version, by=request.user, on=timezone.localdate())
    except framework.FrameworkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Версия {version.number} опубликована: новые диагностики проводятся по ней.")
    return redirect(version)


# Import of results


@login_required
def import_new(request, pk):
    _manager(request)
    # any procedure the user sees: the participants are matched among the educators of the user's territory only
    diagnostic = get_object_or_404(Diagnostic.objects.in_scope(request.user).select_related("version"), pk=pk)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result_import = ResultImport.objects.create(
            diagnostic=diagnostic, file_name=upload.name[:255], content=form.content, created_by=request.user
        )
        job = jobs.start(
            "diagnostics.check",
            by=request.user,
            key=f"diagnostics.check:{result_import.pk}",
            import_id=result_import.pk,
            today=timezone.localdate().isoformat(),
        )
        return redirect("jobs:detail", job.pk)
    return render(
        request,
        "diagnostics/import_new.html",
        {"form": form, "diagnostic": diagnostic, "headers": importing.template_headers(diagnostic)},
    )


@login_required
def import_template(request, pk):
    diagnostic = get_object_or_404(Diagnostic.objects.in_scope(request.user).select_related("version"), pk=pk)
    return xlsx_response(importing.template_bytes(diagnostic), f"Шаблон_результатов_диагностики_{diagnostic.pk}.xlsx")


@login_required
def import_detail(request, pk):
    result_import = get_object_or_404(ResultImport.objects.in_scope(request.user).select_related("diagnostic"), pk=pk)
    return render(request, "diagnostics/import.html", {"item": result_import, "report": result_import.report})


@login_required
@require_POST
def import_commit(request, pk):
    _manager(request)
    result_import = get_object_or_404(ResultImport.objects.in_scope(request.user), pk=pk)
    if result_import.status != ImportStatus.CHECKED:
        messages.error(request, "Этот файл нельзя загрузить: он не проверен, содержит ошибки или уже загружен.")
        return redirect(result_import)
    job = jobs.start(
        "diagnostics.commit",
        by=request.user,
        key=f"diagnostics.commit:{result_import.pk}",
        import_id=result_import.pk,
        today=timezone.localdate().isoformat(),
    )
    return redirect("jobs:detail", job.pk)
