"""In a real browser: an educator opens her route, marks a step done with evidence; the tutor sees the notice,
confirms the step with a comment and agrees the next route. The browser, the page (failing on a CSP violation)
and the reference data come from e2e/conftest.py."""

import pytest

from metodist.accounts.models import Role
from metodist.routes.models import RouteStatus, StepStatus
from metodist.testing import factories as f
from metodist.testing import routes as r

from .journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def tutor(cast):
    """The tutor of the teacher's route (as metodist/routes/tests/conftest.py has it)."""
    return f.UserFactory(username="tutor", role=Role.TUTOR, municipality=cast.municipality, region=cast.region,
                         first_name="Тамара", last_name="Тьюторова")  # fmt: skip


def test_educator_marks_a_step_done_and_the_tutor_confirms_it(page, live_server, cast, tutor, tmp_path, settings):
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = tmp_path
    route = r.route(cast.teacher, region=cast.region, status=RouteStatus.AGREED, tutor=tutor)
    step = r.step(route, title="Стажировка на площадке Школы № 2")
    review = r.route(cast.mentor_educator, region=cast.region, status=RouteStatus.REVIEW, tutor=tutor)
    r.step(review, title="Курс по наставничеству")
    evidence = tmp_path / "отчёт.pdf"
    evidence.write_bytes(PDF)

    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/routes/")
    page.get_by_role("link", name="Смирнова Анна Игоревна").click()
    page.get_by_role("link", name="Отметить выполнение").click()
    page.get_by_label("Подтверждающий документ").set_input_files(str(evidence))
    page.get_by_label("Рефлексия: что получилось, что применяю").fill("Провела два урока по новой технологии")
    page.get_by_role("button", name="Отметить выполненным").click()

    expect(page.get_by_text("Шаг отмечен выполненным")).to_be_visible()
    expect(page.locator("#progress")).to_contain_text("100 %")
    expect(page.get_by_text("Реализуется").first).to_be_visible()

    sign_in(page, live_server, "tutor")
    page.goto(f"{live_server.url}/routes/")
    expect(page.locator("#unread-count")).to_have_text("1")
    page.locator("#notices").get_by_role("link").first.click()
    expect(page.locator("#steps").get_by_text("Провела два урока по новой технологии")).to_be_visible()
    page.get_by_label("Комментарий тьютора").fill("Зачтено, отличный отчёт")
    page.get_by_label("Подтверждаю выполнение шага").check()
    page.get_by_role("button", name="Сохранить комментарий").click()
    expect(page.get_by_text("подтверждён тьютором")).to_be_visible()

    page.goto(f"{live_server.url}/routes/{review.pk}/")
    page.get_by_role("button", name="Согласовать").click()
    expect(page.get_by_text("Готово: Согласовать.")).to_be_visible()

    step.refresh_from_db()
    review.refresh_from_db()
    assert (step.status, step.tutor_comment) == (StepStatus.DONE, "Зачтено, отличный отчёт")
    assert review.status == RouteStatus.AGREED
    assert not tutor.route_notices.unread().exists()
