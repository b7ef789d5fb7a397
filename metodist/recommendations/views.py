"""Pages of the recommendations. The sender's side reads through `Recommendation.objects.in_scope(user)` and
writes only where `actions.can_manage`; a recipient reaches only `addressed_to(user)`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.accounts.models import ScopeLevel
from metodist.audit.actions import record
from metodist.audit.models import AuditAction, AuditEntry
from metodist.lib import xlsx
from metodist.lib.forms import BootstrapFormMixin
from metodist.lib.versions import CONFLICT, EditConflict, VersionForm
from metodist.monitoring.lifecycle import final_approval
from metodist.monitoring.models import Campaign

from . import actions
from .forms import AddForm, EditForm
from .models import Receipt, RecipientKind, Recommendation, RecommendationStatus, recipient_users

PAGE_SIZE = 50


class FilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label="Статус", choices=[("", "все")] + RecommendationStatus.choices, required=False)
    kind = forms.ChoiceField(label="Кому", choices=[("", "всем")] + RecipientKind.choices, required=False)


def _campaign(request, pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.in_scope(request.user).select_related("municipality"), pk=pk)


def _managed_campaign(request, pk: int) -> Campaign:
    campaign = _campaign(request, pk)
    if not actions.can_manage(request.user, campaign):
        raise PermissionDenied("Рекомендации кампании формирует и направляет её муниципальная методическая служба.")
    return campaign


def _sent_to_me(request):
    mine = Receipt.objects.filter(recommendation=OuterRef("pk"), user=request.user)
    return Recommendation.objects.addressed_to(request.user).annotate(read=Exists(mine))


def _recommendation(request, pk: int) -> Recommendation:
    """One the user sends (in scope) or receives (addressed to them); anything else is not found."""
    user = request.user
    visible = Q(pk__in=Recommendation.objects.in_scope(user).values("pk")) | Q(
        pk__in=Recommendation.objects.addressed_to(user).values("pk")
    )
    related = ("campaign", "educator", "organization", "municipality", "sent_by")
    return get_object_or_404(Recommendation.objects.filter(visible).select_related(*related), pk=pk)


def _managed(request, pk: int) -> Recommendation:
    recommendation = _recommendation(request, pk)
    if not actions.can_manage(request.user, recommendation.campaign):
        raise PermissionDenied("Изменять рекомендацию может методическая служба муниципалитета кампании.")
    return recommendation


@login_required
def index(request):
    """«Вам направлены» for every recipient, and for the sender's side the campaigns with approved results."""
    user = request.user
    received = _sent_to_me(request).select_related("campaign", "organization", "educator", "municipality")
    campaigns = []
    sender_side = user.scope_level not in (ScopeLevel.SELF, ScopeLevel.ORGANIZATIONS)
    if sender_side:
        counted = Recommendation.objects.in_scope(user).values("campaign_id", "status").annotate(n=Count("pk"))
        counts = {(row["campaign_id"], row["status"]): row["n"] for row in counted.order_by()}
        for campaign in Campaign.objects.in_scope(user).select_related("municipality").order_by("-period_end"):
            approval = final_approval(campaign)
            if approval is None:
                continue
            by_status = {status: n for (pk, status), n in counts.items() if pk == campaign.pk}
            total = sum(by_status.values())
            campaigns.append({"campaign": campaign, "approval": approval, "counts": by_status, "total": total})
    context = {"received": received.order_by("read", "-sent_at"), "campaigns": campaigns, "sender_side": sender_side}
    return render(request, "recommendations/index.html", context)


