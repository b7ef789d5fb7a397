"""The objects a report speaks of, each with its numbers for the rules' conditions (`facts`), the same numbers
as the report reads them (`shown`) and the links that prove them (`evidence`): the report as a whole, the
groups of indicators, the indicators, the most common deficits by subject, the clusters and placements.

Values are those of the report's territory in its snapshot: the municipality's row (or the region's for a
whole-region report), and the organizations' rows of that territory for the weakest and strongest values.
A value that was not computed has `has_value` false and no number: it is never taken as 0.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from metodist.clusters.actions import place
from metodist.clusters.models import Cluster
from metodist.clusters.peers import describe
from metodist.diagnostics.models import Deficit
from metodist.monitoring.display import (
    DOWNWARD,
    UPWARD,
    amount_text,
    is_yes_no,
    number,
    percent,
    target_text,
)
from metodist.monitoring.lifecycle import completeness_share
from metodist.monitoring.models import IndicatorKind, Level, ResultStatus, TargetStatus
from metodist.people.models import Employment

DEFICIT_ROWS = 5  # the most common competency × subject pairs a report names


@dataclass
class Item:
    key: str  # stable across regenerations: an indicator's code, a group's hash, a deficit's pair, …
    facts: dict
    shown: dict
    evidence: list[dict] = field(default_factory=list)


def plural(amount: int, one: str, few: str, many: str) -> str:
    """«1 организация», «3 организации», «5 организаций»."""
    if amount % 10 == 1 and amount % 100 != 11:
        word = one
    elif 2 <= amount % 10 <= 4 and not 12 <= amount % 100 <= 14:
        word = few
    else:
        word = many
    return f"{number(amount)} {word}"


def group_key(title: str) -> str:
    return "g" + hashlib.sha1(title.encode()).hexdigest()[:10]


class ReportData:
    """Everything one report of one snapshot says, read once."""

    def __init__(self, campaign, municipality, snapshot):
        self.campaign, self.municipality, self.snapshot = campaign, municipality, snapshot
        self.period = campaign.period
        self.indicators = list(campaign.catalogue.indicators.order_by("order"))
        by_pk = {indicator.pk: indicator for indicator in self.indicators}
        place_filter = {"municipality_id": municipality.pk} if municipality else {}
        level = Level.MUNICIPALITY if municipality else Level.REGION
        self.values = {}
        for value in snapshot.values.filter(level=level, breakdown="", **place_filter):
            value.indicator = by_pk[value.indicator_id]
            self.values[value.indicator_id] = value
        organization_values = snapshot.values.filter(level=Level.ORGANIZATION, breakdown="", status=ResultStatus.OK)
        if municipality:
            organization_values = organization_values.filter(organization__municipality_id=municipality.pk)
        self.organization_values = defaultdict(list)
        for value in organization_values.select_related("organization").order_by("organization__sort_name", "pk"):
            value.indicator = by_pk[value.indicator_id]
            self.organization_values[value.indicator_id].append(value)
        self.organizations = campaign.organizations()
        if municipality:
            self.organizations = self.organizations.filter(municipality_id=municipality.pk)
        self.place_query = {"municipality": municipality.pk} if municipality else {}
        self._indicator_items = {indicator.pk: self._indicator(indicator) for indicator in self.indicators}

    # links -----------------------------------------------------------------------------------------------

    def results_url(self, **query) -> str:
        url = reverse("monitoring:results", args=[self.campaign.pk])
        query = query or self.place_query
        return f"{url}?{urlencode(query)}" if query else url

    def drilldown_url(self, indicator, **query) -> str:
        url = reverse("monitoring:drilldown", args=[self.campaign.pk, indicator.code])
        query = query or self.place_query
        return f"{url}?{urlencode(query)}" if query else url

    def indicator_evidence(self, indicator) -> list[dict]:
        return [
            {"label": f"значение {indicator.number}", "url": self.results_url()},
            {"label": "список учтённых", "url": self.drilldown_url(indicator)},
        ]

    # objects -----------------------------------------------------------------------------------------------

    def groups(self) -> list[tuple[str, Item, list[Item]]]:
        """(title, the group, its indicators) for each first-level group of the catalogue, in its order."""
        grouped: dict[str, list] = {}
        for indicator in self.indicators:
            title = indicator.group[0] if indicator.group else "Показатели"
            grouped.setdefault(title, []).append(indicator)
        return [(title, self._group(title, members), [self._indicator_items[i.pk] for i in members])
                for title, members in grouped.items()]  # fmt: skip

    def all_indicators(self) -> list[Item]:
        return list(self._indicator_items.values())

    def report(self) -> Item:
        items = self.all_indicators()
        approval = self.snapshot.approvals.order_by("-approved_at").first()  # the approval that made it official
        deficits, deficit_people = self._deficits
        facts = {
            "organizations": self.organizations.count(),
            "indicators": len(items),
            "computed": sum(item.facts["has_value"] for item in items),
            "no_data": sum(not item.facts["has_value"] for item in items),
            "with_target": sum(item.facts["has_target"] for item in items),
            "met": sum(item.facts["met"] for item in items),
            "below": sum(item.facts["below"] for item in items),
            "deficits": len(deficits),
            "placements": len(self.placements),
        }
        approved_on = timezone.localdate(approval.approved_at) if approval else None
        shown = {
            **{key: number(value) for key, value in facts.items()},
            "catalogue": self.campaign.catalogue.title,
            "period": self.period,
            "territory": str(self.municipality or self.campaign.region),
            "approved_on": f"{approved_on:%d.%m.%Y}" if approved_on else "—",
            "deficit_educators": plural(deficit_people, "педагога", "педагогов", "педагогов"),
        }
        return Item("", facts, shown, [{"label": "результаты мониторинга", "url": self.results_url()}])

    def _group(self, title: str, indicators) -> Item:
        items = [self._indicator_items[indicator.pk] for indicator in indicators]
        below = [item for item in items if item.facts["below"]]
        facts = {
            "indicators": len(items),
            "computed": sum(item.facts["has_value"] for item in items),
            "with_target": sum(item.facts["has_target"] for item in items),
            "met": sum(item.facts["met"] for item in items),
            "below": len(below),
            "unknown": sum(item.facts["has_target"] and not item.facts["has_value"] for item in items),
        }
        below_list = "; ".join(
            f"{item.shown['number']} «{item.shown['name']}» — {item.shown['value']} (цель: {item.shown['target']})"
            for item in below
        )
        # the indicators the group's sentences count: those below target, else those with a target
        named = below or [item for item in items if item.facts["has_target"]]
        evidence = [{"label": item.shown["number"], "url": item.evidence[1]["url"]} for item in named]
        evidence = evidence or [{"label": "результаты мониторинга", "url": self.results_url()}]
        return Item(group_key(title), facts, {**{k: number(v) for k, v in facts.items()}, "group": title,
                                              "below_list": below_list}, evidence)  # fmt: skip

    def _indicator(self, indicator) -> Item:
        value = self.values.get(indicator.pk)
        has_value = value is not None and value.status == ResultStatus.OK and value.value is not None
        target = indicator.target_for(self.period)
        yes_no = value is not None and is_yes_no(value)
        amount = value.value if has_value else None
        previous = value.previous_value if has_value and not value.preliminary else None
        change = amount - previous if previous is not None else None
        completeness = value.completeness if value is not None else {}
        facts = {
            "has_value": has_value,
            "value": amount,
            "yes_no": yes_no,
            "has_target": target is not None,
            "target": Decimal(str(target["value"])) if target else None,
            "met": has_value and value.target_status == TargetStatus.MET,
            "below": has_value and value.target_status == TargetStatus.NOT_MET,
            "has_previous": previous is not None,
            "previous": previous,
            "change": change,
            "preliminary": bool(value is not None and value.preliminary),
            "has_cards": bool(completeness.get("expected")),
            "reported": completeness.get("reported", 0),
            "expected": completeness.get("expected", 0),
        }
        share = completeness_share(completeness)
        shown = {
            "number": indicator.number,
            "name": indicator.name,
            "value": amount_text(indicator, amount, yes_no) if has_value else "нет данных",
            "target": target_text(target, indicator.kind),
            "previous": amount_text(indicator, previous, yes_no) if previous is not None else "",
            "change": _change_text(indicator, change),
            "direction": _direction(change, target),
            "reported": number(facts["reported"]),
            "expected": number(facts["expected"]),
            "completeness": percent(share) if share is not None else "",
            "threshold": percent(self.campaign.threshold()),
            "reason": (value.reason or value.get_status_display()) if value is not None else "нет данных",
        }
        evidence = self.indicator_evidence(indicator)
        self._extremes(indicator, target, facts, shown, evidence)
        return Item(indicator.code, facts, shown, evidence)

    def _extremes(self, indicator, target, facts, shown, evidence) -> None:
        """The organizations with the weakest and the strongest value: the lowest and the highest, turned
        round for a target that wants less («менее 10 %»)."""
        values = self.organization_values.get(indicator.pk, [])
        facts["organizations"] = len(values)
        shown["organizations"] = number(len(values))
        ordered = sorted(values, key=lambda value: value.value)  # stable: ties keep the organizations' order
        lowest, highest = (ordered[0], ordered[-1]) if ordered else (None, None)
        weakest, strongest = (highest, lowest) if target and target["op"] in DOWNWARD else (lowest, highest)
        for name, value in (("lowest", lowest), ("highest", highest), ("weakest", weakest), ("strongest", strongest)):
            facts[f"{name}_value"] = value.value if value else None
            shown[name] = value.organization.short_name if value else ""
            shown[f"{name}_value"] = amount_text(indicator, value.value, is_yes_no(value)) if value else ""
        labels = ("слабое значение", "сильное значение") if target else ("наименьшее значение", "наибольшее значение")
        for label, value in zip(labels, (weakest, strongest), strict=True):
            if value is not None and len(values) >= 2:
                evidence.append(
                    {"label": f"{label}: {value.organization.short_name}",
                     "url": self.drilldown_url(indicator, organization=value.organization_id)}
                )  # fmt: skip

    # deficits ----------------------------------------------------------------------------------------------

    def deficit_rows(self) -> list[Item]:
        return self._deficits[0]

    @cached_property
    def _deficits(self) -> tuple[list[Item], int]:
        """(rows, how many educators have any deficit): the competency × subject pairs with the most educators
        who have an open deficit at the end of the period (diagnostics ended within it), among the educators
        working in the territory then. A procedure of one subject counts for that subject, any other for the
        subjects the educator teaches (an educator who teaches none is in the count, not in the rows)."""
        campaign = self.campaign
        on = campaign.period_end
        jobs = Employment.objects.active(on).filter(organization__in=self.organizations)
        subjects = defaultdict(set)
        for educator_id, subject in jobs.values_list("educator_id", "subjects__name"):
            subjects[educator_id].update([subject] if subject else [])
        deficits = (
            Deficit.objects.in_region(campaign.region_id)
            .open(on)
            .filter(diagnostic__ends_on__gte=campaign.period_start, educator_id__in=list(subjects))
            .values_list("educator_id", "competency__code", "competency__name", "diagnostic__subject__name")
        )
        people = defaultdict(set)
        names, everyone = {}, set()
        for educator_id, code, name, subject in deficits:
            names[code] = name
            everyone.add(educator_id)
            for taught in [subject] if subject else sorted(subjects[educator_id]):
                people[(code, taught)].add(educator_id)
        top = sorted(people.items(), key=lambda item: (-len(item[1]), names[item[0][0]], item[0][1]))[:DEFICIT_ROWS]
        url = reverse("diagnostics:analytics_heatmap")
        rows = [
            Item(f"{code}:{subject}", {"educators": len(members)},
                 {"competency": names[code], "subject": subject,
                  "educators": plural(len(members), "педагога", "педагогов", "педагогов")},
                 [{"label": "тепловая карта дефицитов", "url": url}])
            for (code, subject), members in top
        ]  # fmt: skip
        return rows, len(everyone)

    # clusters ----------------------------------------------------------------------------------------------

    @cached_property
    def placements(self) -> list:
        rows = [row for row in place(self.snapshot) if row.is_placed]  # «недостаточно данных» is not a cluster
        if self.municipality:
            rows = [row for row in rows if row.organization.municipality_id == self.municipality.pk]
        return rows

    def cluster_items(self) -> list[Item]:
        url = reverse("clusters:campaign", args=[self.snapshot.campaign_id])
        if self.municipality:
            url += f"?municipality={self.municipality.pk}"
        items = []
        for code, label in Cluster.choices:
            members = [row for row in self.placements if row.cluster == code]
            if members:
                items.append(Item(code, {"count": len(members)},
                                  {"cluster": label,
                                   "count": plural(len(members), "организация", "организации", "организаций"),
                                   "members": ", ".join(row.organization.short_name for row in members)},
                                  [{"label": "кластеры", "url": url}]))  # fmt: skip
        return items

    def placement_items(self) -> list[Item]:
        return [
            Item(f"org{row.organization_id}", {"score": row.score},
                 {"organization": row.organization.short_name, "cluster": row.get_cluster_display(),
                  "peer_group": describe(row.peer_group), "reasons": "; ".join(row.reasons) or "основания не указаны"},
                 [{"label": "размещение в кластере",
                   "url": reverse("clusters:organization", args=[self.snapshot.campaign_id, row.organization_id])},
                  {"label": "результаты организации", "url": self.results_url(organization=row.organization_id)}])
            for row in self.placements
        ]  # fmt: skip


def _change_text(indicator, change) -> str:
    """+2,3 п. п. for a share, +4 for a count; «−» for a fall."""
    if change is None:
        return ""
    sign = "+" if change > 0 else "\u2212" if change < 0 else ""
    unit = "\u00a0п.\u00a0п." if indicator.kind in (IndicatorKind.SHARE, IndicatorKind.PRESENCE) else ""
    return f"{sign}{number(abs(change))}{unit}"


def _direction(change, target) -> str:
    if not change or not target:
        return ""
    good = (change > 0 and target["op"] in UPWARD) or (change < 0 and target["op"] in DOWNWARD)
    return ", в направлении целевого значения" if good else ", в сторону от целевого значения"
