"""Writes of the self-diagnosis: publishing a questionnaire, saving a draft, submitting and scoring a response.

Scoring (per competency of the questionnaire): score = the sum of the answers to its statements, maximum = the
number of its statements × the scale's maximum; the scale level is the framework's level for score / maximum.
The results are of the questionnaire's `Diagnostic` (level self, source self); `deficits.derive` then rewrites
that procedure's deficits, so a self-diagnosis gives deficits by the same rule as any other procedure.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from metodist.audit import actions as audit
from metodist.audit.models import AuditAction

from . import deficits
from .models import Diagnostic, DiagnosticLevel, DiagnosticResult, ResultSource
from .questionnaire import Answer, Questionnaire, QuestionnaireResponse, ResponseStatus, Statement


class SelfcheckError(Exception):
    """A refusal the educator or the methodologist reads as it is (Russian)."""


class Incomplete(SelfcheckError):
    def __init__(self, missing: list[Statement]):
        self.missing = missing
        listed = "; ".join(f"«{statement.text}»" for statement in missing)
        super().__init__(f"Не отмечены ответы на утверждения ({len(missing)}): {listed}.")


class Stale(SelfcheckError):
    pass


def score(questionnaire: Questionnaire, answers: dict[int, int]) -> dict[int, tuple[Decimal, Decimal]]:
    """{competency id: (score, maximum)} from {statement id: value}; every statement must be answered."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for statement in questionnaire.statements.all():
        total = totals[statement.competency_id]
        total[0] += answers[statement.pk]
        total[1] += questionnaire.scale_max
    return {competency: (Decimal(got), Decimal(most)) for competency, (got, most) in totals.items()}


@transaction.atomic
def publish(questionnaire: Questionnaire, *, by) -> Diagnostic:
    """Creates the questionnaire's procedure (level self, of the author's region and municipality); from then on
    the statements and the scale are frozen, since responses are scored against them."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if questionnaire.is_published:
        raise SelfcheckError("Анкета уже опубликована.")
    if not questionnaire.statements.exists():
        raise SelfcheckError("В анкете нет ни одного утверждения: добавьте утверждения хотя бы к одной компетенции.")
    if questionnaire.audience == "organizations" and not questionnaire.organizations.exists():
        raise SelfcheckError("Выберите организации, педагоги которых заполняют анкету.")
    diagnostic = Diagnostic.objects.create(
        name=questionnaire.title,
        level=DiagnosticLevel.SELF,
        instrument="Анкета самодиагностики",
        version=questionnaire.version,
        starts_on=questionnaire.opens_on,
        ends_on=questionnaire.closes_on,
        region=questionnaire.region,
        municipality=questionnaire.municipality,
        threshold=questionnaire.threshold,
    )
    questionnaire.diagnostic = diagnostic
    questionnaire.published_at = timezone.now()
    questionnaire.save(update_fields=["diagnostic", "published_at"])
    audit.record(by, AuditAction.UPDATE, questionnaire, summary=f"Опубликована анкета самодиагностики: {questionnaire}")
    return diagnostic


def _checked(questionnaire: Questionnaire, values: dict[int, int | None]) -> dict[int, int]:
    low, high = questionnaire.scale_min, questionnaire.scale_max
    ids = set(questionnaire.statements.values_list("pk", flat=True))
    given = {}
    for key, value in values.items():
        if value is None:
            continue
        if key not in ids:
            raise SelfcheckError("Ответ относится к утверждению другой анкеты. Обновите страницу.")
        if not low <= value <= high:
            raise SelfcheckError(f"Ответ вне шкалы анкеты: допустимы значения от {low} до {high}.")
        given[key] = value
    return given


def _locked_response(questionnaire: Questionnaire, educator, version: int | None, on: date) -> QuestionnaireResponse:
    if not questionnaire.is_open(on):
        raise SelfcheckError(
            f"Анкета принимает ответы с {questionnaire.opens_on:%d.%m.%Y} по {questionnaire.closes_on:%d.%m.%Y}."
        )
    try:
        with transaction.atomic():
            response, _ = QuestionnaireResponse.objects.get_or_create(questionnaire=questionnaire, educator=educator)
    except IntegrityError:  # another tab created it at the same moment
        pass
    response = QuestionnaireResponse.objects.select_for_update().get(questionnaire=questionnaire, educator=educator)
    if response.is_submitted:
        raise SelfcheckError("Анкета уже отправлена: после отправки ответы не изменяются.")
    if version is not None and response.version != version:
        raise Stale(
            "Ответы на эту анкету изменены в другой вкладке или на другом устройстве после того, как вы открыли "
            "страницу. Ваши отметки ниже не сохранены: проверьте их и сохраните ещё раз."
        )
    return response


def _store(response: QuestionnaireResponse, given: dict[int, int]) -> None:
    Answer.objects.filter(response=response).exclude(statement_id__in=given).delete()
    existing = {answer.statement_id: answer for answer in Answer.objects.filter(response=response)}
    changed = []
    for statement_id, value in given.items():
        answer = existing.get(statement_id)
        if answer is None:
            existing[statement_id] = Answer(response=response, statement_id=statement_id, value=value)
        elif answer.value != value:
            answer.value = value
            changed.append(answer)
    Answer.objects.bulk_create([answer for answer in existing.values() if answer.pk is None])
    Answer.objects.bulk_update(changed, ["value"])


@transaction.atomic
def save_draft(
    questionnaire: Questionnaire, educator, values: dict[int, int | None], *, version: int | None, on: date, by
) -> QuestionnaireResponse:
    """Keeps the answers given so far (some may be missing); `version` is the one the form was opened at."""
    given = _checked(questionnaire, values)
    response = _locked_response(questionnaire, educator, version, on)
    _store(response, given)
    response.version += 1
    response.save(update_fields=["version", "updated_at"])
    audit.record(by, AuditAction.UPDATE, response, summary=f"Черновик самодиагностики: {questionnaire}")
    return response


@transaction.atomic
def submit(
    questionnaire: Questionnaire, educator, values: dict[int, int | None], *, version: int | None, on: date, by
) -> QuestionnaireResponse:
    """Stores the answers, refuses if any statement is unanswered, scores the response into results and derives
    the procedure's deficits again."""
    given = _checked(questionnaire, values)
    response = _locked_response(questionnaire, educator, version, on)
    statements = list(questionnaire.statements.all())
    missing = [statement for statement in statements if statement.pk not in given]
    if missing:
        raise Incomplete(missing)
    _store(response, given)
    diagnostic = questionnaire.diagnostic
    levels = list(questionnaire.version.levels.order_by("min_percent"))
    rows = []
    for competency_id, (got, most) in score(questionnaire, given).items():
        reached = [level for level in levels if got * 100 / most >= level.min_percent]
        level = reached[-1] if reached else None
        rows.append(
            DiagnosticResult(
                diagnostic=diagnostic,
                educator=educator,
                competency_id=competency_id,
                score=got,
                max_score=most,
                level=level,
                taken_on=on,
                source=ResultSource.SELF,
            )
        )
    DiagnosticResult.objects.filter(diagnostic=diagnostic, educator=educator).delete()
    DiagnosticResult.objects.bulk_create(rows)
    response.status = ResponseStatus.SUBMITTED
    response.submitted_on = on
    response.version += 1
    response.save(update_fields=["status", "submitted_on", "version", "updated_at"])
    deficits.derive(diagnostic)
    audit.record(by, AuditAction.UPDATE, response, summary=f"Отправлена самодиагностика: {questionnaire}")
    return response
