"""Pages of monitoring: campaigns, their information cards, the results with the drill-down, the export.

Every page starts from a scoped query (Campaign / CardSubmission .in_scope(user)), so a record out of the
user's scope is a 404; an action the user's role may not take is a 403.
"""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.accounts.models import ScopeLevel
from metodist.audit.actions import record_download
from metodist.jobs import actions as jobs
from metodist.lib.versions import EditConflict, VersionForm
from metodist.lib.xlsx import export_filename, xlsx_response
from metodist.orgs.models import Municipality, Organization
from metodist.people.models import Educator

from . import actions, cards, charts, display, due, lifecycle
from . import jobs as monitoring_jobs
from . import members as frozen_members
from .compute import members
from .forms import CampaignForm, CardForm, ResultsFilterForm
from .models import Approval, ApprovalLevel, Campaign, CardStatus, CardSubmission, CardValue, Level, ResultStatus, Unit

CARDS_PAGE_SIZE = 100
PEOPLE_PAGE_SIZE = 50
HISTORY_SIZE = 100


def _campaigns(user):
    # in_scope joins the region's municipalities for regional campaigns, which repeats rows: take the ids
    return Campaign.objects.in_scope(user).select_related("catalogue", "region", "municipality")


def _campaign(request, pk: int) -> Campaign:
    return get_object_or_404(_campaigns(request.user), pk=pk)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@login_required
def campaign_list(request):
    _require(request.user.sees_organizations, "Мониторинг доступен сотрудникам органов и организаций.")
    campaigns = list(_campaigns(request.user).annotate(computed_at=Max("snapshots__data_read_at")))
    sent = Q(status__in=[CardStatus.SUBMITTED, CardStatus.ACCEPTED])
    counts = {
        row["campaign"]: row
        for row in CardSubmission.objects.in_scope(request.user)
        .filter(campaign__in=campaigns)
        .values("campaign")
        .annotate(total=Count("pk"), reported=Count("pk", filter=sent))
    }
    context = {
        "rows": [(campaign, counts.get(campaign.pk)) for campaign in campaigns],
        "can_create": cards.can_create_campaign(request.user),
    }
    return render(request, "monitoring/campaigns.html", context)


@login_required
def campaign_create(request):
    _require(cards.can_create_campaign(request.user), "Создавать кампании могут координаторы и операторы.")
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        campaign = actions.create_campaign(form.save(commit=False), by=request.user)
        messages.success(request, "Кампания создана. Откройте сбор, чтобы разослать информационные карты.")
        return redirect("monitoring:campaign", pk=campaign.pk)
    return render(request, "monitoring/campaign_form.html", {"form": form})


@login_required
def campaign_detail(request, pk: int):
    """The campaign's cards with their statuses and, per municipality, the reporting and on-time rates."""
    campaign = _campaign(request, pk)
    today = timezone.localdate()
    submissions = (
        CardSubmission.objects.in_scope(request.user)
        .filter(campaign=campaign)
        .select_related("card", "organization__municipality", "municipality", "campaign")
    )
    status = request.GET.get("status")
    shown = submissions.filter(status=status) if status in CardStatus.values else submissions
    ordered = shown.order_by("card__order", "organization__sort_name", "municipality__name")
    page = Paginator(ordered, CARDS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "campaign": campaign,
        "rates": cards.reporting_rates(submissions),
        "page": page,
        "rows": [(submission, submission.is_overdue(today)) for submission in page],
        "statuses": CardStatus.choices,
        "status": status,
        "can_manage": cards.can_manage(request.user, campaign),
        "can_bulk_review": cards.may_review(request.user),
        "grid": due.campaign_grid(campaign, submissions, today, request.user),
        "approvals": _approvals(request.user, campaign),
    }
    return render(request, "monitoring/campaign.html", context)


