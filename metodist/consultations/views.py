"""Pages of the requests for methodological help: the scoped queue (list), filing, the request's card with the
service's triage, the consultation record, the requester's rating, private notes, the statistics and the
.xlsx exports. Every read goes through `HelpRequest.objects.in_scope`; a request outside scope is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.audit.actions import record_download
from metodist.orgs.models import Organization
from metodist.people.models import Educator, Employment

from . import actions, forms
from .access import can_file, is_requester, is_service, may_consult, may_note, may_triage
from .models import OPEN, HelpRequest, PrivateNote, RequestAttachment, RequestStatus, Urgency

PAGE_SIZE = 30


def listed(requests):
    return requests.select_related(
        "educator", "organization", "competency", "topic", "assignee", "subject"
    ).prefetch_related(Prefetch("staff", queryset=Educator.objects.order_by("last_name", "first_name")))


def ordered(requests):
    """New and urgent first, then the newest."""
    return requests.annotate(
        new_first=Case(When(status=RequestStatus.NEW, then=Value(0)), default=Value(1), output_field=IntegerField()),
        urgent_first=Case(When(urgency=Urgency.URGENT, then=Value(0)), default=Value(1), output_field=IntegerField()),
        open_first=Case(When(status__in=OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()),
    ).order_by("new_first", "open_first", "urgent_first", "-filed_at", "-pk")


def _municipality_id(user):
    """Whose lists of topics and executors the user's forms offer."""
    if user.municipality_id:
        return user.municipality_id
    organization = Organization.objects.filter(user.organization_q()).order_by("sort_name").first()
    return organization.municipality_id if organization else None


def filtered(user, data):
    requests = HelpRequest.objects.in_scope(user)
    form = forms.FilterForm(data, user=user, municipality_id=_municipality_id(user))
    words = []
    if form.is_valid():
        cleaned = form.cleaned_data
        competency, topic = cleaned["topic"]
        if cleaned["status"] == "open":
            requests = requests.filter(status__in=OPEN)
            words.append("открытые")
        elif cleaned["status"]:
            requests = requests.filter(status=cleaned["status"])
            words.append(RequestStatus(cleaned["status"]).label)
        if cleaned["urgency"]:
            requests = requests.filter(urgency=cleaned["urgency"])
            words.append(Urgency(cleaned["urgency"]).label)
        if cleaned["organization"]:
            requests = requests.filter(organization=cleaned["organization"])
            words.append(str(cleaned["organization"]))
        if cleaned["assignee"]:
            requests = requests.filter(assignee=cleaned["assignee"])
            words.append(f"исполнитель {cleaned['assignee'].get_full_name() or cleaned['assignee'].username}")
        if competency or topic:
            requests = requests.filter(competency=competency, topic=topic)
            words.append((competency or topic).name)
    return form, requests, "; ".join(words)


