import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from metodist.audit.models import AuditEntry
from metodist.surveys import actions
from metodist.surveys.models import Answer, Invitation, Survey, SurveyResponse, SurveyStatus
from metodist.surveys.template import copy_template

from .conftest import answer, build_survey, colleagues

TODAY = date(2025, 1, 15)
pytestmark = pytest.mark.usefixtures("on_today")


@pytest.fixture
def sent(cast):
    survey = build_survey(cast)
    actions.send(survey, by=cast.methodologist, today=TODAY, version=None)
    return survey


def questions(survey):
    return list(survey.questions.order_by("order"))


def test_the_methodologist_builds_a_draft_and_sends_it(client, cast):
    client.force_login(cast.methodologist)

    response = client.post(
        reverse("surveys:create"),
        {"title": "Короткая анкета", "description": "", "anonymous": "on", "deadline": "2025-01-31"},
    )
    survey = Survey.objects.get(title="Короткая анкета")
    assert response.url == reverse("surveys:detail", args=[survey.pk])
    client.post(
        reverse("surveys:question_new", args=[survey.pk]),
        {
            "text": "Формат?",
            "kind": "single",
            "required": "on",
            "scale_min": 1,
            "scale_max": 5,
            "options_text": "Очно\nДистанционно",
        },
    )
    assert [option.text for option in survey.questions.get().options.all()] == ["Очно", "Дистанционно"]
    page = client.get(reverse("surveys:send", args=[survey.pk]))
    assert "<strong>3</strong>" in page.content.decode()

    client.post(reverse("surveys:send", args=[survey.pk]), {"version": Survey.objects.get(pk=survey.pk).version})

    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN and survey.invitations.count() == 3
    assert AuditEntry.objects.filter(model="surveys.survey", object_id=str(survey.pk)).count() == 2


def test_a_choice_question_needs_two_options(client, cast, survey):
    client.force_login(cast.methodologist)

    response = client.post(
        reverse("surveys:question_new", args=[survey.pk]),
        {"text": "Формат?", "kind": "single", "scale_min": 1, "scale_max": 5, "options_text": "Очно"},
    )

    assert "Укажите не менее двух вариантов ответа" in response.content.decode()
    assert "Формат?" in response.content.decode()  # nothing lost


def test_an_edit_over_a_newer_version_is_refused_and_kept_in_the_form(client, cast, survey):
    client.force_login(cast.methodologist)
    opened = survey.version
    actions.add_question(survey, {"text": "Новый", "kind": "text"}, [], by=cast.coordinator)

    response = client.post(
        reverse("surveys:edit", args=[survey.pk]),
        {"title": "Моё название", "deadline": "2025-01-31", "version": opened},
    )

    assert "Запись изменена другим пользователем" in response.content.decode()
    assert "Моё название" in response.content.decode()
    assert Survey.objects.get(pk=survey.pk).title == "Потребности педагогов"


def test_the_template_is_copied_with_topics(cast):
    from metodist.difficulties.topics import ensure_default_topics

    ensure_default_topics(cast.region)

    survey = copy_template(municipality=cast.municipality, by=cast.methodologist)

    assert survey.title == "Изучение образовательных потребностей и профессиональных затруднений педагогов"
    assert survey.is_draft and survey.anonymous
    kinds = list(survey.questions.values_list("kind", flat=True))
    assert kinds == ["multiple", "multiple", "single", "scale", "scale", "text"]
    difficulties = survey.questions.get(order=1).options
    assert difficulties.filter(topic__name="Подготовка обучающихся к ГИА (ОГЭ, ЕГЭ)").exists()
    assert difficulties.filter(topic__isnull=True, competency__isnull=True).count() >= 1


