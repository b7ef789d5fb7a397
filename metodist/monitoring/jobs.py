"""Background jobs of monitoring: computing a campaign's indicators (a region's campaign takes minutes)."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from metodist.jobs import JobFailed
from metodist.jobs.registry import handler

from . import actions, cards
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