@login_required
def index(request):
    user = request.user
    form, requests, _ = filtered(user, request.GET)
    page = Paginator(ordered(listed(requests)), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(HelpRequest.objects.in_scope(user).values_list("status").annotate(n=Count("pk")).order_by("status"))
    urgent_new = HelpRequest.objects.in_scope(user).filter(status=RequestStatus.NEW, urgency=Urgency.URGENT).count()
    context = {
        "page": page,
        "form": form,
        "counts": [(status, counts.get(status, 0)) for status in RequestStatus],
        "urgent_new": urgent_new,
        "can_file": can_file(user),
        "service": is_service(user),
        "query": request.GET.urlencode(),
    }
    return render(request, "consultations/index.html", context)


def _request_form(user, data=None, files=None):
    if user.role == "org_admin":
        organizations = Organization.objects.filter(pk__in=user.organizations.values("pk")).order_by("sort_name")
        municipality = organizations[0].municipality_id if organizations else None
        return forms.RequestForm(
            data, files, organizations=organizations, municipality_id=municipality, for_organization=True
        ), None
    educator = Educator.objects.get(pk=user.educator_id)
    home = educator.home_organization(timezone.localdate())
    form = forms.RequestForm(
        data,
        files,
        organizations=None,
        municipality_id=home.municipality_id if home else None,
        for_organization=False,
    )
    return form, home


@login_required
def new(request):
    user = request.user
    if not can_file(user):
        raise PermissionDenied("Запрос подают педагог (для себя) или администратор образовательной организации.")
    form, home = _request_form(user, request.POST or None, request.FILES or None)
    if user.role != "org_admin" and home is None:
        messages.error(request, "Вы не числитесь работающим ни в одной организации: запрос подать нельзя.")
        return redirect("consultations:index")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        competency, topic = data["topic"]
        fields = {
            "competency": competency,
            "topic": topic,
            "subject": data["subject"],
            "description": data["description"].strip(),
            "form_wanted": data["form_wanted"],
            "urgency": data["urgency"],
        }
        if home is None:
            filed = actions.file_request(
                fields, by=user, organization=data["organization"], staff=data["staff"], files=data["files"]
            )
        else:
            filed = actions.file_request(
                fields, by=user, organization=home, educator=user.educator, files=data["files"]
            )
        messages.success(request, f"Запрос № {filed.pk} подан. Методическая служба назначит исполнителя.")
        return redirect("consultations:detail", pk=filed.pk)
    return render(request, "consultations/form.html", {"form": form, "home": home})


def _scoped(user, pk):
    return get_object_or_404(listed(HelpRequest.objects.in_scope(user)), pk=pk)


def _detail_context(user, item, **forms_given):
    context = {
        "item": item,
        "history": item.events.select_related("by"),
        "attachments": item.attachments.all(),
        "consultations": item.consultations.select_related(
            "conducted_by", "follow_event", "follow_mentorship__mentor", "follow_program", "follow_route_step"
        ).prefetch_related("participants"),
        "rating": getattr(item, "rating", None) if hasattr(item, "rating") else None,
        "triage": may_triage(user, item),
        "consult": may_consult(user, item) and item.status in actions.MOVES["consult"],
        "notes": PrivateNote.objects.filter(request=item, author=user) if may_note(user) else None,
    }
    if context["triage"]:
        mid = item.municipality_id
        version = {"version": item.version}
        if item.status in actions.MOVES["assign"]:
            initial = {"assignee": item.assignee_id, "scheduled_for": item.scheduled_for} | version
            context["assign_form"] = forms_given.get("assign_form") or forms.AssignForm(
                initial=initial, municipality_id=mid
            )
            context["decline_form"] = forms_given.get("decline_form") or forms.DeclineForm(initial=version)
        if item.status in actions.MOVES["schedule"]:
            context["schedule_form"] = forms_given.get("schedule_form") or forms.ScheduleForm(
                initial={"scheduled_for": item.scheduled_for} | version
            )
        if item.status in actions.MOVES["close"]:
            context["close_form"] = forms.CloseForm(initial=version)
    if item.status in actions.MOVES["rate"] and context["rating"] is None and is_requester(user, item):
        context["rating_form"] = forms_given.get("rating_form") or forms.RatingForm()
    if context["notes"] is not None:
        context["note_form"] = forms_given.get("note_form") or forms.NoteForm()
    return context | forms_given  # a form sent back with its errors is shown whatever the status


@login_required
def detail(request, pk):
    item = _scoped(request.user, pk)
    return render(request, "consultations/detail.html", _detail_context(request.user, item))


def _redisplay(request, item, **given):
    return render(request, "consultations/detail.html", _detail_context(request.user, item, **given), status=400)


def _triage(request, pk, make_form, name: str, run, done: str):
    """One triage step of the service: the scoped request, the right to triage it, the step's form
    (`make_form(item)`) and its action (`run(item, form)`); a refused transition comes back on the form."""
    item = _scoped(request.user, pk)
    if not may_triage(request.user, item):
        raise PermissionDenied
    form = make_form(item)
    if form.is_valid():
        try:
            run(item, form)
        except actions.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("consultations:detail", pk=pk)
    return _redisplay(request, item, **{name: form})


@login_required
@require_POST
def assign(request, pk):
    def run(item, form):
        data = form.cleaned_data
        actions.assign(
            item,
            assignee=data["assignee"],
            assignee_kind=form.assignee_kind(),
            on=data["scheduled_for"],
            comment=data["comment"].strip(),
            by=request.user,
            version=data["version"],
        )

    return _triage(
        request,
        pk,
        lambda item: forms.AssignForm(request.POST, municipality_id=item.municipality_id),
        "assign_form",
        run,
        "Исполнитель назначен.",
    )


@login_required
@require_POST
def schedule(request, pk):
    def run(item, form):
        data = form.cleaned_data
        actions.schedule(item, on=data["scheduled_for"], by=request.user, version=data["version"])

    return _triage(request, pk, lambda item: forms.ScheduleForm(request.POST), "schedule_form", run, "Дата назначена.")


@login_required
@require_POST
def decline(request, pk):
    def run(item, form):
        data = form.cleaned_data
        actions.decline(item, reason=data["reason"], by=request.user, version=data["version"])

    return _triage(
        request,
        pk,
        lambda item: forms.DeclineForm(request.POST),
        "decline_form",
        run,
        "Запрос отклонён; причину увидит подавший его.",
    )


@login_required
@require_POST
def close(request, pk):
    item = _scoped(request.user, pk)
    if not may_triage(request.user, item):
        raise PermissionDenied
    form = forms.CloseForm(request.POST)
    form.is_valid()
    try:
        actions.close(item, by=request.user, version=form.cleaned_data.get("version"))
    except actions.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Запрос закрыт.")
    return redirect("consultations:detail", pk=pk)


@login_required
@require_POST
def rate(request, pk):
    item = _scoped(request.user, pk)
    if not is_requester(request.user, item):
        raise PermissionDenied("Оценить помощь может только тот, кто подал запрос.")
    form = forms.RatingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.rate(item, score=data["score"], solved=data["solved"], comment=data["comment"], by=request.user)
        except actions.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Спасибо за оценку! Запрос закрыт.")
            return redirect("consultations:detail", pk=pk)
    return _redisplay(request, item, rating_form=form)


@login_required
@require_POST
def note(request, pk):
    item = _scoped(request.user, pk)
    if not may_note(request.user):
        raise PermissionDenied
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        actions.add_note(item, text=form.cleaned_data["text"], by=request.user)
        messages.success(request, "Заметка сохранена; она видна только вам.")
        return redirect("consultations:detail", pk=pk)
    return _redisplay(request, item, note_form=form)


def _consultable(user, item):
    """The requests one consultation may answer together with `item`: the open assigned ones of its
    municipality the user may consult on."""
    requests = HelpRequest.objects.in_scope(user).filter(
        status__in=actions.MOVES["consult"], municipality_id=item.municipality_id
    )
    if not is_service(user):
        requests = requests.filter(assignee=user)
    return listed(requests).order_by("-filed_at", "-pk")


@login_required
def consult(request, pk):
    user = request.user
    item = _scoped(user, pk)
    if not may_consult(user, item):
        raise PermissionDenied
    if item.status not in actions.MOVES["consult"]:
        messages.error(request, actions.REFUSALS["consult"])
        return redirect("consultations:detail", pk=pk)
    # who may take part: the requesters and staff of the requests it may answer, and the request's organization
    consultable = _consultable(user, item)
    staff = HelpRequest.staff.through.objects.filter(helprequest_id__in=consultable.values("pk"))
    colleagues = Employment.objects.filter(organization_id=item.organization_id, end_date__isnull=True)
    participants = Educator.objects.filter(
        Q(pk__in=consultable.values("educator_id"))
        | Q(pk__in=staff.values("educator_id"))
        | Q(pk__in=colleagues.values("educator_id"))
    ).order_by("last_name", "first_name", "patronymic", "pk")
    initial = {
        "requests": [item.pk],
        "held_on": item.scheduled_for or timezone.localdate(),
        "form": item.form_wanted,
        "duration_minutes": 45,
        "topic_text": item.topic_label,
        "participants": [item.educator_id] if item.educator_id else [e.pk for e in item.staff.all()],
    }
    form = forms.ConsultationForm(
        request.POST or None,
        initial=initial,
        requests=consultable,
        participants=participants,
        municipality_id=item.municipality_id,
        region_id=item.region_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_consultation(
                form.fields_for_model(),
                requests=form.cleaned_data["requests"],
                participants=form.cleaned_data["participants"],
                by=user,
            )
        except actions.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Консультация внесена; запросы отмечены как выполненные.")
            return redirect("consultations:detail", pk=pk)
    return render(request, "consultations/consult.html", {"form": form, "item": item})


@login_required
def attachment(request, pk, attachment_pk):
    item = _scoped(request.user, pk)
    file = get_object_or_404(RequestAttachment, pk=attachment_pk, request=item)
    if not file.file:
        raise Http404
    record_download(request.user, item, f"вложение запроса «{file.name}»")
    return FileResponse(file.file.open("rb"), as_attachment=True, filename=file.name)
