"""The effectiveness review of a measure: did its indicators move better than at comparable places it did not
touch? «Выросло» is not the test — a value may grow everywhere (a new federal programme, a change of counting);
the measure is credited only with the part its targets outgrew their context peers by (a difference in
differences).

For a measure aimed at organizations, per indicator:
- the change of each targeted organization (following campaign minus the cause campaign; only values computed
  in both, status «рассчитано» and not preliminary — «нет данных» is never 0),
- minus the mean change of the organizations of its context peer group (`clusters.peers.peer_groups`) that the
  measure did not target, with data in both;
- the effect is the mean of those differences over the targeted organizations, turned by the indicator's
  direction (a target «≤ / <» means lower is better), in the indicator's units (п.п. for a share).

A measure of the municipality as a whole (no targeted organizations) compares the municipality's change with the
other municipalities of the region when the campaign is regional; a municipal campaign has nobody to compare
with, and the review says so with the plain change.

The minimums below keep one school's noise from being read as an effect of the measure.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from metodist.clusters.peers import peer_groups
from metodist.monitoring.lifecycle import official_snapshot, shown_snapshot
from metodist.monitoring.models import Campaign, Level, ResultStatus, SnapshotValue

from .models import MeasureStatus, Verdict

MIN_TARGETED = 2  # targeted organizations with data in both campaigns and enough peers
MIN_PEERS = 3  # non-targeted organizations of the same peer group with data in both campaigns
MIN_MUNICIPALITIES = 3  # other municipalities of the region with data in both campaigns
MARGIN = Decimal("1.00")  # a smaller effect (п.п. for a share) is «на уровне сопоставимых», neither better nor worse
CENT = Decimal("0.01")

BETTER, SAME, WORSE, UNMEASURABLE = "better", "same", "worse", "not_measurable"
OUTCOMES = {
    BETTER: "лучше, чем у сопоставимых",
    SAME: "на уровне сопоставимых",
    WORSE: "хуже, чем у сопоставимых",
    UNMEASURABLE: "не измеряется",
}
UNAPPROVED = "результаты следующей кампании не утверждены"


def following_campaign(cause: Campaign) -> Campaign | None:
    """The next period's campaign of the same catalogue over the same territory."""
    return (
        Campaign.objects.filter(
            catalogue_id=cause.catalogue_id,
            region_id=cause.region_id,
            municipality_id=cause.municipality_id,
            period_start__gt=cause.period_start,
        )
        .order_by("period_start", "pk")
        .first()
    )


def result_snapshot(campaign: Campaign):
    """(snapshot, approved): the official snapshot when the results are approved, else the latest shown."""
    official = official_snapshot(campaign)
    if official is not None:
        return official, True
    return shown_snapshot(campaign), False


def direction(indicator, period: str) -> int:
    """+1 when higher is better, -1 when the target in force says lower is better («≤», «<»)."""
    return -1 if indicator.target_direction(period) < 0 else 1


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _mean(values) -> Decimal:
    values = list(values)
    return sum(values, Decimal(0)) / len(values)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(_round(value))


def _values(snapshot, indicator_ids, level: str, key: str) -> dict:
    """{(indicator id, organization or municipality id): value} of the values computed (status OK, not
    preliminary, no breakdown) at a level."""
    rows = SnapshotValue.objects.filter(
        snapshot=snapshot,
        indicator_id__in=indicator_ids,
        level=level,
        breakdown="",
        status=ResultStatus.OK,
        preliminary=False,
        value__isnull=False,
    ).values_list("indicator_id", key, "value")
    return {(indicator, place): value for indicator, place, value in rows}


def outcome(effect: Decimal) -> str:
    if effect >= MARGIN:
        return BETTER
    if effect <= -MARGIN:
        return WORSE
    return SAME


