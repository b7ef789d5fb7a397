"""Pages of mentoring. Every mentorship is reached through `Mentorship.objects.in_scope(user)`, every educator
through `Educator.objects.in_scope(user)`; a meeting's private notes are shown to its mentor only."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.forms import ModelChoiceField
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.audit.actions import record, record_download
from metodist.audit.models import AuditAction
from metodist.lib.xlsx import Export, Sheet, export_bytes, export_filename, xlsx_response
from metodist.orgs.models import Municipality, Organization
from metodist.people.models import Educator, Employment

from . import actions, reports
from .actions import MentoringRefused, is_mentor
from .forms import (
    AssignForm,
    CompleteForm,
    FilterForm,
    GoalForm,
    IncentiveForm,
    MeetingForm,
    MenteeForm,
    MunicipalIncentiveForm,
    ProgramForm,
    ReviewForm,
    TaskForm,
    TerminateForm,
    programs_in_scope,
)
from .models import (
    MentorIncentive,
    Mentorship,
    MentorshipGoal,
    MentorshipMentee,
    MentorshipStatus,
    MentorshipTask,
)

PAGE_SIZE = 50


def _mentorships(user):
    return Mentorship.objects.in_scope(user)


def _listed(queryset):
    current = MentorshipMentee.objects.select_related("educator").order_by("educator__last_name")
    return queryset.select_related("mentor", "program", "program__organization").prefetch_related(
        Prefetch("memberships", queryset=current)
    )


def _filtered(request):
    user = request.user
    form = FilterForm(request.GET or None, user=user)
    mentorships = _mentorships(user).exclude(status=MentorshipStatus.PROPOSED)
    if form.is_valid():
        data = form.cleaned_data
        if data["organization"]:
            staff = Employment.objects.filter(organization=data["organization"]).values("educator_id")
            mentee_of = MentorshipMentee.objects.filter(educator_id__in=staff).values("mentorship_id")
            mentorships = mentorships.filter(Q(mentor_id__in=staff) | Q(pk__in=mentee_of))
        if data["form"]:
            mentorships = mentorships.filter(form=data["form"])
        if data["status"]:
            mentorships = mentorships.filter(status=data["status"])
    return form, mentorships.order_by("mentor__last_name", "mentor__first_name", "pk")


@login_required
def index(request):
    """The registry of mentors and mentees («наставнические пары») for those who see a territory or
    organizations; one's own mentorships, as mentor and as mentee, for everyone else."""
    user, today = request.user, timezone.localdate()
    if not user.sees_organizations:
        own = _listed(_mentorships(user).exclude(status=MentorshipStatus.PROPOSED)).order_by("-starts_on", "-pk")
        mine = [m for m in own if m.mentor_id == user.educator_id]
        return render(
            request,
            "mentoring/own.html",
            {"as_mentor": mine, "as_mentee": [m for m in own if m.mentor_id != user.educator_id], "today": today},
        )
    form, mentorships = _filtered(request)
    page = Paginator(_listed(mentorships), PAGE_SIZE).get_page(request.GET.get("page"))
    needing = reports.needing_mentor(Educator.objects.in_scope(user), today).count()
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "needing": needing, "query": query.urlencode(), "today": today}
    return render(request, "mentoring/index.html", context | {"can_assign": user.can_edit_registry})


REGISTRY_HEADERS = ["Наставник", "Наставляемые", "Форма", "Программа", "Организация программы", "Начало",
                    "Окончание", "Состояние", "Как назначена"]  # fmt: skip
REGISTRY_WIDTHS = [30, 40, 28, 30, 26, 12, 12, 16, 20]


def _shown(field, value) -> str:
    """A filter's value as the form shows it (the label of a choice, not its code)."""
    if isinstance(field, ModelChoiceField):
        return str(value)
    return str(dict(field.choices).get(value, value))