@login_required
def campaign(request, pk: int):
    campaign = _campaign(request, pk)
    rows = Recommendation.objects.in_scope(request.user).of_campaign(campaign).annotate(read_count=Count("receipts"))
    form = FilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["status"]:
            rows = rows.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["kind"]:
            rows = rows.filter(recipient_kind=form.cleaned_data["kind"])
    rows = rows.order_by("recipient_kind", "status", "title", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    expected = recipient_users(page.object_list)
    lines = [(row, len(expected[row.pk])) for row in page.object_list]
    counted = Recommendation.objects.in_scope(request.user).filter(campaign=campaign).values_list("status")
    statuses = dict(counted.annotate(n=Count("pk")).order_by())
    context = {
        "campaign": campaign,
        "form": form,
        "page": page,
        "lines": lines,
        "statuses": [(label, statuses.get(value, 0)) for value, label in RecommendationStatus.choices],
        "approved": statuses.get(RecommendationStatus.APPROVED, 0),
        "can_manage": actions.can_manage(request.user, campaign),
        "approval": final_approval(campaign),
    }
    return render(request, "recommendations/campaign.html", context)


@login_required
@require_POST
def generate(request, pk: int):
    campaign = _managed_campaign(request, pk)
    try:
        done = actions.generate(campaign, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Черновики сформированы: новых {done.created}, заменено {done.replaced}, "
            f"сохранено изменённых, утверждённых и направленных {done.kept}.",
        )
    return redirect("recommendations:campaign", campaign.pk)


@login_required
@require_POST
def send_approved(request, pk: int):
    campaign = _managed_campaign(request, pk)
    sent = actions.send_approved(campaign, by=request.user)
    messages.success(request, f"Направлено рекомендаций: {sent}.")
    return redirect("recommendations:campaign", campaign.pk)


@login_required
def add(request, pk: int):
    campaign = _managed_campaign(request, pk)
    form = AddForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        recommendation = actions.add(campaign, form, by=request.user)
        messages.success(request, "Рекомендация добавлена как черновик.")
        return redirect("recommendations:detail", recommendation.pk)
    return render(request, "recommendations/form.html", {"form": form, "campaign": campaign, "record": None})


@login_required
def detail(request, pk: int):
    recommendation = _recommendation(request, pk)
    user = request.user
    receipt = Receipt.objects.filter(recommendation=recommendation, user=user).first()
    addressed = Recommendation.objects.addressed_to(user).filter(pk=pk).exists()
    sender = Recommendation.objects.in_scope(user).filter(pk=pk).exists()
    readers, history = [], []
    if sender:
        read_at = dict(recommendation.receipts.values_list("user_id", "read_at"))
        readers = [(person, read_at.get(person.pk)) for person in recipient_users([recommendation])[pk]]
        entries = AuditEntry.objects.for_object(recommendation).select_related("actor").order_by("-at", "-pk")[:20]
        history = [(entry, _status_change(entry)) for entry in entries]
    context = {
        "recommendation": recommendation,
        "receipt": receipt,
        "addressed": addressed,
        "sender": sender,
        "can_manage": sender and actions.can_manage(user, recommendation.campaign),
        "readers": readers,
        "history": history,
    }
    return render(request, "recommendations/detail.html", context)


def _status_change(entry) -> str:
    """«статус: черновик → утверждена» of an audit entry that moved the status."""
    change = entry.changes.get("status")
    if not change:
        return ""
    old, new = (RecommendationStatus(value).label.lower() if value else "" for value in change)
    return f"статус: {old} → {new}" if old else f"статус: {new}"


@login_required
def edit(request, pk: int):
    recommendation = _managed(request, pk)
    if not recommendation.is_editable:
        raise PermissionDenied("Направленную или отозванную рекомендацию изменить нельзя.")
    data = request.POST or None
    form = EditForm(data, instance=recommendation)
    lock = VersionForm.of(recommendation.version, actions.state(recommendation), data)
    conflict = None
    if request.method == "POST" and form.is_valid() and lock.is_valid():
        try:
            actions.change(recommendation, form, lock, by=request.user)
        except EditConflict as refused:
            form = EditForm(data, instance=Recommendation.objects.get(pk=pk))
            lock = VersionForm(lock.refreshed(data, refused), prefix="lock")
            form.is_valid()
            conflict = {"message": CONFLICT, "lines": refused.changed()}
        else:
            messages.success(request, "Рекомендация сохранена как черновик.")
            return redirect("recommendations:detail", pk)
    context = {"form": form, "lock": lock, "conflict": conflict, "campaign": recommendation.campaign,
               "record": recommendation}  # fmt: skip
    return render(request, "recommendations/form.html", context)


MOVES = {
    "approve": (actions.approve, "Рекомендация утверждена."),
    "send": (actions.send, "Рекомендация направлена адресату."),
    "withdraw": (actions.withdraw, "Рекомендация отозвана."),
}


@login_required
@require_POST
def move(request, pk: int, step: str):
    recommendation = _managed(request, pk)
    if step not in MOVES:
        raise PermissionDenied("Нет такого действия.")
    act, done = MOVES[step]
    try:
        act(recommendation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("recommendations:detail", pk)


@login_required
@require_POST
def read(request, pk: int):
    recommendation = get_object_or_404(Recommendation.objects.addressed_to(request.user), pk=pk)
    actions.confirm_read(recommendation, user=request.user)
    messages.success(request, "Отмечено: вы ознакомились с рекомендацией.")
    return redirect("recommendations:detail", pk)


def reading_rows(recommendations) -> list[dict]:
    """One row per recommendation and recipient user: read or not, and when."""
    rows = list(recommendations)
    expected = recipient_users(rows)
    receipts = Receipt.objects.filter(recommendation__in=[row.pk for row in rows]).values_list(
        "recommendation_id", "user_id", "read_at"
    )
    read_at = {(rec, user): at for rec, user, at in receipts}
    lines = []
    for row in sorted(rows, key=lambda row: not expected[row.pk]):  # those who can read first
        people = expected[row.pk]
        for person in people:
            lines.append({"recommendation": row, "user": person, "read_at": read_at.get((row.pk, person.pk))})
        if not people:
            lines.append({"recommendation": row, "user": None, "read_at": None})
    return lines


@login_required
def readers(request, pk: int):
    """Who has read the sent recommendations of a campaign and who has not, by recipient kind; .xlsx on request."""
    campaign = _campaign(request, pk)
    sent = (
        Recommendation.objects.in_scope(request.user)
        .of_campaign(campaign)
        .filter(status=RecommendationStatus.SENT)
        .order_by("recipient_kind", "title", "pk")
    )
    lines = reading_rows(sent)
    summary = []
    for value, label in RecipientKind.choices:
        mine = [line for line in lines if line["recommendation"].recipient_kind == value and line["user"]]
        summary.append({"label": label, "total": len(mine), "read": sum(1 for line in mine if line["read_at"])})
    if request.GET.get("format") == "xlsx":
        return _readers_xlsx(request, campaign, lines)
    context = {"campaign": campaign, "lines": lines, "summary": summary}
    return render(request, "recommendations/readers.html", context)


def _readers_xlsx(request, campaign, lines):
    sheet = xlsx.Sheet(
        title="Ознакомление",
        headers=["Рекомендация", "Кому", "Адресат", "Пользователь", "Направлена", "Ознакомлен(а)"],
        rows=[
            [
                line["recommendation"].title,
                line["recommendation"].get_recipient_kind_display(),
                line["recommendation"].recipient_name,
                (line["user"].get_full_name() or line["user"].username)
                if line["user"]
                else "нет пользователя в системе",
                line["recommendation"].sent_at,
                line["read_at"] or "не ознакомлен(а)",
            ]
            for line in lines
        ],
        widths=[50, 24, 40, 30, 16, 18],
    )
    made = xlsx.Export.by(request.user, title=f"Ознакомление с адресными рекомендациями: {campaign}", filters="")
    content = xlsx.export_bytes(made, [sheet])
    record(request.user, AuditAction.EXPORT, campaign, summary=f"Выгрузка ознакомления с рекомендациями ({len(lines)})")
    return xlsx.xlsx_response(content, xlsx.export_filename("Ознакомление", made.place, timezone.localdate()))
