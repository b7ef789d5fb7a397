"""Pages of the bank of professional difficulties, the kept topics and an educator's own difficulties."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.accounts.models import ScopeLevel
from metodist.lib import xlsx
from metodist.lib.dates import school_year

from . import actions, bank, records
from .forms import BankFilterForm, DifficultyForm, PlanForm, TopicForm
from .models import ReportedDifficulty, Topic


def _bank_user(request):
    if not bank.sees_bank(request.user):
        raise PermissionDenied("Банк затруднений доступен методической службе и администраторам организаций.")


def _filters(request):
    form = BankFilterForm(request.GET or None, user=request.user, today=timezone.localdate())
    return form, form.filters()


def _topic_label(filters):
    return bank.topic_labels([filters.topic])[filters.topic] if filters.topic else ""


@login_required
def index(request):
    if not bank.sees_bank(request.user):
        return redirect("difficulties:mine")
    form, filters = _filters(request)
    today = timezone.localdate()
    year, top = bank.planning(request.user, today)
    context = {
        "form": form,
        "filters": filters,
        "table": bank.table(request.user, filters),
        "year": year,
        "top": top,
        "top_sources": [(code, bank.SOURCES[code]) for code in bank.visible_sources(request.user)],
        "sources": bank.SOURCES,
        "topic_label": _topic_label(filters),
        "tab": "table",
    }
    return render(request, "difficulties/index.html", context)


@login_required
def matrix(request, by: str):
    _bank_user(request)
    if by not in ("subject", "organization"):
        raise Http404
    form, filters = _filters(request)
    context = {
        "form": form,
        "filters": filters,
        "matrix": bank.matrix(request.user, filters, by),
        "by": by,
        "legend": bank.HEAT_LEGEND,
        "tab": by,
    }
    return render(request, "difficulties/matrix.html", context)


@login_required
def trends(request):
    _bank_user(request)
    form, filters = _filters(request)
    months, by_month = bank.trend(request.user, filters, "month")
    wide = bank.Filters(
        start=bank.year_start(school_year(filters.end) - 4),
        end=filters.end,
        subject_id=filters.subject_id,
        organization_id=filters.organization_id,
        source=filters.source,
        topic=filters.topic,
    )
    years, by_year = bank.trend(request.user, wide, "year")
    context = {
        "form": form,
        "filters": filters,
        "month_chart": bank.trend_chart(months, by_month, "month"),
        "year_chart": bank.trend_chart(years, by_year, "year"),
        "years": [(bank.year_label(year), {s: by_year[s][i] for s in by_year}) for i, year in enumerate(years)],
        "year_sources": list(by_year),
        "sources": bank.SOURCES,
        "topic_label": _topic_label(filters),
        "tab": "trends",
    }
    return render(request, "difficulties/trends.html", context)


@login_required
def cell(request):
    """The records of a cell (a topic, optionally a subject or an organization, a source) and, for the
    service, the step to a group consultation or an event from its open requests."""
    _bank_user(request)
    form, filters = _filters(request)
    if not filters.topic:
        raise Http404
    plan = None
    if bank.sees_surveys(request.user):
        plan = _plan_form(request, filters, data=None)
    context = {
        "form": form,
        "filters": filters,
        "drill": records.drill(request.user, filters),
        "topic_label": _topic_label(filters),
        "plan": plan,
        "sources": bank.SOURCES,
    }
    return render(request, "difficulties/cell.html", context)


def _plan_form(request, filters, data):
    chosen = records.open_requests(request.user, filters)
    municipality_id = request.user.municipality_id or next(iter(chosen.values_list("municipality_id", flat=True)), None)
    initial = {
        "requests": list(chosen),
        "title": f"Семинар: {_topic_label(filters)}"[:300],
        "subject": filters.subject_id,
        "assignee": request.user.pk,
        "on": timezone.localdate(),
    }
    return PlanForm(data, requests=chosen, municipality_id=municipality_id, initial=initial)


@login_required
@require_POST
def plan(request):
    if not bank.sees_surveys(request.user):
        raise PermissionDenied
    form, filters = _filters(request)
    if not filters.topic:
        raise Http404
    plan_form = _plan_form(request, filters, data=request.POST)
    if plan_form.is_valid():
        data = plan_form.cleaned_data
        common = {
            "assignee": data["assignee"],
            "assignee_kind": data["assignee_kind"],
            "on": data["on"],
            "today": timezone.localdate(),
            "by": request.user,
        }
        try:
            if data["how"] == "event":
                event = actions.plan_event(
                    data["requests"],
                    title=data["title"],
                    subject=data["subject"],
                    start=data["start"],
                    end=data["end"],
                    **common,
                )
            else:
                actions.plan_group_consultation(data["requests"], **common)
        except ValidationError as refused:
            _add_errors(plan_form, refused)
        else:
            count = len(data["requests"])
            if data["how"] == "event":
                messages.success(request, f"Создан черновик мероприятия, на него назначено запросов: {count}.")
                return redirect("events:edit", pk=event.pk)
            messages.success(request, f"Групповая консультация назначена, запросов: {count}.")
            return redirect(f"{reverse('difficulties:index')}?{request.GET.urlencode()}")
    context = {
        "form": form,
        "filters": filters,
        "drill": records.drill(request.user, filters),
        "topic_label": _topic_label(filters),
        "plan": plan_form,
        "sources": bank.SOURCES,
    }
    return render(request, "difficulties/cell.html", context, status=400)


def _add_errors(form, refused: ValidationError) -> None:
    if hasattr(refused, "error_dict"):
        for name, errors in refused.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refused.messages)


@login_required
def export(request):
    _bank_user(request)
    form, filters = _filters(request)
    table = bank.table(request.user, filters)
    headers = ["Тема"]
    for _, label in table.columns:
        headers += [f"{label}: записей", f"{label}: педагогов"]
    headers.append("Всего записей")
    rows = []
    for row in table.rows:
        line = [row.label]
        for source in table.sources:
            cell = row.cell(source) or {"records": 0, "educators": 0}
            line += [cell["records"], xlsx.NOT_APPLICABLE if source == bank.SURVEYS else cell["educators"]]
        rows.append([*line, row.total])
    notes = [table.survey_note] if table.survey_note else []
    sheet = xlsx.Sheet(title="Банк затруднений", headers=headers, rows=rows, notes=notes)
    words = [f"период {filters.start:%d.%m.%Y}–{filters.end:%d.%m.%Y}"]
    if filters.source:
        words.append(f"источник: {bank.SOURCES[filters.source]}")
    if filters.topic:
        words.append(f"тема: {_topic_label(filters)}")
    made = xlsx.Export.by(request.user, title="Банк профессиональных затруднений", filters="; ".join(words))
    content = xlsx.export_bytes(made, [sheet])
    return xlsx.xlsx_response(content, xlsx.export_filename("Банк-затруднений", made.place, timezone.localdate()))


# ---- the kept topics


def _topic_list(user):
    """(municipality, region) of the list `user` keeps, or None: the service of a municipality keeps its own,
    a regional operator the region's shared one."""
    if user.scope_level == ScopeLevel.MUNICIPALITY and user.municipality_id:
        return user.municipality, user.municipality.region
    if user.scope_level == ScopeLevel.REGION and user.region_id:
        return None, user.region
    return None


