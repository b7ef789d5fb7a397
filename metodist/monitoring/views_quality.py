"""Pages of a campaign's data quality: the bulk acceptance or return of every chosen card (re-validated, with
a confirmation step) and the list of every problem of the cards with the respondents' explanations.

Both start from CardSubmission.objects.in_scope(user), as every monitoring page does: a school administrator
sees the problems of their own cards only; an educator has no access to monitoring.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from metodist.audit import actions as audit
from metodist.audit.models import AuditAction
from metodist.lib.xlsx import XLSX_CONTENT_TYPE, Sheet, workbook_bytes

from . import actions, cards, quality
from .forms import QualityFilterForm
from .models import CardStatus, CardSubmission
from .views import _campaign, _require


def _chosen_cards(request, campaign):
    """The cards of the campaign the user sees, narrowed by the status filter of the campaign page."""
    submissions = CardSubmission.objects.in_scope(request.user).filter(campaign=campaign)
    status = request.GET.get("status") or request.POST.get("status")
    return (submissions.filter(status=status) if status in CardStatus.values else submissions), status


@login_required
def cards_review(request, pk: int):
    """GET: what accepting (or returning) every chosen card would do; POST with confirm: do it and report."""
    campaign = _campaign(request, pk)
    _require(cards.may_review(request.user), "Принимать и возвращать карты может координатор.")
    action = request.POST.get("action") or request.GET.get("action")
    if action not in (quality.ACCEPT, quality.RETURN):
        action = quality.ACCEPT
    chosen, status = _chosen_cards(request, campaign)
    plan = quality.plan_review(quality.checked(chosen), request.user, action)
    back = reverse("monitoring:campaign", args=[campaign.pk]) + (f"?{urlencode({'status': status})}" if status else "")
    comment = request.POST.get("comment", "")
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            moved = actions.review_cards(plan, by=request.user, comment=comment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            done = "Принято" if action == quality.ACCEPT else "Возвращено на доработку"
            reasons = "; ".join(f"{reason} — {len(rows)}" for reason, rows in plan.skipped.items())
            skipped = f" Пропущено: {plan.skipped_count} ({reasons})." if plan.skipped else ""
            messages.success(request, f"{done} карт: {moved}.{skipped}")
            return redirect(back)
    context = {
        "campaign": campaign,
        "plan": plan,
        "action": action,
        "status": status or "",
        "status_label": dict(CardStatus.choices).get(status, ""),
        "chosen": chosen.count(),
        "comment": comment,
        "back": back,
    }
    return render(request, "monitoring/cards_review.html", context)


def _quality(request, pk: int):
    campaign = _campaign(request, pk)
    _require(request.user.sees_organizations, "Мониторинг доступен сотрудникам органов и организаций.")
    submissions = CardSubmission.objects.in_scope(request.user).filter(campaign=campaign)
    form = QualityFilterForm(request.GET or None, campaign=campaign, submissions=submissions)
    chosen = form.chosen() if form.is_bound else {"organization": None, "element_codes": None, "kind": ""}
    if chosen["organization"] is not None:
        submissions = submissions.filter(organization=chosen["organization"])
    checks = quality.checked(submissions)
    rows = quality.quality_rows(checks, chosen["element_codes"], chosen["kind"])
    return campaign, form, checks, rows


@login_required
def quality_page(request, pk: int):
    """Every error, warning and difference with the registry of the filled cards, without a cap."""
    campaign, form, checks, rows = _quality(request, pk)
    counts = {kind: sum(row.kind == kind for row in rows) for kind in quality.KIND_LABELS}
    context = {
        "campaign": campaign,
        "form": form,
        "rows": rows,
        "counts": counts,
        "explained": sum(bool(row.explanation) for row in rows if not row.problem.is_error),
        "warnings": sum(not row.problem.is_error for row in rows),
        "filled": sum(bool(check.stored) for check in checks),
        "empty": sum(not check.stored for check in checks),
        "query": request.GET.urlencode(),
    }
    return render(request, "monitoring/quality.html", context)


@login_required
def quality_export(request, pk: int):
    campaign, form, _, rows = _quality(request, pk)
    on = f"{campaign.period_end:%d.%m.%Y}"
    headers = ["№ п/п", "Организация / муниципалитет", "Карта", "Статус карты", "Элемент карты", "Что", "Сообщение",
               "Значение в карте", f"По реестру на {on}", "Пояснение респондента"]  # fmt: skip
    body = [
        [
            number,
            str(row.check.submission.respondent),
            row.check.submission.card.title,
            row.check.submission.get_status_display(),
            row.element.name,
            row.kind_label,
            row.problem.message,
            row.value.display() if row.value is not None else "",
            row.figure.count if row.figure is not None and row.figure.count is not None else "",
            row.explanation,
        ]
        for number, row in enumerate(rows, start=1)
    ]
    notes = [
        f"Качество данных: {campaign.title} ({campaign.municipality or campaign.region})",
        f"Отбор: {form.describe()}; выгрузил {request.user.get_full_name() or request.user.username}"
        f" {timezone.localtime():%d.%m.%Y %H:%M}",
    ]
    sheet = Sheet("Качество данных", headers, body, widths=(6, 30, 24, 16, 40, 16, 60, 12, 12, 50), notes=notes)
    audit.record(request.user, AuditAction.EXPORT, campaign, summary=f"Выгрузка качества данных: {campaign}")
    name = f"kachestvo-dannyh-{campaign.pk}-{timezone.localdate():%Y-%m-%d}.xlsx"
    return HttpResponse(
        workbook_bytes([sheet]),
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
