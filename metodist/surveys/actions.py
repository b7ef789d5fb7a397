"""Writes of the surveys module: building a draft, sending it (the audience frozen into invitations), closing,
and an educator's answer. Atomic; every change of the service is in the audit trail.

An anonymous answer writes no audit entry at all: an entry carries its time and would sit beside the
invitation flipped in the same request; the count of responses is the record that it was given.
"""

from datetime import date

from django.db import transaction
from django.db.models import F, Max

from metodist.audit.actions import record, record_created, record_updated, snapshot
from metodist.audit.models import AuditAction
from metodist.lib.versions import CONFLICT, claim

from .audience import audience_invitations
from .models import Answer, Invitation, Option, Question, QuestionKind, Survey, SurveyResponse, SurveyStatus

AUDIENCE = ("organizations", "positions", "subjects")


class SurveyError(Exception):
    """Why a change was refused, in Russian."""


def _draft(survey: Survey) -> None:
    if not survey.is_draft:
        raise SurveyError("Анкета уже разослана: вопросы и адресатов изменить нельзя.")


def _touch(survey: Survey) -> None:
    """A change of the questions moves the survey's version on, so that an open edit form learns of it."""
    claim(survey, None)


def _set_audience(survey: Survey, audience: dict) -> None:
    for name in AUDIENCE:
        if name in audience:
            getattr(survey, name).set(audience[name])


@transaction.atomic
def create(fields: dict, audience: dict, *, by) -> Survey:
    municipality = fields["municipality"]
    survey = Survey.objects.create(**fields, region_id=municipality.region_id, created_by=by)
    _set_audience(survey, audience)
    record_created(by, survey)
    return survey


@transaction.atomic
def update(survey: Survey, fields: dict, audience: dict, *, by, version: int | None) -> Survey:
    _draft(survey)
    if not claim(survey, version):
        raise SurveyError(CONFLICT)
    before = snapshot(survey)
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.region_id = survey.municipality.region_id
    survey.save()
    _set_audience(survey, audience)
    record_updated(by, survey, before)
    return survey


@transaction.atomic
def add_question(survey: Survey, fields: dict, options: list[str], *, by) -> Question:
    _draft(survey)
    last = survey.questions.aggregate(last=Max("order"))["last"] or 0
    question = Question.objects.create(survey=survey, order=last + 1, **fields)
    if question.is_choice:
        Option.objects.bulk_create(
            Option(question=question, order=number, text=text) for number, text in enumerate(options, start=1)
        )
    _touch(survey)
    record_created(by, question)
    return question


@transaction.atomic
def update_question(question: Question, fields: dict, *, by) -> Question:
    _draft(question.survey)
    before = snapshot(question)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    if not question.is_choice:
        question.options.all().delete()
    _touch(question.survey)
    record_updated(by, question, before)
    return question


@transaction.atomic
def delete_question(question: Question, *, by) -> None:
    _draft(question.survey)
    record(by, AuditAction.DELETE, question, summary=f"удалён вопрос «{question.text[:200]}»")
    question.delete()
    _touch(question.survey)


@transaction.atomic
def move_question(question: Question, step: int, *, by) -> None:
    """Swaps the question with its neighbour above (step -1) or below (+1); the order is renumbered 1…n."""
    _draft(question.survey)
    questions = list(question.survey.questions.order_by("order", "pk"))
    index = next(number for number, item in enumerate(questions) if item.pk == question.pk)
    other = index + step
    if not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for number, item in enumerate(questions, start=1):
        item.order = number
    Question.objects.bulk_update(questions, ["order"])
    _touch(question.survey)
    record(by, AuditAction.UPDATE, question, summary="изменён порядок вопросов")


@transaction.atomic
def add_option(question: Question, text: str, topical: dict, *, by) -> Option:
    _draft(question.survey)
    if not question.is_choice:
        raise SurveyError("Варианты ответа бывают только у вопросов с выбором.")
    last = question.options.aggregate(last=Max("order"))["last"] or 0
    option = Option.objects.create(question=question, order=last + 1, text=text, **topical)
    _touch(question.survey)
    record_created(by, option)
    return option


@transaction.atomic
def update_option(option: Option, text: str, topical: dict, *, by) -> Option:
    _draft(option.question.survey)
    before = snapshot(option)
    option.text = text
    option.competency, option.topic = topical["competency"], topical["topic"]
    option.save()
    _touch(option.question.survey)
    record_updated(by, option, before)
    return option


