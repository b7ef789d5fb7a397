"""The pages: drafting a route, the educator's evidence, the tutor's notice and comment, the edit lock, and the
query count of the list."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from metodist.audit.models import AuditAction, AuditEntry
from metodist.routes.models import LearningRoute, RouteNotice, RouteStatus, StepStatus
from metodist.testing import growth
from metodist.testing import routes as r
from metodist.training.models import ProgramCohort

from .conftest import deficits_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.usefixtures("on_today")


@pytest.fixture
def working(cast, tutor):
    route = r.route(cast.teacher, region=cast.region, status=RouteStatus.AGREED, tutor=tutor)
    step = r.step(route, title="Стажировка в Школе № 2")
    return route, step


def test_a_methodologist_drafts_a_route_and_gets_proposals(client, cast, tutor, first_diagnostic):
    course = growth.program(title="Формирующее оценивание", competencies=["assess.formative"], in_federal_registry=True)
    ProgramCohort.objects.create(program=course, starts_on=date(2025, 3, 3), ends_on=date(2025, 3, 28))
    deficits = deficits_of(cast.teacher, first_diagnostic, {"assess.formative": 3})
    client.force_login(cast.methodologist)

    chooser = client.get("/routes/new/").content.decode()
    response = client.post("/routes/new/", {
        "educator": cast.teacher.pk, "deficits": [deficits[0].pk], "goal": "Оценивание", "base": "cnppm",
        "tutor": tutor.pk, "curator_kind": "tutor", "starts_on": "2025-01-15", "ends_on": "2025-12-31",
    })  # fmt: skip

    assert "Смирнова Анна Игоревна" in chooser
    route = LearningRoute.objects.get()
    assert response.url == f"/routes/{route.pk}/"
    page = client.get(response.url).content.decode()
    assert "Предложенные шаги" in page and "Формирующее оценивание" in page
    assert "федеральный реестр ДПП; ближайший поток с 03.02.2025" not in page
    assert "ближайший поток с 03.03.2025" in page
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, model="routes.learningroute").exists()


def test_a_teacher_and_a_tutor_cannot_draft_routes(client, cast, tutor):
    for user in (cast.teacher_user, tutor):
        client.force_login(user)
        assert client.get("/routes/new/").status_code == 403


def test_the_educator_marks_a_step_done_and_the_tutor_is_notified(client, cast, tutor, working, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    route, step = working
    client.force_login(cast.teacher_user)

    response = client.post(f"/routes/{route.pk}/steps/{step.pk}/done/", {
        "evidence": SimpleUploadedFile("отчёт.pdf", PDF, content_type="application/pdf"),
        "reflection": "Применила приёмы на уроке",
    })  # fmt: skip

    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.status, step.reflection) == (StepStatus.DONE, "Применила приёмы на уроке")
    client.force_login(tutor)
    listing = client.get("/routes/").content.decode()
    assert 'id="unread-count">1<' in listing
    client.get(f"/routes/{route.pk}/")  # opening the route reads its notices
    assert not RouteNotice.objects.unread().exists()
    download = client.get(f"/routes/{route.pk}/steps/{step.pk}/evidence/")
    assert b"".join(download.streaming_content) == PDF
    assert AuditEntry.objects.filter(action=AuditAction.DOWNLOAD, model="routes.learningroute").exists()


def test_a_file_that_is_not_what_its_name_says_is_refused(client, cast, working, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    route, step = working
    client.force_login(cast.teacher_user)

    response = client.post(f"/routes/{route.pk}/steps/{step.pk}/done/", {
        "evidence": SimpleUploadedFile("отчёт.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
    })  # fmt: skip

    assert response.status_code == 200
    assert "отчёт.pdf" in response.content.decode()
    step.refresh_from_db()
    assert step.status == StepStatus.PLANNED


def test_the_tutor_confirms_a_step_with_a_comment(client, cast, tutor, working):
    route, step = working
    step.status, step.done_on, step.evidence_link = StepStatus.DONE, date(2025, 1, 10), "https://example.org/a"
    step.save()
    client.force_login(tutor)

    client.post(f"/routes/{route.pk}/steps/{step.pk}/comment/", {"comment": "Зачтено", "confirm": "on"})

    step.refresh_from_db()
    assert step.tutor_comment == "Зачтено" and step.confirmed_at is not None
    assert "Зачтено" in client.get(f"/routes/{route.pk}/").content.decode()


def test_a_refused_transition_is_shown_in_russian(client, cast, tutor, working):
    route, _ = working
    client.force_login(tutor)

    response = client.post(f"/routes/{route.pk}/transition/", {"action": "complete"}, follow=True)

    assert "действие «Завершить маршрут» недоступно" in response.content.decode()


def test_two_editors_of_one_route_do_not_overwrite_each_other(client, cast, tutor, working):
    route, _ = working
    client.force_login(tutor)
    form = client.get(f"/routes/{route.pk}/edit/").context["lock"]
    fields = {"goal": "Новая цель", "base": "cnppm", "tutor": tutor.pk, "curator_kind": "tutor",
              "starts_on": "2024-09-01", "ends_on": "2025-06-30", "lock-version": form.initial["version"],
              "lock-opened": form.initial["opened"]}  # fmt: skip
    LearningRoute.objects.filter(pk=route.pk).update(version=route.version + 1, goal="Чужая правка")

    response = client.post(f"/routes/{route.pk}/edit/", fields)

    assert response.status_code == 200
    assert "Запись изменена другим пользователем" in response.content.decode()
    assert LearningRoute.objects.get(pk=route.pk).goal == "Чужая правка"


@pytest.mark.parametrize("who", ["methodologist", "school1_admin", "regional_operator", "teacher_user"])
def test_pages_open_for_each_role(client, cast, tutor, working, who):
    route, _ = working
    client.force_login(getattr(cast, who))

    assert client.get("/routes/").status_code == 200
    assert client.get(f"/routes/{route.pk}/").status_code == 200


def test_the_list_filters_overdue_steps(client, cast, tutor):
    late = r.route(cast.teacher, region=cast.region, tutor=tutor)
    r.step(late, due_on=date(2025, 1, 1))
    fine = r.route(cast.mentor_educator, region=cast.region, tutor=tutor)
    r.step(fine, due_on=date(2025, 3, 1))
    client.force_login(cast.methodologist)

    page = client.get("/routes/", {"overdue": "on"}).content.decode()

    assert "Смирнова" in page and "Кузнецов" not in page


@pytest.mark.parametrize("who", ["methodologist", "tutor"])
def test_the_list_costs_the_same_queries_for_few_and_many_routes(client, cast, tutor, who, django_assert_num_queries):
    user = tutor if who == "tutor" else cast.methodologist
    client.force_login(user)

    def grow(count):
        for number in range(count):
            route = r.route(cast.teacher if number % 2 else cast.mentor_educator, region=cast.region, tutor=tutor)
            r.step(route, due_on=date(2025, 1, 1))

    grow(3)
    client.get("/routes/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/routes/")
    grow(40)
    with django_assert_num_queries(len(few)):
        client.get("/routes/")


def test_a_route_page_costs_the_same_queries_for_few_and_many_steps(client, cast, tutor, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    route = r.route(cast.teacher, region=cast.region, tutor=tutor)
    for _ in range(3):
        r.step(route, status=StepStatus.DONE, evidence_link="https://example.org")
    client.force_login(tutor)
    client.get(f"/routes/{route.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/routes/{route.pk}/")
    for _ in range(30):
        r.step(route)
    with django_assert_num_queries(len(few)):
        client.get(f"/routes/{route.pk}/")


def test_the_tutor_adds_a_course_step_named_after_its_program(client, cast, tutor, working):
    route, _ = working
    course = growth.program(title="Наставничество в школе")
    client.force_login(tutor)

    response = client.post(f"/routes/{route.pk}/steps/new/", {
        "kind": "course", "form": "formal", "title": "", "program": course.pk, "due_on": "2025-03-01",
    })  # fmt: skip
    refused = client.post(f"/routes/{route.pk}/steps/new/", {"kind": "self_education", "form": "informal"})

    assert response.status_code == 302
    assert route.steps.filter(title="Наставничество в школе", program=course, status=StepStatus.PLANNED).exists()
    assert "Опишите содержание шага." in refused.content.decode()
    assert route.events.filter(kind="step_added").count() == 1