def test_the_teacher_answers_once(client, cast, sent):
    choice, scale, written = questions(sent)
    client.force_login(cast.teacher_user)
    data = {f"q{choice.pk}": choice.options.get(text="ГИА").pk, f"q{scale.pk}": 4, f"q{written.pk}": "Семинар по ГИА"}

    assert client.post(reverse("surveys:answer", args=[sent.pk]), data).status_code == 302
    again = client.post(reverse("surveys:answer", args=[sent.pk]), data)

    assert "Вы уже ответили на эту анкету" in again.content.decode()
    assert SurveyResponse.objects.filter(survey=sent).count() == 1
    with pytest.raises(actions.SurveyError, match="ответить повторно нельзя"):
        answer(sent, cast.teacher)


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ("missing", "Ответьте на этот вопрос."),
        ("scale", "Выберите значение от 1 до 5."),
        ("foreign", "Выберите вариант из предложенных."),
    ],
)
def test_a_wrong_answer_returns_the_form_with_a_russian_error(client, cast, sent, bad, error):
    choice, scale, written = questions(sent)
    other = build_survey(cast, title="Другая").questions.get(order=1).options.first()
    data = {f"q{choice.pk}": choice.options.first().pk, f"q{scale.pk}": 3, f"q{written.pk}": "Мой текст"}
    if bad == "missing":
        del data[f"q{choice.pk}"]
    elif bad == "scale":
        data[f"q{scale.pk}"] = 7
    else:
        data[f"q{choice.pk}"] = other.pk
    client.force_login(cast.teacher_user)

    response = client.post(reverse("surveys:answer", args=[sent.pk]), data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert "Мой текст" in response.content.decode()
    assert not SurveyResponse.objects.exists() and not Invitation.objects.filter(responded=True).exists()


def test_no_answers_after_the_deadline_or_the_closing(cast, sent):
    with pytest.raises(actions.SurveyError, match="Опрос завершён"):
        answer(sent, cast.teacher, today=date(2025, 2, 1))
    actions.close(sent, by=cast.methodologist, today=TODAY)
    with pytest.raises(actions.SurveyError, match="Опрос завершён"):
        answer(sent, cast.teacher)
    assert sent.status_on(TODAY) == SurveyStatus.CLOSED


def test_the_close_command_closes_overdue_surveys_once(cast, sent):
    from django.core.management import call_command

    call_command("surveys", "close", today=date(2025, 2, 1))
    call_command("surveys", "close", today=date(2025, 2, 1))

    sent.refresh_from_db()
    assert sent.status == SurveyStatus.CLOSED
    assert AuditEntry.objects.filter(summary="опрос завершён: срок ответа прошёл").count() == 1


def test_an_anonymous_answer_ties_to_no_one_anywhere(client, cast):
    # given five colleagues and the teacher answer an anonymous survey, the teacher with a unique text
    people = colleagues(cast.school1, 5)
    survey = build_survey(cast)
    actions.send(survey, by=cast.methodologist, today=TODAY, version=None)
    for educator in people:
        answer(survey, educator, text="Обычный ответ")
    client.force_login(cast.teacher_user)
    choice, scale, written = questions(survey)
    data = {
        f"q{choice.pk}": choice.options.get(text="Родители").pk,
        f"q{scale.pk}": 2,
        f"q{written.pk}": "Секретная тема",
    }
    client.post(reverse("surveys:answer", args=[survey.pk]), data)

    # then the stored response has no person and no date, and nothing else points at it
    response = SurveyResponse.objects.get(answers__text="Секретная тема")
    assert (response.educator_id, response.submitted_on) == (None, None)
    teacher = cast.teacher
    marks = [teacher.last_name, teacher.first_name, cast.teacher_user.username]
    client.force_login(cast.methodologist)
    pages = [
        client.get(reverse("surveys:results", args=[survey.pk])).content.decode(),
        client.get(reverse("surveys:detail", args=[survey.pk])).content.decode(),
        client.get(reverse("surveys:index")).content.decode(),
    ]
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("surveys:results", args=[survey.pk]), {"format": "xlsx"}).content)
    )
    cells = " ".join(str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value)
    assert "Секретная тема" in pages[0] and "Секретная тема" in cells
    for text in [*pages, cells]:
        assert not any(mark in text for mark in marks)
    audit = AuditEntry.objects.all()
    assert not audit.filter(actor=cast.teacher_user).exists()
    assert not audit.filter(model__in=["surveys.surveyresponse", "surveys.answer"]).exists()
    assert not any(str(teacher.pk) in str(entry.changes) and entry.model == "surveys.invitation" for entry in audit)


