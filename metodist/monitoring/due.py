"""What respondents still have to submit, and the completeness × timeliness grid of a campaign.

A card is due from the respondent who fills it (an organization's administrator, a municipality's
coordinator or methodologist) while its campaign collects data, the card is being filled or was returned,
and the results of its municipality are not approved.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Exists, Max, OuterRef, Q

from metodist.accounts.models import Role

from . import cards
from .models import Approval, ApprovalLevel, Campaign, CampaignStatus, CardStatus, CardSubmission, Level

DUE_STATUSES = (CardStatus.DRAFT, CardStatus.RETURNED)
SENT = (CardStatus.SUBMITTED, CardStatus.ACCEPTED)


@dataclass(frozen=True)
class Due:
    submission: CardSubmission
    days_left: int  # negative when overdue
    reminded_at: datetime | None  # the coordinator's last «Напомнить»

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def _with_reminders(submissions):
    return submissions.annotate(reminded_at=Max("events__at", filter=Q(events__is_reminder=True)))


def due_cards(user, today: date) -> list[Due]:
    """The cards the user has to fill and submit, the most urgent first."""
    if user.role == Role.ORG_ADMIN:
        own = Q(card__level=Level.ORGANIZATION)
    elif user.role in cards.MUNICIPAL_ROLES and user.municipality_id:
        own = Q(card__level=Level.MUNICIPALITY, municipality_id=user.municipality_id)
    else:
        return []
    approved = (
        Approval.objects.active()
        .filter(campaign=OuterRef("campaign"), level=ApprovalLevel.MUNICIPALITY)
        .filter(Q(municipality=OuterRef("organization__municipality")) | Q(municipality=OuterRef("municipality")))
    )
    submissions = (
        CardSubmission.objects.in_scope(user)
        .filter(own, campaign__status=CampaignStatus.OPEN, status__in=DUE_STATUSES)
        .filter(~Exists(approved))
        .select_related("campaign", "card", "organization", "municipality")
        .order_by("campaign__deadline", "campaign__title", "card__order", "organization__short_name")
    )
    return [Due(s, (s.campaign.deadline - today).days, s.reminded_at) for s in _with_reminders(submissions)]


@dataclass
class GridRow:
    """One respondent of a campaign: its card in each column (None where it has none)."""

    respondent: object
    municipality: object
    cells: list = field(default_factory=list)
    reminded_at: datetime | None = None
    can_remind: bool = False

    @property
    def remindable(self) -> list[CardSubmission]:
        return [cell for cell in self.cells if cell is not None and cell.status in DUE_STATUSES]


def timing(submission: CardSubmission, today: date) -> str:
    """«в срок», «с опозданием», «просрочена», or '' while the deadline has not passed."""
    if submission.status in SENT or submission.submitted_at:
        return "в срок" if submission.submitted_on_time() else "с опозданием"
    return "просрочена" if today > submission.campaign.deadline else ""


def campaign_grid(campaign: Campaign, submissions, today: date, user) -> dict:
    """Respondents (rows) × cards of the catalogue (columns), each cell a card with its status and timing."""
    columns = list(campaign.catalogue.cards.order_by("order"))
    index = {card.pk: position for position, card in enumerate(columns)}
    rows: dict = {}
    listed = _with_reminders(submissions.select_related("card", "organization__municipality", "municipality"))
    for submission in listed:
        respondent = submission.respondent
        key = ("org", submission.organization_id) if submission.organization_id else ("mun", submission.municipality_id)
        if key not in rows:
            home = submission.organization.municipality if submission.organization_id else submission.municipality
            rows[key] = GridRow(respondent, home, [None] * len(columns))
        row = rows[key]
        submission.timing = timing(submission, today)
        row.cells[index[submission.card_id]] = submission
        if submission.reminded_at and (row.reminded_at is None or submission.reminded_at > row.reminded_at):
            row.reminded_at = submission.reminded_at
    used = [position for position in range(len(columns)) if any(row.cells[position] for row in rows.values())]
    for row in rows.values():
        row.cells = [row.cells[position] for position in used]
        row.can_remind = bool(row.remindable) and cards.can_review(user, row.remindable[0])
    # each municipality's own cards first, then its organizations by name
    ordered = sorted(rows.values(), key=lambda row: (row.municipality.name, row.respondent != row.municipality,
                                                      str(row.respondent)))  # fmt: skip
    return {
        "columns": [columns[position] for position in used],
        "rows": ordered,
        "can_remind": any(row.can_remind for row in rows.values()),
    }
