"""Pages of the surveys module: the list, the builder of a draft, sending and closing (the service), the
questionnaire (an invited educator) and the results with their export (the service).

Who sees what: the service of the territory (coordinator, methodologist, regional operator, administrator)
builds, sends and reads the results of its surveys; an invited educator sees the survey and answers it, never
its results; an organization's administrator sees the response rate of their organizations only (for an
anonymous survey without the organizations of fewer than five invited) and no answers. Anything else: 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.accounts.models import ScopeLevel
from metodist.difficulties.topics import topic_choices, topical_value

from . import actions, export
from .audience import audience_count
from .forms import AnswerForm, OptionForm, QuestionForm, SurveyForm
from .models import MIN_GROUP, Invitation, Option, Question, Survey
from .results import HIDDEN, response_rates, survey_results

SERVICE = {ScopeLevel.ALL, ScopeLevel.REGION, ScopeLevel.MUNICIPALITY}


def is_service(user) -> bool:
    return user.scope_level in SERVICE


def _service_survey(user, pk) -> Survey:
    if not is_service(user):
        raise Http404
    return get_object_or_404(Survey.objects.in_scope(user).select_related("municipality"), pk=pk)


def _count(rows) -> Subquery:
    counted = rows.order_by().values("survey_id").annotate(n=Count("pk")).values("n")
    return Subquery(counted, output_field=IntegerField())


@login_required
def index(request):
    user, today = request.user, timezone.localdate()
    service = is_service(user)
    surveys = (Survey.objects.in_scope(user) if service else Survey.objects.visible_to(user)).select_related(
        "municipality"
    )
    invitations = Invitation.objects.filter(survey_id=OuterRef("pk"))
    surveys = surveys.annotate(
        invited=_count(invitations), responded=_count(invitations.filter(responded=True))
    ).order_by("-created_at", "-pk")
    if user.educator_id:
        own = invitations.filter(educator_id=user.educator_id)
        surveys = surveys.annotate(invited_me=Exists(own), answered_me=Exists(own.filter(responded=True)))
    else:
        surveys = surveys.annotate(invited_me=Value(False), answered_me=Value(False))
    rows = list(surveys[:200])
    for survey in rows:
        survey.shown_status = survey.status_label_on(today)
        survey.may_answer = survey.invited_me and not survey.answered_me and survey.accepts_answers(today)
    context = {"surveys": rows, "service": service, "today": today}
    return render(request, "surveys/index.html", context)


@login_required
def create(request):
    user = request.user
    if not is_service(user):
        raise Http404
    form = SurveyForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("title", "description", "anonymous", "deadline")}
        fields["municipality"] = form.cleaned_data.get("municipality") or user.municipality
        audience = {name: form.cleaned_data[name] for name in actions.AUDIENCE}
        survey = actions.create(fields, audience, by=user)
        messages.success(request, "Черновик анкеты создан. Добавьте вопросы.")
        return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/form.html", {"form": form, "title": "Новая анкета"})


@login_required
@require_POST
def copy_template(request):
    from .template import copy_template as copy

    user = request.user
    if not is_service(user):
        raise Http404
    municipality = user.municipality
    if municipality is None:
        messages.error(request, "Шаблон копируется в анкету муниципалитета: создайте анкету и выберите муниципалитет.")
        return redirect("surveys:index")
    survey = copy(municipality=municipality, by=user)
    messages.success(request, "Шаблонная анкета скопирована в новый черновик: проверьте вопросы, адресатов и срок.")
    return redirect("surveys:detail", pk=survey.pk)


@login_required
def detail(request, pk):
    user, today = request.user, timezone.localdate()
    survey = get_object_or_404(Survey.objects.visible_to(user).select_related("municipality"), pk=pk)
    if not is_service(user):
        return _participant_page(request, survey, today)
    questions = list(survey.questions.prefetch_related("options__competency", "options__topic").order_by("order", "pk"))
    if survey.is_draft:
        choices = topic_choices(survey.municipality_id, "без темы")
        for question in questions:
            for option in question.options.all():
                option.form = OptionForm(
                    initial={"text": option.text, "topic": topical_value(option)},
                    municipality_id=survey.municipality_id,
                    choices=choices,
                    prefix=f"o{option.pk}",
                )
            question.new_option = OptionForm(
                municipality_id=survey.municipality_id, choices=choices, prefix=f"n{question.pk}"
            )
    invited, responded, _ = response_rates(survey)
    context = {
        "survey": survey,
        "questions": questions,
        "status": survey.status_label_on(today),
        "invited": invited,
        "responded": responded,
        "accepting": survey.accepts_answers(today),
        "audience": _audience_text(survey),
    }
    return render(request, "surveys/detail.html", context)


def _audience_text(survey: Survey) -> list[tuple[str, str]]:
    def names(manager, empty):
        return ", ".join(str(item) for item in manager.all()) or empty

    return [
        ("Организации", names(survey.organizations, "все организации муниципалитета")),
        ("Должности", names(survey.positions, "любые")),
        ("Предметы", names(survey.subjects, "любые")),
    ]


def _participant_page(request, survey, today):
    """An invited educator goes to the questionnaire; an organization's administrator sees the response rate of
    their organizations."""
    user = request.user
    if Invitation.objects.filter(survey=survey, educator_id=user.educator_id).exists() and (
        user.scope_level != ScopeLevel.ORGANIZATIONS
    ):
        return redirect("surveys:answer", pk=survey.pk)
    if user.scope_level != ScopeLevel.ORGANIZATIONS:
        raise Http404
    invited, responded, rates = response_rates(survey, organizations=user.organizations.all())
    context = {"survey": survey, "status": survey.status_label_on(today), "invited": invited, "responded": responded}
    context |= {"rates": rates, "hidden": HIDDEN, "min_group": MIN_GROUP}
    return render(request, "surveys/organization.html", context)


@login_required
def edit(request, pk):
    user = request.user
    survey = _service_survey(user, pk)
    if not survey.is_draft:
        messages.error(request, "Анкета уже разослана: её нельзя изменить.")
        return redirect("surveys:detail", pk=pk)
    form = SurveyForm(request.POST or None, instance=survey, user=user)
    version = _int(request.POST.get("version")) if request.method == "POST" else survey.version
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("title", "description", "anonymous", "deadline")}
        if "municipality" in form.cleaned_data:
            fields["municipality"] = form.cleaned_data["municipality"]
        audience = {name: form.cleaned_data[name] for name in actions.AUDIENCE}
        try:
            actions.update(survey, fields, audience, by=user, version=version)
        except actions.SurveyError as error:
            form.add_error(None, str(error))
            version = Survey.objects.filter(pk=pk).values_list("version", flat=True).first()
        else:
            messages.success(request, "Анкета сохранена.")
            return redirect("surveys:detail", pk=pk)
    context = {"form": form, "title": f"Анкета «{survey.title}»", "version": version, "survey": survey}
    return render(request, "surveys/form.html", context)


def _draft_question(user, pk, question_pk) -> tuple[Survey, Question]:
    survey = _service_survey(user, pk)
    return survey, get_object_or_404(Question.objects.filter(survey=survey), pk=question_pk)


@login_required
def question_new(request, pk):
    user = request.user
    survey = _service_survey(user, pk)
    form = QuestionForm(request.POST or None, with_options=True)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_question(survey, _question_fields(form), form.options(), by=user)
        except actions.SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Вопрос добавлен.")
            return redirect("surveys:detail", pk=pk)
    return render(request, "surveys/question_form.html", {"form": form, "survey": survey, "title": "Новый вопрос"})


def _question_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in QuestionForm.Meta.fields}


@login_required
def question_edit(request, pk, question_pk):
    user = request.user
    survey, question = _draft_question(user, pk, question_pk)
    form = QuestionForm(request.POST or None, instance=question, with_options=False)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_question(question, _question_fields(form), by=user)
        except actions.SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Вопрос сохранён.")
            return redirect("surveys:detail", pk=pk)
    context = {"form": form, "survey": survey, "title": "Изменить вопрос"}
    return render(request, "surveys/question_form.html", context)


def _refused(request, pk, call):
    try:
        call()
    except actions.SurveyError as error:
        messages.error(request, str(error))
    return redirect("surveys:detail", pk=pk)


@login_required
@require_POST
def question_delete(request, pk, question_pk):
    _, question = _draft_question(request.user, pk, question_pk)
    return _refused(request, pk, lambda: actions.delete_question(question, by=request.user))


@login_required
@require_POST
def question_move(request, pk, question_pk):
    _, question = _draft_question(request.user, pk, question_pk)
    step = -1 if request.POST.get("direction") == "up" else 1
    return _refused(request, pk, lambda: actions.move_question(question, step, by=request.user))


@login_required
@require_POST
def option_add(request, pk, question_pk):
    survey, question = _draft_question(request.user, pk, question_pk)
    form = OptionForm(request.POST, municipality_id=survey.municipality_id, prefix=f"n{question.pk}")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("surveys:detail", pk=pk)
    data = form.cleaned_data
    return _refused(request, pk, lambda: actions.add_option(question, data["text"], data["topic"], by=request.user))


@login_required
@require_POST
def option_edit(request, pk, option_pk):
    survey = _service_survey(request.user, pk)
    option = get_object_or_404(
        Option.objects.filter(question__survey=survey).select_related("question__survey"), pk=option_pk
    )
    form = OptionForm(request.POST, municipality_id=survey.municipality_id, prefix=f"o{option.pk}")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("surveys:detail", pk=pk)
    data = form.cleaned_data
    return _refused(request, pk, lambda: actions.update_option(option, data["text"], data["topic"], by=request.user))


@login_required
@require_POST
def option_delete(request, pk, option_pk):
    survey = _service_survey(request.user, pk)
    option = get_object_or_404(
        Option.objects.filter(question__survey=survey).select_related("question__survey"), pk=option_pk
    )
    return _refused(request, pk, lambda: actions.delete_option(option, by=request.user))


def _form_errors(form) -> str:
    return " ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )


@login_required
def send(request, pk):
    user, today = request.user, timezone.localdate()
    survey = _service_survey(user, pk)
    if request.method == "POST":
        try:
            count = actions.send(survey, by=user, today=today, version=_int(request.POST.get("version")))
        except actions.SurveyError as error:
            messages.error(request, str(error))
            return redirect("surveys:send", pk=pk)
        messages.success(request, f"Анкета разослана: приглашено педагогов — {count}.")
        return redirect("surveys:detail", pk=pk)
    problems = actions.sending_problems(survey, today)
    context = {
        "survey": survey,
        "problems": problems,
        "count": audience_count(survey, today),
        "audience": _audience_text(survey),
    }
    return render(request, "surveys/send.html", context)


@login_required
@require_POST
def close(request, pk):
    user = request.user
    survey = _service_survey(user, pk)
    try:
        actions.close(survey, by=user, today=timezone.localdate())
    except actions.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Опрос завершён: ответы больше не принимаются.")
    return redirect("surveys:detail", pk=pk)


@login_required
def answer(request, pk):
    user, today = request.user, timezone.localdate()
    survey = get_object_or_404(Survey.objects.invited(user.educator_id), pk=pk)
    invitation = Invitation.objects.get(survey=survey, educator_id=user.educator_id)
    questions = list(survey.questions.prefetch_related("options").order_by("order", "pk"))
    form = AnswerForm(request.POST or None, questions=questions)
    accepting = survey.accepts_answers(today) and not invitation.responded
    if request.method == "POST" and accepting and form.is_valid():
        try:
            actions.submit(survey, invitation.educator, form.answers(), today=today, by=user)
        except actions.SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Спасибо! Ваш ответ принят.")
            return redirect("surveys:index")
    context = {
        "survey": survey,
        "form": form,
        "accepting": accepting,
        "responded": invitation.responded,
        "status": survey.status_label_on(today),
    }
    return render(request, "surveys/answer.html", context)


@login_required
def results(request, pk):
    user = request.user
    survey = _service_survey(user, pk)
    if survey.is_draft:
        raise Http404
    figures = survey_results(survey)
    if request.GET.get("format") == "xlsx":
        return export.results_xlsx(request, figures)
    context = {"survey": survey, "results": figures, "hidden": HIDDEN, "min_group": MIN_GROUP}
    context["status"] = survey.status_label_on(timezone.localdate())
    return render(request, "surveys/results.html", context)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