def compare_organizations(targeted: list[int], groups: dict[int, str], before: dict, after: dict) -> dict:
    """The difference in differences of one indicator: `groups` the peer group of every organization (targeted
    and candidates), `before` / `after` {organization id: value} with data only. The effect is not turned by
    direction here. Returns the numbers, or a `reason` why the indicator cannot be measured."""
    change = {org: after[org] - before[org] for org in groups if org in before and org in after}
    chosen = set(targeted)
    peers_of = defaultdict(list)
    for org, key in groups.items():
        if org not in chosen and org in change:
            peers_of[key].append(org)
    with_data = [org for org in targeted if org in change]
    counted = [org for org in with_data if len(peers_of[groups[org]]) >= MIN_PEERS]
    peers = sorted({peer for org in counted for peer in peers_of[groups[org]]})
    result = {"targeted_with_data": len(with_data), "targeted": len(counted), "peers": len(peers)}
    if len(with_data) < MIN_TARGETED:
        reason = (f"данные обеих кампаний есть у {len(with_data)} из {len(targeted)} организаций, на которые "
                  f"направлена мера, а нужно не менее {MIN_TARGETED}")  # fmt: skip
        return {**result, "reason": reason}
    if len(counted) < MIN_TARGETED:
        return {**result, "reason": f"сопоставимых организаций (не менее {MIN_PEERS} в группе, без меры, с данными "
                                    f"обеих кампаний) хватает только для {len(counted)} организаций, нужно не "
                                    f"менее {MIN_TARGETED}"}  # fmt: skip
    peer_change = _mean(_mean(change[peer] for peer in peers_of[groups[org]]) for org in counted)
    targeted_change = _mean(change[org] for org in counted)
    rows = [
        {"id": org, "role": "targeted" if org in chosen else "peer", "group": groups[org],
         "before": _text(before[org]), "after": _text(after[org]), "change": _text(change[org])}
        for org in [*counted, *peers]
    ]  # fmt: skip
    return {
        **result,
        "targeted_before": _text(_mean(before[org] for org in counted)),
        "targeted_after": _text(_mean(after[org] for org in counted)),
        "targeted_change": _text(targeted_change),
        "peer_before": _text(_mean(before[org] for org in peers)),
        "peer_after": _text(_mean(after[org] for org in peers)),
        "peer_change": _text(peer_change),
        "difference": targeted_change - peer_change,
        "rows": rows,
    }


def compare_municipality(own: int, before: dict, after: dict, regional: bool) -> dict:
    """The municipality's change against the mean change of the region's other municipalities (with data in
    both); a municipal campaign has no others (`alone`)."""
    if own not in before or own not in after:
        return {"reason": "у муниципалитета нет рассчитанного значения в одной из кампаний"}
    own_change = after[own] - before[own]
    result = {"targeted_before": _text(before[own]), "targeted_after": _text(after[own]),
              "targeted_change": _text(own_change)}  # fmt: skip
    if not regional:
        return {**result, "alone": True, "reason": "кампания муниципальная: других муниципалитетов для сравнения "
                                                  "нет, показано только изменение"}  # fmt: skip
    others = [place for place in before if place != own and place in after]
    result["peers"] = len(others)
    if len(others) < MIN_MUNICIPALITIES:
        return {**result, "reason": f"данные обеих кампаний есть у {len(others)} других муниципалитетов, "
                                    f"нужно не менее {MIN_MUNICIPALITIES}"}  # fmt: skip
    peer_change = _mean(after[place] - before[place] for place in others)
    return {
        **result,
        "peer_before": _text(_mean(before[place] for place in others)),
        "peer_after": _text(_mean(after[place] for place in others)),
        "peer_change": _text(peer_change),
        "difference": own_change - peer_change,
    }


def verdict_of(outcomes: list[str]) -> str:
    measured = [item for item in outcomes if item != UNMEASURABLE]
    if not measured:
        return Verdict.NOT_MEASURABLE
    if all(item == BETTER for item in measured):
        return Verdict.EFFECTIVE
    if BETTER in measured:
        return Verdict.PARTLY
    return Verdict.NOT_EFFECTIVE


def _campaign(campaign, snapshot, approved) -> dict:
    return {"id": campaign.pk, "title": campaign.title, "period": campaign.period,
            "snapshot": snapshot.pk if snapshot else None, "approved": approved}  # fmt: skip


