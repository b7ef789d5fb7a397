"""Demo data of the module (called by metodist/demo/growth.py SEEDERS; rerun-safe).

In «Городской округ Энск»: the template survey of needs, anonymous, sent about two months before `today` to the
municipality's teachers and closed, answered by about two thirds of them (one school answered little, so its
rows are suppressed); and a short named survey sent to СОШ № 1 a few days ago, still open, which the demo
`teacher` has not answered (it waits in his cabinet). Deterministic.
"""

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from metodist.accounts.models import User
from metodist.orgs.models import Municipality, Organization
from metodist.people.models import Position

from .audience import audience_invitations
from .models import Answer, Invitation, Option, Question, QuestionKind, Survey, SurveyResponse, SurveyStatus

SEED = 12
MUNICIPALITY = "Городской округ Энск"
SHORT_TITLE = "Формат методических мероприятий 2-го полугодия"
TEMPLATE_TITLE = "Изучение образовательных потребностей и профессиональных затруднений педагогов"
QUIET_SCHOOL = "МКОУ СОШ № 7"  # answered little: its results are not shown on their own
TEXTS = [
    "Хотелось бы больше практических семинаров с разбором реальных уроков.",
    "Нужны консультации по подготовке к ОГЭ по математике.",
    "Семинар по работе с детьми с ОВЗ в обычном классе.",
    "Мастер-классы по функциональной грамотности, с готовыми заданиями.",
    "Больше дистанционных форматов: вебинары в удобное время.",
    "Помощь в оформлении рабочих программ в конструкторе.",
    "Как вести родительские собрания, если родители не приходят.",
    "Обмен опытом между школами округа, открытые уроки.",
    "Консультации по аттестации на первую категорию.",
    "Работа с детьми-мигрантами: методики обучения русскому языку как неродному.",
    "Сократить количество отчётов.",
    "Семинар по цифровым сервисам ФГИС «Моя школа».",
]


def _municipality():
    return Municipality.objects.filter(name=MUNICIPALITY).first()


def clear() -> None:
    municipality = _municipality()
    if municipality:
        Survey.objects.filter(municipality=municipality, title__in=[TEMPLATE_TITLE, SHORT_TITLE]).delete()


def seed(*, today: date, progress) -> list[str]:
    municipality = _municipality()
    if municipality is None:
        return ["Анкетирование: нет демонстрационного муниципалитета"]
    if Survey.objects.filter(municipality=municipality, title__in=[TEMPLATE_TITLE, SHORT_TITLE]).exists():
        return ["Анкетирование: уже создано"]
    from metodist.difficulties.topics import ensure_default_topics

    ensure_default_topics(municipality.region)
    author = User.objects.filter(username="methodist").first()
    rng = random.Random(SEED)
    with transaction.atomic():
        needs, answered, invited = _needs(municipality, author, today, rng)
        short, short_answered, short_invited = _short(municipality, author, today, rng)
    progress(f"Анкетирование: «{needs}» — {answered} из {invited}; «{short}» — {short_answered} из {short_invited}")
    return [
        f"Анкетирование: завершённая анонимная анкета ({answered} ответов из {invited}), "
        f"идущая именная анкета СОШ № 1 ({short_answered} из {short_invited})"
    ]


def _needs(municipality, author, today, rng):
    from .template import copy_template

    sent_on = today - timedelta(days=61)
    survey = copy_template(municipality=municipality, by=author, deadline=sent_on + timedelta(days=21))
    survey.positions.set(Position.objects.filter(is_teacher=True))
    invitations = audience_invitations(survey, sent_on)
    Invitation.objects.bulk_create(invitations, batch_size=1000)
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.CLOSED, sent_on=sent_on)
    quiet = Organization.objects.filter(municipality=municipality, short_name=QUIET_SCHOOL).values_list("pk", flat=True)
    rates = defaultdict(lambda: rng.uniform(0.55, 0.85), dict.fromkeys(quiet, 0.08))
    responders = [row for row in invitations if rng.random() < rates[row.organization_id]]
    _answer(survey, responders, rng, anonymous=True, on=None)
    return survey, len(responders), len(invitations)


