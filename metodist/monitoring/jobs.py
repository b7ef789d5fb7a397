"""Background jobs of monitoring: computing a campaign's indicators (a region's campaign takes minutes) and
approving its results (the final approval freezes the people behind every registry-counted value: a query per
indicator and part over the whole territory)."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from metodist.jobs import JobFailed
from metodist.jobs.registry import handler

from . import actions, cards, lifecycle
from .models import Campaign


@handler("monitoring.compute", title="Расчёт показателей кампании")
def compute(job, *, campaign_id: int) -> dict:
    """A new snapshot of the campaign, computed for the user who started the job (their scope and role are
    checked again: the job may wait in the queue while they lose them)."""
    campaign = Campaign.objects.in_scope(job.user).filter(pk=campaign_id).first()
    if campaign is None or not cards.can_manage(job.user, campaign):
        raise JobFailed("Рассчитывать показатели этой кампании может только её координатор.")

    def progress(done: int, total: int) -> None:
        job.progress(done, total, "Рассчитано показателей")
        job.check_cancelled()

    try:
        snapshot = actions.compute_snapshot(campaign, by=job.user, progress=progress)
    except ValidationError as error:
        raise JobFailed(" ".join(error.messages)) from None
    seconds = f"{snapshot.seconds:.1f}".replace(".", ",")
    return {
        "summary": f"Показатели рассчитаны за {seconds} с.",
        "url": reverse("monitoring:results", args=[campaign.pk]),
        "url_label": "Открыть результаты",
    }


APPROVE_REFUSED = "Утверждать результаты может координатор муниципалитета, результаты региона — региональный оператор."


@handler("monitoring.approve", title="Утверждение результатов")
def approve(job, *, campaign_id: int, municipality_id: int | None = None) -> dict:
    """The approval of a municipality's results (or of the region's, without `municipality_id`) by the user who
    started the job; the rules are checked again here: the job may wait in the queue while the cards change."""
    campaign = Campaign.objects.in_scope(job.user).filter(pk=campaign_id).first()
    municipality = None
    if campaign is not None and municipality_id is not None:
        municipality = campaign.municipalities().filter(pk=municipality_id).first()
    if campaign is None or (municipality_id is not None and municipality is None):
        raise JobFailed("Кампания или муниципалитет не найдены.")
    if not lifecycle.can_approve(job.user, campaign, municipality):
        raise JobFailed(APPROVE_REFUSED)

    def progress(done: int, total: int) -> None:
        job.report(done, total, "Зафиксировано показателей")

    try:
        if municipality is None:
            actions.approve_region(campaign, by=job.user, progress=progress)
        else:
            actions.approve_municipality(campaign, municipality, by=job.user, progress=progress)
    except ValidationError as error:
        raise JobFailed(f"Результаты не утверждены: {' '.join(error.messages)}") from None
    return {
        "summary": f"Результаты утверждены: {municipality or campaign.region}.",
        "url": reverse("monitoring:campaign", args=[campaign.pk]),
        "url_label": "Открыть кампанию",
    }
