"""Demo data of the module (called by metodist/demo/cycle.py SEEDERS; rerun-safe): the analytical report of
the approved 2022/23 campaign of «Городской округ Энск», one sentence edited by the methodologist, approved by
the coordinator."""

from datetime import date

from metodist.accounts.models import Role, User
from metodist.demo.monitoring import APPROVED_YEAR, DEMO_MUNICIPALITY, DEMO_REGION
from metodist.monitoring.lifecycle import official_snapshot
from metodist.monitoring.models import Campaign

from . import actions
from .models import AnalyticReport

EDITED_KEY_PART = "/below/"  # the sentence that lists a group's indicators below target
EDIT_TAIL = "Эти показатели требуют первоочередного внимания методической службы в следующем учебном году."


def seed(*, today: date, progress) -> list[str]:
    period = f"{APPROVED_YEAR}/{(APPROVED_YEAR + 1) % 100:02d}"
    campaign = (
        Campaign.objects.filter(period=period, municipality__name=DEMO_MUNICIPALITY, region__name=DEMO_REGION)
        .select_related("municipality")
        .first()
    )
    if campaign is None or official_snapshot(campaign) is None:
        return [f"Аналитическая справка не сформирована: нет утверждённой кампании {period} ({DEMO_MUNICIPALITY})."]
    report = AnalyticReport.objects.filter(campaign=campaign, municipality=campaign.municipality).first()
    if report is not None and report.is_approved:
        return [f"Аналитическая справка уже утверждена: {report}"]
    coordinator = _user(Role.COORDINATOR, campaign)
    methodologist = _user(Role.METHODOLOGIST, campaign) or coordinator
    progress("Формируется аналитическая справка…")
    report = actions.generate(campaign, campaign.municipality, by=coordinator)
    sentence = report.sentences.filter(key__contains=EDITED_KEY_PART).order_by("section_order", "order").first()
    if sentence is not None and not sentence.is_edited:
        actions.edit(sentence, f"{sentence.generated} {EDIT_TAIL}", by=methodologist)
    actions.approve(report, by=coordinator)
    return [f"Аналитическая справка утверждена: {report} (предложений {report.sentences.count()}, одно исправлено)"]


def _user(role: str, campaign) -> User | None:
    return User.objects.filter(role=role, municipality=campaign.municipality).order_by("pk").first()


def clear() -> None:
    """Deletes the module's demo data before seed_demo --replace deletes the registry it points to."""
    AnalyticReport.objects.all().delete()
