"""Demo data of the module (called by metodist/demo/cycle.py SEEDERS; rerun-safe): the recommendations of the
approved 2022/23 campaign of «Городской округ Энск», most of them approved and sent, a few left as drafts; the
demo `school` administrator and the `methodist` have read all but one of theirs, the `teacher` the one written to
him, and the other recipients have not read theirs yet."""

from datetime import date

from django.db import transaction

from metodist.audit.actions import record_created

from . import actions
from .models import Receipt, RecipientKind, Recommendation, RecommendationStatus

MUNICIPALITY = "Городской округ Энск"
PERIOD = "2022/23"
DRAFTS_LEFT = 2  # of each recipient kind, to show the methodologist's unfinished work
READERS = ("school", "methodist", "teacher")
TEACHER_TITLE = "Подготовить открытый урок для методического объединения учителей"
TEACHER_TEXT = (
    "По итогам мониторинга за 2022/23 и посещения уроков рекомендуется подготовить открытый урок с использованием "
    "заданий на формирование функциональной грамотности и представить его на заседании ШМО в текущем полугодии."
)


def seed(*, today: date, progress) -> list[str]:
    from metodist.accounts.models import User
    from metodist.monitoring.lifecycle import official_snapshot
    from metodist.monitoring.models import Campaign

    campaign = Campaign.objects.filter(municipality__name=MUNICIPALITY, period=PERIOD).first()
    users = {user.username: user for user in User.objects.filter(username__in=["coordinator", *READERS])}
    if campaign is None or official_snapshot(campaign) is None or "coordinator" not in users:
        return ["Адресные рекомендации: нет утверждённой кампании 2022/23 «Городской округ Энск» — пропущено."]
    coordinator = users["coordinator"]
    with transaction.atomic():
        progress("Адресные рекомендации: формирование черновиков")
        done = actions.generate(campaign, by=coordinator)
        _teacher_recommendation(campaign, users.get("teacher"), coordinator)
        drafts = Recommendation.objects.filter(campaign=campaign, status=RecommendationStatus.DRAFT)
        for kind in RecipientKind.values:
            left = list(drafts.filter(recipient_kind=kind).order_by("pk").values_list("pk", flat=True)[:DRAFTS_LEFT])
            for recommendation in drafts.filter(recipient_kind=kind).exclude(pk__in=left).select_related("campaign"):
                actions.approve(recommendation, by=coordinator)
        sent = actions.send_approved(campaign, by=coordinator)
        read = _read(campaign, users)
    total = Recommendation.objects.filter(campaign=campaign).count()
    return [
        f"Адресные рекомендации: всего {total} (новых {done.created}), направлено сейчас {sent}, "
        f"отметок об ознакомлении {read}."
    ]


def _teacher_recommendation(campaign, teacher, by) -> None:
    """One written by hand to the demo teacher, whom no rule addresses."""
    if teacher is None or teacher.educator_id is None:
        return
    if Recommendation.objects.filter(campaign=campaign, educator_id=teacher.educator_id, title=TEACHER_TITLE).exists():
        return
    employment = teacher.educator.employments.select_related("organization").order_by("pk").first()
    recommendation = Recommendation.objects.create(
        campaign=campaign, recipient_kind=RecipientKind.EDUCATOR, educator_id=teacher.educator_id,
        organization=employment.organization if employment else None, municipality_id=campaign.municipality_id,
        title=TEACHER_TITLE, text=TEACHER_TEXT,
    )  # fmt: skip
    record_created(by, recommendation)


def _read(campaign, users) -> int:
    """Each demo reader confirms all that was sent to them but the last one (a single one is read)."""
    for user in (users[name] for name in READERS if name in users):
        mine = list(Recommendation.objects.addressed_to(user).filter(campaign=campaign).order_by("pk"))
        for recommendation in mine[:-1] if len(mine) > 1 else mine:
            actions.confirm_read(recommendation, user=user)
    return Receipt.objects.filter(recommendation__campaign=campaign).count()


def clear() -> None:
    """Deletes the module's demo data before seed_demo --replace deletes the registry it points to."""
    Recommendation.objects.all().delete()
