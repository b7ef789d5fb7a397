from datetime import date

import pytest

from metodist.people.models import Employment, EmploymentKind
from metodist.surveys import actions
from metodist.surveys.audience import audience_count
from metodist.surveys.models import Invitation, SurveyStatus
from metodist.testing import factories as f

from .conftest import build_survey

TODAY = date(2025, 1, 15)


def invited(survey):
    return {
        (row.educator.last_name, row.organization.short_name)
        for row in survey.invitations.select_related("educator", "organization")
    }


def test_sending_freezes_the_municipality_educators_working_on_the_day(cast):
    # given the survey to the whole municipality, and a teacher of school 2 who left before today
    survey = build_survey(cast)
    gone = f.EducatorFactory(last_name="Ушедшая")
    f.EmploymentFactory(educator=gone, organization=cast.school2, end_date=date(2024, 12, 31))

    # when it is sent
    count = actions.send(survey, by=cast.methodologist, today=TODAY, version=None)

    # then the three working educators of schools 1 and 2 are invited, not the one of another municipality
    assert count == 3
    assert invited(survey) == {("Смирнова", "Школа № 1"), ("Кузнецов", "Школа № 1"), ("Орлова", "Школа № 2")}
    survey.refresh_from_db()
    assert (survey.status, survey.sent_on) == (SurveyStatus.OPEN, TODAY)


def test_the_audience_narrows_by_organization_and_subject(cast):
    # given a survey to school 1's mathematics teachers
    survey = build_survey(cast, organizations=[cast.school1])
    survey.subjects.set([f.subject("mathematics")])

    # then only the teacher is counted before sending, and invited
    assert audience_count(survey, TODAY) == 1
    actions.send(survey, by=cast.methodologist, today=TODAY, version=None)
    assert invited(survey) == {("Смирнова", "Школа № 1")}


def test_an_educator_working_in_two_schools_is_counted_at_the_home_organization(cast):
    # given the teacher of school 2 also works in school 1 by internal part-time
    f.EmploymentFactory(educator=cast.school2_educator, organization=cast.school1, kind=EmploymentKind.INTERNAL)
    survey = build_survey(cast, organizations=[cast.school1])

    # when sent to school 1
    actions.send(survey, by=cast.methodologist, today=TODAY, version=None)

    # then she is invited once, with her home (main) organization, school 2
    assert ("Орлова", "Школа № 2") in invited(survey)
    assert Invitation.objects.filter(survey=survey).count() == 3


def test_an_employment_ending_later_does_not_change_the_frozen_audience(cast):
    survey = build_survey(cast)
    actions.send(survey, by=cast.methodologist, today=TODAY, version=None)

    Employment.objects.filter(educator=cast.school2_educator).update(end_date=date(2025, 1, 16))

    assert Invitation.objects.filter(survey=survey).count() == 3


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"deadline": None}, "Не указан срок ответа."),
        ({"deadline": date(2025, 1, 14)}, "Срок ответа уже прошёл: укажите более позднюю дату."),
    ],
)
def test_a_draft_without_a_good_deadline_is_not_sent(cast, change, problem):
    survey = build_survey(cast)
    for name, value in change.items():
        setattr(survey, name, value)
    survey.save()

    with pytest.raises(actions.SurveyError, match=problem):
        actions.send(survey, by=cast.methodologist, today=TODAY, version=None)
    assert not survey.invitations.exists()


def test_a_sent_survey_cannot_be_sent_again_nor_its_questions_changed(cast):
    survey = build_survey(cast)
    actions.send(survey, by=cast.methodologist, today=TODAY, version=None)
    question = survey.questions.first()

    with pytest.raises(actions.SurveyError):
        actions.send(survey, by=cast.methodologist, today=TODAY, version=None)
    with pytest.raises(actions.SurveyError, match="вопросы и адресатов изменить нельзя"):
        actions.update_question(question, {"text": "Другой"}, by=cast.methodologist)
    with pytest.raises(actions.SurveyError):
        actions.add_option(question, "Ещё", {"competency": None, "topic": None}, by=cast.methodologist)
