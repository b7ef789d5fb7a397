"""Demo self-diagnosis of «Городской округ Энск» (after seed_demo and the diagnostics demo; rerun-safe).

Two questionnaires of the municipality's methodologist: one closed a week ago, filled by about 60 % of the
pedagogical staff (its deficits are open: the heat map and the calibration show them), and one open now, with a
few drafts and submissions, for the cabinet. Self-ratings follow a person's external result for the competency
where one exists (federal or regional, seeded by the diagnostics demo), else a plausible level, plus a bias
that makes self-ratings run high on some competencies (lesson design, the digital ones, formative assessment),
so that the calibration shows something. Scoring is the same as `selfcheck.submit`, done in bulk.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

DEMO_REGION = "Демонстрационная область"
DEMO_MUNICIPALITY = "Городской округ Энск"
CLOSED_TITLE = "Самодиагностика профессиональных компетенций педагогов, осень"
OPEN_TITLE = "Самодиагностика: методические и цифровые компетенции"
SEED = 20241
BATCH = 2_000
LABELS = ["не умею", "умею частично, с помощью", "умею самостоятельно", "могу научить коллег"]
# {competency code: statements}: written as a methodologist would, in the first person
STATEMENTS = {
    "subject.content": [
        "Я уверенно владею содержанием своего предмета в объёме ФОП",
        "Я отвечаю на вопросы обучающихся за пределами учебника",
    ],
    "subject.tasks": [
        "Я решаю задачи повышенной сложности по своему предмету",
        "Я готовлю обучающихся к олимпиадным заданиям",
    ],
    "methods.lesson": [
        "Я умею проектировать урок в логике системно-деятельностного подхода",
        "Я формулирую цели урока через планируемые результаты",
        "Я подбираю задания под каждый этап урока",
    ],
    "methods.differentiation": [
        "Я даю задания разного уровня сложности на одном уроке",
        "Я строю индивидуальную траекторию для отстающего ученика",
    ],
    "psy.motivation": [
        "Я использую приёмы формирования учебной мотивации",
        "Я замечаю снижение интереса у ученика и меняю подход",
    ],
    "psy.climate": [
        "Я предупреждаю и разрешаю конфликты в классе",
        "Я создаю на уроке атмосферу, в которой не страшно ошибиться",
    ],
    "assess.criteria": [
        "Я заранее сообщаю обучающимся критерии оценивания",
        "Я составляю критериальные листы к работам",
    ],
    "assess.formative": [
        "Я использую приёмы формирующего оценивания на каждом уроке",
        "Я даю обучающимся содержательную обратную связь",
    ],
    "assess.data": [
        "Я анализирую результаты ВПР и ОГЭ своего класса",
        "Я меняю планирование по результатам оценочных процедур",
    ],
    "digital.platforms": ["Я работаю в ФГИС «Моя школа»", "Я назначаю обучающимся задания на цифровой платформе"],
    "digital.content": [
        "Я создаю собственный цифровой образовательный контент",
        "Я использую интерактивные задания на уроке",
    ],
}
OPEN_CODES = ("methods.lesson", "methods.differentiation", "digital.platforms", "digital.content")
BIAS = {"methods.lesson": 22, "digital.content": 18, "digital.platforms": 15, "assess.formative": 14}  # points
BASE_BIAS = 3  # self-ratings elsewhere run a little high too


def _municipality():
    from metodist.orgs.models import Municipality

    return (
        Municipality.objects.filter(name=DEMO_MUNICIPALITY, region__name=DEMO_REGION).select_related("region").first()
    )


def _questionnaire(title, municipality, author, opens_on, closes_on, codes, version):
    from . import selfcheck
    from .models import Competency
    from .questionnaire import Questionnaire, Statement

    questionnaire = Questionnaire.objects.create(
        title=title,
        version=version,
        intro="Оцените, насколько каждое утверждение верно для вас сейчас. Ответы видите вы и методисты "
        "муниципалитета; по ним методическая служба планирует курсы и консультации.",
        scale_min=0,
        scale_max=3,
        scale_labels=LABELS,
        opens_on=opens_on,
        closes_on=closes_on,
        region=municipality.region,
        municipality=municipality,
        created_by=author,
    )
    competencies = {c.code: c for c in Competency.objects.filter(version=version, code__in=codes)}
    Statement.objects.bulk_create(
        Statement(questionnaire=questionnaire, competency=competencies[code], text=text, order=order)
        for code in codes
        if code in competencies
        for order, text in enumerate(STATEMENTS[code])
    )
    selfcheck.publish(questionnaire, by=author)
    questionnaire.refresh_from_db()
    return questionnaire


def _external(educator_ids) -> dict[tuple[int, str], float]:
    """{(educator, code): mean external %} from the federal and regional results that exist."""
    from django.db.models import Avg, F

    from .models import EXTERNAL_LEVELS, DiagnosticResult

    rows = (
        DiagnosticResult.objects.filter(diagnostic__level__in=EXTERNAL_LEVELS, educator_id__in=educator_ids)
        .values("educator_id", code=F("competency__code"))
        .annotate(p=Avg(F("score") * 100 / F("max_score")))
    )
    return {(row["educator_id"], row["code"]): float(row["p"]) for row in rows}


def _respond(questionnaire, educator_ids, rng, submitted_on, *, drafts=()) -> int:
    """Bulk responses: `educator_ids` submitted (scored into results), `drafts` with part of the answers."""
    from . import deficits, selfcheck
    from .models import DiagnosticResult, ResultSource
    from .questionnaire import Answer, QuestionnaireResponse, ResponseStatus

    statements = list(questionnaire.statements.select_related("competency"))
    levels = list(questionnaire.version.levels.order_by("min_percent"))
    external = _external(list(educator_ids))
    ability: dict[int, float] = {}
    created = 0
    chosen = [(pk, True) for pk in educator_ids] + [(pk, False) for pk in drafts]
    for start in range(0, len(chosen), BATCH):
        part = chosen[start : start + BATCH]
        responses = QuestionnaireResponse.objects.bulk_create(
            QuestionnaireResponse(
                questionnaire=questionnaire,
                educator_id=pk,
                status=ResponseStatus.SUBMITTED if done else ResponseStatus.DRAFT,
                submitted_on=submitted_on if done else None,
                version=2,
            )
            for pk, done in part
        )
        answers, results = [], []
        for response, (pk, done) in zip(responses, part, strict=True):
            ability[pk] = rng.gauss(62, 12)
            given = {}
            for statement in statements if done else statements[: len(statements) // 2]:
                code = statement.competency.code
                truth = external.get((pk, code), ability[pk] + rng.gauss(0, 10))
                felt = truth + BIAS.get(code, BASE_BIAS) + rng.gauss(0, 8)
                value = max(0, min(3, round(felt / 100 * 3)))
                given[statement.pk] = value
                answers.append(Answer(response=response, statement_id=statement.pk, value=value))
            if not done:
                continue
            for competency_id, (got, most) in selfcheck.score(questionnaire, given).items():
                reached = [level for level in levels if got * 100 / most >= level.min_percent]
                results.append(
                    DiagnosticResult(
                        diagnostic_id=questionnaire.diagnostic_id,
                        educator_id=pk,
                        competency_id=competency_id,
                        score=got,
                        max_score=most,
                        level=reached[-1] if reached else None,
                        taken_on=submitted_on,
                        source=ResultSource.SELF,
                    )
                )
        Answer.objects.bulk_create(answers, batch_size=BATCH * 4)
        DiagnosticResult.objects.bulk_create(results, batch_size=BATCH * 4)
        created += len(part)
    deficits.derive(questionnaire.diagnostic)
    return created


def seed(*, today: date, progress: Callable[[str], None]) -> list[str]:
    from metodist.accounts.models import Role, User
    from metodist.people.models import Employment, PositionKind

    from .models import FrameworkVersion
    from .questionnaire import Questionnaire

    municipality = _municipality()
    if municipality is None:
        return ["Самодиагностика: демонстрационного муниципалитета нет — пропущено."]
    if Questionnaire.objects.filter(municipality=municipality, title=CLOSED_TITLE).exists():
        return ["Самодиагностика: уже заполнена — пропущено."]
    version = (
        FrameworkVersion.objects.filter(framework__code="msnms", published_on__isnull=False).order_by("number").first()
    )
    author = User.objects.filter(role=Role.METHODOLOGIST, municipality=municipality).order_by("pk").first()
    teacher = User.objects.filter(username="teacher", role=Role.EDUCATOR).values_list("educator_id", flat=True).first()
    rng = random.Random(SEED)
    staff = sorted(
        set(
            Employment.objects.active(today)
            .filter(organization__municipality=municipality, position__kind=PositionKind.PEDAGOGICAL)
            .values_list("educator_id", flat=True)
        )
    )
    with transaction.atomic():
        closed = _questionnaire(
            CLOSED_TITLE,
            municipality,
            author,
            today - timedelta(days=40),
            today - timedelta(days=7),
            list(STATEMENTS),
            version,
        )
        filled = [pk for pk in staff if rng.random() < 0.6]
        progress(f"Самодиагностика: ответы {len(filled)} педагогов на анкету «{CLOSED_TITLE}»…")
        first = _respond(closed, filled, rng, today - timedelta(days=10))
        current = _questionnaire(
            OPEN_TITLE, municipality, author, today - timedelta(days=5), today + timedelta(days=25), OPEN_CODES, version
        )
        others = [pk for pk in staff if pk != teacher]
        sent = [pk for pk in others if rng.random() < 0.15]
        drafts = [pk for pk in others if pk not in set(sent) and rng.random() < 0.1]
        second = _respond(current, sent, rng, today - timedelta(days=1), drafts=drafts)
    Questionnaire.objects.filter(pk__in=[closed.pk, current.pk]).update(published_at=timezone.now())
    return [
        f"Самодиагностика: анкета «{CLOSED_TITLE}» — {first} ответов (закрыта);",
        f"анкета «{OPEN_TITLE}» — {len(sent)} отправлено, {second - len(sent)} черновиков (открыта).",
    ]


def clear() -> None:
    """Deletes the questionnaires and their procedures (before the diagnostics demo deletes the rest)."""
    from .models import Diagnostic
    from .questionnaire import Questionnaire

    ids = list(Questionnaire.objects.values_list("diagnostic_id", flat=True))
    Questionnaire.objects.all().delete()
    Diagnostic.objects.filter(pk__in=[pk for pk in ids if pk]).delete()
