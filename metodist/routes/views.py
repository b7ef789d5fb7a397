"""Pages of individual routes. Every route is reached through `LearningRoute.objects.in_scope(user)`."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.audit.actions import record_download
from metodist.diagnostics.models import Deficit
from metodist.lib.versions import CONFLICT, EditConflict, VersionForm
from metodist.people.models import Educator, Employment

from . import actions, outcome
from .actions import RouteRefused, can_manage, is_owner
from .forms import (
    CommentForm,
    DoneForm,
    EducatorChoiceForm,
    FilterForm,
    NewRouteForm,
    RouteForm,
    StepForm,
    SupportForm,
    TransitionForm,
)
from .models import (
    ACTION_LABELS,
    FINISHED,
    NEEDS_REASON,
    WORKING,
    LearningRoute,
    Recommendation,
    RouteDeficit,
    RouteNotice,
    RouteStatus,
    RouteStep,
    StepStatus,
)

PAGE_SIZE = 50
# the list shows first what is being worked on, then what waits for a decision, then the finished routes
STATUS_RANK = Case(
    *[When(status=status, then=Value(rank)) for rank, status in enumerate(
        [RouteStatus.IN_PROGRESS, RouteStatus.REVIEW, RouteStatus.AGREED, RouteStatus.DRAFT, RouteStatus.COMPLETED,
         RouteStatus.EVALUATED]
    )],
    output_field=IntegerField(),
)  # fmt: skip


def _routes(user):
    return LearningRoute.objects.in_scope(user)


def _route(request, pk: int) -> LearningRoute:
    return get_object_or_404(_routes(request.user).select_related("educator", "tutor", "organization"), pk=pk)


@login_required
def index(request):
    """The module's start page: the routes the user sees, with filters for those who see many."""
    user, today = request.user, timezone.localdate()
    routes = _routes(user)
    if not user.sees_organizations:
        # an educator does not see the drafts of their own route; a tutor does
        routes = routes.exclude(~Q(tutor_id=user.pk) & Q(status=RouteStatus.DRAFT))
    form = FilterForm(request.GET or None, user=user)
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            routes = routes.filter(status=data["status"])
        if data["base"]:
            routes = routes.filter(base=data["base"])
        if data["organization"]:
            working = Employment.objects.active(today).filter(organization=data["organization"])
            routes = routes.filter(educator_id__in=working.values("educator_id"))
        if data["tutor"]:
            routes = routes.filter(tutor=data["tutor"])
        if data["curator"]:
            routes = routes.filter(curator_kind=data["curator"])
        if data["overdue"]:
            routes = routes.overdue(today)
    routes = (
        routes.select_related("educator", "tutor", "organization")
        .with_progress()
        .with_overdue(today)
        .annotate(rank=STATUS_RANK)
        .order_by("rank", "-starts_on", "-pk")
    )
    page = Paginator(routes, PAGE_SIZE).get_page(request.GET.get("page"))
    notices = RouteNotice.objects.filter(recipient=user).unread().select_related("route__educator", "step")
    context = {
        "page": page,
        "form": form,
        "filters": user.sees_organizations or LearningRoute.objects.filter(tutor=user).exists(),
        "notices": list(notices[:8]),
        "unread": notices.count(),
        "can_create": user.can_edit_registry,
        "today": today,
    }
    return render(request, "routes/list.html", context)


def _open_deficits(educator, today):
    return (
        Deficit.objects.open(today)
        .filter(educator=educator)
        .select_related("competency", "diagnostic")
        .order_by("competency__order", "competency__code")
    )


@login_required
def new(request):
    """Drafts a route for an educator from their open deficits (the methodologists and coordinators)."""
    user, today = request.user, timezone.localdate()
    if not user.can_edit_registry:
        raise PermissionDenied("Маршрут составляют методисты, координаторы и администраторы организаций.")
    in_scope = Educator.objects.in_scope(user)
    candidates = in_scope.filter(pk__in=Deficit.objects.open(today).values("educator_id")).exclude(
        pk__in=LearningRoute.objects.exclude(status__in=FINISHED).values("educator_id")
    )
    query = request.GET.get("educator_q", "").strip()[:100]
    # the educator is chosen on the first page (a GET, as a link from elsewhere) and posted again with the route
    chosen = request.POST if request.method == "POST" else (request.GET if "educator" in request.GET else None)
    chooser = EducatorChoiceForm(chosen, educators=in_scope, candidates=candidates, query=query)
    if not chooser.is_valid():
        context = {"chooser": chooser, "query": query, "anyone": chooser.is_bound or candidates.exists(), "form": None}
        return render(request, "routes/new.html", context)
    educator = chooser.cleaned_data["educator"]
    region_id = _region_of(educator, today) or user.region_id
    form = NewRouteForm(
        request.POST or None,
        user=user,
        region_id=region_id,
        deficits=_open_deficits(educator, today),
        initial={
            "starts_on": today,
            "ends_on": today.replace(year=today.year + 1),
            "goal": "Преодоление профессиональных дефицитов, выявленных диагностикой",
        },
    )
    if request.method == "POST" and form.is_valid():
        fields = {key: form.cleaned_data[key] for key in RouteForm.Meta.fields}
        route = actions.create_route(
            educator, by=user, deficits=list(form.cleaned_data["deficits"]), today=today, region_id=region_id, **fields
        )
        messages.success(request, "Черновик маршрута создан; проверьте предложенные шаги.")
        return redirect("routes:detail", pk=route.pk)
    return render(request, "routes/new.html", {"form": form, "educator": educator})


