"""Pages of the register of decisions and measures: the scoped list with filters and its export, a decision's
card, the entry forms, a measure's status and its effectiveness review, and a campaign's summary."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.audit.actions import record_download
from metodist.lib.versions import CONFLICT, EditConflict, VersionForm
from metodist.lib.xlsx import export_filename, xlsx_response
from metodist.monitoring.models import Campaign

from . import actions, exports, summary
from .forms import DecisionForm, FilterForm, MeasureForm, SignForm, StatusForm
from .models import FINISHED, Decision, Measure, Review, can_manage

PAGE_SIZE = 30


def _manager(request) -> None:
    if not can_manage(request.user):
        raise PermissionDenied("Вносить решения и меры могут координаторы и методисты муниципалитета.")


def _filtered(request):
    """The decisions the filters choose and the filters in words (for an export's title block)."""
    today = timezone.localdate()
    form = FilterForm(request.GET or None, request.user)
    decisions = Decision.objects.in_scope(request.user)
    said = []
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            decisions = decisions.filter(kind=data["kind"])
            said.append(f"вид: {dict(form.fields['kind'].choices)[data['kind']]}")
        if data["year"]:
            decisions = decisions.filter(date__year=data["year"])
            said.append(f"год: {data['year']}")
        if data["campaign"]:
            decisions = decisions.filter(campaign=data["campaign"])
            said.append(f"кампания: {data['campaign']}")
        if data["status"] == FilterForm.OVERDUE:
            decisions = decisions.filter(pk__in=Measure.objects.overdue(today).values("decision_id"))
            said.append("меры: просрочены")
        elif data["status"]:
            decisions = decisions.filter(measures__status=data["status"]).distinct()
            said.append(f"меры: {dict(form.fields['status'].choices)[data['status']]}")
    overdue = Q(measures__deadline__lt=today) & ~Q(measures__status__in=FINISHED)
    decisions = decisions.select_related("municipality", "campaign").annotate(
        measure_count=Count("measures", distinct=True),
        done_count=Count("measures", filter=Q(measures__status="done"), distinct=True),
        overdue_count=Count("measures", filter=overdue, distinct=True),
    )
    return form, decisions.order_by("-date", "-pk"), "; ".join(said)


@login_required
def index(request):
    if not request.user.sees_organizations:
        raise PermissionDenied
    form, decisions, _ = _filtered(request)
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    campaigns = Campaign.objects.in_scope(request.user).filter(decisions__in=Decision.objects.in_scope(request.user))
    context = {"form": form, "page": page, "can_manage": can_manage(request.user),
               "campaigns": campaigns.distinct().order_by("-period_end")}  # fmt: skip
    return render(request, "decisions/index.html", context)


@login_required
def export(request):
    if not request.user.sees_organizations:
        raise PermissionDenied
    _, decisions, filters = _filtered(request)
    measures = Measure.objects.in_scope(request.user).filter(decision__in=decisions.values("pk"))
    content = exports.register(measures, filters=filters, by=request.user, today=timezone.localdate())
    return xlsx_response(content, export_filename("Решения-и-меры", request.user.scope_name(), timezone.localdate()))


def _decision(request, pk) -> Decision:
    return get_object_or_404(Decision.objects.in_scope(request.user).select_related("municipality", "campaign"), pk=pk)


@login_required
def detail(request, pk):
    decision = _decision(request, pk)
    reviews = Review.objects.select_related("reviewed_by").order_by("-computed_at", "-pk")
    measures = (
        Measure.objects.in_scope(request.user)
        .filter(decision=decision)
        .select_related("responsible_organization")
        .prefetch_related("organizations", "indicators", Prefetch("reviews", queryset=reviews))
    )
    rows = [{"measure": measure, "overdue": measure.is_overdue(timezone.localdate()),
             "review": summary.of_record(measure.reviews.all()), "may_report": measure.may_report(request.user)}
            for measure in measures]  # fmt: skip
    context = {"decision": decision, "rows": rows, "can_manage": can_manage(request.user)}
    return render(request, "decisions/detail.html", context)


def _edit(request, form_class, obj, kwargs: dict, context: dict, done_url: str, done_message: str):
    """The edit page of a decision or a measure with optimistic locking (as activities.views.edit)."""
    data, files = request.POST or None, request.FILES or None
    form = form_class(data, files, instance=obj, **kwargs)
    lock = VersionForm.of(obj.version, actions.state(obj, form_class.Meta.fields), data)
    conflict = None
    if request.method == "POST" and form.is_valid() and lock.is_valid():
        try:
            actions.change(obj, form, lock, by=request.user)
        except EditConflict as refused:
            form = form_class(data, files, instance=type(obj).objects.get(pk=obj.pk), **kwargs)
            lock = VersionForm(lock.refreshed(data, refused), prefix="lock")
            form.is_valid()
            conflict = {"message": CONFLICT, "lines": refused.changed()}
        else:
            messages.success(request, done_message)
            return redirect(done_url)
    return render(request, "decisions/form.html", {"form": form, "lock": lock, "conflict": conflict, **context})


@login_required
def decision_new(request):
    _manager(request)
    form = DecisionForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        decision = actions.create(form, by=request.user)
        messages.success(request, "Решение внесено в реестр. Добавьте меры.")
        return redirect("decisions:detail", decision.pk)
    return render(request, "decisions/form.html", {"form": form, "title": "Новое управленческое решение"})


@login_required
def decision_edit(request, pk):
    _manager(request)
    decision = _decision(request, pk)
    context = {"title": f"Исправление: {decision}", "back": decision}
    done = reverse("decisions:detail", args=[pk])
    return _edit(request, DecisionForm, decision, {"user": request.user}, context, done, "Решение исправлено.")


@login_required
def measure_new(request, pk):
    _manager(request)
    decision = _decision(request, pk)
    form = MeasureForm(request.POST or None, decision=decision)
    if request.method == "POST" and form.is_valid():
        actions.create(form, by=request.user, decision=decision)
        messages.success(request, "Мера добавлена.")
        return redirect("decisions:detail", decision.pk)
    return render(request, "decisions/form.html", {"form": form, "title": "Новая мера", "back": decision})


def _measure(request, pk) -> Measure:
    measures = Measure.objects.in_scope(request.user).select_related("decision__campaign", "decision__municipality")
    return get_object_or_404(measures, pk=pk)


@login_required
def measure_edit(request, pk):
    _manager(request)
    measure = _measure(request, pk)
    context = {"title": "Исправление меры", "back": measure.decision}
    done = reverse("decisions:detail", args=[measure.decision_id])
    return _edit(request, MeasureForm, measure, {"decision": measure.decision}, context, done, "Мера исправлена.")


@login_required
def measure_status(request, pk):
    measure = _measure(request, pk)
    if not measure.may_report(request.user):
        raise PermissionDenied("Отмечать выполнение может ответственная организация или муниципалитет.")
    context = {"title": "Выполнение меры", "back": measure.decision, "measure": measure}
    done = reverse("decisions:detail", args=[measure.decision_id])
    return _edit(request, StatusForm, measure, {}, context, done, "Выполнение меры отмечено.")


@login_required
def measure_review(request, pk):
    measure = _measure(request, pk)
    reviews = list(measure.reviews.select_related("reviewed_by", "computed_by", "following_campaign"))
    shown = reviews[0] if reviews else None
    if request.GET.get("review"):
        shown = next((row for row in reviews if str(row.pk) == request.GET["review"]), shown)
    context = {
        "measure": measure, "decision": measure.decision, "review": shown, "reviews": reviews,
        "of_record": summary.of_record(reviews), "can_manage": can_manage(request.user),
        "sign_form": SignForm(initial={"note": shown.note} if shown else None),
        "overdue": measure.is_overdue(timezone.localdate()),
    }  # fmt: skip
    return render(request, "decisions/review.html", context)


@login_required
@require_POST
def review_compute(request, pk):
    _manager(request)
    measure = _measure(request, pk)
    made = actions.review(measure, by=request.user)
    messages.success(request, f"Эффективность пересчитана: {made.verdict_text}.")
    return redirect("decisions:review", pk)


@login_required
@require_POST
def review_sign(request, pk):
    _manager(request)
    review = get_object_or_404(Review.objects.filter(measure__in=Measure.objects.in_scope(request.user)), pk=pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
    else:
        actions.sign(review, form.cleaned_data["note"], by=request.user)
        messages.success(request, "Заключение подписано: этот вывод остаётся в силе, пока не подписан новый.")
    return redirect(f"{reverse('decisions:review', args=[review.measure_id])}?review={review.pk}")


@login_required
def campaign_summary(request, pk):
    campaign = get_object_or_404(Campaign.objects.in_scope(request.user), pk=pk)
    found = summary.build(campaign, request.user)
    if request.GET.get("format") == "xlsx":
        content = exports.summary(found, by=request.user)
        return xlsx_response(content, export_filename("Эффективность-мер", campaign.period, timezone.localdate()))
    return render(request, "decisions/summary.html", {"campaign": campaign, "summary": found})


def _download(request, obj, field: str, summary_text: str):
    stored = getattr(obj, field)
    if not stored:
        raise Http404("Файла нет.")
    try:
        handle = stored.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл не найден.") from error
    record_download(request.user, obj, summary_text)
    return FileResponse(handle, as_attachment=True, filename=Path(stored.name).name)


@login_required
def decision_file(request, pk):
    decision = _decision(request, pk)
    return _download(request, decision, "file", f"Скачан файл решения № {decision.number}")


@login_required
def evidence_file(request, pk):
    measure = _measure(request, pk)
    return _download(request, measure, "evidence_file", f"Скачано подтверждение меры № {measure.pk}")
