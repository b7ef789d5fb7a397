"""Builders of the bank's records for the tests (the cast is /conftest.py's)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from metodist.consultations.models import HelpRequest, RequestStatus
from metodist.diagnostics.models import Competency, Deficit, Diagnostic, DiagnosticLevel, FrameworkVersion
from metodist.difficulties.models import ReportedDifficulty, Topic
from metodist.surveys.models import Answer, Option, Question, Survey, SurveyResponse, SurveyStatus
from metodist.testing import growth as g

MOSCOW = ZoneInfo("Europe/Moscow")


def competency(code="methods.lesson"):
    return g.competency(code)


def kept_topic(cast, name="Работа с родителями", municipality=True):
    return Topic.objects.create(name=name, region=cast.region, municipality=cast.municipality if municipality else None)


def help_request(cast, educator, organization, on: date, *, competency=None, topic=None, subject=None, **fields):
    fields.setdefault("status", RequestStatus.NEW)
    return HelpRequest.objects.create(
        educator=educator,
        organization=organization,
        competency=competency,
        topic=topic,
        subject=subject,
        description="Нужна помощь",
        filed_at=datetime.combine(on, time(10), tzinfo=MOSCOW),
        municipality=organization.municipality,
        region=organization.municipality.region,
        **fields,
    )


def reported(educator, organization, on: date, *, competency=None, topic=None, subject=None):
    return ReportedDifficulty.objects.create(
        educator=educator,
        organization=organization,
        competency=competency,
        topic=topic,
        subject=subject,
        reported_on=on,
        municipality=organization.municipality,
        region=organization.municipality.region,
    )


def deficit(cast, educator, competency, ends_on: date, subject=None, version=None):
    diagnostic = Diagnostic.objects.create(
        name=f"Диагностика {ends_on}",
        level=DiagnosticLevel.REGIONAL,
        region=cast.region,
        starts_on=ends_on.replace(day=1),
        ends_on=ends_on,
        version=version or competency.version,
        subject=subject,
    )
    return Deficit.objects.create(
        diagnostic=diagnostic, educator=educator, competency=competency, percent=30, threshold=50
    )


def second_version(code="methods.lesson"):
    """Version 2 of the seeded framework with the competency `code` again (a new row, the same code)."""
    first = g.competency(code)
    version = FrameworkVersion.objects.create(
        framework=first.version.framework, number=2, published_on=date(2024, 8, 1)
    )
    block = Competency.objects.create(
        version=version, code=first.parent.code, name=first.parent.name, group=first.parent.group
    )
    return Competency.objects.create(
        version=version, parent=block, code=code, name=f"{first.name} (ред. 2)", group=first.group
    )


def survey_answers(cast, organization, sent_on: date, counts: dict, municipality=None):
    """A sent survey with one single-choice question: `counts` {option's topic (Topic or Competency): answers}."""
    municipality = municipality or cast.municipality
    survey = Survey.objects.create(
        title="Потребности", municipality=municipality, region=cast.region, status=SurveyStatus.CLOSED, sent_on=sent_on
    )
    question = Question.objects.create(survey=survey, text="В чём вы испытываете затруднения?")
    for topical, count in counts.items():
        key = {"competency": topical} if isinstance(topical, Competency) else {"topic": topical}
        option = Option.objects.create(question=question, text=str(topical), **key)
        for _ in range(count):
            response = SurveyResponse.objects.create(survey=survey, organization=organization)
            Answer.objects.create(response=response, question=question, option=option)
    return survey


@pytest.fixture
def lesson():
    return competency("methods.lesson")
