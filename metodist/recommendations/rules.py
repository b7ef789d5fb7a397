"""The rules of rules.toml and the drafts they give for an approved snapshot.

A rule is a condition on indicator values (CONDITIONS, keyed by the code the file uses) and a template for
one kind of recipient. Only computed values (status OK) are looked at: «нет данных» is never a zero.
"""

import statistics
import string
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from metodist.clusters.peers import peer_groups
from metodist.monitoring import display
from metodist.monitoring.models import Level, ResultStatus, SnapshotMembers, TargetStatus, Unit
from metodist.people.models import Educator

from .models import RecipientKind

RULES_FILE = Path(__file__).with_name("rules.toml")
PLACEHOLDERS = {
    "number", "name", "period", "value", "numerator", "denominator", "target", "previous", "peers_median",
    "peers_count", "organization", "municipality", "educator",
}  # fmt: skip
# condition → the recipients it may address
CONDITIONS = {
    "below_target": {RecipientKind.ORGANIZATION, RecipientKind.SERVICE},
    "falling": {RecipientKind.ORGANIZATION, RecipientKind.SERVICE},
    "lowest_quartile_among_peers": {RecipientKind.ORGANIZATION},
    "not_in_numerator": {RecipientKind.EDUCATOR},
}
# a quartile of fewer peers with data says nothing
MIN_PEERS = 4


@dataclass(frozen=True)
class Rule:
    code: str
    condition: str
    recipient: str
    title: str
    text: str
    indicators: tuple = ()
    better: str = ""  # "higher" | "lower": the good direction of an indicator without a target

    def applies_to(self, code: str, named: set) -> bool:
        """Whether the rule looks at an indicator: the ones it names, or (naming none) every one that no rule
        of the same condition and recipient names."""
        return code in self.indicators if self.indicators else code not in named


