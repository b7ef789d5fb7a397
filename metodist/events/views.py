import calendar as month_calendar
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.accounts.models import Role
from metodist.audit.actions import record
from metodist.audit.models import AuditAction
from metodist.lib.versions import CONFLICT, EditConflict, VersionForm
from metodist.lib.xlsx import Export, Sheet, export_bytes, export_filename, xlsx_response
from metodist.orgs.models import Municipality, Organization

from . import actions, ics, imports
from .actions import EventRefused
from .forms import EventForm, FeedbackForm, FilterForm, MaterialForm, PeriodForm, RegisterForm
from .models import (
    ORGANIZER_ROLES,
    CalendarToken,
    Event,
    EventStatus,
    Feedback,
    Participation,
    RegistrationStatus,
)

MONTHS = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split()  # noqa: SIM905
MAX_UPLOAD = 5 * 1024 * 1024
WEEKDAYS = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def can_create(user) -> bool:
    return user.is_superuser or user.role in ORGANIZER_ROLES or user.role == Role.ASSOCIATION_HEAD


@login_required
def index(request):
    """The calendar of events: a list (default) or a month grid, of the month chosen."""
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    first = (data.get("month") or today).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    events = Event.objects.in_scope(request.user).between(_moment(first), _moment(following))
    if data.get("kind"):
        events = events.filter(kind=data["kind"])
    if data.get("level"):
        events = events.filter(level=data["level"])
    if data.get("for_young"):
        events = events.filter(for_young=True)
    if data.get("network"):
        events = events.filter(network=True)
    if data.get("q"):
        events = events.filter(Q(title__icontains=data["q"]) | Q(theme__icontains=data["q"]))
    events = list(
        events.select_related("municipality", "association", "organization").with_seats().order_by("starts_at", "pk")
    )
    view = "month" if request.GET.get("view") == "month" else "list"
    weeks = []
    if view == "month":
        by_day = {}
        for event in events:
            by_day.setdefault(timezone.localdate(event.starts_at), []).append(event)
        for week in month_calendar.Calendar().monthdatescalendar(first.year, first.month):
            weeks.append([(day, day.month == first.month, by_day.get(day, [])) for day in week])
    query = request.GET.copy()
    query.pop("view", None)
    return render(request, "events/index.html", {
        "form": form, "events": events, "view": view, "weeks": weeks, "weekdays": WEEKDAYS,
        "month_name": f"{MONTHS[first.month - 1].capitalize()} {first.year}",
        "previous": (first - timedelta(days=1)).strftime("%Y-%m"), "next": following.strftime("%Y-%m"),
        "query": query.urlencode(), "can_create": can_create(request.user), "today": today,
        "municipality": request.user.municipality,
    })  # fmt: skip


def _event(request, pk: int) -> Event:
    events = Event.objects.in_scope(request.user).select_related("association", "organization", "municipality")
    return get_object_or_404(events, pk=pk)


def _own(request, event):
    if not request.user.educator_id:
        return None
    return Participation.objects.filter(event=event, educator_id=request.user.educator_id).first()


@login_required
def detail(request, pk: int):
    event = _event(request, pk)
    user = request.user
    mine = _own(request, event)
    manage = actions.can_manage(user, event)
    rows = (
        Participation.objects.in_scope(user)
        .filter(event=event)
        .exclude(educator_id=user.educator_id or 0)
        .select_related("educator")
        .order_by("status", "waiting_position", "educator__last_name")
    )
    people = list(rows) if user.sees_organizations or manage else []
    if people and not manage:
        record(user, AuditAction.READ, event, summary=f"список участников мероприятия ({len(people)})")
    waiting_rank = None
    if mine and mine.status == RegistrationStatus.WAITING:
        waiting_rank = event.participations.filter(status=RegistrationStatus.WAITING,
                                                   waiting_position__lt=mine.waiting_position).count() + 1  # fmt: skip
    gave_feedback = bool(mine) and Feedback.objects.filter(participation=mine).exists()
    may_rate = mine is not None and mine.status == RegistrationStatus.ATTENDED and not gave_feedback
    staff_form = RegisterForm(user=user) if user.sees_organizations and event.registration_open() else None
    return render(request, "events/detail.html", {
        "event": event, "mine": mine, "manage": manage, "people": people, "waiting_rank": waiting_rank,
        "materials": event.materials.all(), "open": event.registration_open(),
        "feedback_form": FeedbackForm() if may_rate else None,
        "gave_feedback": gave_feedback, "satisfaction": event.satisfaction() if manage else None,
        "staff_form": staff_form, "material_form": MaterialForm() if manage else None,
        "started": timezone.now() >= event.starts_at,
    })  # fmt: skip


