"""Pages of the competitions module: the list, a competition's card (stages, entries, results), a jury member's
scoring sheet, the jury agreement table, the results export; writes go through actions."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.accounts.models import ScopeLevel
from metodist.lib.xlsx import export_filename, xlsx_response

from . import actions, agreement, exports
from .actions import CompetitionRefused
from .forms import (
    CompetitionForm,
    CriterionForm,
    EntryForm,
    FilterForm,
    JuryForm,
    ResultForm,
    ScoreSheetForm,
    StageForm,
)
from .models import Competition, CompetitionEntry, CompetitionStage, JuryMember, Kind, Level, Participants, Score

PAGE_SIZE = 50
ORGANIZER_LEVELS = (ScopeLevel.ALL, ScopeLevel.REGION, ScopeLevel.MUNICIPALITY)


@login_required
def index(request):
    filters = FilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    competitions = Competition.objects.in_scope(request.user)
    if data.get("year"):
        competitions = competitions.filter(year=data["year"])
    if data.get("kind"):
        competitions = competitions.filter(kind=data["kind"])
    if data.get("participants"):
        competitions = competitions.filter(participants=data["participants"])
    if data.get("level"):
        competitions = competitions.filter(stages__level=data["level"]).distinct()
    competitions = competitions.select_related("municipality").prefetch_related(
        Prefetch("stages", queryset=CompetitionStage.objects.annotate(entry_count=Count("entries")))
    )
    page = Paginator(competitions.order_by("-year", "title", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    years = Competition.objects.in_scope(request.user).order_by("-year").values_list("year", flat=True).distinct()
    context = {
        "page": page,
        "filters": data,
        "years": list(years),
        "kinds": Kind.choices,
        "levels": Level.choices,
        "participant_kinds": Participants.choices,
        "can_create": request.user.can_edit_registry and request.user.scope_level in ORGANIZER_LEVELS,
    }
    return render(request, "competitions/index.html", context)


@login_required
def create(request):
    form = CompetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = request.user
        municipality = user.municipality if user.scope_level == ScopeLevel.MUNICIPALITY else None
        region = municipality.region if municipality else user.region
        try:
            if region is None:
                raise CompetitionRefused("У учётной записи не указан регион: создать конкурс нельзя.")
            competition = actions.create_competition(
                by=user, title=data["title"], kind=data["kind"], year=data["year"], region=region,
                municipality=municipality, participants=data["participants"],
                stages=[(data["level"], data["starts_on"], data["ends_on"])],
            )  # fmt: skip
        except CompetitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Конкурс создан.")
            return redirect("competitions:detail", pk=competition.pk)
    return render(request, "competitions/form.html", {"form": form, "title": "Новый конкурс"})


def _competition(request, pk) -> Competition:
    return get_object_or_404(Competition.objects.in_scope(request.user).select_related("municipality", "region"), pk=pk)


@login_required
def detail(request, pk):
    competition = _competition(request, pk)
    entries = (
        CompetitionEntry.objects.in_scope(request.user)
        .select_related("educator", "organization", "advanced_to")
        .order_by("rank", "educator__last_name", "organization__short_name", "pk")
    )
    jury = JuryMember.objects.select_related("user", "educator__user")
    stages = list(
        competition.stages.prefetch_related(
            Prefetch("entries", queryset=entries), "criteria", Prefetch("jury", queryset=jury)
        )
    )
    manager = actions.can_manage(request.user, competition)
    on = timezone.localdate()
    jury_query = request.GET.get("jury_q", "").strip()[:100]
    for stage in stages:
        stage.next = next((s for s in stages if s.order == stage.order + 1), None)
        stage.mine = next((member for member in stage.jury.all() if member.is_user(request.user)), None)
        if manager:
            for entry in stage.entries.all():
                entry.form = ResultForm(
                    initial={"result": entry.result, "nomination": entry.nomination, "version": entry.version},
                    prefix=f"e{entry.pk}",
                )
    context = {
        "competition": competition,
        "stages": stages,
        "manager": manager,
        "entry_form": EntryForm(competition=competition, user=request.user, on=on) if manager else None,
        "stage_form": StageForm() if manager else None,
        "criterion_form": CriterionForm() if manager else None,
        "jury_form": JuryForm(user=request.user, on=on, query=jury_query) if manager else None,
        "jury_query": jury_query,
    }
    return render(request, "competitions/detail.html", context)


def _managed_stage(request, pk) -> CompetitionStage:
    stage = get_object_or_404(CompetitionStage.objects.select_related("competition"), pk=pk)
    if not actions.can_manage(request.user, stage.competition):
        raise PermissionDenied("Это действие доступно организатору конкурса.")
    return stage


def _after(request, stage, refused=None, done=""):
    if refused is not None:
        messages.error(request, str(refused))
    elif done:
        messages.success(request, done)
    return redirect("competitions:detail", pk=stage.competition_id)


def _invalid(request, stage, form):
    errors = "; ".join(f"{form.fields[name].label if name in form.fields else ''} {' '.join(e)}".strip()
                       for name, e in form.errors.items())  # fmt: skip
    messages.error(request, f"Не сохранено: {errors}")
    return redirect("competitions:detail", pk=stage.competition_id)


@login_required
@require_POST
def add_stage(request, pk):
    competition = get_object_or_404(Competition.objects.in_scope(request.user), pk=pk)
    if not actions.can_manage(request.user, competition):
        raise PermissionDenied("Это действие доступно организатору конкурса.")
    form = StageForm(request.POST)
    if not form.is_valid():
        errors = " ".join(" ".join(e) for e in form.errors.values())
        messages.error(request, f"Этап не добавлен: {errors}")
        return redirect("competitions:detail", pk=competition.pk)
    try:
        actions.add_stage(competition, by=request.user, **form.cleaned_data)
    except CompetitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Этап добавлен.")
    return redirect("competitions:detail", pk=competition.pk)


@login_required
@require_POST
def add_entry(request, pk):
    stage = _managed_stage(request, pk)
    form = EntryForm(request.POST, competition=stage.competition, user=request.user, on=timezone.localdate())
    if not form.is_valid():
        return _invalid(request, stage, form)
    data = form.cleaned_data
    try:
        actions.add_entry(stage, by=request.user, organization=data["organization"], educator=data.get("found"),
                          nomination=data["nomination"])  # fmt: skip
    except CompetitionRefused as refused:
        return _after(request, stage, refused)
    return _after(request, stage, done="Участник заявлен.")


@login_required
@require_POST
def record_result(request, pk):
    entry = get_object_or_404(
        CompetitionEntry.objects.in_scope(request.user).select_related("stage__competition"), pk=pk
    )
    form = ResultForm(request.POST, prefix=f"e{entry.pk}")
    if not form.is_valid():
        return _invalid(request, entry.stage, form)
    data = form.cleaned_data
    try:
        actions.record_result(entry, by=request.user, result=data["result"], nomination=data["nomination"],
                              version=data["version"])  # fmt: skip
    except CompetitionRefused as refused:
        return _after(request, entry.stage, refused)
    return _after(request, entry.stage, done=f"Результат сохранён: {entry.participant_name}.")


@login_required
@require_POST
def advance(request, pk):
    entry = get_object_or_404(
        CompetitionEntry.objects.in_scope(request.user).select_related("stage__competition"), pk=pk
    )
    try:
        actions.advance(entry, by=request.user)
    except CompetitionRefused as refused:
        return _after(request, entry.stage, refused)
    return _after(request, entry.stage, done=f"{entry.participant_name} выдвинут(а) на следующий этап.")


def _stage_write(request, pk, write, done: str, form_class=None):
    """A POST about one stage by its organizer: the form (if any) checked, the action run, back to the card."""
    stage = _managed_stage(request, pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _invalid(request, stage, form)
    try:
        write(stage, form.cleaned_data if form else {})
    except CompetitionRefused as refused:
        return _after(request, stage, refused)
    return _after(request, stage, done=done)


@login_required
@require_POST
def close_stage(request, pk):
    return _stage_write(
        request, pk, lambda stage, _data: actions.close_stage(stage, by=request.user),
        "Этап закрыт: рейтинг рассчитан, результаты закреплены.",
    )  # fmt: skip


@login_required
@require_POST
def add_criterion(request, pk):
    return _stage_write(
        request, pk, lambda stage, data: actions.add_criterion(stage, by=request.user, **data), "Критерий добавлен.",
        CriterionForm,
    )  # fmt: skip


NO_ACCOUNT = (
    "У педагога {name} нет действующей учётной записи в системе: оценочный лист откроется ему, когда администратор "
    "системы создаст учётную запись (или разблокирует прежнюю) и укажет в ней этого педагога (поле «Педагог»)."
)


@login_required
@require_POST
def add_jury(request, pk):
    """A jury member chosen from the registry or named by login."""

    def write(stage, data):
        member = actions.add_jury_member(stage, by=request.user, user=data["username"], educator=data["educator"])
        if member.needs_account:
            messages.warning(request, NO_ACCOUNT.format(name=member))

    form = partial(JuryForm, user=request.user, on=timezone.localdate())
    return _stage_write(request, pk, write, "Член жюри добавлен.", form)


@login_required
def sheet(request, pk):
    """The scoring sheet of the jury member the user is at this stage."""
    stage = get_object_or_404(CompetitionStage.objects.select_related("competition"), pk=pk)
    member = next((m for m in stage.jury.select_related("user", "educator") if m.is_user(request.user)), None)
    if member is None:
        raise PermissionDenied("Оценочный лист доступен только членам жюри этапа.")
    entries = list(stage.entries.select_related("educator", "organization").order_by("pk"))
    criteria = list(stage.criteria.all())
    scores = {(s.entry_id, s.criterion_id): s.points for s in Score.objects.filter(jury=member)}
    form = ScoreSheetForm(request.POST or None, entries=entries, criteria=criteria, scores=scores)
    if request.method == "POST":
        if stage.is_closed:
            messages.error(request, "Этап закрыт: оценки изменить нельзя.")
        elif form.is_valid():
            try:
                for entry in entries:
                    points = form.points().get(entry.pk)
                    if points:
                        actions.save_scores(member, entry, points, by=request.user)
            except CompetitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Оценки сохранены.")
                return redirect("competitions:sheet", pk=stage.pk)
    context = {"stage": stage, "member": member, "form": form, "criteria": criteria}
    return render(request, "competitions/sheet.html", context)


@login_required
def agreement_table(request, pk):
    """Totals by jury member, the spread per entry and Kendall's W: organizers, and the jury once the stage is
    closed (the same rule as the scores)."""
    stage = get_object_or_404(CompetitionStage.objects.select_related("competition"), pk=pk)
    visible = Score.objects.visible_to(request.user).filter(entry__stage=stage)
    if not actions.can_manage(request.user, stage.competition) and not (
        stage.is_closed and stage.jury.filter(pk__in=visible.values("jury_id")).exists()
    ):
        raise PermissionDenied("Согласованность оценок видят организаторы конкурса и жюри после закрытия этапа.")
    totals = agreement.jury_totals(stage)
    jury = list(JuryMember.objects.filter(stage=stage).select_related("user", "educator"))
    entries = list(stage.entries.select_related("educator", "organization").order_by("rank", "pk"))
    spreads = agreement.spreads(totals)
    rows = [
        {"entry": entry, "totals": [totals.get(entry.pk, {}).get(member.pk) for member in jury],
         "spread": spreads.get(entry.pk)}
        for entry in entries
    ]  # fmt: skip
    context = {"stage": stage, "jury": jury, "rows": rows, "w": agreement.stage_w(totals)}
    return render(request, "competitions/agreement.html", context)


@login_required
def export(request, pk):
    competition = _competition(request, pk)
    content = exports.results(competition, request.user)
    return xlsx_response(content, export_filename("Итоги-конкурса", competition.title, timezone.localdate()))
