"""Demo monitoring for «Городской округ Энск» (made by `manage.py seed_demo`): the catalogues loaded, the
campaign «Мониторинг 2022/23» with every card accepted and its results approved by the coordinator (the
official snapshot the dynamics of 2023/24 compare with), the campaign «Мониторинг 2023/24» with its cards in
every state and its results computed, and an open campaign of the current school year with results from
the registry.

Rerun-safe: campaigns are found by catalogue, territory and period; cards are filled only while none of them
has been touched; results are computed only for a campaign that has none.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from metodist.accounts.models import Role, User
from metodist.lib.dates import school_year
from metodist.monitoring import actions, cards, catalogue
from metodist.monitoring.models import (
    Campaign,
    CampaignStatus,
    CardEvent,
    CardStatus,
    CardSubmission,
    Catalogue,
    ValueType,
)
from metodist.orgs.models import Municipality

DEMO_REGION = "Демонстрационная область"
DEMO_MUNICIPALITY = "Городской округ Энск"
PREFERRED_CATALOGUE = "msnms-002"
DEMO_YEAR = 2023
APPROVED_YEAR = DEMO_YEAR - 1  # the year before: every card accepted, the results approved
RETURN_COMMENT = "Число педагогических работников не совпадает с реестром: проверьте и исправьте карту."
EXPLANATION = "Один педагог — внешний совместитель: в реестре он учтён по основному месту работы."
EVIDENCE_LINK = "https://enck.example/monitoring/{code}.pdf"  # a reserved domain: the link goes nowhere


class DemoError(Exception):
    """The demo cannot be made; the message says what to do first."""


@dataclass
class Plan:
    """What happens to the organization cards of the demo campaign, in the order of their names."""

    accepted: int
    submitted: int
    returned: int = 1

    @classmethod
    def for_cards(cls, count: int) -> "Plan":
        accepted = count // 2
        submitted = max(0, min(count // 5, count - accepted - 1))
        return cls(accepted, submitted, 1 if count > accepted + submitted else 0)

    def state(self, index: int) -> str | None:
        if index < self.accepted:
            return CardStatus.ACCEPTED
        if index < self.accepted + self.submitted:
            return CardStatus.SUBMITTED
        if index < self.accepted + self.submitted + self.returned:
            return CardStatus.RETURNED
        return None  # left untouched


@dataclass
class Report:
    catalogues: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def seed(today: date) -> Report:
    report = Report()
    loaded = catalogue.load_all()
    if not loaded:
        raise DemoError("В metodist/monitoring/catalogues нет ни одного каталога показателей.")
    report.catalogues = [f"{row.code} ({row.indicators.count()} показателей)" for row in loaded]
    chosen = next((row for row in loaded if row.code == PREFERRED_CATALOGUE), loaded[0])
    if chosen.code != PREFERRED_CATALOGUE:
        report.lines.append(f"Каталога {PREFERRED_CATALOGUE} нет: кампании созданы по каталогу {chosen.code}.")
    municipality = Municipality.objects.filter(name=DEMO_MUNICIPALITY, region__name=DEMO_REGION).first()
    if municipality is None:
        raise DemoError(f"Нет муниципалитета «{DEMO_MUNICIPALITY}»: сначала выполните manage.py seed_demo.")
    coordinator = _user(Role.COORDINATOR, municipality)
    years = sorted({APPROVED_YEAR, DEMO_YEAR, school_year(today)})
    for year in years:
        campaign, created = _campaign(chosen, municipality, year, coordinator)
        if year in (APPROVED_YEAR, DEMO_YEAR) and _untouched(campaign):
            _fill(campaign, coordinator, _user(Role.METHODOLOGIST, municipality), everything=year == APPROVED_YEAR)
        if not campaign.snapshots.exists():
            actions.compute_snapshot(campaign, by=coordinator)
        if year == APPROVED_YEAR and not campaign.approvals.exists():
            actions.approve_municipality(campaign, municipality, by=coordinator)
        counts = {status: campaign.submissions.filter(status=status).count() for status in CardStatus.values}
        report.lines.append(
            f"{campaign.title} ({'создана' if created else 'уже была'}): карт {sum(counts.values())}, "
            f"принято {counts[CardStatus.ACCEPTED]}, представлено {counts[CardStatus.SUBMITTED]}, "
            f"возвращено {counts[CardStatus.RETURNED]}, не заполнено {counts[CardStatus.DRAFT]}; "
            f"расчётов {campaign.snapshots.count()}"
            + ("; результаты утверждены" if campaign.approvals.active().exists() else "")
        )
    return report


def _user(role: str, municipality: Municipality) -> User | None:
    return User.objects.filter(role=role, municipality=municipality).order_by("pk").first()


def _campaign(chosen: Catalogue, municipality: Municipality, year: int, coordinator) -> tuple[Campaign, bool]:
    period = f"{year}/{(year + 1) % 100:02d}"
    campaign = Campaign.objects.filter(catalogue=chosen, municipality=municipality, period=period).first()
    if campaign is not None:
        return campaign, False
    campaign = Campaign(
        catalogue=chosen,
        title=f"Мониторинг {period}",
        period=period,
        period_start=date(year, 9, 1),
        period_end=date(year + 1, 5, 31),
        deadline=date(year + 1, 6, 15),
        region=municipality.region,
        municipality=municipality,
    )
    actions.create_campaign(campaign, by=coordinator)
    if campaign.status == CampaignStatus.DRAFT:
        actions.open_campaign(campaign, by=coordinator)
    return campaign, True


def _untouched(campaign: Campaign) -> bool:
    touched = campaign.submissions.exclude(status=CardStatus.DRAFT).exists()
    return not touched and not CardEvent.objects.filter(submission__campaign=campaign).exists()


@transaction.atomic
def _fill(campaign: Campaign, coordinator, methodologist, everything: bool = False) -> None:
    """Fills the cards as Plan says, or, with `everything`, takes every card to «Принята»."""
    submissions = list(
        campaign.submissions.select_related("card", "organization", "municipality", "campaign").order_by(
            "organization__short_name", "municipality__name"
        )
    )
    schools = [s for s in submissions if s.organization_id]
    plan = Plan(accepted=len(schools), submitted=0, returned=0) if everything else Plan.for_cards(len(schools))
    admins = {
        organization_id: user
        for user in User.objects.filter(role=Role.ORG_ADMIN).prefetch_related("organizations")
        for organization_id in user.organizations.values_list("pk", flat=True)
    }
    for index, submission in enumerate(schools):
        state = plan.state(index)
        if state is not None:
            late = index % 7 == 3  # a few cards come in after the deadline
            # the first accepted card differs from the registry by one person, and says why
            _walk(submission, state, admins.get(submission.organization_id), coordinator, late, explained=index == 0)
    for submission in submissions:
        if submission.municipality_id:
            _walk(submission, CardStatus.ACCEPTED, methodologist, coordinator, late=False)


def _walk(submission: CardSubmission, state: str, filler, coordinator, late: bool, explained: bool = False) -> None:
    """Fills a card and takes it to `state`, dated as if it happened around the deadline."""
    elements = list(submission.card.elements.all())
    values = _values(submission, elements, wrong=state == CardStatus.RETURNED, explained=explained)
    actions.save_card_values(submission, values, filler)
    actions.submit_card(submission, by=filler, errors=[])
    if state == CardStatus.ACCEPTED:
        actions.accept_card(submission, by=coordinator)
    elif state == CardStatus.RETURNED:
        actions.return_card(submission, by=coordinator, comment=RETURN_COMMENT)
    deadline = submission.campaign.deadline
    submitted = _moment(deadline + timedelta(days=3) if late else deadline - timedelta(days=submission.pk % 10 + 1))
    accepted = submitted + timedelta(days=2) if state == CardStatus.ACCEPTED else None
    CardSubmission.objects.filter(pk=submission.pk).update(submitted_at=submitted, accepted_at=accepted)
    for step, event in enumerate(submission.events.order_by("pk")):
        CardEvent.objects.filter(pk=event.pk).update(at=submitted + timedelta(minutes=step))


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _values(submission: CardSubmission, elements, wrong: bool, explained: bool = False) -> dict:
    """Plausible answers: registry numbers where the card is reconciled with the registry (off by two in the
    card that is returned, off by one with an explanation in an `explained` card), parts never larger than
    their wholes nor than their registry denominators, most presences «да» with a link."""
    rng = random.Random(f"demo:{submission.campaign.period}:{submission.respondent}")
    registry = cards.registry_figures(submission, elements)
    values: dict = {}
    numbers: dict = {}
    for element in elements:
        code = element.code
        if element.value_type == ValueType.NUMBER:
            figure = registry.get(code)
            whole = numbers.get(element.rules.get("not_greater_than"))
            if figure is not None and figure.count is not None and not figure.limit:
                number = figure.count + (2 if wrong and whole is None else 0)  # a whole is wrong, its parts follow
                if explained and whole is None:
                    number += 1
                    values[f"{code}__explanation"] = EXPLANATION
            else:
                bounds = [whole, figure.count if figure is not None else None]  # a registry denominator bounds too
                number = rng.randint(0, min([bound for bound in bounds if bound is not None], default=12))
            if whole is not None:
                number = min(number, whole)
            numbers[code] = number
            values[code] = str(number)
        elif element.value_type == ValueType.BOOL:
            values[code] = rng.random() < 0.75
            values[f"{code}__link"] = EVIDENCE_LINK.format(code=code) if values[code] else ""
        elif element.value_type == ValueType.FILE:
            values[code] = None
            values[f"{code}__link"] = EVIDENCE_LINK.format(code=code)
        else:
            values[code] = "Сведения приведены в отчёте о самообследовании."
    return values
