"""Pages of the self-diagnosis: the methodologist's questionnaires (build, publish) and the educator's filling.

A questionnaire is reached only through `Questionnaire.objects.of_author_scope(user)` (builders) or
`for_educator` (the educator): another municipality's questionnaire is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from metodist.audit import actions as audit
from metodist.audit.models import AuditAction

from . import analytics, selfcheck
from .forms_selfcheck import QuestionnaireForm, StatementsForm, answers_from
from .models import Deficit
from .questionnaire import BUILDER_ROLES, Questionnaire, QuestionnaireResponse, ResponseStatus


def _builder(user) -> bool:
    return user.is_superuser or (user.role in BUILDER_ROLES and bool(user.municipality_id))


def _own(request, pk: int) -> Questionnaire:
    if not _builder(request.user):
        raise PermissionDenied("Анкеты самодиагностики составляют методисты и координаторы муниципалитета.")
    return get_object_or_404(Questionnaire.objects.of_author_scope(request.user), pk=pk)


@login_required
def questionnaire_list(request):
    today = timezone.localdate()
    if not _builder(request.user):
        if not request.user.educator_id:
            raise PermissionDenied("Самодиагностика доступна педагогам и методистам муниципалитета.")
        context = educator_context(request.user.educator_id, today)
        context["gaps"] = analytics.own_gaps(request.user.educator_id, today)
        return render(request, "diagnostics/selfcheck/mine.html", context)
    questionnaires = (
        Questionnaire.objects.of_author_scope(request.user)
        .select_related("version__framework", "municipality")
        .annotate(
            statement_count=Count("statements", distinct=True),
            submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED), distinct=True),
            drafts=Count("responses", filter=Q(responses__status=ResponseStatus.DRAFT), distinct=True),
        )
    )
    return render(request, "diagnostics/selfcheck/list.html", {"questionnaires": questionnaires, "today": today})


def educator_context(educator_id: int, today) -> dict:
    """The educator's questionnaires: open ones (with the state of their response) and submitted ones with the
    deficits they gave. Shared by the cabinet panel."""
    available = list(
        Questionnaire.objects.for_educator(educator_id, today).select_related("diagnostic").order_by("closes_on")
    )
    responses = {
        r.questionnaire_id: r
        for r in QuestionnaireResponse.objects.filter(educator_id=educator_id, questionnaire__in=available)
    }
    deficits: dict[int, list] = {}
    for deficit in Deficit.objects.filter(
        educator_id=educator_id, diagnostic__questionnaire__in=[q for q in available if q.pk in responses]
    ).select_related("competency"):
        deficits.setdefault(deficit.diagnostic_id, []).append(deficit)
    open_ones, submitted = [], []
    for questionnaire in available:
        response = responses.get(questionnaire.pk)
        if response and response.is_submitted:
            submitted.append((questionnaire, response, deficits.get(questionnaire.diagnostic_id, [])))
        elif questionnaire.is_open(today):
            open_ones.append((questionnaire, response))
    return {"open_ones": open_ones, "submitted": submitted, "today": today}


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_create(request):
    if not _builder(request.user) or not request.user.municipality_id:
        raise PermissionDenied("Анкеты самодиагностики составляют методисты и координаторы муниципалитета.")
    municipality = request.user.municipality
    form = QuestionnaireForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            questionnaire = form.save(commit=False)
            questionnaire.municipality = municipality
            questionnaire.region = municipality.region
            questionnaire.created_by = request.user
            questionnaire.save()
            form.save_m2m()
            audit.record_created(request.user, questionnaire)
        messages.success(request, "Анкета создана. Добавьте утверждения по компетенциям.")
        return redirect("diagnostics:selfcheck_statements", pk=questionnaire.pk)
    return render(request, "diagnostics/selfcheck/form.html", {"form": form, "questionnaire": None})


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_edit(request, pk: int):
    questionnaire = _own(request, pk)
    if questionnaire.is_published:
        messages.error(request, "Опубликованная анкета не изменяется: по ней уже принимаются ответы.")
        return redirect("diagnostics:selfcheck_detail", pk=pk)
    form = QuestionnaireForm(request.POST or None, instance=questionnaire, municipality=questionnaire.municipality)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locked = Questionnaire.objects.select_for_update().get(pk=pk)
            if locked.is_published:
                messages.error(request, "Анкету опубликовали, пока вы её правили: изменения не сохранены.")
                return redirect("diagnostics:selfcheck_detail", pk=pk)
            before = audit.snapshot(locked)
            saved = form.save()
            audit.record(request.user, AuditAction.UPDATE, saved, audit.diff(before, audit.snapshot(saved)))
        messages.success(request, "Анкета сохранена.")
        return redirect("diagnostics:selfcheck_detail", pk=pk)
    return render(request, "diagnostics/selfcheck/form.html", {"form": form, "questionnaire": questionnaire})


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_statements(request, pk: int):
    questionnaire = _own(request, pk)
    if questionnaire.is_published:
        messages.error(request, "Опубликованная анкета не изменяется: по ней уже принимаются ответы.")
        return redirect("diagnostics:selfcheck_detail", pk=pk)
    form = StatementsForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locked = Questionnaire.objects.select_for_update().get(pk=pk)
            if locked.is_published:
                messages.error(request, "Анкету опубликовали, пока вы её правили: утверждения не сохранены.")
                return redirect("diagnostics:selfcheck_detail", pk=pk)
            count = form.save()
            audit.record(request.user, AuditAction.UPDATE, locked, summary=f"Утверждения анкеты: {count}")
        messages.success(request, f"Утверждения сохранены: {count}.")
        return redirect("diagnostics:selfcheck_detail", pk=pk)
    return render(request, "diagnostics/selfcheck/statements.html", {"form": form, "questionnaire": questionnaire})


@login_required
def questionnaire_detail(request, pk: int):
    questionnaire = _own(request, pk)
    statements = questionnaire.statements.select_related("competency__parent")
    counts = dict(
        questionnaire.responses.values("status").annotate(n=Count("pk")).values_list("status", "n").order_by()
    )
    return render(
        request,
        "diagnostics/selfcheck/detail.html",
        {
            "questionnaire": questionnaire,
            "statements": statements,
            "submitted": counts.get(ResponseStatus.SUBMITTED, 0),
            "drafts": counts.get(ResponseStatus.DRAFT, 0),
            "deficit_count": Deficit.objects.filter(diagnostic_id=questionnaire.diagnostic_id).count()
            if questionnaire.diagnostic_id
            else 0,
        },
    )


@login_required
@require_POST
def questionnaire_publish(request, pk: int):
    questionnaire = _own(request, pk)
    try:
        selfcheck.publish(questionnaire, by=request.user)
    except selfcheck.SelfcheckError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Анкета опубликована: педагоги увидят её в личном кабинете в дни её работы.")
    return redirect("diagnostics:selfcheck_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_fill(request, pk: int):
    educator_id = request.user.educator_id
    if not educator_id:
        raise PermissionDenied("Анкету самодиагностики заполняет педагог в своём личном кабинете.")
    today = timezone.localdate()
    questionnaire = get_object_or_404(
        Questionnaire.objects.for_educator(educator_id, today).select_related("diagnostic", "version"), pk=pk
    )
    statements = list(questionnaire.statements.select_related("competency__parent"))
    response = QuestionnaireResponse.objects.filter(questionnaire=questionnaire, educator_id=educator_id).first()
    values = {a.statement_id: a.value for a in response.answers.all()} if response else {}
    error, missing = "", set()
    if request.method == "POST":
        posted = answers_from(request.POST, statements)
        version = request.POST.get("version", "")
        version = int(version) if version.isdigit() else None
        submit = "submit" in request.POST
        try:
            action = selfcheck.submit if submit else selfcheck.save_draft
            action(questionnaire, request.user.educator, posted, version=version, on=today, by=request.user)
        except selfcheck.SelfcheckError as refused:
            error = str(refused)
            if isinstance(refused, selfcheck.Incomplete):
                missing = {statement.pk for statement in refused.missing}
                error = (
                    f"Ответы сохранены как черновик, но анкета не отправлена: не отмечено утверждений — "
                    f"{len(missing)}. Они выделены ниже."
                )
                selfcheck.save_draft(
                    questionnaire, request.user.educator, posted, version=None, on=today, by=request.user
                )
            values = {key: value for key, value in posted.items() if value is not None}
            response = QuestionnaireResponse.objects.filter(
                questionnaire=questionnaire, educator_id=educator_id
            ).first()
        else:
            if submit:
                messages.success(request, "Анкета отправлена. Результаты самодиагностики — в личном кабинете.")
                return redirect("diagnostics:selfcheck_fill", pk=pk)
            messages.success(request, "Черновик сохранён. Вернуться к анкете можно до её закрытия.")
            return redirect("diagnostics:selfcheck_fill", pk=pk)
    results = []
    if response and response.is_submitted:
        results = list(
            questionnaire.diagnostic.results.filter(educator_id=educator_id).select_related("competency", "level")
        )
    deficit_codes = set(
        Deficit.objects.filter(diagnostic=questionnaire.diagnostic, educator_id=educator_id).values_list(
            "competency__code", flat=True
        )
    )
    groups: list[tuple] = []
    for statement in statements:
        block = statement.competency.parent or statement.competency
        if not groups or groups[-1][0] != block:
            groups.append((block, []))
        groups[-1][1].append((statement, values.get(statement.pk), statement.pk in missing))
    return render(
        request,
        "diagnostics/selfcheck/fill.html",
        {
            "questionnaire": questionnaire,
            "groups": groups,
            "scale": questionnaire.scale(),
            "response": response,
            "read_only": bool(response and response.is_submitted) or not questionnaire.is_open(today),
            "error": error,
            "results": results,
            "deficit_codes": deficit_codes,
        },
    )