@login_required
def export(request):
    user, today = request.user, timezone.localdate()
    if not user.sees_organizations:
        raise PermissionDenied
    form, mentorships = _filtered(request)
    rows = [
        [
            m.mentor.full_name,
            "; ".join(ms.educator.full_name for ms in m.memberships.all()),
            m.get_form_display(),
            m.program.title,
            str(m.program.organization or "муниципальная"),
            m.starts_on,
            m.ends_on,
            m.get_status_display(),
            m.get_source_display(),
        ]
        for m in _listed(mentorships)
    ]
    chosen = form.cleaned_data.items() if form.is_valid() else ()
    filters = "; ".join(
        f"{form.fields[name].label}: {_shown(form.fields[name], value)}" for name, value in chosen if value
    )
    with transaction.atomic():
        record(user, AuditAction.EXPORT, Mentorship(), summary=f"Выгрузка реестра наставнических пар: {len(rows)}")
        content = export_bytes(
            Export.by(user, title=f"Реестр наставников и наставляемых на {today:%d.%m.%Y}", filters=filters or "нет"),
            [Sheet("Наставнические пары", REGISTRY_HEADERS, rows, REGISTRY_WIDTHS)],
        )
    return xlsx_response(content, export_filename("Наставнические-пары", user.scope_name(), today))