def test_a_named_answer_keeps_the_educator_and_the_date(cast):
    survey = build_survey(cast, anonymous=False)
    actions.send(survey, by=cast.methodologist, today=TODAY, version=None)

    answer(survey, cast.teacher)

    response = SurveyResponse.objects.get(survey=survey)
    assert (response.educator, response.submitted_on, response.organization) == (cast.teacher, TODAY, cast.school1)


@pytest.mark.parametrize("name", ["other_user_service", "school2_admin", "other_user"])
def test_who_must_not_see_the_survey_gets_404(client, cast, sent, name):
    from metodist.accounts.models import Role
    from metodist.testing import factories as f

    users = {
        "other_user_service": f.UserFactory(role=Role.METHODOLOGIST, municipality=cast.other_municipality),
        "school2_admin": cast.school2_admin,
        "other_user": cast.other_user,
    }
    Invitation.objects.filter(survey=sent, organization=cast.school2).delete()
    client.force_login(users[name])

    for url in ("detail", "results", "answer", "send", "edit"):
        assert client.get(reverse(f"surveys:{url}", args=[sent.pk])).status_code == 404, url
    assert sent.title not in client.get(reverse("surveys:index")).content.decode()


def test_a_non_invited_teacher_sees_nothing_and_an_invited_one_no_results(client, cast, sent):
    Invitation.objects.filter(survey=sent, educator=cast.mentor_educator).delete()
    client.force_login(cast.mentor_user)
    assert client.get(reverse("surveys:answer", args=[sent.pk])).status_code == 404

    client.force_login(cast.teacher_user)
    assert client.get(reverse("surveys:results", args=[sent.pk])).status_code == 404
    assert client.get(reverse("surveys:detail", args=[sent.pk])).url == reverse("surveys:answer", args=[sent.pk])


def test_the_school_admin_sees_the_rate_of_the_school_only(client, cast, sent):
    client.force_login(cast.school1_admin)

    page = client.get(reverse("surveys:detail", args=[sent.pk])).content.decode()

    # school 1 has 2 invited (< 5): in an anonymous survey the row is hidden, the totals of school 1 shown
    assert "приглашено <strong>2</strong>" in page
    assert "Школа № 2" not in page
    assert "менее 5 приглашённых" in page
    assert client.get(reverse("surveys:results", args=[sent.pk])).status_code == 404


def test_the_panel_and_the_reminders_show_the_open_unanswered_survey(cast, sent, django_assert_num_queries):
    from metodist.surveys.cabinet import panel
    from metodist.surveys.reminders import due

    reminders = due(cast.teacher_user, TODAY)
    assert [(item.text, item.due_on) for item in reminders] == [
        ("Анкета «Потребности педагогов» (анонимная)", date(2025, 1, 31))
    ]
    assert panel(cast.teacher_user, TODAY)["surveys"] == [sent]
    with django_assert_num_queries(0):
        assert due(cast.coordinator, TODAY) == []

    answer(sent, cast.teacher)

    assert due(cast.teacher_user, TODAY) == [] and panel(cast.teacher_user, TODAY) is None


def test_the_list_and_results_read_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    people = colleagues(cast.school1, 6)
    for number in range(3):
        survey = build_survey(cast, title=f"Анкета {number}")
        actions.send(survey, by=cast.methodologist, today=TODAY, version=None)
        for educator in people:
            answer(survey, educator, text="Текст")
    client.force_login(cast.methodologist)

    with django_assert_max_num_queries(8):
        client.get(reverse("surveys:index"))
    with django_assert_max_num_queries(14):
        client.get(reverse("surveys:results", args=[survey.pk]))
    assert Answer.objects.topical().count() == 0
    draft = copy_template(municipality=cast.municipality, by=cast.methodologist)
    with django_assert_max_num_queries(14):  # 31 options, each with its own form: the topics read once
        client.get(reverse("surveys:detail", args=[draft.pk]))
