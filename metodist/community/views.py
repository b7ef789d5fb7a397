"""Pages of associations. Every association is reached through `Association.objects.in_scope(user)`, every
change through `managed_by(user)`."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.audit.actions import record, record_download
from metodist.audit.models import AuditAction
from metodist.lib import xlsx
from metodist.lib.versions import CONFLICT, EditConflict, VersionForm

from . import actions
from .forms import (
    AssociationForm,
    CorrectionForm,
    FilterForm,
    LeaveForm,
    MeetingForm,
    MemberForm,
    PlanItemForm,
    ProductForm,
)
from .models import (
    Association,
    AssociationMeeting,
    AssociationPlan,
    AssociationPlanItem,
    AssociationProduct,
    MeetingAttachment,
    Membership,
    MembershipCorrection,
    academic_year_of,
    creators,
)

PAGE_SIZE = 50
EDIT_REFUSED = (
    "Изменять сведения об объединении может методическая служба; руководитель ведёт состав, план, заседания и продукты."
)


def _association(request, pk: int) -> Association:
    related = ("subject", "municipality", "organization", "head", "head_user", "region")
    return get_object_or_404(Association.objects.in_scope(request.user).select_related(*related), pk=pk)


def _managed(request, pk: int) -> Association:
    association = _association(request, pk)
    if not Association.objects.managed_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied("Изменять объединение может его руководитель или методическая служба.")
    return association


def _filtered(request, today):
    associations = Association.objects.in_scope(request.user)
    form = FilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            associations = associations.filter(title__icontains=data["q"])
        for name in ("kind", "level", "subject"):
            if data[name]:
                associations = associations.filter(**{name: data[name]})
        if data["theme"]:
            associations = associations.filter(theme__icontains=data["theme"])
        if not data["closed"]:
            associations = associations.active(today)
    else:
        associations = associations.active(today)
    listed = (
        associations.with_counts(today)
        .select_related("subject", "municipality", "organization", "head")
        .order_by("kind", "title", "pk")
    )
    return form, listed


@login_required
def index(request):
    """The module's start page: for an association head their associations first, then the list."""
    user, today = request.user, timezone.localdate()
    form, associations = _filtered(request, today)
    page = Paginator(associations, PAGE_SIZE).get_page(request.GET.get("page"))
    headed = list(Association.objects.filter(head_user=user).active(today).with_counts(today).order_by("title"))
    upcoming = []
    if headed:
        upcoming = list(AssociationPlanItem.objects.upcoming(today).filter(plan__association__in=headed)[:8])
    context = {
        "form": form,
        "page": page,
        "headed": headed,
        "upcoming": upcoming,
        "can_create": creators(user),
        "query": request.GET.urlencode(),
    }
    return render(request, "community/index.html", context)


@login_required
def export(request):
    user, today = request.user, timezone.localdate()
    form, rows = _filtered(request, today)
    sheet = xlsx.Sheet(
        title="Объединения",
        headers=[
            "Название",
            "Вид",
            "Уровень",
            "Предмет",
            "Тема",
            "Муниципалитет",
            "Организация",
            "Руководитель",
            "Создано",
            "Прекратило работу",
            "Членов сейчас",
            "Членов за всё время",
        ],  # fmt: skip
        rows=[
            [
                a.title,
                a.get_kind_display(),
                a.get_level_display(),
                str(a.subject or ""),
                a.theme,
                str(a.municipality or ""),
                str(a.organization or ""),
                a.head.full_name if a.head else "",
                a.founded_on,
                a.closed_on or "",
                a.members_now,
                a.members_ever,
            ]  # fmt: skip
            for a in rows
        ],
        widths=[40, 28, 20, 18, 30, 22, 26, 28, 12, 12, 10, 10],
    )
    made = xlsx.Export.by(user, title=f"Методические объединения на {today:%d.%m.%Y}", filters=form.describe())
    content = xlsx.export_bytes(made, [sheet])
    record(user, AuditAction.EXPORT, Association(), summary=f"Выгрузка объединений ({len(sheet.rows)})")
    return xlsx.xlsx_response(content, xlsx.export_filename("Объединения", made.place, today))