def _short(municipality, author, today, rng):
    school = Organization.objects.filter(municipality=municipality, short_name="МБОУ СОШ № 1").first()
    survey = Survey.objects.create(
        title=SHORT_TITLE,
        description="Коллеги, помогите выбрать формат и темы методических мероприятий на второе полугодие.",
        anonymous=False,
        municipality=municipality,
        region_id=municipality.region_id,
        deadline=today + timedelta(days=11),
        created_by=author,
    )
    if school:
        survey.organizations.set([school])
    form = Question.objects.create(survey=survey, order=1, text="Какой формат вам удобнее?", kind=QuestionKind.SINGLE)
    Option.objects.bulk_create(
        Option(question=form, order=number, text=text)
        for number, text in enumerate(["Очно в школе", "Очно в методическом центре", "Дистанционно"], start=1)
    )
    Question.objects.create(
        survey=survey,
        order=2,
        text="Насколько вам нужна помощь в подготовке к ГИА?",
        kind=QuestionKind.SCALE,
        scale_min_label="не нужна",
        scale_max_label="очень нужна",
    )
    Question.objects.create(survey=survey, order=3, text="Ваши предложения", kind=QuestionKind.TEXT, required=False)
    sent_on = today - timedelta(days=3)
    invitations = audience_invitations(survey, sent_on)
    Invitation.objects.bulk_create(invitations)
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.OPEN, sent_on=sent_on)
    teacher = User.objects.filter(username="teacher").values_list("educator_id", flat=True).first()
    others = [row for row in invitations if row.educator_id != teacher]
    responders = rng.sample(others, min(len(others), max(6, len(others) // 3)))
    _answer(survey, responders, rng, anonymous=False, on=sent_on + timedelta(days=1))
    return survey, len(responders), len(invitations)


def _answer(survey, responders, rng, *, anonymous: bool, on):
    """Responses of `responders` in a shuffled order (an anonymous response's id tells nothing of who), their
    answers drawn with fixed weights, the invitations flipped to responded."""
    responders = list(responders)
    rng.shuffle(responders)
    questions = list(survey.questions.prefetch_related("options").order_by("order"))
    responses = SurveyResponse.objects.bulk_create(
        SurveyResponse(
            survey=survey,
            organization_id=row.organization_id,
            educator_id=None if anonymous else row.educator_id,
            submitted_on=None if anonymous else on,
        )
        for row in responders
    )
    answers = []
    for response in responses:
        for question in questions:
            answers.extend(_draw(question, response, rng))
    Answer.objects.bulk_create(answers, batch_size=2000)
    Invitation.objects.filter(pk__in=[row.pk for row in responders]).update(responded=True)


def _draw(question, response, rng):
    options = list(question.options.all())
    if question.kind == QuestionKind.MULTIPLE:
        none = options[-1] if options[-1].text.startswith("Затруднений") else None
        if none and rng.random() < 0.08:
            return [Answer(response=response, question=question, option=none)]
        pool = options[:-1] if none else options
        weights = [max(1, 12 - number) for number in range(len(pool))]
        picked = {rng.choices(pool, weights)[0] for _ in range(rng.choice([1, 2, 2, 3, 3, 4]))}
        return [Answer(response=response, question=question, option=option) for option in picked]
    if question.kind == QuestionKind.SINGLE:
        weights = [30, 22, 26, 15, 7][: len(options)]
        return [Answer(response=response, question=question, option=rng.choices(options, weights)[0])]
    if question.kind == QuestionKind.SCALE:
        if not question.required and rng.random() < 0.2:
            return []
        value = rng.choices(question.scale_values, [5, 12, 30, 35, 18][: len(question.scale_values)])[0]
        return [Answer(response=response, question=question, value=value)]
    if rng.random() < 0.3:
        return [Answer(response=response, question=question, text=rng.choice(TEXTS))]
    return []
