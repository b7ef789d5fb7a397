"""In a real browser: the coordinator runs the whole-pool proposal of mentors, excludes one line, publishes the
rest; the same proposal published from a second tab is refused and loses nothing. The browser, the page (failing
on a CSP violation) and the reference data come from e2e/conftest.py."""

import pytest

from metodist.mentoring.models import Mentorship, MentorshipSource
from metodist.testing import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_today")]


def test_coordinator_runs_the_proposal_and_publishes_it(page, live_server, login, cast):
    from playwright.sync_api import expect

    belova = f.EducatorFactory(last_name="Белова", first_name="Ольга", birth_date=cast.teacher.birth_date,
                               ped_work_start=cast.teacher.ped_work_start)  # fmt: skip
    f.EmploymentFactory(educator=belova, organization=cast.school2, subjects=[f.subject("physics")])

    login("coordinator")
    page.goto(f"{live_server.url}/mentoring/matching/")
    page.get_by_role("button", name="Сформировать предложение").click()
    expect(page.locator("#proposed-count")).to_have_text("2")
    # the same proposal opened in a second tab (a colleague's, say), to be published after the first
    second = page.context.new_page()
    second.goto(page.url)
    expect(page.get_by_role("link", name="Смирнова Анна Игоревна")).to_be_visible()
    page.get_by_label("Не утверждать пару для Белова Ольга Петровна").check()
    page.get_by_role("button", name="Утвердить пары").click()
    expect(page.get_by_text("Утверждено наставнических пар: 1.")).to_be_visible()

    second.get_by_role("button", name="Утвердить пары").click()
    expect(second.get_by_text("Предложение устарело, ничего не сохранено")).to_be_visible()

    made = Mentorship.objects.get()
    assert made.source == MentorshipSource.MATCHED and made.memberships.get().educator == cast.teacher