@login_required
def needing(request):
    """Young educators working in the user's scope without a mentorship in force today."""
    user, today = request.user, timezone.localdate()
    if not user.sees_organizations:
        raise PermissionDenied
    educators = reports.needing_mentor(Educator.objects.in_scope(user), today).order_by("last_name", "first_name")
    places = Employment.objects.active(today).filter(user.organization_q("organization__"))
    places = places.select_related("organization").order_by("organization_id")  # one name per organization
    educators = educators.prefetch_related(Prefetch("employments", queryset=places))
    page = Paginator(educators, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mentoring/needing.html", {"page": page, "today": today})


# ---- a mentorship's card


def _mentorship(request, pk: int) -> Mentorship:
    return get_object_or_404(_listed(_mentorships(request.user)), pk=pk)


@login_required
def detail(request, pk: int):
    user, today = request.user, timezone.localdate()
    mentorship = _mentorship(request, pk)
    mentor = is_mentor(user, mentorship)
    mentee = any(ms.educator_id == user.educator_id for ms in mentorship.memberships.all()) and bool(user.educator_id)
    manage = actions.can_manage(user, mentorship)
    working = mentorship.status == MentorshipStatus.ACTIVE
    reviews = list(mentorship.reviews.select_related("author"))
    context = {
        "m": mentorship,
        "goals": list(mentorship.goal_items.all()),
        "tasks": list(mentorship.tasks.all()),
        "meetings": list(mentorship.meetings.all()),
        "reviews": reviews,
        "events": list(mentorship.events.select_related("by")),
        "is_mentor": mentor,
        "is_mentee": mentee,
        "manage": manage,
        "working": working,
        "today": today,
        "may_review": (mentor or mentee)
        and mentorship.status != MentorshipStatus.TERMINATED
        and all(r.author_id != user.educator_id for r in reviews),
    }
    if working and mentor:
        context |= {"meeting_form": MeetingForm(initial={"held_on": today, "duration_minutes": 45}),
                    "complete_form": CompleteForm(initial={"ends_on": today})}  # fmt: skip
    if working and (mentor or manage):
        context |= {"goal_form": GoalForm(), "task_form": TaskForm()}
    if working and manage:
        context |= {"terminate_form": TerminateForm(initial={"ends_on": today}),
                    "mentee_form": MenteeForm(user=user, today=today, initial={"on": today})}  # fmt: skip
    if context["may_review"]:
        context["review_form"] = ReviewForm()
    return render(request, "mentoring/detail.html", context)


def _post(request, pk: int, form_class, act, success: str, **form_kwargs):
    """Validates `form_class` and runs `act(mentorship, data)`; a refused action or a form error is shown on
    the card as a message (nothing else on the card was changed)."""
    mentorship = _mentorship(request, pk)
    form = form_class(request.POST, **form_kwargs) if form_class else None
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("mentoring:detail", pk=pk)
    try:
        act(mentorship, form.cleaned_data if form else {})
    except MentoringRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("mentoring:detail", pk=pk)


@login_required
@require_POST
def meeting_add(request, pk: int):
    today = timezone.localdate()
    return _post(request, pk, MeetingForm, lambda m, d: actions.log_meeting(m, by=request.user, today=today, **d),
                 "Встреча записана.")  # fmt: skip


@login_required
@require_POST
def goal_add(request, pk: int):
    return _post(request, pk, GoalForm, lambda m, d: actions.add_goal(m, d["text"], by=request.user), "Цель добавлена.")


def _goal(mentorship, goal_pk):
    return get_object_or_404(MentorshipGoal, pk=goal_pk, mentorship=mentorship)


@login_required
@require_POST
def goal_check(request, pk: int, goal_pk: int):
    return _post(request, pk, None, lambda m, d: actions.check_goal(_goal(m, goal_pk), by=request.user),
                 "Цель отмечена как достигнутая; наставник её подтвердит.")  # fmt: skip


@login_required
@require_POST
def goal_confirm(request, pk: int, goal_pk: int):
    return _post(request, pk, None, lambda m, d: actions.confirm_goal(_goal(m, goal_pk), by=request.user),
                 "Достижение цели подтверждено.")  # fmt: skip


@login_required
@require_POST
def task_add(request, pk: int):
    return _post(request, pk, TaskForm, lambda m, d: actions.add_task(m, by=request.user, **d), "Пункт плана добавлен.")


@login_required
@require_POST
def task_done(request, pk: int, task_pk: int):
    today = timezone.localdate()

    def act(mentorship, data):
        task = get_object_or_404(MentorshipTask, pk=task_pk, mentorship=mentorship)
        actions.mark_task_done(task, done_on=today, by=request.user)

    return _post(request, pk, None, act, "Пункт плана выполнен.")


@login_required
@require_POST
def review_add(request, pk: int):
    return _post(request, pk, ReviewForm, lambda m, d: actions.review(m, by=request.user, **d), "Отзыв сохранён.")


@login_required
@require_POST
def complete(request, pk: int):
    return _post(request, pk, CompleteForm, lambda m, d: actions.complete(m, by=request.user, **d),
                 "Наставничество завершено.")  # fmt: skip


@login_required
@require_POST
def terminate(request, pk: int):
    return _post(request, pk, TerminateForm, lambda m, d: actions.terminate(m, by=request.user, **d),
                 "Наставничество прекращено.")  # fmt: skip


@login_required
@require_POST
def mentee_add(request, pk: int):
    today = timezone.localdate()
    return _post(request, pk, MenteeForm,
                 lambda m, d: actions.add_mentee(m, d["educator"], joined_on=d["on"], by=request.user),
                 "Наставляемый добавлен.", user=request.user, today=today)  # fmt: skip


@login_required
@require_POST
def mentee_remove(request, pk: int, educator_pk: int):
    today = timezone.localdate()

    def act(mentorship, data):
        educator = get_object_or_404(Educator, pk=educator_pk)
        actions.remove_mentee(mentorship, educator, left_on=today, by=request.user)

    return _post(request, pk, None, act, "Наставляемый выведен из группы.")


# ---- assigning a mentor by hand, programs


@login_required
def new(request):
    user, today = request.user, timezone.localdate()
    if not user.can_edit_registry:
        raise PermissionDenied
    initial = {"starts_on": today}
    if request.GET.get("mentee"):
        initial["mentees"] = (
            Educator.objects.in_scope(user).filter(pk=request.GET["mentee"]).values_list("pk", flat=True)
        )
    form = AssignForm(request.POST or None, user=user, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = actions.assign_mentor(data["mentees"], data["mentor"], data["program"], data["form"], by=user,
                                            starts_on=data["starts_on"], goals=form.goal_lines())  # fmt: skip
        except MentoringRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Наставник назначен.")
            return redirect("mentoring:detail", pk=created.pk)
    return render(request, "mentoring/new.html", {"form": form})


@login_required
def programs(request):
    user, today = request.user, timezone.localdate()
    if not user.sees_organizations:
        raise PermissionDenied
    form = ProgramForm(request.POST or None, user=user, initial={"starts_on": today})
    if request.method == "POST":
        if not user.can_edit_registry:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            organization = data["organization"]
            municipality = organization.municipality if organization else user.municipality
            actions.create_program(by=user, municipality=municipality, **data)
            messages.success(request, "Программа наставничества создана.")
            return redirect("mentoring:programs")
    listed = (
        programs_in_scope(user)
        .select_related("organization", "municipality")
        .annotate(pairs=Count("mentorships", filter=~Q(mentorships__status=MentorshipStatus.PROPOSED)))
        .order_by("-starts_on", "title")
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mentoring/programs.html", {"page": page, "form": form if user.can_edit_registry else None})


# ---- incentives for mentors (criterion 8.6)


@login_required
def incentives(request):
    """The organizations' records; above them, for the service, the municipalities' own acts."""
    user = request.user
    if not user.sees_organizations:
        raise PermissionDenied
    organizations = (
        Organization.objects.filter(user.organization_q())
        .select_related("mentor_incentive", "municipality")
        .order_by("sort_name")
    )
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    municipalities = []
    if actions.sees_municipal_incentives(user):
        municipal = Prefetch("mentorincentive_set", queryset=MentorIncentive.objects.municipal(), to_attr="acts")
        municipalities = Municipality.objects.in_scope(user).prefetch_related(municipal).order_by("name")
    return render(request, "mentoring/incentives.html", {
        "page": page, "can_edit": user.can_edit_registry, "municipalities": municipalities,
        "can_edit_municipal": actions.may_record_municipal_incentives(user)})  # fmt: skip


def _incentive_form(request, form_class, instance, owner):
    """The form of one record (an organization's or a municipality's): saved through the action, refused on a
    stale version; an error shows the form again with what was entered, the saved record untouched."""
    user = request.user
    form = form_class(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        version = request.POST.get("version")
        try:
            actions.save_incentive(form.save(commit=False), version=int(version) if version else None, by=user)
        except MentoringRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Сведения о стимулировании наставников сохранены.")
            return redirect("mentoring:incentives")
    return render(request, "mentoring/incentive_form.html", {"form": form, "owner": owner, "incentive": instance})


def _incentive_file(request, incentive, owner):
    if not incentive.document:
        raise Http404("Файла нет.")
    try:
        handle = incentive.document.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл не найден.") from error
    record_download(request.user, incentive, f"Скачан акт о стимулировании наставников: {owner}", {})
    return FileResponse(handle, as_attachment=True, filename=Path(incentive.document.name).name)


def _organization(request, org_pk: int) -> Organization:
    return get_object_or_404(Organization.objects.filter(request.user.organization_q()), pk=org_pk)


@login_required
def incentive_edit(request, org_pk: int):
    if not request.user.can_edit_registry:
        raise PermissionDenied
    organization = _organization(request, org_pk)
    instance = MentorIncentive.objects.filter(organization=organization).first() or MentorIncentive(
        organization=organization, municipality=organization.municipality, region=organization.municipality.region
    )
    return _incentive_form(request, IncentiveForm, instance, organization)


@login_required
def incentive_document(request, org_pk: int):
    organization = _organization(request, org_pk)
    return _incentive_file(request, get_object_or_404(MentorIncentive, organization=organization), organization)


def _municipality(request, mun_pk: int) -> Municipality:
    """A municipality of the user's territory; the page is the service's (403 below it, 404 outside the scope)."""
    if not actions.sees_municipal_incentives(request.user):
        raise PermissionDenied
    return get_object_or_404(Municipality.objects.in_scope(request.user), pk=mun_pk)


@login_required
def municipal_incentive_edit(request, mun_pk: int):
    municipality = _municipality(request, mun_pk)
    if not actions.may_record_municipal_incentives(request.user):
        raise PermissionDenied
    instance = MentorIncentive.objects.municipal().filter(municipality=municipality).first() or MentorIncentive(
        municipality=municipality, region_id=municipality.region_id
    )
    return _incentive_form(request, MunicipalIncentiveForm, instance, municipality)


@login_required
def municipal_incentive_document(request, mun_pk: int):
    municipality = _municipality(request, mun_pk)
    incentive = get_object_or_404(MentorIncentive.objects.municipal(), municipality=municipality)
    return _incentive_file(request, incentive, municipality)


# ---- the coordinator's views: cadence and outcomes


@login_required
def cadence(request):
    user, today = request.user, timezone.localdate()
    if not user.sees_organizations:
        raise PermissionDenied
    try:
        weeks = max(1, min(52, int(request.GET.get("weeks", 4))))
    except ValueError:
        weeks = 4
    columns, rows, silent = reports.cadence(_mentorships(user), today, weeks=weeks)
    return render(request, "mentoring/cadence.html", {"columns": columns, "rows": rows, "silent": silent,
                                                      "weeks": weeks, "today": today})  # fmt: skip


@login_required
def outcomes(request):
    user, today = request.user, timezone.localdate()
    if not user.sees_organizations:
        raise PermissionDenied
    grouped = reports.outcomes(_mentorships(user), today)
    sections = [(reports.FEATURE_TITLES[name], groups) for name, groups in grouped.items()]
    return render(request, "mentoring/outcomes.html", {"sections": sections, "today": today})