@login_required
def detail(request, pk: int):
    """The association's card: members with dates, the year's plan, meetings, products, the history."""
    today = timezone.localdate()
    association = _association(request, pk)
    can_manage = Association.objects.managed_by(request.user).filter(pk=pk).exists()
    memberships = list(association.memberships.select_related("educator").order_by("-joined_on", "pk"))
    current = [m for m in memberships if m.is_current(today)]
    year = _year(request, today)
    member_query = request.GET.get("member_q", "").strip()[:100]
    plan = AssociationPlan.objects.filter(association=association, year=year).prefetch_related("items").first()
    meetings = list(
        association.meetings.annotate(present=Count("attendees", distinct=True))
        .prefetch_related("attachments")
        .select_related("plan_item")
    )
    corrections = MembershipCorrection.objects.filter(membership__association=association).select_related(
        "membership__educator", "corrected_by"
    )
    history = sorted(
        [(m.joined_on, m.educator, "вступил(а)", None) for m in memberships]
        + [(m.left_on, m.educator, "вышел(а)", None) for m in memberships if m.left_on]
        + [(timezone.localdate(c.corrected_at), c.membership.educator, "", c) for c in corrections],
        key=lambda event: event[0],
        reverse=True,
    )
    years = sorted(set(association.plans.values_list("year", flat=True)) | {academic_year_of(today)}, reverse=True)
    context = {
        "association": association,
        "can_manage": can_manage,
        "can_edit": can_manage and creators(request.user),
        "current": current,
        "former": [m for m in memberships if not m.is_current(today)],
        "plan": plan,
        "year": year,
        "years": [(y, AssociationPlan(year=y).year_label) for y in years],
        "meetings": meetings,
        "products": list(association.products.all()),
        "history": history[:50],
        "member_form": MemberForm(association=association, on=today, query=member_query, initial={"joined_on": today})
        if can_manage
        else None,
        "member_query": member_query,
        "item_form": PlanItemForm() if can_manage else None,
        "today": today,
    }
    return render(request, "community/detail.html", context)


def _year(request, today) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return academic_year_of(today)


@login_required
def create(request):
    if not creators(request.user):
        raise PermissionDenied("Создавать объединения может методическая служба или администратор организации.")
    today = timezone.localdate()
    form = AssociationForm(request.POST or None, user=request.user, on=today, initial={"founded_on": today})
    if request.method == "POST" and form.is_valid():
        association = actions.create_association(form, by=request.user)
        messages.success(request, "Объединение создано.")
        return redirect("community:detail", pk=association.pk)
    return render(request, "community/form.html", {"form": form, "title": "Новое объединение"})


@login_required
def edit(request, pk: int):
    association = _managed(request, pk)
    if not creators(request.user):
        raise PermissionDenied(EDIT_REFUSED)
    today = timezone.localdate()
    form = AssociationForm(request.POST or None, instance=association, user=request.user, on=today)
    lock = VersionForm.of(association.version, actions.association_state(association), request.POST or None)
    return _locked_form(
        request,
        form,
        lock,
        save=lambda: actions.edit_association(association, form, lock, by=request.user),
        reopen=lambda: AssociationForm(
            request.POST, instance=Association.objects.get(pk=pk), user=request.user, on=today
        ),
        done=("Изменения сохранены.", reverse("community:detail", args=[pk])),
        context={"association": association, "title": "Изменить объединение"},
    )


def _locked_form(request, form, lock, *, save, reopen, done: tuple[str, str], context: dict):
    """An edit page under optimistic locking (lib/versions.py): a valid POST runs `save()` and goes to `done`'s
    address with its message; a refusal is shown on the form; a conflict rebuilds the form by `reopen()` (the
    record as stored now) with the lock moved to the stored version and lists what changed."""
    conflict = None
    if request.method == "POST" and form.is_valid() and lock.is_valid():
        try:
            save()
        except EditConflict as refused:
            form = reopen()
            form.is_valid()
            lock = VersionForm(lock.refreshed(request.POST, refused), prefix="lock")
            conflict = {"message": CONFLICT, "lines": refused.changed()}
        except actions.Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done[0])
            return redirect(done[1])
    return render(request, "community/form.html", {"form": form, "lock": lock, "conflict": conflict, **context})


def _refused_or_done(request, association, call, done: str):
    try:
        call()
    except actions.Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("community:detail", pk=association.pk)


@login_required
@require_POST
def member_add(request, pk: int):
    association = _managed(request, pk)
    form = MemberForm(request.POST, association=association, on=timezone.localdate())
    if not form.is_valid():
        errors = "; ".join(f"{form.fields[name].label if name in form.fields else ''}: {' '.join(e)}"
                           for name, e in form.errors.items())  # fmt: skip
        messages.error(request, f"Член не добавлен. {errors}")
        return redirect("community:detail", pk=pk)
    data = form.cleaned_data
    return _refused_or_done(
        request,
        association,
        lambda: actions.add_member(association, data["educator"], data["joined_on"], data["left_on"], by=request.user),
        f"{data['educator'].full_name} — в составе объединения.",
    )


