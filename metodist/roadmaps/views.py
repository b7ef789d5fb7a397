from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.lib.docx import docx_response
from metodist.lib.versions import CONFLICT, EditConflict, VersionForm

from . import actions, board
from .access import can_edit, can_run, editable, visible
from .forms import AdoptForm, ItemForm
from .models import Roadmap, RoadmapDue, RoadmapItem
from .report import annual_report, report_filename


def _seeing(request):
    if not request.user.sees_organizations:
        raise PermissionDenied("Дорожные карты доступны методической службе и администраторам организаций.")


def _year(request, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


@login_required
def index(request):
    _seeing(request)
    today = timezone.localdate()
    roadmaps = (
        Roadmap.objects.in_scope(request.user)
        .select_related("municipality", "adopted_from")
        .annotate(
            item_count=Count("items", distinct=True),
            done_count=Count("items", filter=Q(items__status="done"), distinct=True),
            overdue_count=Count(
                "items",
                distinct=True,
                filter=Q(items__in=RoadmapItem.objects.overdue(today)),
            ),
        )  # fmt: skip
        .order_by("municipality__name", "title")
    )
    context = {
        "templates": [r for r in roadmaps if r.is_template],
        "adopted": [r for r in roadmaps if not r.is_template],
        "can_run": can_run(request.user),
    }
    return render(request, "roadmaps/index.html", context)


@login_required
def adopt(request, pk):
    _seeing(request)
    if not can_run(request.user):
        raise PermissionDenied("Принять дорожную карту может муниципальная методическая служба.")
    template = get_object_or_404(Roadmap.objects.templates(), pk=pk)
    initial = {"starts_year": template.starts_year, "ends_year": template.ends_year, "title": template.title,
               "document": "", "municipality": request.user.municipality_id}  # fmt: skip
    form = AdoptForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        roadmap = actions.adopt(template, by=request.user, **form.cleaned_data)
        messages.success(request, "Дорожная карта принята: сроки рассчитаны по формулировкам документа.")
        return redirect("roadmaps:detail", roadmap.pk)
    return render(request, "roadmaps/adopt.html", {"form": form, "template": template})


@login_required
def detail(request, pk):
    _seeing(request)
    roadmap = visible(request.user, pk)
    today = timezone.localdate()
    grouped = board.sections(roadmap, today)
    rows = [row for group in grouped for row in group.rows]
    context = {
        "roadmap": roadmap, "sections": grouped, "summary": board.summary(rows), "today": today,
        "can_edit": can_edit(request.user, roadmap), "can_run": can_run(request.user),
        "years": range(roadmap.starts_year, roadmap.ends_year + 1),
        "report_year": max(roadmap.starts_year, min(today.year, roadmap.ends_year)),
        "has_results": any(row.item.result for row in rows),  # seed 000's plan has no column of results
    }  # fmt: skip
    return render(request, "roadmaps/detail.html", context)


@login_required
def timeline(request, pk):
    _seeing(request)
    roadmap = visible(request.user, pk)
    today = timezone.localdate()
    default = today.year if roadmap.starts_year <= today.year <= roadmap.ends_year else roadmap.starts_year
    year = _year(request, default)
    grouped, undetermined = board.timeline(roadmap, year, today)
    years = sorted(set(range(roadmap.starts_year, roadmap.ends_year + 1)) | {year})
    context = {"roadmap": roadmap, "year": year, "years": years, "grouped": grouped,
               "undetermined": undetermined, "months": board.MONTHS, "today": today}  # fmt: skip
    return render(request, "roadmaps/timeline.html", context)


@login_required
def due(request):
    """What is due this month in the adopted road maps in scope, and what is overdue from before."""
    _seeing(request)
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", f"{today:%Y-%m}").split("-"))
        first = date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    dues = RoadmapDue.objects.filter(item__roadmap__in=Roadmap.objects.in_scope(request.user).exclude(
        municipality__isnull=True)).select_related("item__roadmap__municipality", "item__section")  # fmt: skip
    order = ("due_on", "item__roadmap_id", "item__section__order", "item__order")
    this_month = list(dues.in_month(first.year, first.month).order_by(*order))
    earlier = list(dues.overdue(today).filter(due_on__lt=first).order_by(*order))
    for item_due in this_month + earlier:
        item_due.state = board.due_state(item_due, today)
    previous = (first.replace(day=1) - date.resolution).replace(day=1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    context = {"this_month": this_month, "earlier": earlier, "first": first, "today": today,
               "previous": previous, "following": following}  # fmt: skip
    return render(request, "roadmaps/due.html", context)


@login_required
def edit_item(request, pk, item_pk):
    roadmap = editable(request.user, pk)
    item = get_object_or_404(RoadmapItem.objects.select_related("roadmap", "section"), pk=item_pk, roadmap=roadmap)
    data = request.POST or None
    form = ItemForm(data, instance=item)
    lock = VersionForm.of(item.version, actions.state(item), data)
    conflict = None
    if request.method == "POST" and form.is_valid() and lock.is_valid():
        try:
            actions.change_item(item, form, lock, by=request.user)
        except EditConflict as refused:
            form = ItemForm(data, instance=RoadmapItem.objects.get(pk=item.pk))
            lock = VersionForm(lock.refreshed(data, refused), prefix="lock")
            form.is_valid()
            conflict = {"message": CONFLICT, "lines": refused.changed()}
        else:
            messages.success(request, "Мероприятие сохранено.")
            return redirect(f"{reverse('roadmaps:detail', args=[roadmap.pk])}#item-{item.pk}")
    today = timezone.localdate()
    row = board.item_row(item, today)
    for item_due in row.dues:
        item_due.state = board.due_state(item_due, today)
    context = {"roadmap": roadmap, "item": item, "row": row, "form": form, "lock": lock, "conflict": conflict}
    return render(request, "roadmaps/item.html", context)


@login_required
@require_POST
def mark_due(request, pk, due_pk):
    roadmap = editable(request.user, pk)
    item_due = get_object_or_404(RoadmapDue.objects.select_related("item"), pk=due_pk, item__roadmap=roadmap)
    done = request.POST.get("done") == "1"
    actions.mark_due(item_due, done_on=timezone.localdate() if done else None, by=request.user)
    messages.success(request, "Срок отмечен выполненным." if done else "Отметка о выполнении снята.")
    return redirect("roadmaps:item", roadmap.pk, item_due.item_id)


@login_required
def report(request, pk):
    _seeing(request)
    roadmap = visible(request.user, pk)
    if roadmap.is_template:
        raise Http404
    year = _year(request, timezone.localdate().year)
    content = annual_report(roadmap, year, timezone.localdate())
    return docx_response(content, report_filename(roadmap, year))
