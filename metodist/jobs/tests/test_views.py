"""The job page, its status block polled by htmx, cancelling, and «Мои задания»: each user sees their own jobs
only (a superuser every job); another user's job is a 404."""

import pytest
from django.urls import reverse

from metodist.jobs import actions
from metodist.jobs.models import Job, JobStatus
from metodist.testing import factories as f

from . import handlers  # noqa: F401 (registers the handlers of the tests)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return f.UserFactory(username="root", is_superuser=True, is_staff=True)


def running_job(user, **fields) -> Job:
    defaults = {"kind": "tests.groups", "title": "Загрузка педагогов", "status": JobStatus.RUNNING, "done": 5,
                "total": 20, "unit": "Проверено строк"}  # fmt: skip
    return Job.objects.create(created_by=user, **{**defaults, **fields})


def test_running_job_page_shows_the_progress_bar_polled_by_htmx(client, cast):
    job = running_job(cast.coordinator)
    client.force_login(cast.coordinator)

    page = client.get(job.get_absolute_url()).content.decode()

    assert "Загрузка педагогов" in page
    assert 'aria-valuenow="25"' in page and 'data-width-percent="25"' in page  # js/metodist.js sets the width
    assert "Проверено строк: 5 из 20." in page
    assert f'hx-get="{reverse("jobs:status", args=[job.pk])}"' in page and 'hx-trigger="every 1s"' in page
    assert "Отменить" in page
    assert "<script>" not in page  # the page polls by htmx attributes: no inline script for the CSP to refuse


def test_status_block_of_a_finished_job_stops_polling_and_shows_the_result(client, cast):
    job = actions.start("tests.groups", by=cast.coordinator, n=2)
    client.force_login(cast.coordinator)

    block = client.get(reverse("jobs:status", args=[job.pk])).content.decode()

    assert "hx-trigger" not in block
    assert "Создано групп: 2." in block and 'href="/jobs/"' in block
    assert "Отменить" not in block


def test_failed_job_shows_its_russian_error(client, cast):
    job = actions.start("tests.groups", by=cast.coordinator, n=1, fail="Файл повреждён: откройте его в Excel.")
    client.force_login(cast.coordinator)

    page = client.get(job.get_absolute_url()).content.decode()

    assert "Файл повреждён: откройте его в Excel." in page and "Ошибка" in page


def test_queued_job_says_it_waits_for_a_worker(client, cast):
    job = running_job(cast.coordinator, status=JobStatus.QUEUED, done=0, total=None)
    client.force_login(cast.coordinator)

    page = client.get(job.get_absolute_url()).content.decode()

    assert "ждёт в очереди" in page and 'hx-trigger="every 1s"' in page


def test_starter_cancels_a_queued_job(client, cast):
    job = running_job(cast.coordinator, status=JobStatus.QUEUED)
    client.force_login(cast.coordinator)

    response = client.post(reverse("jobs:cancel", args=[job.pk]))

    assert response.status_code == 302 and response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED


def test_cancel_of_a_running_job_is_shown_as_requested(client, cast):
    job = running_job(cast.coordinator)
    client.force_login(cast.coordinator)

    client.post(reverse("jobs:cancel", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # the worker ends it at the handler's next check
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Отмена запрошена" in page and "Отменить</button>" not in page


def test_superuser_sees_and_cancels_any_job(client, cast, superuser):
    job = running_job(cast.coordinator, status=JobStatus.QUEUED)
    client.force_login(superuser)

    assert client.get(job.get_absolute_url()).status_code == 200
    client.post(reverse("jobs:cancel", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED


@pytest.mark.parametrize("name", ["jobs:detail", "jobs:status"])
def test_another_user_gets_404_for_a_job_page(client, cast, name):
    job = running_job(cast.coordinator)
    client.force_login(cast.methodologist)  # same municipality, same role level: still not her job

    assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_another_user_cannot_cancel(client, cast):
    job = running_job(cast.coordinator, status=JobStatus.QUEUED)
    client.force_login(cast.methodologist)

    assert client.post(reverse("jobs:cancel", args=[job.pk])).status_code == 404

    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED


def test_cancel_is_a_post(client, cast):
    job = running_job(cast.coordinator)
    client.force_login(cast.coordinator)

    assert client.get(reverse("jobs:cancel", args=[job.pk])).status_code == 405


def test_cancel_of_an_ended_job_changes_nothing(client, cast):
    job = actions.start("tests.groups", by=cast.coordinator, n=1)
    client.force_login(cast.coordinator)

    response = client.post(reverse("jobs:cancel", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and not job.cancel_requested


def test_anonymous_is_sent_to_login(client, cast):
    job = running_job(cast.coordinator)

    response = client.get(job.get_absolute_url())

    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_my_jobs_lists_only_the_users_own(client, cast):
    mine = running_job(cast.coordinator, title="Моя загрузка")
    running_job(cast.methodologist, title="Чужая загрузка")
    client.force_login(cast.coordinator)

    page = client.get(reverse("jobs:list")).content.decode()

    assert "Моя загрузка" in page and mine.get_absolute_url() in page
    assert "Чужая загрузка" not in page


def test_superuser_lists_every_job_with_its_starter(client, cast, superuser):
    running_job(cast.coordinator, title="Загрузка координатора")
    running_job(cast.methodologist, title="Загрузка методиста")
    client.force_login(superuser)

    page = client.get(reverse("jobs:list")).content.decode()

    assert "Загрузка координатора" in page and "Загрузка методиста" in page and "coordinator" in page


def test_my_jobs_costs_the_same_queries_for_many_jobs(client, cast, django_assert_num_queries):
    for _ in range(5):
        running_job(cast.coordinator, status=JobStatus.DONE)
    client.force_login(cast.coordinator)
    client.get(reverse("jobs:list"))  # warms the session

    with django_assert_num_queries(4):  # session, user, count, page
        client.get(reverse("jobs:list"))


def test_navigation_links_my_jobs(client, cast):
    client.force_login(cast.teacher_user)

    page = client.get(reverse("home:home")).content.decode()

    assert reverse("jobs:list") in page and "Мои задания" in page