def _approvals(user, campaign: Campaign) -> dict:
    """The approval state of each municipality the user sees (and of the region for a regional campaign),
    with what the user may do, and the campaign's history of approvals."""
    history = list(campaign.approvals.select_related("municipality", "approved_by", "reopened_by", "snapshot"))
    active = {(a.level, a.municipality_id): a for a in history if a.is_active}
    visible = campaign.municipalities().filter(pk__in=Municipality.objects.in_scope(user).values("pk"))
    places = [
        {"territory": m, "approval": active.get((ApprovalLevel.MUNICIPALITY, m.pk)),
         "can_approve": lifecycle.can_approve(user, campaign, m), "municipality": m}
        for m in visible.order_by("name")
    ]  # fmt: skip
    if campaign.is_regional:
        places.append(
            {"territory": campaign.region, "approval": active.get((ApprovalLevel.REGION, None)),
             "can_approve": lifecycle.can_approve(user, campaign), "municipality": None}
        )  # fmt: skip
    return {"places": places, "history": history}


@login_required
@require_POST
def campaign_approve(request, pk: int):
    """Starts the approval as a background job (the final one freezes the people counted) and opens its page."""
    campaign = _campaign(request, pk)
    municipality = None
    if request.POST.get("municipality"):
        municipality = get_object_or_404(campaign.municipalities(), pk=request.POST["municipality"])
    _require(lifecycle.can_approve(request.user, campaign, municipality), monitoring_jobs.APPROVE_REFUSED)
    territory = municipality or campaign.region
    job = jobs.start(
        "monitoring.approve",
        by=request.user,
        key=f"monitoring.approve:{campaign.pk}:{municipality.pk if municipality else 'region'}",
        title=f"Утверждение результатов: {territory}",
        campaign_id=campaign.pk,
        municipality_id=municipality.pk if municipality else None,
    )
    return redirect(job)


@login_required
@require_POST
def approval_reopen(request, pk: int):
    scoped = Approval.objects.filter(campaign__in=_campaigns(request.user).values("pk"))
    approval = get_object_or_404(scoped.select_related("campaign", "municipality"), pk=pk)
    campaign = approval.campaign
    _require(
        lifecycle.can_approve(request.user, campaign, approval.municipality),
        "Отменить утверждение может тот, кто утверждает результаты этого уровня.",
    )
    try:
        actions.reopen_approval(approval, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, f"Утверждение не отменено: {' '.join(error.messages)}")
    else:
        messages.success(request, f"Утверждение отменено: {approval.territory}. Карты снова можно исправлять.")
    return redirect("monitoring:campaign", pk=campaign.pk)


@login_required
@require_POST
def campaign_remind(request, pk: int):
    """«Напомнить»: to the cards given (`submission`, one or more) or to every card not yet submitted that the
    user reviews."""
    campaign = _campaign(request, pk)
    submissions = CardSubmission.objects.in_scope(request.user).filter(campaign=campaign)
    chosen = [pk for pk in request.POST.getlist("submission") if pk.isdigit()]
    if chosen:
        submissions = submissions.filter(pk__in=chosen)
    submissions = submissions.select_related("organization", "campaign")
    reviewable = [s.pk for s in submissions if cards.can_review(request.user, s)]
    _require(bool(reviewable), "Напоминать может координатор муниципалитета или региональный оператор.")
    today = timezone.localdate()
    reminded = actions.remind(CardSubmission.objects.filter(pk__in=reviewable), by=request.user, today=today)
    messages.success(request, f"Напоминаний отправлено: {reminded}. Респонденты увидят их в списке «Что нужно сдать».")
    return redirect("monitoring:campaign", pk=campaign.pk)


@login_required
@require_POST
def campaign_open(request, pk: int):
    campaign = _campaign(request, pk)
    _require(cards.can_manage(request.user, campaign), "Открыть сбор может координатор кампании.")
    try:
        created = actions.open_campaign(campaign, by=request.user)
    except ValidationError as error:  # e.g. a card's named respondent is not in the registry
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Сбор данных открыт. Разослано новых информационных карт: {created}.")
    return redirect("monitoring:campaign", pk=campaign.pk)