@login_required
def topics(request):
    user = request.user
    if not bank.sees_surveys(user):
        raise PermissionDenied
    kept = _topic_list(user)
    form = TopicForm(request.POST or None)
    if request.method == "POST":
        if kept is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.create_topic(name=form.cleaned_data["name"], municipality=kept[0], region=kept[1], by=user)
            except ValidationError as refused:
                _add_errors(form, refused)
            else:
                messages.success(request, "Тема добавлена.")
                return redirect("difficulties:topics")
    listed = Topic.objects.in_scope(user).select_related("municipality", "region").order_by("order", "name")
    own_list = (getattr(kept[0], "pk", None), kept[1].pk) if kept else None
    own = [t for t in listed if (t.municipality_id, t.region_id) == own_list]
    shared = [t for t in listed if t not in own and t.municipality_id is None]
    others = [t for t in listed if t not in own and t.municipality_id is not None]
    context = {"form": form, "own": own, "shared": shared, "others": others, "kept": kept}
    return render(request, "difficulties/topics.html", context)


def _own_topic(request, pk):
    kept = _topic_list(request.user)
    if kept is None:
        raise PermissionDenied
    return get_object_or_404(Topic, pk=pk, municipality=kept[0], region=kept[1])


@login_required
def rename(request, pk: int):
    topic = _own_topic(request, pk)
    form = TopicForm(request.POST or None, initial={"name": topic.name})
    if request.method == "POST" and form.is_valid():
        try:
            actions.rename_topic(topic, form.cleaned_data["name"], by=request.user)
        except ValidationError as refused:
            _add_errors(form, refused)
        else:
            messages.success(request, "Тема переименована.")
            return redirect("difficulties:topics")
    return render(request, "difficulties/topic_form.html", {"form": form, "topic": topic})


@login_required
@require_POST
def move(request, pk: int, step: str):
    topic = _own_topic(request, pk)
    actions.move_topic(topic, -1 if step == "up" else 1, by=request.user)
    return redirect("difficulties:topics")


@login_required
@require_POST
def archive(request, pk: int):
    topic = _own_topic(request, pk)
    actions.set_archived(topic, not topic.archived, by=request.user)
    messages.success(request, "Тема убрана в архив." if topic.archived else "Тема возвращена из архива.")
    return redirect("difficulties:topics")


# ---- an educator's own difficulties


@login_required
def mine(request):
    user = request.user
    if not user.educator_id:
        raise PermissionDenied("Отмечать затруднения может педагог, чья запись есть в реестре.")
    today = timezone.localdate()
    organization = user.educator.home_organization(today)
    municipality_id = organization.municipality_id if organization else None
    form = DifficultyForm(request.POST or None, municipality_id=municipality_id)
    if request.method == "POST" and form.is_valid():
        if organization is None:
            form.add_error(None, "В реестре нет вашего места работы на сегодня: обратитесь к администратору школы.")
        else:
            actions.report_difficulty(
                user.educator,
                competency=form.competency,
                topic=form.kept,
                subject=form.cleaned_data["subject"],
                description=form.cleaned_data["description"],
                on=today,
                organization=organization,
                by=user,
            )
            messages.success(request, "Затруднение отмечено. Методическая служба увидит его в банке затруднений.")
            return redirect("difficulties:mine")
    own = ReportedDifficulty.objects.in_scope(user).select_related("competency", "topic", "subject", "organization")
    return render(request, "difficulties/mine.html", {"form": form, "own": own, "organization": organization})


@login_required
@require_POST
def delete(request, pk: int):
    user = request.user
    difficulty = get_object_or_404(ReportedDifficulty, pk=pk, educator_id=user.educator_id or 0)
    actions.delete_difficulty(difficulty, by=user)
    messages.success(request, "Затруднение удалено.")
    return redirect("difficulties:mine")
