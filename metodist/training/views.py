"""Pages of the training module: the catalogue, trainings, requests to count a course, the retraining view, the
effectiveness of programs and the plan-order. Every list is scoped (`in_scope`, `visible_to`)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from metodist.accounts.models import Role, ScopeLevel
from metodist.audit.actions import record_download
from metodist.imports.reading import FileRejected, check_upload
from metodist.lib.xlsx import Export, Sheet, export_bytes, export_filename, xlsx_response

from . import actions, imports, plan
from .effectiveness import MIN_PEOPLE, cached_effects
from .forms import CohortFormSet, DecisionForm, ImportForm, OrderRowFormSet, ProgramForm, RequestForm, TrainingForm
from .models import (
    CYCLE_DUE_MONTHS,
    Program,
    ProgramCohort,
    ProgramKind,
    ProviderKind,
    Review,
    Topic,
    Training,
    TrainingOrder,
    TrainingOrderRow,
    TrainingResult,
    TrainingSource,
)

MANAGER_ROLES = {Role.ADMIN, Role.REGIONAL_OPERATOR, Role.COORDINATOR, Role.METHODOLOGIST}
PAGE = 50


def can_manage(user) -> bool:
    """Methodologists of a municipality, the regional operator, the administrator: edit the catalogue, type and
    import trainings, decide on requests, make the plan-order."""
    return user.is_superuser or user.role in MANAGER_ROLES


def _manager(user) -> None:
    if not can_manage(user):
        raise PermissionDenied


def _region_id(user) -> int | None:
    if user.region_id:
        return user.region_id
    if user.municipality_id:
        return user.municipality.region_id
    return None


def _today() -> date:
    return timezone.localdate()


@login_required
def index(request):
    user = request.user
    if can_manage(user):
        return redirect("training:programs")
    if user.scope_level == ScopeLevel.ORGANIZATIONS:
        return redirect("training:trainings")
    return redirect("training:my")


# ---- the catalogue


def _program_filters(request, programs):
    params = request.GET
    applied = []
    if text := params.get("q", "").strip():
        programs = programs.filter(Q(title__icontains=text) | Q(provider__icontains=text))
        applied.append(f"«{text}»")
    if topic := params.get("topic"):
        programs = programs.with_topic(topic)
        applied.append("тема")
    if provider := params.get("provider_kind"):
        programs = programs.filter(provider_kind=provider)
        applied.append("вид организации")
    if kind := params.get("kind"):
        programs = programs.filter(kind=kind)
        applied.append("вид программы")
    if params.get("registry") in ("1", "0"):
        programs = programs.filter(in_federal_registry=params["registry"] == "1")
        applied.append("федеральный реестр")
    if competency := params.get("competency"):
        programs = programs.filter(competencies__code=competency)
        applied.append("компетенция")
    if subject := params.get("subject"):
        programs = programs.filter(subjects__pk=subject) if subject.isdigit() else programs
        applied.append("предмет")
    if params.get("upcoming") == "1":
        programs = programs.filter(cohorts__starts_on__gte=_today())
        applied.append("есть ближайшие потоки")
    return programs.distinct(), applied


@login_required
def programs(request):
    from metodist.diagnostics.models import Competency
    from metodist.people.models import Subject

    today = _today()
    upcoming = ProgramCohort.objects.filter(program=OuterRef("pk"), starts_on__gte=today).order_by("starts_on")
    found, applied = _program_filters(request, Program.objects.visible_to(request.user))
    found = found.annotate(next_cohort=Subquery(upcoming.values("starts_on")[:1])).prefetch_related("topics")
    page = Paginator(found.order_by("title", "pk"), PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "applied": applied,
        "topics": Topic.objects.all(),
        "provider_kinds": ProviderKind.choices,
        "kinds": ProgramKind.choices,
        "competencies": Competency.objects.filter(parent__isnull=False)
        .values_list("code", "name")
        .distinct()
        .order_by("code"),
        "subjects": Subject.objects.order_by("name"),
        "development": [
            ("deficit_based", "На основе диагностики дефицитов"),
            ("route_based", "На основе ИОМ"),
            ("municipal_need", "Для нужд муниципалитета"),
        ],  # fmt: skip
        "can_manage": can_manage(request.user),
    }
    return render(request, "training/programs.html", context)


def _program(request, pk):
    return get_object_or_404(Program.objects.visible_to(request.user), pk=pk)


@login_required
def program(request, pk):
    found = _program(request, pk)
    trained = Training.objects.in_scope(request.user).counted().filter(program=found).count()
    context = {
        "program": found,
        "cohorts": found.cohorts.all(),
        "trained": trained,
        "today": _today(),
        "can_manage": can_manage(request.user),
    }
    return render(request, "training/program.html", context)


@login_required
def program_edit(request, pk=None):
    _manager(request.user)
    instance = _program(request, pk) if pk else Program(region_id=_region_id(request.user))
    if pk and request.user.scope_level != ScopeLevel.ALL and instance.region_id != _region_id(request.user):
        raise PermissionDenied  # a federal program, or one of another region, is edited by the administrator
    form = ProgramForm(request.POST or None, instance=instance)
    cohorts = CohortFormSet(request.POST or None, instance=instance, prefix="cohorts")
    if request.method == "POST" and form.is_valid() and cohorts.is_valid():
        saved = actions.save_program(form, by=request.user)
        cohorts.instance = saved
        cohorts.save()
        messages.success(request, "Программа сохранена.")
        return redirect("training:program", saved.pk)
    return render(request, "training/program_form.html", {"form": form, "cohorts": cohorts, "program": instance})


# ---- imports


def _import(request, kind: str):
    _manager(request.user)
    today = _today()
    columns = imports.PROGRAM_COLUMNS if kind == "programs" else imports.TRAINING_COLUMNS
    context = {"kind": kind, "columns": columns, "form": ImportForm()}
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        content = imports.stored(token, request.user)
        if content is None:
            messages.error(request, "Файл не найден: загрузите его ещё раз.")
            return redirect(request.path)
        check = _check(kind, content, request.user, today)
        if not check.ok:
            context.update(check=check)
            return render(request, "training/import.html", context)
        if len(check.rows) > imports.JOB_ROWS:
            from metodist.jobs.actions import start

            job = start(
                "training.import", by=request.user, key=f"training.import:{token}", what=kind, token=token,
                today=today.isoformat(),
            )  # fmt: skip
            return redirect(job.get_absolute_url())
        commit = imports.commit_programs if kind == "programs" else imports.commit_trainings
        written = commit(check, by=request.user)
        imports.discard(token)
        messages.success(request, f"Загружено записей: {written}.")
        return redirect("training:programs" if kind == "programs" else "training:trainings")
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                check_upload(upload.name, content)
                check = _check(kind, content, request.user, today)
            except FileRejected as error:
                form.add_error("file", str(error))
                return render(request, "training/import.html", context)
            context["check"] = check
            if check.ok:
                context["token"] = imports.store(content, request.user)
    return render(request, "training/import.html", context)


def _check(kind, content, user, today):
    if kind == "programs":
        return imports.check_programs(content, region_id=_region_id(user))
    return imports.check_trainings(content, user=user, today=today)


@login_required
def programs_import(request):
    return _import(request, "programs")


@login_required
def trainings_import(request):
    return _import(request, "trainings")


@login_required
def import_template(request, kind):
    _manager(request.user)
    columns = {"programs": imports.PROGRAM_COLUMNS, "trainings": imports.TRAINING_COLUMNS}.get(kind)
    if columns is None:
        raise Http404
    name = "Шаблон_каталог_ДПП.xlsx" if kind == "programs" else "Шаблон_прохождение_ДПП.xlsx"
    return xlsx_response(imports.template_bytes(columns), name)


# ---- trainings


def _trainings(request):
    found = Training.objects.in_scope(request.user).select_related("educator", "program")
    params = request.GET
    if text := params.get("q", "").strip():
        from metodist.people.models import Educator

        found = found.filter(educator__in=Educator.objects.search(text).values("pk"))
    if kind := params.get("kind"):
        found = found.filter(kind=kind)
    if review := params.get("review"):
        found = found.filter(review=review)
    if source := params.get("source"):
        found = found.filter(source=source)
    if (year := params.get("year", "")).isdigit():
        found = found.filter(ends_on__year=int(year))
    if (program_id := params.get("program", "")).isdigit():
        found = found.filter(program_id=int(program_id))
    return found


@login_required
def trainings(request):
    if request.user.scope_level == ScopeLevel.SELF:
        return redirect("training:my")
    found = _trainings(request).order_by("-ends_on", "pk")
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    years = range(_today().year, _today().year - 6, -1)
    context = {
        "page": page,
        "kinds": ProgramKind.choices,
        "reviews": Review.choices,
        "sources": TrainingSource.choices,
        "years": years,
        "can_manage": can_manage(request.user),
    }
    return render(request, "training/trainings.html", context)


def _training(request, pk):
    return get_object_or_404(Training.objects.in_scope(request.user).select_related("educator", "program"), pk=pk)


@login_required
def training(request, pk):
    found = _training(request, pk)
    form = None
    if can_manage(request.user) and found.review == Review.PENDING:
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            actions.decide(found, approve=approve, reason=form.cleaned_data["reason"], by=request.user)
            messages.success(request, "Курс засчитан." if approve else "Заявка отклонена; педагог увидит причину.")
            return redirect("training:requests")
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "training/training.html", {"training": found, "form": form})


@login_required
def certificate(request, pk):
    found = _training(request, pk)
    if not found.certificate:
        raise Http404
    record_download(request.user, found, f"Скан удостоверения: {found.educator.full_name}")
    return FileResponse(
        found.certificate.open("rb"), as_attachment=True, filename=found.certificate.name.rsplit("/")[-1]
    )


@login_required
def training_create(request):
    _manager(request.user)
    from metodist.people.models import Educator

    educators = Educator.objects.in_scope(request.user).employed(_today())
    programs_visible = Program.objects.visible_to(request.user).filter(is_active=True)
    query = request.GET.get("educator_q", "").strip()[:100]
    form = TrainingForm(request.POST or None, educators=educators, programs=programs_visible, query=query)
    if request.method == "POST" and form.is_valid():
        saved = actions.record_training(form.save(commit=False), by=request.user)
        messages.success(request, f"Внесено: {saved.educator.full_name}, {saved.display_title}.")
        return redirect("training:trainings")
    return render(request, "training/training_form.html", {"form": form, "educator_query": query})


@login_required
def requests(request):
    _manager(request.user)
    found = Training.objects.in_scope(request.user).requests().select_related("educator", "reviewed_by")
    pending = found.filter(review=Review.PENDING).order_by("created_at", "pk")
    decided = found.exclude(review=Review.PENDING).order_by("-reviewed_at", "-pk")[:30]
    return render(request, "training/requests.html", {"pending": pending, "decided": decided})


# ---- the educator's own


def _educator(request):
    if not request.user.educator_id:
        raise PermissionDenied
    return request.user.educator


@login_required
def my(request):
    from .cabinet import cycle_status

    educator = _educator(request)
    rows = Training.objects.filter(educator=educator).select_related("program").order_by("-ends_on", "-pk")
    context = {"trainings": rows, "cycle": cycle_status(educator, _today()), "due_months": CYCLE_DUE_MONTHS}
    return render(request, "training/my.html", context)


@login_required
def request_create(request):
    educator = _educator(request)
    form = RequestForm(request.POST or None, request.FILES or None, today=_today())
    if request.method == "POST" and form.is_valid():
        draft = form.save(commit=False)
        draft.educator = educator
        actions.request_count(draft, by=request.user)
        messages.success(request, "Заявка отправлена методисту. Решение появится в разделе «Мои курсы».")
        return redirect("training:my")
    return render(request, "training/request_form.html", {"form": form})


# ---- retraining of those who teach out of profile


@login_required
def retraining(request):
    if request.user.scope_level == ScopeLevel.SELF:
        raise PermissionDenied
    from metodist.people.models import Educator

    today = _today()
    retrainings = Training.objects.counted().filter(kind=ProgramKind.PP).select_related("program")
    people = (
        Educator.objects.in_scope(request.user)
        .out_of_profile(today)
        .prefetch_related(Prefetch("trainings", queryset=retrainings, to_attr="retrainings"))
        .annotate(
            pp=Count(
                "trainings",
                filter=Q(
                    trainings__kind=ProgramKind.PP,
                    trainings__review=Review.VERIFIED,
                    trainings__result=TrainingResult.COMPLETED,
                ),
            )
        )  # fmt: skip
        .order_by("pp", "last_name", "first_name", "pk")
    )
    if request.GET.get("without") == "1":
        people = people.filter(pp=0)
    page = Paginator(people, PAGE).get_page(request.GET.get("page"))
    return render(request, "training/retraining.html", {"page": page, "can_manage": can_manage(request.user)})


# ---- effectiveness


@login_required
def effectiveness(request):
    _manager(request.user)
    from metodist.diagnostics.models import Competency

    region_id = _region_id(request.user)
    found = cached_effects(region_id)
    titles = dict(Program.objects.filter(pk__in={key[0] for key in found}).values_list("pk", "title"))
    names = dict(Competency.objects.filter(code__in={key[1] for key in found}).values_list("code", "name"))
    rows = sorted(
        ({"program": titles.get(pk, ""), "program_id": pk, "code": code, "competency": names.get(code, code),
          "effect": effect, "mine": _points(effect.participants_change), "theirs": _points(effect.comparison_change),
          "difference": _points(effect.difference)} for (pk, code), effect in found.items()),
        key=lambda row: (not row["effect"].enough, -(row["effect"].difference or 0), row["program"]),
    )  # fmt: skip
    return render(request, "training/effectiveness.html", {"rows": rows, "min_people": MIN_PEOPLE})


def _points(value) -> str:
    """+22,7 — a change in percentage points with its sign and a decimal comma."""
    if value is None:
        return ""
    return f"{value:+.1f}".replace(".", ",")


# ---- the plan-order


def _municipality(request):
    from metodist.orgs.models import Municipality

    user = request.user
    if user.municipality_id:
        return user.municipality
    choices = (
        Municipality.objects.all()
        if user.scope_level == ScopeLevel.ALL
        else Municipality.objects.filter(region_id=user.region_id)
    )
    chosen = request.GET.get("municipality") or request.POST.get("municipality")
    if chosen and chosen.isdigit():
        return get_object_or_404(choices, pk=chosen)
    return choices.order_by("name").first()


def _orders(request):
    user = request.user
    found = TrainingOrder.objects.select_related("municipality")
    if user.scope_level == ScopeLevel.ALL:
        return found
    if user.scope_level == ScopeLevel.REGION:
        return found.filter(municipality__region_id=user.region_id)
    return found.filter(municipality_id=user.municipality_id)


@login_required
def orders(request):
    _manager(request.user)
    municipality = _municipality(request)
    if request.method == "POST":
        year = int(request.POST.get("year") or _today().year + 1)
        order = plan.generate(municipality, year, on=_today(), by=request.user)
        messages.success(request, f"План-заказ на {year} год сформирован: строк {order.rows.count()}.")
        return redirect("training:order", order.pk)
    found = _orders(request).annotate(people=Count("rows"))
    return render(request, "training/orders.html", {"orders": found, "municipality": municipality,
                                                    "next_year": _today().year + 1})  # fmt: skip


@login_required
def order(request, pk):
    _manager(request.user)
    found = get_object_or_404(_orders(request), pk=pk)
    rows = TrainingOrderRow.objects.filter(order=found).select_related("topic", "program")
    rows = rows.prefetch_related("program__topics")
    formset = OrderRowFormSet(request.POST or None, queryset=rows, prefix="rows")
    programs_visible = Program.objects.visible_to(request.user).filter(is_active=True)
    # the choices are read once for all rows, not once per row's select
    program_choices = [("", "любая программа ПК"), *programs_visible.values_list("pk", "title")]
    for form in formset.forms:
        form.fields["program"].queryset = programs_visible
        form.fields["program"].choices = program_choices
    if request.method == "POST" and formset.is_valid():
        for row in formset.save(commit=False):
            row.order = found
            row.save()
        for row in formset.deleted_objects:
            row.delete()
        from metodist.audit.actions import record
        from metodist.audit.models import AuditAction

        record(request.user, AuditAction.UPDATE, found, summary="Изменены строки плана-заказа")
        messages.success(request, "План-заказ сохранён.")
        return redirect("training:order", found.pk)
    totals = {
        "quantity": sum(row.quantity for row in rows),
        "deficits": sum(row.from_deficits for row in rows),
        "cycle": sum(row.from_cycle for row in rows),
        "attestation": sum(row.from_attestation for row in rows),
        "short": [row for row in rows if row.shortage],
    }
    context = {"order": found, "formset": formset, "totals": totals, "due_months": CYCLE_DUE_MONTHS}
    return render(request, "training/order.html", context)


@login_required
def order_export(request, pk):
    _manager(request.user)
    found = get_object_or_404(_orders(request), pk=pk)
    rows = TrainingOrderRow.objects.filter(order=found).select_related("topic", "program")
    sheet = Sheet(
        "План-заказ",
        [
            "Месяц",
            "Тема",
            "Программа",
            "Организация",
            "По дефицитам",
            "По аттестации",
            "По трёхлетнему циклу",
            "Количество человек",
            "Мест в потоках",
            "Не хватает мест",
            "Примечание",
        ],  # fmt: skip
        [
            [
                row.month_name,
                str(row.topic or ""),
                row.program.title if row.program else "любая программа ПК",
                row.program.provider if row.program else "",
                row.from_deficits,
                row.from_attestation,
                row.from_cycle,
                row.quantity,
                "не ограничено" if row.seats is None else row.seats,
                row.shortage or "",
                row.note,
            ]
            for row in rows
        ],  # fmt: skip
    )
    export = Export.by(request.user, title=f"План-заказ на повышение квалификации на {found.year} год",
                       filters="нет", place=str(found.municipality))  # fmt: skip
    from metodist.audit.actions import record
    from metodist.audit.models import AuditAction

    record(request.user, AuditAction.EXPORT, found, summary=f"Выгрузка плана-заказа на {found.year} год")
    return xlsx_response(export_bytes(export, [sheet]), export_filename("План-заказ", str(found.municipality),
                                                                         _today()))  # fmt: skip
