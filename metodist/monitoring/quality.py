"""Data quality of a campaign: the cards re-validated in bulk (one pass for all of them), the list of every
problem found with the respondent's explanation, and the plan of a bulk acceptance or return.

The checks are those of one card (cards.problems_of), computed for many cards with a constant number of
queries: the values are prefetched and the registry is counted once per card type for every organization.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from . import cards
from .cards import RegistryFigure
from .models import CardStatus, CardSubmission, CardValue, DataElement

ACCEPT, RETURN = "accept", "return"
KIND_LABELS = {"error": "ошибка", "warning": "предупреждение", "registry": "расхождение с реестром"}
REGISTRY_RULES = {"registry", "registry_limit"}


@dataclass
class CardCheck:
    """One card as stored, with what the registry counts for it and the problems it has."""

    submission: CardSubmission
    elements: list[DataElement]
    stored: dict[str, CardValue]
    figures: dict[str, RegistryFigure]
    problems: list[cards.Problem]

    @property
    def blocking(self) -> list[str]:
        return cards.blocking(self.problems, cards.explained(self.stored))


def checked(submissions) -> list[CardCheck]:
    """Every card of `submissions` (a CardSubmission queryset) re-validated as it is stored."""
    rows = list(
        submissions.select_related("campaign", "card__catalogue", "organization__municipality", "municipality")
        .prefetch_related(Prefetch("values", CardValue.objects.select_related("element")))
        .order_by("card__order", "organization__short_name", "municipality__name", "pk")
    )
    per_card: dict[tuple, tuple] = {}
    homes: dict[int, dict] = {}
    result = []
    for submission in rows:
        campaign = submission.campaign
        key = (campaign.pk, submission.card_id)
        if key not in per_card:
            organizations = campaign.organizations()
            checks = cards.registry_checks(submission.card)
            counts = cards.registry_counts(campaign, checks, organizations) if checks else {}
            per_card[key] = (list(submission.card.elements.all()), checks, counts)
        if campaign.pk not in homes:
            by_municipality = defaultdict(list)
            for pk, municipality_id in campaign.organizations().values_list("pk", "municipality_id"):
                by_municipality[municipality_id].append(pk)
            homes[campaign.pk] = by_municipality
        elements, checks, counts = per_card[key]
        if submission.organization_id:
            organization_ids = [submission.organization_id]
        else:
            organization_ids = homes[campaign.pk].get(submission.municipality_id, [])
        figures = cards.figures_from(checks, counts, organization_ids)
        stored = {value.element.code: value for value in submission.values.all()}
        problems = cards.card_problems(elements, stored, figures, campaign.period_end)
        result.append(CardCheck(submission, elements, stored, figures, problems))
    return result


@dataclass(frozen=True)
class QualityRow:
    check: CardCheck
    element: DataElement
    problem: cards.Problem

    @property
    def kind(self) -> str:
        if self.problem.rule in REGISTRY_RULES:
            return "registry"
        return "error" if self.problem.is_error else "warning"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def value(self) -> CardValue | None:
        return self.check.stored.get(self.element.code)

    @property
    def figure(self) -> RegistryFigure | None:
        return self.check.figures.get(self.element.code)

    @property
    def explanation(self) -> str:
        return self.value.explanation if self.value is not None else ""


def quality_rows(checks: list[CardCheck], element_codes=None, kind: str = "") -> list[QualityRow]:
    """Every problem of the cards that have been filled in (a card nobody has touched has no data to judge),
    optionally only of some elements and of one kind (error, warning, registry)."""
    rows = []
    for check in checks:
        if not check.stored:
            continue
        by_code = {element.code: element for element in check.elements}
        for problem in check.problems:
            if element_codes is not None and problem.element not in element_codes:
                continue
            row = QualityRow(check, by_code[problem.element], problem)
            if not kind or row.kind == kind:
                rows.append(row)
    return rows


@dataclass
class ReviewPlan:
    """What a bulk acceptance or return of the chosen cards will do: the cards it moves and, by reason, the
    cards it leaves as they are."""

    action: str
    moves: list[CardSubmission] = field(default_factory=list)
    skipped: dict[str, list[CardSubmission]] = field(default_factory=dict)

    def skip(self, reason: str, submission: CardSubmission) -> None:
        self.skipped.setdefault(reason, []).append(submission)

    @property
    def skipped_count(self) -> int:
        return sum(len(rows) for rows in self.skipped.values())


def plan_review(checks: list[CardCheck], user, action: str) -> ReviewPlan:
    """Only submitted cards move, only those the user may review; a card is accepted only when it has no
    error and every warning is explained (the rule of submitting, checked again on the stored values)."""
    plan = ReviewPlan(action)
    for check in checks:
        submission = check.submission
        if not cards.can_review(user, submission):
            plan.skip("нет права принимать и возвращать эту карту", submission)
        elif submission.status != CardStatus.SUBMITTED:
            plan.skip(f"карта не представлена (статус «{submission.get_status_display().lower()}»)", submission)
        elif action == ACCEPT and check.blocking:
            plan.skip("есть ошибки или предупреждения без пояснения", submission)
        else:
            plan.moves.append(submission)
    return plan