def _submission(request, pk: int) -> CardSubmission:
    scoped = CardSubmission.objects.in_scope(request.user).select_related(
        "campaign__catalogue", "card", "organization__municipality", "municipality"
    )
    return get_object_or_404(scoped, pk=pk)


@login_required
def card_detail(request, pk: int):
    """The card form (or its values when it is locked), its problems, the registry figures, the history.

    A card nobody has saved yet shows no problems: they appear once something is saved or submitted."""
    submission = _submission(request, pk)
    elements = list(submission.card.elements.all())
    stored = cards.stored_values(submission)
    approval = lifecycle.card_approval(submission)
    editable = cards.can_fill(request.user, submission) and not submission.is_locked and approval is None
    form = CardForm(elements, stored, data=request.POST or None, files=request.FILES or None)
    lock = VersionForm.of(submission.version, cards.values_state(stored), request.POST or None)
    conflict = None
    if request.method == "POST":
        _require(editable, "Эту карту нельзя изменять.")
        if form.is_valid() and lock.is_valid():
            version, opened = lock.opened_version()
            try:
                changes = actions.save_card_values(
                    submission, form.values(), by=request.user, version=version, opened=opened
                )
            except EditConflict as refused:
                # the user's input stays in the form, now at the stored version; the rows show what is stored
                conflict = cards.conflict(refused, submission, elements, files=bool(request.FILES))
                data = lock.refreshed(request.POST, refused)
                submission = _submission(request, pk)
                stored = cards.stored_values(submission)
                form, lock = (
                    CardForm(elements, stored, data=data),
                    VersionForm.of(refused.version, refused.stored, data),
                )
                form.is_valid()
            else:
                if request.POST.get("action") == "submit" and not _submit(request, submission, elements):
                    return redirect(reverse("monitoring:card", args=[submission.pk]) + "?check=1")
                if request.POST.get("action") != "submit":
                    messages.success(request, "Изменения сохранены." if changes else "Изменений нет.")
                return redirect("monitoring:card", pk=submission.pk)
    figures = cards.registry_figures(submission, elements)
    touched = bool(stored) or submission.status != CardStatus.DRAFT or "check" in request.GET
    problems = cards.problems_of(submission, elements, stored, figures) if touched else []
    context = {
        "submission": submission,
        "campaign": submission.campaign,
        "form": form,
        "lock": lock,
        "conflict": conflict,
        "editable": editable,
        "can_review": cards.can_review(request.user, submission) and approval is None,
        "approval": approval,
        "rows": _card_rows(form, elements, stored, problems, figures),
        "has_warnings": any(not problem.is_error for problem in problems),
        "overdue": submission.is_overdue(timezone.localdate()),
        "history": submission.events.select_related("actor", "element")[:HISTORY_SIZE],
    }
    return render(request, "monitoring/card.html", context)


def _submit(request, submission: CardSubmission, elements) -> bool:
    stored = cards.stored_values(submission)
    problems = cards.problems_of(submission, elements, stored)
    try:
        actions.submit_card(submission, by=request.user, errors=cards.blocking(problems, cards.explained(stored)))
    except ValidationError:
        errors = sum(problem.is_error for problem in problems)
        unexplained = len({problem.element for problem in cards.unexplained(problems, cards.explained(stored))})
        reasons = [f"исправьте ошибки, отмеченные ниже ({errors})"] if errors else []
        if unexplained:
            reasons.append(f"поясните предупреждения ({unexplained}): напишите у поля, почему значение верно")
        messages.error(request, f"Карта сохранена, но не представлена: {' и '.join(reasons)}.")
        return False
    messages.success(request, "Карта представлена. Координатор проверит её и примет или вернёт на доработку.")
    return True