def _refused(request, event, error):
    messages.error(request, str(error))
    return redirect("events:detail", pk=event.pk)


@login_required
@require_POST
def register(request, pk: int):
    event = _event(request, pk)
    educator = request.user.educator
    if request.user.sees_organizations:
        form = RegisterForm(request.POST, user=request.user)
        if not form.is_valid() or not form.cleaned_data["educator"]:
            messages.error(request, "Выберите педагога своей организации.")
            return redirect("events:detail", pk=pk)
        educator = form.cleaned_data["educator"]
    if educator is None:
        raise PermissionDenied("Учётная запись не связана с карточкой педагога.")
    try:
        participation = actions.register(event, educator, by=request.user)
    except EventRefused as error:
        return _refused(request, event, error)
    messages.success(request, {
        RegistrationStatus.WAITING: "Мест нет: педагог записан в лист ожидания.",
        RegistrationStatus.PENDING: "Заявка отправлена на согласование администратору организации.",
    }.get(participation.status, "Регистрация выполнена."))  # fmt: skip
    return redirect("events:detail", pk=pk)


def _participation(request, pk: int) -> Participation:
    return get_object_or_404(Participation.objects.in_scope(request.user).select_related("event", "educator"), pk=pk)


@login_required
@require_POST
def leave(request, pk: int, how: str):
    participation = _participation(request, pk)
    act = {"cancel": actions.cancel, "apologise": actions.apologise}.get(how)
    if act is None:
        raise Http404
    try:
        act(participation, by=request.user)
    except EventRefused as error:
        return _refused(request, participation.event, error)
    messages.success(
        request, "Регистрация отменена." if how == "cancel" else "Организатор предупреждён о вашем отсутствии."
    )
    return redirect("events:detail", pk=participation.event_id)


@login_required
@require_POST
def decide(request, pk: int):
    participation = _participation(request, pk)
    try:
        actions.decide(participation, request.POST.get("approve") == "1", by=request.user)
    except EventRefused as error:
        return _refused(request, participation.event, error)
    messages.success(request, "Решение по заявке сохранено.")
    return redirect("events:detail", pk=participation.event_id)


@login_required
@require_POST
def feedback(request, pk: int):
    participation = _participation(request, pk)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Поставьте обе оценки от 1 до 5.")
        return redirect("events:detail", pk=participation.event_id)
    try:
        actions.leave_feedback(participation, by=request.user, **form.cleaned_data)
    except EventRefused as error:
        return _refused(request, participation.event, error)
    messages.success(request, "Спасибо за отзыв!")
    return redirect("events:detail", pk=participation.event_id)


def _managed(request, pk: int) -> Event:
    event = _event(request, pk)
    if not actions.can_manage(request.user, event):
        raise PermissionDenied("Это может организатор мероприятия.")
    return event


def _warn_start(request, form: EventForm) -> None:
    if warning := form.start_warning():
        messages.warning(request, warning)


@login_required
def new(request):
    if not can_create(request.user):
        raise PermissionDenied("Создавать мероприятия может методист, координатор или руководитель объединения.")
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = actions.create_event(form, by=request.user)
        messages.success(request, "Мероприятие создано.")
        _warn_start(request, form)
        return redirect("events:detail", pk=event.pk)
    return render(request, "events/form.html", {"form": form, "event": None})