def load(path: Path = RULES_FILE) -> list[Rule]:
    """The rules of a file, checked: known conditions, recipients and placeholders, unique codes."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rules, seen = [], set()
    for item in data.get("rules", []):
        rule = Rule(**{**item, "indicators": tuple(item.get("indicators", ()))})
        problem = _problem(rule, seen)
        if problem:
            raise ImproperlyConfigured(f"{path.name}, правило «{rule.code}»: {problem}")
        seen.add(rule.code)
        rules.append(rule)
    return rules


def _problem(rule: Rule, seen: set) -> str:
    if rule.code in seen:
        return "код повторяется"
    if rule.condition not in CONDITIONS:
        return f"неизвестное условие {rule.condition}"
    if rule.recipient not in CONDITIONS[rule.condition]:
        return f"условие {rule.condition} не для адресата {rule.recipient}"
    if rule.better not in ("", "higher", "lower"):
        return "better — higher или lower"
    for template in (rule.title, rule.text):
        unknown = {name for _, name, _, _ in string.Formatter().parse(template) if name} - PLACEHOLDERS
        if unknown:
            return f"неизвестные подстановки {', '.join(sorted(unknown))}"
    return ""


@dataclass
class Draft:
    """A recommendation a rule gives, before it is stored."""

    rule: str
    key: str
    recipient_kind: str
    municipality_id: int
    title: str
    text: str
    evidence: list
    organization_id: int | None = None
    educator_id: int | None = None


@dataclass
class Context:
    """What the conditions read, loaded once per generation."""

    campaign: object
    values: list  # computed values of the snapshot at the organization and municipality levels, no breakdowns
    peers: dict = field(default_factory=dict)  # organization id → peer group key
    members: dict = field(default_factory=dict)  # value id → SnapshotMembers
    educators: dict = field(default_factory=dict)  # educator id → Educator


def drafts(campaign, snapshot, rules: list[Rule]) -> list[Draft]:
    """Every draft the rules give for the snapshot, in a stable order."""
    values = [
        value
        for value in snapshot.values.filter(level__in=(Level.ORGANIZATION, Level.MUNICIPALITY), breakdown="")
        .select_related("indicator", "organization", "municipality")
        .order_by("indicator__order", "organization__sort_name", "municipality__name")
        if value.status == ResultStatus.OK and value.value is not None
    ]
    context = Context(campaign, values)
    named = defaultdict(set)
    for rule in rules:
        named[(rule.condition, rule.recipient)].update(rule.indicators)
    chosen = {
        rule.code: [v for v in values if rule.applies_to(v.indicator.code, named[(rule.condition, rule.recipient)])]
        for rule in rules
    }
    if any(rule.condition == "lowest_quartile_among_peers" for rule in rules):
        organizations = {value.organization_id for value in values if value.organization_id}
        context.peers = peer_groups(organizations, on=campaign.period_end)
    # members are educators only on the values of indicators that count educators (not staff positions)
    personal = {
        v.indicator_id
        for rule in rules
        if rule.condition == "not_in_numerator"
        for v in chosen[rule.code]
        if v.indicator.unit == Unit.EDUCATORS
    }
    if personal:
        stored = SnapshotMembers.objects.filter(
            value__snapshot=snapshot,
            value__level=Level.ORGANIZATION,
            value__breakdown="",
            value__indicator__in=personal,
        )
        context.members = {row.value_id: row for row in stored}
        people = {pk for row in context.members.values() for pk in row.denominator}
        context.educators = Educator.objects.in_bulk(people)
    found = []
    for rule in rules:
        found.extend(CHECKS[rule.condition](rule, chosen[rule.code], context))
    return found


def _level(rule: Rule) -> str:
    return Level.MUNICIPALITY if rule.recipient == RecipientKind.SERVICE else Level.ORGANIZATION


def _direction(rule: Rule, indicator, period: str) -> int:
    """+1 when higher is better, −1 when lower is, 0 when neither the target nor the rule says."""
    if indicator.target_for(period):
        return indicator.target_direction(period)
    return {"higher": 1, "lower": -1}.get(rule.better, 0)


def _below_target(rule: Rule, values, context: Context):
    for value in values:
        if value.level == _level(rule) and value.target_status == TargetStatus.NOT_MET:
            yield _draft(rule, value, context)


def _falling(rule: Rule, values, context: Context):
    for value in values:
        if value.level != _level(rule) or value.previous_value is None:
            continue
        direction = _direction(rule, value.indicator, context.campaign.period)
        if direction and (value.value - value.previous_value) * direction < 0:
            yield _draft(rule, value, context)


def _lowest_quartile(rule: Rule, values, context: Context):
    """In each group of context peers with at least MIN_PEERS values: the organizations at or beyond the worst
    quartile and strictly worse than the median (so that a group of equal values gives nothing)."""
    groups = defaultdict(list)
    for value in values:
        if value.level == Level.ORGANIZATION and value.organization_id in context.peers:
            groups[(value.indicator_id, context.peers[value.organization_id])].append(value)
    for group in groups.values():
        if len(group) < MIN_PEERS:
            continue
        direction = _direction(rule, group[0].indicator, context.campaign.period)
        if not direction:
            continue
        amounts = sorted(value.value * direction for value in group)  # worst first
        quartile = statistics.quantiles(amounts, n=4, method="inclusive")[0]
        median = statistics.median(amounts)
        for value in group:
            amount = value.value * direction
            if amount <= quartile and amount < median:
                peers = {
                    "peers_median": median * direction,
                    "peers_q1": quartile * direction,
                    "peers_count": len(group),
                }
                yield _draft(rule, value, context, **peers)


def _not_in_numerator(rule: Rule, values, context: Context):
    for value in values:
        row = context.members.get(value.pk)
        if value.level != Level.ORGANIZATION or row is None:
            continue
        counted = set(row.numerator)
        for pk in dict.fromkeys(row.denominator):
            if pk not in counted and pk in context.educators:
                yield _draft(rule, value, context, educator=context.educators[pk])


CHECKS = {
    "below_target": _below_target,
    "falling": _falling,
    "lowest_quartile_among_peers": _lowest_quartile,
    "not_in_numerator": _not_in_numerator,
}


def evidence(value, campaign, **peers) -> dict:
    """One indicator value behind a recommendation: its numbers as the pages show them and its drill-down link."""
    indicator = value.indicator
    target = indicator.target_for(campaign.period)
    yes_no = display.is_yes_no(value)
    place = "organization" if value.organization_id else "municipality"
    place_id = value.organization_id or value.municipality_id
    url = f"{reverse('monitoring:drilldown', args=[campaign.pk, indicator.code])}?{place}={place_id}"
    median = peers.get("peers_median")
    return {
        "indicator": indicator.code,
        "number": indicator.number,
        "name": indicator.name,
        "place": str(value.organization or value.municipality),
        "value": str(value.value),
        "value_text": display.value_text(value),
        "numerator": display.number(value.numerator),
        "denominator": display.number(value.denominator),
        "target": display.target_text(target, indicator.kind),
        "previous": display.amount_text(indicator, value.previous_value, yes_no)
        if value.previous_value is not None
        else "",
        "peers_median": display.amount_text(indicator, median) if median is not None else "",
        "peers_q1": str(peers["peers_q1"]) if "peers_q1" in peers else "",
        "peers_count": peers.get("peers_count", ""),
        "url": url,
    }


def _draft(rule: Rule, value, context: Context, educator=None, **peers) -> Draft:
    campaign = context.campaign
    proof = evidence(value, campaign, **peers)
    municipality = value.organization.municipality if value.organization_id else value.municipality
    words = {
        **{key: proof[key] for key in ("number", "name", "numerator", "denominator", "target", "previous")},
        **{key: proof[key] for key in ("peers_median", "peers_count")},
        "value": proof["value_text"],
        "period": campaign.period,
        "organization": str(value.organization or ""),
        "municipality": str(municipality),
        "educator": educator.full_name if educator else "",
    }
    recipient = educator.pk if educator else value.organization_id or value.municipality_id
    return Draft(
        rule=rule.code,
        key=f"{rule.code}:{value.indicator.code}:{rule.recipient}:{recipient}",
        recipient_kind=rule.recipient,
        municipality_id=municipality.pk,
        organization_id=value.organization_id,
        educator_id=educator.pk if educator else None,
        title=rule.title.format(**words)[:300],
        text=rule.text.format(**words),
        evidence=[proof],
    )
