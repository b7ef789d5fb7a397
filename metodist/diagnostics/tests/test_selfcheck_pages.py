"""The pages of the self-diagnosis and the analytics: the builder's flow, the educator's filling, the export, the
cabinet panel, and who must not see what."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from metodist.diagnostics import cabinet_selfcheck, selfcheck
from metodist.diagnostics.models import DiagnosticLevel, DiagnosticResult
from metodist.diagnostics.questionnaire import Questionnaire, QuestionnaireResponse, ResponseStatus
from metodist.testing import growth as g
from metodist.testing import selfcheck as s

pytestmark = pytest.mark.usefixtures("on_today")
ON = date(2025, 1, 15)


def test_the_methodologist_builds_and_publishes_a_questionnaire(client, cast):
    client.force_login(cast.methodologist)
    version = g.framework_version()

    created = client.post(
        reverse("diagnostics:selfcheck_create"),
        {
            "title": "Самодиагностика январь",
            "version": version.pk,
            "scale_min": 0,
            "scale_max": 3,
            "labels": "не умею\nс помощью\nумею\nмогу научить",
            "opens_on": "2025-01-10",
            "closes_on": "2025-01-31",
            "threshold": "50",
            "audience": "municipality",
        },
    )
    questionnaire = Questionnaire.objects.get()
    lesson = g.competency("methods.lesson")
    client.post(
        reverse("diagnostics:selfcheck_statements", args=[questionnaire.pk]),
        {f"c{lesson.pk}": "Я умею проектировать урок\nЯ формулирую цели урока"},
    )
    client.post(reverse("diagnostics:selfcheck_publish", args=[questionnaire.pk]))

    assert created.status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.municipality == cast.municipality
    assert questionnaire.scale() == [(0, "не умею"), (1, "с помощью"), (2, "умею"), (3, "могу научить")]
    assert list(questionnaire.statements.values_list("text", flat=True)) == [
        "Я умею проектировать урок",
        "Я формулирую цели урока",
    ]
    assert questionnaire.diagnostic.level == DiagnosticLevel.SELF


def test_labels_that_do_not_match_the_scale_are_refused_in_russian(client, cast):
    client.force_login(cast.methodologist)

    page = client.post(
        reverse("diagnostics:selfcheck_create"),
        {
            "title": "Т",
            "version": g.framework_version().pk,
            "scale_min": 1,
            "scale_max": 5,
            "labels": "мало\nмного",
            "opens_on": "2025-01-31",
            "closes_on": "2025-01-10",
            "threshold": "50",
            "audience": "municipality",
        },
    )

    assert "Подписей 2, а значений шкалы от 1 до 5 — 5." in page.content.decode()
    assert "Дата закрытия раньше даты открытия." in page.content.decode()
    assert not Questionnaire.objects.exists()


@pytest.mark.parametrize("who", ["school1_admin", "teacher_user", "regional_operator"])
def test_only_the_municipalitys_methodologists_build_questionnaires(client, cast, who):
    questionnaire = s.questionnaire(cast, published=False)
    client.force_login(getattr(cast, who))

    assert client.get(reverse("diagnostics:selfcheck_detail", args=[questionnaire.pk])).status_code == 403
    assert client.get(reverse("diagnostics:selfcheck_create")).status_code == 403


def test_another_municipalitys_methodologist_gets_a_404(client, cast):
    from metodist.accounts.models import Role
    from metodist.testing import factories as f

    questionnaire = s.questionnaire(cast)
    stranger = f.UserFactory(username="m-methodist", role=Role.METHODOLOGIST, municipality=cast.other_municipality)
    client.force_login(stranger)

    assert client.get(reverse("diagnostics:selfcheck_detail", args=[questionnaire.pk])).status_code == 404


def test_the_teacher_saves_a_draft_then_a_missing_answer_is_listed_then_she_submits(client, cast):
    questionnaire = s.questionnaire(cast, {"methods.lesson": 2})
    first, second = questionnaire.statements.all()
    url = reverse("diagnostics:selfcheck_fill", args=[questionnaire.pk])
    client.force_login(cast.teacher_user)

    client.post(url, {f"s{first.pk}": "2", "draft": ""})
    response = QuestionnaireResponse.objects.get()
    refused = client.post(url, {f"s{first.pk}": "3", "submit": "", "version": response.version})
    response.refresh_from_db()
    sent = client.post(url, {f"s{first.pk}": "3", f"s{second.pk}": "1", "submit": "", "version": response.version})

    assert "не отмечено утверждений — 1" in refused.content.decode()
    assert "нет ответа" in refused.content.decode()
    assert sent.status_code == 302
    result = DiagnosticResult.objects.get(educator=cast.teacher)
    assert (result.score, result.max_score) == (Decimal("4"), Decimal("6"))
    assert QuestionnaireResponse.objects.get().status == ResponseStatus.SUBMITTED
    page = client.get(url).content.decode()
    assert "Результаты самодиагностики" in page and "disabled" in page


def test_a_stale_form_is_refused_and_shows_what_was_marked(client, cast):
    questionnaire = s.questionnaire(cast, {"methods.lesson": 1})
    statement = questionnaire.statements.get()
    selfcheck.save_draft(questionnaire, cast.teacher, {statement.pk: 1}, version=None, on=ON, by=None)
    url = reverse("diagnostics:selfcheck_fill", args=[questionnaire.pk])
    client.force_login(cast.teacher_user)

    page = client.post(url, {f"s{statement.pk}": "3", "draft": "", "version": "999"})

    assert "в другой вкладке" in page.content.decode()
    assert 'value="3" checked' in page.content.decode()


def test_an_educator_outside_the_audience_cannot_open_the_questionnaire(client, cast):
    questionnaire = s.questionnaire(cast)
    client.force_login(cast.other_user)

    assert client.get(reverse("diagnostics:selfcheck_fill", args=[questionnaire.pk])).status_code == 404


@pytest.fixture
def measured(cast):
    regional = g.diagnostic(cast.region, level=DiagnosticLevel.REGIONAL)
    g.results(regional, cast.teacher, {"methods.lesson": 4})
    g.results(regional, cast.school2_educator, {"methods.lesson": 2})
    questionnaire = s.questionnaire(cast, {"methods.lesson": 2})
    selfcheck.submit(
        questionnaire, cast.teacher, s.answers(questionnaire, {"methods.lesson": [3, 3]}), version=None, on=ON, by=None
    )
    return regional


@pytest.mark.parametrize(
    ("name", "who", "status"),
    [
        ("diagnostics:analytics_heatmap", "coordinator", 200),
        ("diagnostics:analytics_heatmap", "teacher_user", 403),
        ("diagnostics:analytics_risk", "school2_admin", 200),
        ("diagnostics:analytics_risk", "mentor_user", 403),
        ("diagnostics:analytics_calibration", "methodologist", 200),
        ("diagnostics:analytics_calibration", "coordinator", 403),
        ("diagnostics:analytics_calibration", "school1_admin", 403),
        ("diagnostics:analytics_calibration", "teacher_user", 403),
        ("diagnostics:analytics_heatmap_export", "regional_operator", 200),
        ("diagnostics:analytics_heatmap_export", "other_user", 403),
    ],
)
def test_who_may_open_the_analytics_pages(client, cast, measured, name, who, status):
    client.force_login(getattr(cast, who))

    assert client.get(reverse(name)).status_code == status


def test_school2s_administrator_sees_nothing_of_school_1(client, cast, measured):
    client.force_login(cast.school2_admin)

    heat = client.get(reverse("diagnostics:analytics_heatmap") + "?by=organization").content.decode()
    risk = client.get(reverse("diagnostics:analytics_risk")).content.decode()

    assert "Школа № 2" in heat and "Школа № 1" not in heat
    assert "Орлова" in risk and "Смирнова" not in risk


def test_the_methodologist_sees_one_persons_gap_and_no_one_else_does(client, cast, measured):
    url = reverse("diagnostics:analytics_calibration_person", args=[cast.teacher.pk])
    client.force_login(cast.methodologist)
    page = client.get(url).content.decode()
    client.force_login(cast.coordinator)
    refused = client.get(url)

    # self 100 % − external 40 % = +60
    assert "+60,0" in page
    assert refused.status_code == 403


def test_the_heat_map_export_is_a_workbook_with_the_cells(client, cast, measured):
    import io

    from openpyxl import load_workbook

    client.force_login(cast.coordinator)

    content = client.get(reverse("diagnostics:analytics_heatmap_export") + "?by=organization").content

    values = [cell for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True) for cell in row]
    assert "100,0\u00a0% (1 из 1)" in values  # school 2: 1 of 1 with the lesson deficit


def test_the_cabinet_panel_shows_submitted_questionnaires_and_the_own_gap(cast, measured):
    from django.template.loader import render_to_string

    data = cabinet_selfcheck.panel(cast.teacher_user, ON)
    html = render_to_string(data["template"], data)

    assert [q.title for q, _, _ in data["submitted"]] == ["Самодиагностика педагогов"]
    assert [(gap.code, gap.gap) for gap in data["gaps"]] == [("methods.lesson", Decimal("60.0"))]
    assert "Моя самооценка" in html
    assert cabinet_selfcheck.panel(cast.coordinator, ON) is None


@pytest.mark.parametrize(
    "url", ["diagnostics:analytics_risk", "diagnostics:analytics_heatmap", "diagnostics:analytics_calibration"]
)
def test_the_analytics_pages_cost_the_same_queries_with_more_people(client, cast, measured, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from metodist.testing import factories as f

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(url)).status_code == 200
        return len(captured.captured_queries)

    client.force_login(cast.methodologist)
    few = queries()
    for number in range(30):
        educator = f.EducatorFactory(last_name=f"Педагог{number}")
        f.EmploymentFactory(educator=educator, organization=cast.school1)
        g.results(measured, educator, {"methods.lesson": 1, "psy.age": 1})

    assert queries() == few


def test_a_risk_page_past_the_end_shows_the_last_one(client, cast, measured):
    client.force_login(cast.coordinator)

    page = client.get(reverse("diagnostics:analytics_risk") + "?page=99")

    assert page.status_code == 200
    assert "Орлова" in page.content.decode()