def evaluate(measure) -> dict:
    """The review of a measure as of now: {"verdict", "details", "cause_snapshot", "following",
    "following_snapshot", "following_approved"}. `details` holds everything the page shows (numbers as strings,
    names as they were), so a signed review reads the same years later."""
    from metodist.orgs.models import Organization

    decision = measure.decision
    cause = decision.campaign
    minimums = {"targeted": MIN_TARGETED, "peers": MIN_PEERS, "municipalities": MIN_MUNICIPALITIES,
                "margin": str(MARGIN)}  # fmt: skip
    result = {"verdict": Verdict.NOT_MEASURABLE, "cause_snapshot": None, "following": None,
              "following_snapshot": None, "following_approved": False}  # fmt: skip

    def unmeasurable(reason: str, **details) -> dict:
        return {**result, "details": {"reason": reason, "minimums": minimums, "indicators": [], **details}}

    if measure.status == MeasureStatus.CANCELLED:
        return unmeasurable("мера отменена: её эффективность не оценивается")
    if cause is None:
        return unmeasurable("решение не связано с кампанией мониторинга: сравнивать не с чем")
    indicators = list(measure.indicators.order_by("order"))
    if not indicators:
        return unmeasurable("мере не назначены показатели")
    cause_snapshot, cause_approved = result_snapshot(cause)
    result["cause_snapshot"] = cause_snapshot
    following = following_campaign(cause)
    if following is None:
        return unmeasurable(f"кампании следующего периода после {cause.period} ещё нет")
    snapshot, approved = result_snapshot(following)
    result.update(following=following, following_snapshot=snapshot, following_approved=approved)
    if cause_snapshot is None or snapshot is None:
        return unmeasurable("показатели одной из кампаний ещё не рассчитаны")
    targeted = sorted(measure.organizations.values_list("pk", flat=True))
    ids = [indicator.pk for indicator in indicators]
    if targeted:
        kind = "organizations"
        candidates = list(cause.organizations().values_list("pk", flat=True))
        groups = peer_groups(sorted(set(candidates) | set(targeted)), on=cause.period_end)
        level, key = Level.ORGANIZATION, "organization_id"
    else:
        kind = "municipality"
        level, key = Level.MUNICIPALITY, "municipality_id"
    before, after = _values(cause_snapshot, ids, level, key), _values(snapshot, ids, level, key)
    rows, outcomes, alone = [], [], False
    for indicator in indicators:
        was = {place: value for (code, place), value in before.items() if code == indicator.pk}
        now = {place: value for (code, place), value in after.items() if code == indicator.pk}
        if targeted:
            numbers = compare_organizations(targeted, groups, was, now)
        else:
            numbers = compare_municipality(decision.municipality_id, was, now, cause.is_regional)
            alone = alone or numbers.get("alone", False)
        sign = direction(indicator, following.period)
        difference = numbers.pop("difference", None)
        if difference is None:
            item = UNMEASURABLE
        else:
            item = outcome(sign * difference)
            numbers.update(difference=_text(difference), effect=_text(sign * difference))
        outcomes.append(item)
        rows.append({"id": indicator.pk, "code": indicator.code, "number": indicator.number,
                     "name": indicator.name, "lower_is_better": sign < 0, "outcome": item,
                     "outcome_text": OUTCOMES[item], **numbers})  # fmt: skip
    names = dict(
        Organization.objects.filter(pk__in={row["id"] for item in rows for row in item.get("rows", [])}).values_list(
            "pk", "short_name"
        )
    )
    for item in rows:
        for row in item.get("rows", []):
            row["name"] = names.get(row["id"], "")
    verdict = verdict_of(outcomes)
    reasons = sorted({item["reason"] for item in rows if "reason" in item})
    details = {
        "kind": kind,
        "alone": alone and verdict == Verdict.NOT_MEASURABLE,
        "cause": _campaign(cause, cause_snapshot, cause_approved),
        "following": _campaign(following, snapshot, approved),
        "warning": "" if approved else UNAPPROVED,
        "targeted": len(targeted),
        "minimums": minimums,
        "indicators": rows,
        "reason": "; ".join(reasons) if verdict == Verdict.NOT_MEASURABLE else "",
    }
    return {**result, "verdict": verdict, "details": details}