@transaction.atomic
def delete_option(option: Option, *, by) -> None:
    _draft(option.question.survey)
    record(by, AuditAction.DELETE, option, summary=f"удалён вариант «{option.text[:200]}»")
    option.delete()
    _touch(option.question.survey)


def sending_problems(survey: Survey, today: date) -> list[str]:
    """What keeps the draft from being sent, in Russian (empty: it may be sent)."""
    problems = []
    if not survey.is_draft:
        problems.append("Анкета уже разослана.")
    questions = list(survey.questions.all())
    if not questions:
        problems.append("В анкете нет ни одного вопроса.")
    for question in questions:
        if question.is_choice and len(question.options.all()) < 2:
            problems.append(f"У вопроса «{question.text}» меньше двух вариантов ответа.")
        if question.kind == QuestionKind.SCALE and question.scale_min >= question.scale_max:
            problems.append(f"У шкалы вопроса «{question.text}» минимум не меньше максимума.")
    if survey.deadline is None:
        problems.append("Не указан срок ответа.")
    elif survey.deadline < today:
        problems.append("Срок ответа уже прошёл: укажите более позднюю дату.")
    return problems


@transaction.atomic
def send(survey: Survey, *, by, today: date, version: int | None) -> int:
    """Freezes the audience into invitations and opens the survey; the number of educators invited."""
    problems = sending_problems(survey, today)
    if problems:
        raise SurveyError(" ".join(problems))
    invitations = audience_invitations(survey, today)
    if not invitations:
        raise SurveyError("Адресатов нет: на сегодня в выбранных организациях нет подходящих педагогов.")
    if not claim(survey, version):
        raise SurveyError(CONFLICT)
    Invitation.objects.bulk_create(invitations, batch_size=500)
    survey.status, survey.sent_on = SurveyStatus.OPEN, today
    survey.save(update_fields=["status", "sent_on"])
    changes = {"status": [SurveyStatus.DRAFT, SurveyStatus.OPEN], "sent_on": [None, str(today)]}
    record(by, AuditAction.UPDATE, survey, changes, f"анкета разослана: приглашено {len(invitations)}")
    return len(invitations)


@transaction.atomic
def close(survey: Survey, *, by, today: date) -> None:
    if survey.status != SurveyStatus.OPEN:
        raise SurveyError("Завершить можно только идущий опрос.")
    survey.status = SurveyStatus.CLOSED
    if survey.deadline is None or survey.deadline >= today:
        survey.deadline = today
    survey.save(update_fields=["status", "deadline"])
    record(by, AuditAction.UPDATE, survey, {"status": [SurveyStatus.OPEN, SurveyStatus.CLOSED]}, "опрос завершён")


def close_overdue(today: date) -> int:
    """Stores «closed» on the open surveys past their deadline (rerun-safe: none are left the second time)."""
    closed = 0
    for survey in Survey.objects.overdue_open(today):
        with transaction.atomic():
            updated = Survey.objects.filter(pk=survey.pk, status=SurveyStatus.OPEN).update(
                status=SurveyStatus.CLOSED, version=F("version") + 1
            )
            if updated:
                changes = {"status": [SurveyStatus.OPEN, SurveyStatus.CLOSED]}
                record(None, AuditAction.UPDATE, survey, changes, "опрос завершён: срок ответа прошёл")
                closed += updated
    return closed


@transaction.atomic
def submit(survey: Survey, educator, answers: list[Answer], *, today: date, by=None) -> None:
    """The educator's filled questionnaire (`answers`: unsaved Answer rows without a response). Refused after
    the deadline, to a person not invited and a second time. Anonymous: the response keeps only the
    organization (for results by organization above the threshold), the invitation only that they answered."""
    if not survey.accepts_answers(today):
        raise SurveyError("Опрос завершён: ответы больше не принимаются.")
    invitation = Invitation.objects.filter(survey=survey, educator=educator).first()
    if invitation is None:
        raise SurveyError("Вы не входите в число адресатов этой анкеты.")
    # one conditional UPDATE: of two simultaneous submissions only one flips the flag
    if not Invitation.objects.filter(pk=invitation.pk, responded=False).update(responded=True):
        raise SurveyError("Вы уже ответили на эту анкету: ответить повторно нельзя.")
    named = not survey.anonymous
    response = SurveyResponse.objects.create(
        survey=survey,
        organization_id=invitation.organization_id,
        educator=educator if named else None,
        submitted_on=today if named else None,
    )
    for answer in answers:
        answer.response = response
    Answer.objects.bulk_create(answers)
    if named:
        record_created(by, response)
