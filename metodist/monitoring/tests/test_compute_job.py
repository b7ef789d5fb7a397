"""Computing a campaign is a background job: the button starts it and opens its page, whose progress counts
indicators and whose result links back to the results."""

from django.urls import reverse

from metodist.jobs import actions as jobs
from metodist.jobs.models import Job, JobStatus
from metodist.monitoring import actions
from metodist.monitoring.models import Snapshot

from .campaigns import campaign_fixture, catalogue_fixture, login  # noqa: F401 (fixtures)


def test_compute_button_starts_a_job_whose_page_links_to_the_results(client, cast, campaign):
    login(client, cast.coordinator)
    indicators = campaign.catalogue.indicators.count()

    response = client.post(reverse("monitoring:compute", args=[campaign.pk]))

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.kind, job.status, job.user) == ("monitoring.compute", JobStatus.DONE, cast.coordinator)
    assert job.title == f"Расчёт показателей: {campaign}"
    assert (job.done, job.total, job.unit) == (indicators, indicators, "Рассчитано показателей")
    assert Snapshot.objects.get(campaign=campaign).computed_by == cast.coordinator
    page = client.get(response.url).content.decode()
    assert "Показатели рассчитаны за" in page
    assert f'href="{reverse("monitoring:results", args=[campaign.pk])}"' in page and "Открыть результаты" in page


def test_computation_reports_progress_after_each_indicator(cast, campaign):
    calls = []
    indicators = campaign.catalogue.indicators.count()

    actions.compute_snapshot(campaign, by=cast.coordinator, progress=lambda done, total: calls.append((done, total)))

    assert calls == [(done, indicators) for done in range(1, indicators + 1)]


def test_second_press_while_the_computation_runs_opens_the_same_job(client, cast, campaign):
    running = Job.objects.create(kind="monitoring.compute", title="…", created_by=cast.coordinator,
                                 key=f"monitoring.compute:{campaign.pk}", status=JobStatus.RUNNING)  # fmt: skip
    login(client, cast.coordinator)

    response = client.post(reverse("monitoring:compute", args=[campaign.pk]))

    assert response.url == running.get_absolute_url()
    assert not Snapshot.objects.exists()


def test_cancelled_computation_leaves_no_snapshot(client, cast, campaign, monkeypatch):
    monkeypatch.setattr("metodist.jobs.models.LIVE_EVERY", 0)
    monkeypatch.setattr("metodist.jobs.live.cancel_requested", lambda job: job.done >= 2)  # «Отменить» mid-way
    login(client, cast.coordinator)

    client.post(reverse("monitoring:compute", args=[campaign.pk]))

    job = Job.objects.get()
    assert (job.status, job.done) == (JobStatus.CANCELLED, 2)
    assert not Snapshot.objects.exists()


def test_job_checks_the_starters_right_to_compute_again(cast, campaign):
    job = jobs.start("monitoring.compute", by=cast.school1_admin, campaign_id=campaign.pk)

    assert job.status == JobStatus.FAILED
    assert job.error == "Рассчитывать показатели этой кампании может только её координатор."
    assert not Snapshot.objects.exists()