def _region_of(educator, today):
    job = Employment.objects.active(today).filter(educator=educator).select_related("organization").first()
    job = job or Employment.objects.filter(educator=educator).select_related("organization").first()
    return job.organization.region_id if job else None


@login_required
def detail(request, pk: int):
    user, today = request.user, timezone.localdate()
    route = _route(request, pk)
    manager, owner = can_manage(user, route), is_owner(user, route)
    if owner and not manager and route.status == RouteStatus.DRAFT:
        raise Http404("Маршрут ещё составляется.")
    if route.tutor_id == user.pk:
        actions.read_notices(user, route)
    steps = list(
        route.steps.exclude(status=StepStatus.REJECTED)
        .select_related("program", "cohort", "site")
        .prefetch_related(
            Prefetch("deficits", queryset=RouteDeficit.objects.select_related("competency"), to_attr="addressed")
        )
        .order_by("order", "pk")
    )
    for step in steps:
        step.names = "; ".join(row.competency.name for row in step.addressed)
    deficits = list(route.deficits.select_related("competency", "diagnostic"))
    finished = route.status in FINISHED
    context = {
        "route": route,
        "progress": route.progress(),
        "steps": steps,
        "proposed": [step for step in steps if step.status == StepStatus.PROPOSED],
        "planned": [step for step in steps if step.status != StepStatus.PROPOSED],
        "deficits": deficits,
        "open_deficits": list(_open_deficits(route.educator, today)) if manager else [],
        "changes": outcome.compare(route, today) if finished else [],
        "recommendations": list(route.recommendations.all()),
        "support": list(route.support.all()),
        "events": list(route.events.select_related("actor", "step")[:100]),
        "manager": manager,
        "owner": owner,
        "working": route.status in WORKING,
        "finished": finished,
        "transitions": [(a, ACTION_LABELS[a], a in NEEDS_REASON) for a in route.actions_from_here()] if manager else [],
        "support_form": SupportForm() if manager else None,
        "today": today,
    }
    return render(request, "routes/detail.html", context)


def _refused(request, route, error: RouteRefused):
    messages.error(request, str(error))
    return redirect("routes:detail", pk=route.pk)


