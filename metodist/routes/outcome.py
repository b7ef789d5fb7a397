"""What a route changed: its deficits compared with the repeat diagnostic, and the addressed recommendations made
from the rules of data/recommendations.toml.

A deficit is closed when a later diagnostic (ended after the one that found it, by `on`) has a result for the same
competency code (or a competency of that block) and no deficit for that code; it is still open when the latest
later diagnostic found the deficit again; not remeasured when no later result exists (see Deficit.objects.open).
"""

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db.models import Q

RULES_FILE = Path(__file__).parent / "data" / "recommendations.toml"

CLOSED, OPEN, NOT_REMEASURED = "closed", "open", "not_remeasured"
OUTCOME_LABELS = {
    CLOSED: "дефицит закрыт",
    OPEN: "дефицит сохранился",
    NOT_REMEASURED: "повторной диагностики не было",
}


@dataclass(frozen=True)
class Change:
    route_deficit: object
    outcome: str
    first_percent: object
    later_percent: object | None  # the repeat result (the block's sum for a block), % of the maximum
    later_on: date | None

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


def _later_results(educator_id, code: str, after: date, on: date):
    from metodist.diagnostics.models import DiagnosticResult

    return DiagnosticResult.objects.filter(
        educator_id=educator_id, diagnostic__ends_on__gt=after, diagnostic__ends_on__lte=on
    ).filter(Q(competency__code=code) | Q(competency__parent__code=code))


def compare(route, on: date) -> list[Change]:
    """Each deficit of the route with its outcome on `on`."""
    from metodist.diagnostics.models import Deficit

    changes = []
    for row in route.deficits.select_related("competency"):
        later = list(
            _later_results(route.educator_id, row.code, row.measured_on, on)
            .select_related("diagnostic")
            .order_by("-diagnostic__ends_on", "-diagnostic_id")
        )
        if not later:
            changes.append(Change(row, NOT_REMEASURED, row.percent, None, None))
            continue
        latest = later[0].diagnostic
        of_latest = [result for result in later if result.diagnostic_id == latest.pk]
        score = sum(result.score for result in of_latest)
        maximum = sum(result.max_score for result in of_latest)
        percent = (score * 100 / maximum).quantize(Decimal("0.01")) if maximum else None
        found_again = Deficit.objects.filter(
            diagnostic=latest, educator_id=route.educator_id, competency__code=row.code
        ).exists()
        changes.append(Change(row, OPEN if found_again else CLOSED, row.percent, percent, latest.ends_on))
    return changes


@cache
def rules() -> list[dict]:
    with RULES_FILE.open("rb") as handle:
        return tomllib.load(handle)["rules"]


def recommendation_for(outcome: str, group: str, rule_list=None) -> dict | None:
    for rule in rule_list if rule_list is not None else rules():
        if rule["outcome"] == outcome and rule["group"] in (group, "any"):
            return rule
    return None


def recommendations(changes, rule_list=None) -> list[dict]:
    """[{code, rule, text}] for the changes, one per deficit, then the route's general one."""
    made = []
    for change in changes:
        competency = change.route_deficit.competency
        rule = recommendation_for(change.outcome, competency.group, rule_list)
        if rule is not None:
            made.append(
                {
                    "code": change.route_deficit.code,
                    "rule": rule["code"],
                    "text": rule["text"].format(competency=competency.name),
                }
            )
    general = recommendation_for("route", "any", rule_list)
    if general is not None:
        made.append({"code": "", "rule": general["code"], "text": general["text"]})
    return made
