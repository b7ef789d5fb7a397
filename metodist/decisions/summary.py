"""A campaign's summary of the measures taken on its results: how many worked, and what the next year's goals
should take up — the measures that did not work and the indicators still below target in the following
campaign."""

from collections import Counter

from django.db.models import Prefetch

from metodist.monitoring.models import Level, SnapshotValue, TargetStatus

from .effectiveness import BETTER, following_campaign, result_snapshot
from .models import Measure, Review, Verdict

UNREVIEWED = "не рассчитана"
SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}


def target_text(thresholds) -> str:
    """The targets of a value as a page writes them: «≥ 30; ≤ 10»."""
    return "; ".join(f"{SIGNS.get(item['op'], item['op'])} {item['value']}" for item in thresholds)


def of_record(reviews) -> Review | None:
    """The review that stands for a measure: the latest signed one, else the latest computed (`reviews` newest
    first)."""
    reviews = list(reviews)
    return next((review for review in reviews if review.reviewed_at), reviews[0] if reviews else None)


def build(campaign, user) -> dict:
    measures = (
        Measure.objects.in_scope(user)
        .filter(decision__campaign=campaign)
        .select_related("decision", "responsible_organization")
        .prefetch_related("indicators", Prefetch("reviews", queryset=Review.objects.order_by("-computed_at", "-pk")))
        .order_by("decision__date", "deadline", "pk")
    )
    rows, counts = [], Counter()
    for measure in measures:
        review = of_record(measure.reviews.all())
        counts[review.verdict_text if review else UNREVIEWED] += 1
        rows.append({"measure": measure, "review": review})
    failed = [
        {
            **row,
            "indicators": [item for item in row["review"].details.get("indicators", []) if item["outcome"] != BETTER],
        }
        for row in rows
        if row["review"] and row["review"].verdict in (Verdict.NOT_EFFECTIVE, Verdict.PARTLY)
    ]
    order = [label for _, label in Verdict.choices] + ["пока не измерима против сопоставимых", UNREVIEWED]
    following = following_campaign(campaign)
    return {
        "campaign": campaign,
        "rows": rows,
        "counts": [(label, counts[label]) for label in order if counts[label]],
        "failed": failed,
        "following": following,
        "below": _below_target(campaign, following, rows),
    }


def _below_target(campaign, following, rows) -> dict:
    """The indicators below target in the following campaign (else in this one), per municipality of the
    decisions, with whether a measure addressed them."""
    shown = following or campaign
    snapshot, approved = result_snapshot(shown)
    if snapshot is None:
        return {"campaign": shown, "approved": approved, "rows": []}
    municipalities = {row["measure"].decision.municipality_id for row in rows} or (
        {campaign.municipality_id} if campaign.municipality_id else set()
    )
    addressed = {indicator.pk for row in rows for indicator in row["measure"].indicators.all()}
    values = (
        SnapshotValue.objects.filter(snapshot=snapshot, level=Level.MUNICIPALITY, breakdown="",
                                     municipality_id__in=municipalities, target_status=TargetStatus.NOT_MET)
        .select_related("indicator", "municipality")
        .order_by("municipality__name", "indicator__order")
    )  # fmt: skip
    found = [
        {"indicator": value.indicator, "municipality": value.municipality, "value": value.value,
         "previous": value.previous_value, "target": target_text(value.thresholds),
         "addressed": value.indicator_id in addressed}
        for value in values
    ]  # fmt: skip
    return {"campaign": shown, "approved": approved, "rows": found}