@login_required
def edit(request, pk: int):
    route = _route(request, pk)
    if not can_manage(request.user, route):
        raise PermissionDenied("Изменять маршрут может его тьютор или методист.")
    form = RouteForm(request.POST or None, instance=route, user=request.user, region_id=route.region_id)
    lock = VersionForm.of(route.version, actions.route_state(route), request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid() and lock.is_valid():
        try:
            actions.update_route(route, form, lock, by=request.user)
        except EditConflict as refused:
            route = LearningRoute.objects.get(pk=pk)
            form = RouteForm(request.POST, instance=route, user=request.user, region_id=route.region_id)
            lock = VersionForm(lock.refreshed(request.POST, refused), prefix="lock")
            form.is_valid()
            conflict = {"message": CONFLICT, "lines": refused.changed()}
        except RouteRefused as error:
            return _refused(request, route, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("routes:detail", pk=route.pk)
    return render(request, "routes/form.html", {"form": form, "lock": lock, "route": route, "conflict": conflict})


@login_required
@require_POST
def transition(request, pk: int):
    route = _route(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Оценка результата — число от 1 до 5.")
        return redirect("routes:detail", pk=route.pk)
    data = form.cleaned_data
    try:
        actions.transition(
            route, data["action"], by=request.user, today=timezone.localdate(), reason=data["reason"],
            rating=data["rating"],
        )  # fmt: skip
    except RouteRefused as error:
        return _refused(request, route, error)
    messages.success(request, f"Готово: {ACTION_LABELS.get(data['action'], '')}.")
    return redirect("routes:detail", pk=route.pk)


@login_required
@require_POST
def repropose(request, pk: int):
    route = _route(request, pk)
    if not can_manage(request.user, route) or route.status != RouteStatus.DRAFT:
        raise PermissionDenied("Предложения обновляются только в черновике маршрута, тьютором или методистом.")
    count = actions.add_proposals(route, today=timezone.localdate())
    messages.success(request, f"Предложено шагов: {count}.")
    return redirect("routes:detail", pk=route.pk)


def _step(request, route_pk: int, pk: int) -> RouteStep:
    route = _route(request, route_pk)
    return get_object_or_404(RouteStep.objects.select_related("route__educator"), route=route, pk=pk)


@login_required
def step_form(request, pk: int, step_pk: int | None = None):
    route = _route(request, pk)
    if not can_manage(request.user, route):
        raise PermissionDenied("Шаги маршрута составляет тьютор или методист.")
    step = get_object_or_404(route.steps, pk=step_pk) if step_pk else None
    form = StepForm(request.POST or None, instance=step, route=route)
    if request.method == "POST" and form.is_valid():
        try:
            if step is None:
                data = dict(form.cleaned_data)
                deficits = data.pop("deficits")
                actions.add_step(route, by=request.user, deficits=deficits, **data)
            else:
                actions.save_step(step, form, by=request.user)
        except RouteRefused as error:
            return _refused(request, route, error)
        messages.success(request, "Шаг сохранён.")
        return redirect("routes:detail", pk=route.pk)
    return render(request, "routes/step_form.html", {"form": form, "route": route, "step": step})


@login_required
@require_POST
def step_decide(request, pk: int, step_pk: int):
    step = _step(request, pk, step_pk)
    try:
        actions.decide_proposal(step, accept=request.POST.get("decision") == "accept", by=request.user)
    except RouteRefused as error:
        return _refused(request, step.route, error)
    return redirect("routes:detail", pk=pk)


@login_required
@require_POST
def step_cancel(request, pk: int, step_pk: int):
    step = _step(request, pk, step_pk)
    try:
        actions.cancel_step(step, by=request.user, reason=request.POST.get("reason", ""))
    except RouteRefused as error:
        return _refused(request, step.route, error)
    return redirect("routes:detail", pk=pk)


@login_required
def step_done(request, pk: int, step_pk: int):
    """The educator marks a step done: evidence (a file or a link) and reflection."""
    step = _step(request, pk, step_pk)
    route = step.route
    if not (is_owner(request.user, route) or can_manage(request.user, route)):
        raise PermissionDenied("Отметить выполнение шага может педагог, чей это маршрут, или его тьютор.")
    form = DoneForm(request.POST or None, request.FILES or None, step=step)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.mark_done(
                step, by=request.user, today=timezone.localdate(), evidence=data["evidence"], link=data["link"],
                reflection=data["reflection"],
            )  # fmt: skip
        except RouteRefused as error:
            return _refused(request, route, error)
        messages.success(request, "Шаг отмечен выполненным; тьютор получит уведомление.")
        return redirect("routes:detail", pk=route.pk)
    return render(request, "routes/done_form.html", {"form": form, "route": route, "step": step})


@login_required
@require_POST
def step_comment(request, pk: int, step_pk: int):
    step = _step(request, pk, step_pk)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        actions.comment_step(
            step, by=request.user, comment=form.cleaned_data.get("comment", ""),
            confirm=form.cleaned_data.get("confirm", False),
        )  # fmt: skip
    except RouteRefused as error:
        return _refused(request, step.route, error)
    messages.success(request, "Комментарий сохранён.")
    return redirect("routes:detail", pk=pk)


@login_required
def step_evidence(request, pk: int, step_pk: int):
    """A step's evidence file, given only to those who see the route (files are never served publicly)."""
    step = _step(request, pk, step_pk)
    if not step.evidence:
        raise Http404("Файла нет.")
    try:
        handle = step.evidence.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл не найден.") from error
    record_download(request.user, step.route, f"Скачано подтверждение шага маршрута № {pk}", {"step": step.pk})
    return FileResponse(handle, as_attachment=True, filename=Path(step.evidence.name).name)


@login_required
@require_POST
def recommendation_edit(request, pk: int, rec_pk: int):
    route = _route(request, pk)
    recommendation = get_object_or_404(Recommendation, route=route, pk=rec_pk)
    try:
        actions.save_recommendation(recommendation, request.POST.get("text", ""), by=request.user)
    except RouteRefused as error:
        return _refused(request, route, error)
    messages.success(request, "Рекомендация сохранена.")
    return redirect("routes:detail", pk=pk)


@login_required
@require_POST
def support_add(request, pk: int):
    route = _route(request, pk)
    form = SupportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите вид и дату пункта сопровождения.")
        return redirect("routes:detail", pk=pk)
    try:
        actions.add_support(route, by=request.user, **form.cleaned_data)
    except RouteRefused as error:
        return _refused(request, route, error)
    return redirect("routes:detail", pk=pk)