def _card_rows(form: CardForm, elements, stored: dict, problems, registry: dict) -> list[dict]:
    by_element = {}
    for problem in problems:
        by_element.setdefault(problem.element, []).append(problem)
    fields = {row["element"].code: row for row in form.rows()}
    rows = []
    for element in elements:
        value = stored.get(element.code)
        figure = registry.get(element.code)
        found = by_element.get(element.code, [])
        rows.append(
            {
                **fields[element.code],
                "value": value,
                "problems": found,
                "warned": any(not problem.is_error for problem in found),
                "registry": figure,
                "differs": figure is not None
                and not figure.limit
                and value is not None
                and figure.differs(value.number),
                "exceeds": any(problem.rule == "registry_limit" for problem in found),
            }
        )
    return rows


def _review(request, pk: int, move) -> HttpResponse:
    submission = _submission(request, pk)
    _require(cards.can_review(request.user, submission), "Принимать и возвращать карты может координатор.")
    try:
        move(submission, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Статус карты: {submission.get_status_display().lower()}.")
    return redirect("monitoring:card", pk=submission.pk)


@login_required
@require_POST
def card_accept(request, pk: int):
    return _review(request, pk, lambda submission, by: actions.accept_card(submission, by=by))


@login_required
@require_POST
def card_return(request, pk: int):
    comment = request.POST.get("comment", "")
    return _review(request, pk, lambda submission, by: actions.return_card(submission, by=by, comment=comment))


@login_required
@require_POST
def card_reopen(request, pk: int):
    comment = request.POST.get("comment", "")
    return _review(request, pk, lambda submission, by: actions.reopen_card(submission, by=by, comment=comment))


@login_required
def evidence(request, pk: int):
    """A card's evidence file, given only to those who see the card (files are never served publicly)."""
    values = CardValue.objects.filter(submission__in=CardSubmission.objects.in_scope(request.user)).exclude(file="")
    value = get_object_or_404(values.select_related("element"), pk=pk)
    try:
        handle = value.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл не найден.") from error
    # which card's which document, not its name: a file name may name a person
    details = {"card": value.submission_id, "element": value.element.code}
    record_download(request.user, value, f"Скачан подтверждающий документ карты № {value.submission_id}", details)
    return FileResponse(handle, as_attachment=True, filename=Path(value.file.name).name)


def _place(request, campaign: Campaign) -> tuple:
    """(form, level, municipality, organization) chosen on the results and drill-down pages.

    Without a choice: an organization administrator looks at their organization, others at the campaign's
    municipality, or at the region for a regional campaign.
    """
    form = ResultsFilterForm(request.GET or None, campaign=campaign, user=request.user)
    if form.is_bound and not form.is_valid():
        raise Http404("Такой организации или муниципалитета нет в ваших данных.")
    municipality, organization = form.chosen()
    if organization is not None:
        return form, Level.ORGANIZATION, organization.municipality, organization
    chose = "municipality" in request.GET or "organization" in request.GET
    if not chose and cards.sees_organizations_only(request.user):
        organization = form.fields["organization"].queryset.select_related("municipality").first()
        if organization is not None:
            form.initial = {"municipality": organization.municipality_id, "organization": organization.pk}
            return form, Level.ORGANIZATION, organization.municipality, organization
    municipality = municipality or campaign.municipality
    if municipality is not None:
        return form, Level.MUNICIPALITY, municipality, None
    return form, Level.REGION, None, None


def _latest(campaign: Campaign):
    """The snapshot the pages show: the official (approved) one, else the latest working one."""
    return lifecycle.shown_snapshot(campaign)


def _place_name(level: str, campaign: Campaign, municipality, organization) -> str:
    if level == Level.ORGANIZATION:
        return str(organization)
    return str(municipality) if level == Level.MUNICIPALITY else str(campaign.region)


@login_required
def results(request, pk: int):
    campaign = _campaign(request, pk)
    snapshot = _latest(campaign)
    form, level, municipality, organization = _place(request, campaign)
    rows = []
    parent_level = {Level.ORGANIZATION: Level.MUNICIPALITY, Level.MUNICIPALITY: Level.REGION}.get(level)
    if parent_level == Level.REGION and campaign.municipality_id:
        parent_level = None  # the region of a municipal campaign is the municipality itself
    if snapshot is not None:
        subjects_of = [municipality.pk] if level == Level.MUNICIPALITY else []
        if level == Level.REGION:  # the region's breakdown sums all its municipalities, as its value does
            subjects_of = list(campaign.municipalities().values_list("pk", flat=True))
        rows = display.indicator_rows(snapshot, level, organization, municipality, parent_level, subjects_of)
    context = {
        "campaign": campaign,
        "snapshot": snapshot,
        "form": form,
        "rows": rows,
        "level": level,
        "place": _place_name(level, campaign, municipality, organization),
        "parent_place": _place_name(parent_level, campaign, municipality, None) if parent_level else "",
        "query": request.GET.urlencode(),
        "can_manage": cards.can_manage(request.user, campaign),
        "stale_catalogue": snapshot is not None and snapshot.catalogue_version != campaign.catalogue.version,
        "official": lifecycle.final_approval(campaign),
        "snapshot_count": campaign.snapshots.count(),
        "threshold": campaign.threshold(),
    }
    return render(request, "monitoring/results.html", context)


@login_required
@require_POST
def results_compute(request, pk: int):
    campaign = _campaign(request, pk)
    _require(cards.can_manage(request.user, campaign), "Рассчитывать показатели может координатор кампании.")
    job = jobs.start(
        "monitoring.compute",
        by=request.user,
        key=f"monitoring.compute:{campaign.pk}",
        title=f"Расчёт показателей: {campaign}",
        campaign_id=campaign.pk,
    )
    return redirect(job)


@login_required
def results_export(request, pk: int):
    campaign = _campaign(request, pk)
    snapshot = _latest(campaign)
    if snapshot is None:
        raise Http404("Показатели ещё не рассчитаны.")
    content = actions.export_results(snapshot, by=request.user)
    place = str(campaign.municipality or campaign.region)
    return xlsx_response(content, export_filename("Мониторинг", place, timezone.localdate(snapshot.data_read_at)))


@login_required
def drilldown(request, pk: int, code: str):
    """One indicator: the values of the places inside the chosen one (with a chart against the target), the
    trend over periods, and the people (or organizations, staff rates) counted at the chosen place."""
    campaign = _campaign(request, pk)
    indicator = get_object_or_404(campaign.catalogue.indicators, code=code)
    snapshot = _latest(campaign)
    form, level, municipality, organization = _place(request, campaign)
    target = indicator.target_for(campaign.period)
    target_label = f"Целевое значение: {display.target_text(target, indicator.kind)}" if target else ""
    current, children, bar = None, [], None
    if snapshot is not None:
        current = _value(snapshot, indicator, level, municipality, organization)
        children = _children(snapshot, indicator, level, municipality, form)
        computed = [value for value in children if value.status == ResultStatus.OK]
        if computed:
            labels = [str(value.organization or value.municipality) for value in computed]
            bar = charts.bar_chart(computed, labels, target, target_label, indicator.kind)
    points = charts.trend_points(campaign, indicator, level, organization, municipality)
    part = "denominator" if request.GET.get("part") == "denominator" else "numerator"
    people = _people(request, campaign, snapshot, indicator, part, level, municipality, organization, current)
    context = {
        "campaign": campaign,
        "indicator": indicator,
        "snapshot": snapshot,
        "form": form,
        "level": level,
        "place": _place_name(level, campaign, municipality, organization),
        "row": display.Row(indicator, current, campaign.period, level) if snapshot else None,
        "children": [(value, display.value_text(value), display.fraction_text(value)) for value in children],
        "children_are_organizations": level == Level.MUNICIPALITY,
        "bar": bar,
        "trend": charts.trend_chart(points, target, target_label, indicator.kind) if len(points) > 1 else None,
        "points": [(period, display.amount_text(indicator, value)) for period, value in points],
        "part": part,
        "people": people,
        "unit": indicator.unit,
        "units": Unit,
    }
    return render(request, "monitoring/drilldown.html", context)


def _value(snapshot, indicator, level, municipality, organization):
    where = {"organization": organization} if level == Level.ORGANIZATION else {}
    if level == Level.MUNICIPALITY:
        where["municipality"] = municipality
    value = snapshot.values.filter(indicator=indicator, level=level, breakdown="", **where).first()
    if value is not None:
        value.indicator = indicator
    return value


def _children(snapshot, indicator, level, municipality, form) -> list:
    """The values one level down from the chosen place, only of places in the user's scope."""
    if level == Level.REGION:
        visible = form.fields["municipality"].queryset
        values = snapshot.values.filter(level=Level.MUNICIPALITY, municipality__in=visible)
        values = values.select_related("municipality").order_by("municipality__name")
    elif level == Level.MUNICIPALITY:
        visible = form.fields["organization"].queryset.filter(municipality=municipality)
        values = snapshot.values.filter(level=Level.ORGANIZATION, organization__in=visible)
        values = values.select_related("organization").order_by("organization__sort_name")
    else:
        return []
    values = list(values.filter(indicator=indicator, breakdown=""))
    for value in values:
        value.indicator = indicator
        value.completeness_text = display.completeness_text(value.completeness, value.preliminary)
    return sorted(values, key=lambda value: value.status != ResultStatus.OK)  # places without data go last


def _people(request, campaign, snapshot, indicator, part, level, municipality, organization, current) -> dict:
    """A page of those counted in the numerator or denominator at the chosen place, only those in the user's
    scope: as frozen at the approval for an approved snapshot; otherwise on the current registry, with its
    live counts when they no longer match the snapshot."""
    user = request.user
    if level != Level.ORGANIZATION and cards.sees_organizations_only(user):
        return {"state": "choose_organization"}
    area = {"organization": organization, "municipality": municipality if level == Level.MUNICIPALITY else None}
    frozen = frozen_members.frozen(snapshot, indicator, part, **area) if snapshot is not None else None
    live, count = None, None
    if frozen is not None:
        listed, home_of = _in_scope(frozen.queryset, indicator.unit, user), frozen.homes
    else:
        listed = members(campaign, indicator, part, **area)
        if listed is None:
            return {"state": "not_from_registry"}
        home_of = None
        counted = indicator.unit in frozen_members.COUNTED and current is not None
        known = getattr(current, part) if counted else None
        if known is not None and lifecycle.facts_unchanged_since(campaign, snapshot):
            count = int(known)  # the registry is as computed: the snapshot's count is the list's
        elif counted:
            live = {name: members(campaign, indicator, name, **area).count() for name in ("numerator", "denominator")}
            if (live["numerator"], live["denominator"]) == (current.numerator, current.denominator):
                live = None
        if not cards.covers(user, campaign, municipality):
            listed, count = _in_scope(listed, indicator.unit, user), None
    paginator = Paginator(listed, PEOPLE_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # instead of counting the members once more
    page = paginator.get_page(request.GET.get("page"))
    homes = {}
    if indicator.unit == Unit.EDUCATORS:
        place_of = {person.pk: (home_of or {}).get(person.pk, getattr(person, "home_org", None)) for person in page}
        names = dict(Organization.objects.filter(pk__in=set(place_of.values())).values_list("pk", "short_name"))
        homes = {pk: names.get(org_id, "") for pk, org_id in place_of.items()}
    return {
        "state": "listed",
        "page": page,
        "rows": [(item, homes.get(item.pk, "")) for item in page],
        "live": live,
        "current": current,
        "frozen": frozen is not None,
    }


def _in_scope(queryset, unit: str, user):
    if user.scope_level == ScopeLevel.ALL:
        return queryset
    if unit == Unit.EDUCATORS:
        return queryset.filter(pk__in=Educator.objects.in_scope(user).values("pk"))
    if unit == Unit.MUNICIPALITIES:
        return queryset.filter(pk__in=Municipality.objects.in_scope(user).values("pk"))
    organizations = Organization.objects.in_scope(user).values("pk")
    if unit == Unit.ORGANIZATIONS:
        return queryset.filter(pk__in=organizations)
    return queryset.filter(organization__in=organizations)