@login_required
@require_POST
def member_leave(request, pk: int, membership: int):
    association = _managed(request, pk)
    found = get_object_or_404(Membership.objects.select_related("educator", "association"),
                              pk=membership, association=association)  # fmt: skip
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите дату выхода.")
        return redirect("community:detail", pk=pk)
    return _refused_or_done(
        request,
        association,
        lambda: actions.end_membership(found, form.cleaned_data["left_on"], by=request.user),
        f"{found.educator.full_name} вышел(а) из объединения; запись о членстве сохранена в истории.",
    )


@login_required
def member_correct(request, pk: int, membership: int):
    """Corrects the dates of a membership recorded wrongly, with the reason; the history keeps the correction."""
    association = _managed(request, pk)
    members = Membership.objects.select_related("educator").filter(association=association)
    found = get_object_or_404(members, pk=membership)
    form = CorrectionForm(request.POST or None, membership=found)
    lock = VersionForm.of(found.version, actions.membership_state(found), request.POST or None)

    def save():
        data = form.cleaned_data
        actions.correct_membership(found, data["joined_on"], data.get("left_on"), data["reason"], lock,
                                   today=timezone.localdate(), by=request.user)  # fmt: skip

    return _locked_form(
        request,
        form,
        lock,
        save=save,
        reopen=lambda: CorrectionForm(request.POST, membership=members.get(pk=membership)),
        done=(f"Даты членства исправлены: {found.educator.full_name}.", f"{association_url(pk)}#members"),
        context={
            "association": association,
            "title": f"Исправить даты членства: {found.educator.full_name}",
            "membership": found,
        },
    )


@login_required
@require_POST
def plan_item_add(request, pk: int):
    association = _managed(request, pk)
    form = PlanItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Пункт плана не добавлен: заполните срок и тему.")
        return redirect("community:detail", pk=pk)
    year = academic_year_of(form.cleaned_data["month"])
    actions.add_plan_item(association, year, form.cleaned_data, by=request.user)
    messages.success(request, "Пункт плана добавлен.")
    return redirect(f"{association_url(pk)}?year={year}#plan")


def association_url(pk: int) -> str:
    return reverse("community:detail", args=[pk])


@login_required
@require_POST
def plan_item_done(request, pk: int, item: int):
    association = _managed(request, pk)
    found = get_object_or_404(
        AssociationPlanItem.objects.select_related("plan"), pk=item, plan__association=association
    )
    actions.mark_item(found, request.POST.get("done") == "1", by=request.user)
    return redirect(f"{association_url(pk)}?year={found.plan.year}#plan")


@login_required
def meeting_add(request, pk: int):
    association = _managed(request, pk)
    form = MeetingForm(request.POST or None, request.FILES or None, association=association,
                       initial={"held_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("held_on", "topic", "minutes", "plan_item")}
        try:
            actions.log_meeting(association, data, list(form.cleaned_data["attendees"]), form.cleaned_data["files"],
                                by=request.user)  # fmt: skip
        except actions.Refused as error:
            form.add_error("attendees", str(error))
        else:
            messages.success(request, "Заседание и протокол сохранены.")
            return redirect(f"{association_url(pk)}#meetings")
    return render(request, "community/meeting_form.html", {"form": form, "association": association})


@login_required
def product_add(request, pk: int):
    association = _managed(request, pk)
    form = ProductForm(request.POST or None, request.FILES or None, initial={"made_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        actions.add_product(association, form.cleaned_data, by=request.user)
        messages.success(request, "Продукт добавлен.")
        return redirect(f"{association_url(pk)}#products")
    return render(request, "community/product_form.html", {"form": form, "association": association})


def _download(request, obj, file, name: str, what: str):
    if not file:
        raise Http404("Файла нет.")
    record_download(request.user, obj, f"{what}: {name}")
    return FileResponse(file.open("rb"), as_attachment=True, filename=Path(name).name)


@login_required
def attachment(request, pk: int, attachment: int):
    association = _association(request, pk)
    found = get_object_or_404(MeetingAttachment, pk=attachment, meeting__association=association)
    return _download(request, found, found.file, found.name, "Приложение к протоколу")


@login_required
def product_file(request, pk: int, product: int):
    association = _association(request, pk)
    found = get_object_or_404(AssociationProduct, pk=product, association=association)
    return _download(request, found, found.file, found.file.name, "Продукт объединения")


@login_required
def meeting(request, pk: int, meeting: int):
    association = _association(request, pk)
    found = get_object_or_404(
        AssociationMeeting.objects.prefetch_related("attendees", "attachments").select_related("plan_item"),
        pk=meeting,
        association=association,
    )
    members = association.memberships.current(found.held_on).count()
    context = {"association": association, "meeting": found, "members": members}
    return render(request, "community/meeting.html", context)
