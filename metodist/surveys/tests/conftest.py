"""Builders of the surveys tests: a short survey of the cast's municipality and colleagues to answer it."""

from datetime import date

import pytest

from metodist.surveys import actions
from metodist.surveys.models import Option, Question, QuestionKind, Survey
from metodist.testing import factories as f

DEADLINE = date(2025, 1, 31)


def build_survey(cast, *, anonymous=True, organizations=(), title="Потребности педагогов") -> Survey:
    """Three questions: a single choice (Урок / ГИА / Родители, the first with a kept-topic-free option), a
    scale 1–5, a text; an optional multiple choice."""
    survey = Survey.objects.create(
        title=title,
        anonymous=anonymous,
        municipality=cast.municipality,
        region=cast.region,
        deadline=DEADLINE,
        created_by=cast.methodologist,
    )
    survey.organizations.set(organizations)
    choice = Question.objects.create(survey=survey, order=1, text="Где затруднения?", kind=QuestionKind.SINGLE)
    for number, text in enumerate(["Урок", "ГИА", "Родители"], start=1):
        Option.objects.create(question=choice, order=number, text=text)
    Question.objects.create(
        survey=survey, order=2, text="Готовность", kind=QuestionKind.SCALE, scale_min=1, scale_max=5
    )
    Question.objects.create(survey=survey, order=3, text="Пожелания", kind=QuestionKind.TEXT, required=False)
    return survey


def colleagues(organization, count: int, prefix: str = "Коллега") -> list:
    people = []
    for number in range(count):
        educator = f.EducatorFactory(last_name=f"{prefix}{number:02d}", first_name="Тест")
        f.EmploymentFactory(educator=educator, organization=organization)
        people.append(educator)
    return people


def answer(survey, educator, *, option: str = "Урок", value: int = 3, text: str = "", today=date(2025, 1, 15)):
    choice, scale, written = survey.questions.order_by("order")
    answers = [
        actions.Answer(question=choice, option=choice.options.get(text=option)),
        actions.Answer(question=scale, value=value),
    ]
    if text:
        answers.append(actions.Answer(question=written, text=text))
    actions.submit(survey, educator, answers, today=today)


@pytest.fixture
def survey(cast):
    return build_survey(cast)