@login_required
def edit(request, pk: int):
    event = _managed(request, pk)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    lock = VersionForm.of(event.version, actions.event_state(event), request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid() and lock.is_valid():
        try:
            actions.update_event(event, form, lock, by=request.user)
        except EditConflict as refused:
            event = Event.objects.get(pk=pk)
            form = EventForm(request.POST, instance=event, user=request.user)
            lock = VersionForm(lock.refreshed(request.POST, refused), prefix="lock")
            form.is_valid()
            conflict = {"message": CONFLICT, "lines": refused.changed()}
        else:
            messages.success(request, "Изменения сохранены.")
            _warn_start(request, form)
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/form.html", {"form": form, "lock": lock, "event": event, "conflict": conflict})


@login_required
def attendance(request, pk: int):
    event = _managed(request, pk)
    import_errors = []
    if request.method == "POST" and request.FILES.get("file"):
        upload = request.FILES["file"]
        found = imports.check(upload.read(), event) if upload.size <= MAX_UPLOAD else None
        import_errors = ["Файл больше 5 МБ."] if found is None else found.errors
        if not import_errors:
            try:
                changed = actions.mark_attendance(event, found.attended, by=request.user)
            except EventRefused as error:
                return _refused(request, event, error)
            messages.success(request, f"Посещение загружено из файла: присутствовали {len(found.attended)}, "
                                      f"изменено записей: {changed}.")  # fmt: skip
            return redirect("events:detail", pk=pk)
    elif request.method == "POST":
        marked = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
        try:
            changed = actions.mark_attendance(event, marked, by=request.user)
        except EventRefused as error:
            return _refused(request, event, error)
        messages.success(request, f"Посещение отмечено (изменено записей: {changed}).")
        return redirect("events:detail", pk=pk)
    rows = (
        event.participations.exclude(status__in=(RegistrationStatus.CANCELLED, RegistrationStatus.WAITING))
        .select_related("educator")
        .order_by("educator__last_name", "educator__first_name")
    )
    return render(request, "events/attendance.html", {"event": event, "rows": rows, "import_errors": import_errors})


@login_required
def attendance_template(request, pk: int):
    _managed(request, pk)
    return xlsx_response(imports.template(), "Шаблон_посещения.xlsx")


@login_required
@require_POST
def add_material(request, pk: int):
    event = _managed(request, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        actions.add_material(event, form, by=request.user)
        messages.success(request, "Материал добавлен.")
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    return redirect("events:detail", pk=pk)


def academic_year(day: date) -> tuple[date, date]:
    """September 1 to August 31 of the academic year `day` falls in."""
    start = date(day.year if day.month >= 9 else day.year - 1, 9, 1)
    return start, date(start.year + 1, 8, 31)


@login_required
def annual(request):
    """The annual calendar of the municipality's events (seed 004: formed each September), with .xlsx export."""
    year = request.GET.get("year", "")
    start, end = academic_year(date(int(year), 9, 1) if year.isdigit() else timezone.localdate())
    events = (
        Event.objects.in_scope(request.user)
        .between(_moment(start), _moment(end + timedelta(days=1)))
        .exclude(status=EventStatus.DRAFT)
        .select_related("association", "organization")
        .order_by("starts_at", "pk")
    )
    title = f"Календарь мероприятий на {start.year}/{end.year} учебный год"
    if request.GET.get("format") == "xlsx":
        rows = [
            (timezone.localtime(e.starts_at), e.title, e.get_kind_display(), e.get_level_display(),
             organizer(e), e.theme, e.place or e.link, "да" if e.for_young else "", "да" if e.network else "",
             e.get_status_display())
            for e in events
        ]  # fmt: skip
        headers = ["Начало", "Мероприятие", "Форма", "Уровень", "Организатор", "Тема", "Место",
                   "Для молодых педагогов", "Сетевое", "Состояние"]  # fmt: skip
        export = Export.by(request.user, title=title, filters="нет")
        content = export_bytes(export, [Sheet("Календарь", headers, rows)])
        return xlsx_response(content, export_filename("Календарь-мероприятий", export.place, timezone.localdate()))
    months = {}
    for event in events:
        local = timezone.localtime(event.starts_at)
        months.setdefault((local.year, local.month), []).append(event)
    grouped = [(f"{MONTHS[m - 1].capitalize()} {y}", items) for (y, m), items in months.items()]
    return render(request, "events/annual.html", {"title": title, "grouped": grouped, "start": start,
                                                  "previous": start.year - 1, "next": start.year + 1})  # fmt: skip


def organizer(event: Event) -> str:
    if event.association_id:
        return str(event.association)
    if event.organization_id:
        return str(event.organization)
    return event.get_organizer_kind_display()


@login_required
def satisfaction(request):
    """The educators' satisfaction with the methodological service's events in a period (seed 000)."""
    if not request.user.sees_organizations:
        raise PermissionDenied("Сводка доступна методической службе и администраторам.")
    start, end = academic_year(timezone.localdate())
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    events = Event.objects.in_scope(request.user).between(_moment(start), _moment(end + timedelta(days=1)))
    answers = Feedback.objects.filter(participation__event__in=events)
    total = answers.summary()
    service = answers.filter(participation__event__organizer_kind="service").summary()
    return render(request, "events/satisfaction.html", {"form": form, "total": total, "service": service,
                                                        "start": start, "end": end})  # fmt: skip


@login_required
def record_page(request):
    """An educator's attendance record and commitment rate: for themself, or for an educator in scope."""
    from metodist.people.models import Educator

    educator_id = request.GET.get("educator") or request.user.educator_id
    if not educator_id:
        raise Http404
    educator = get_object_or_404(Educator.objects.in_scope(request.user), pk=educator_id)
    rows = (
        Participation.objects.in_scope(request.user)
        .filter(educator=educator)
        .select_related("event")
        .order_by("-event__starts_at")
    )
    commitment = rows.past(timezone.now()).commitment()
    return render(request, "events/record.html", {"educator": educator, "rows": rows, "commitment": commitment})


@login_required
def subscribe(request):
    """The page with the user's personal feed address (and a button to change it) and the municipality's."""
    token = CalendarToken.for_user(request.user)
    if request.method == "POST":
        token.renew()
        messages.success(request, "Создан новый адрес календаря; старый больше не работает.")
        return redirect("events:subscribe")
    personal = request.build_absolute_uri(reverse("events:user_feed", args=[token.key]))
    municipality_id = request.user.municipality_id or (
        Organization.objects.filter(request.user.organization_q()).values_list("municipality_id", flat=True).first()
    )
    public = (
        request.build_absolute_uri(reverse("events:municipality_feed", args=[municipality_id]))
        if municipality_id
        else None
    )
    return render(request, "events/subscribe.html", {"personal": personal, "public": public})


def _ics(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def user_feed(request, key: str):
    """A user's registrations (not cancelled), for a calendar client: the key in the URL is the only credential."""
    token = CalendarToken.objects.filter(key=key, user__is_active=True).select_related("user").first()
    if token is None or not token.user.educator_id:
        raise Http404
    rows = (
        Participation.objects.filter(educator_id=token.user.educator_id)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exclude(event__status=EventStatus.DRAFT)
        .select_related("event")
    )
    notes = {row.event_id: f"Ваша регистрация: {row.get_status_display().lower()}" for row in rows}
    content = ics.feed("Мои мероприятия", [row.event for row in rows], request.get_host(), notes)
    return _ics(content, "my-events")


def municipality_feed(request, pk: int):
    """A municipality's published events (and cancelled ones, so that a subscribed calendar drops them)."""
    municipality = get_object_or_404(Municipality, pk=pk)
    events = Event.objects.filter(municipality=municipality, status__in=(EventStatus.PUBLISHED, EventStatus.CANCELLED))
    since = timezone.now() - timedelta(days=366)
    content = ics.feed(f"Мероприятия: {municipality}", events.filter(starts_at__gte=since), request.get_host())
    return _ics(content, f"municipality-{pk}")
