"""The lifecycle of a campaign after its cards come in: who may approve the results up the tree, what an
approval locks, which snapshot is official, and when a value from cards is only preliminary.

Approval goes up the tree: the organizations' cards are accepted, then the coordinator of each municipality
approves its results; a regional campaign (no municipality) is then approved by the regional operator. The
top approval (the municipality's for a municipal campaign, the region's for a regional one) is the final
one: its snapshot is official, its members are frozen and recomputation is refused until it is reopened.
"""

from decimal import Decimal

from metodist.accounts.models import Role

from .cards import is_admin
from .models import Approval, ApprovalLevel, Campaign, CardSubmission, Snapshot


def can_approve(user, campaign: Campaign, municipality=None) -> bool:
    """Approve or reopen: a municipality's results by its coordinator; the results of a regional campaign
    (municipality None) by the regional operator of its region; the system administrator both."""
    if is_admin(user):
        return True
    if municipality is None:
        return campaign.is_regional and user.role == Role.REGIONAL_OPERATOR and user.region_id == campaign.region_id
    return (
        user.role == Role.COORDINATOR
        and user.municipality_id == municipality.pk
        and municipality.region_id == campaign.region_id
        and campaign.municipality_id in (None, municipality.pk)
    )


def final_level(campaign: Campaign) -> str:
    return ApprovalLevel.REGION if campaign.is_regional else ApprovalLevel.MUNICIPALITY


def final_approval(campaign: Campaign) -> Approval | None:
    """The active approval that closes the campaign, if any."""
    approvals = campaign.approvals.active().filter(level=final_level(campaign))
    return approvals.select_related("snapshot", "approved_by").first()


def official_snapshot(campaign: Campaign) -> Snapshot | None:
    approval = final_approval(campaign)
    return approval.snapshot if approval is not None else None


def shown_snapshot(campaign: Campaign) -> Snapshot | None:
    """The snapshot the results, the drill-down and the export show: the official one, else the latest."""
    official = official_snapshot(campaign)
    if official is not None:
        return official
    return campaign.snapshots.select_related("computed_by").order_by("-data_read_at", "-pk").first()


def home_municipality_id(submission: CardSubmission) -> int:
    return submission.organization.municipality_id if submission.organization_id else submission.municipality_id


def card_approval(submission: CardSubmission) -> Approval | None:
    """The active approval of the card's municipality, which locks the card."""
    approvals = Approval.objects.active().filter(
        campaign_id=submission.campaign_id,
        level=ApprovalLevel.MUNICIPALITY,
        municipality_id=home_municipality_id(submission),
    )
    return approvals.select_related("approved_by").first()


def completeness_share(completeness: dict) -> Decimal | None:
    """Accepted cards of all expected ones, in % (None when no card was expected)."""
    if not completeness or not completeness.get("expected"):
        return None
    return Decimal(completeness["reported"]) * 100 / Decimal(completeness["expected"])


def is_preliminary(completeness: dict, threshold: Decimal) -> bool:
    share = completeness_share(completeness)
    return share is not None and share < threshold


def facts_unchanged_since(campaign: Campaign, snapshot: Snapshot) -> bool:
    """Whether the registry is as the snapshot read it: the facts of the campaign's period, built before the
    snapshot read them (compute_snapshot builds them first), have not been made stale by any write since.
    Then the people counted now are those the snapshot counted, and their number needs no second count."""
    from metodist.facts.models import FactsBuild

    build = FactsBuild.objects.filter(
        region_id=campaign.region_id, start=campaign.period_start, on=campaign.period_end
    ).first()
    return (
        build is not None
        and build.is_current()
        and build.built_at is not None
        and build.built_at <= snapshot.data_read_at
    )
