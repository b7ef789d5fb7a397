"""How computed values read on the results page and in the export: one wording for both.

Numbers use a decimal comma; a share has one decimal («66,7 %»); a value that could not be computed reads
as its reason («нет данных: …»), never as 0.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from metodist.orgs.models import OrganizationKind
from metodist.people.models import Position, Subject

from . import vocabulary
from .compute import share
from .models import IndicatorKind, Level, ResultStatus, Snapshot, SnapshotValue, TargetStatus, Unit

OPERATOR_WORDS = {">=": "не менее", ">": "более", "<=": "не более", "<": "менее", "==": "равно"}
UPWARD = {">=", ">"}  # targets where growth is the good direction
DOWNWARD = {"<=", "<"}
TARGET_MARKS = {
    TargetStatus.MET: ("✓", "достигнуто", "success"),
    TargetStatus.NOT_MET: ("✗", "не достигнуто", "danger"),
    TargetStatus.NO_TARGET: ("", "целевое значение не установлено", "secondary"),
    TargetStatus.UNKNOWN: ("?", "не оценено: нет данных", "secondary"),
}
CARD_KEYS = ("element", "numerator_element", "denominator_element")


def number(value) -> str:
    """12 → «12», 12.50 → «12,5», 1234 → «1 234» (a non-breaking space between thousands)."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), ",f")
    return text.replace(",", "\u00a0").replace(".", ",")


def percent(value) -> str:
    return f"{Decimal(value):.1f}".replace(".", ",") + "\u00a0%"


def points(value) -> str:
    """A score: «1 балл», «3 балла», «5 баллов», «2,5 балла» (a fraction takes «балла»)."""
    amount = Decimal(value)
    if amount != amount.to_integral_value():
        return f"{number(amount)} балла"
    whole = int(amount)
    if whole % 10 == 1 and whole % 100 != 11:
        word = "балл"
    elif 2 <= whole % 10 <= 4 and not 12 <= whole % 100 <= 14:
        word = "балла"
    else:
        word = "баллов"
    return f"{number(amount)} {word}"


def is_card_based(indicator) -> bool:
    return any(key in indicator.definition for key in CARD_KEYS)


def target_text(target: dict | None, kind: str) -> str:
    """{"op": ">=", "value": 90} of a share → «не менее 90 %»; a labelled threshold names its label first."""
    if not target:
        return ""
    amount = Decimal(str(target["value"]))
    shown = points(amount) if kind == IndicatorKind.SCORE else number(amount)
    unit = "\u00a0%" if kind == IndicatorKind.SHARE else ""
    label = f"{target['label']}: " if target.get("label") else ""
    return f"{label}{OPERATOR_WORDS[target['op']]} {shown}{unit}"


def is_yes_no(value: SnapshotValue) -> bool:
    """A presence answered by one respondent (denominator 1), or one municipality of a share of
    municipalities; summed over several it is a share of them."""
    if value.denominator != 1:
        return False
    indicator = value.indicator
    one_municipality = indicator.unit == Unit.MUNICIPALITIES and value.level == Level.MUNICIPALITY
    return indicator.kind == IndicatorKind.PRESENCE or (indicator.kind == IndicatorKind.SHARE and one_municipality)


def amount_text(indicator, amount, yes_no: bool = False) -> str:
    """A computed amount of an indicator: «66,7 %», «12», «да»; «нет данных» when there is none."""
    if amount is None:
        return "нет данных"
    if yes_no:
        return "да" if amount else "нет"
    if indicator.kind == IndicatorKind.SCORE:
        return points(amount)
    if indicator.kind in (IndicatorKind.SHARE, IndicatorKind.PRESENCE):
        return percent(amount)
    return number(amount)


def value_text(value: SnapshotValue | None) -> str:
    if value is None:
        return ""
    if value.status != ResultStatus.OK:
        return value.reason or value.get_status_display()
    return amount_text(value.indicator, value.value, is_yes_no(value))


def fraction_text(value: SnapshotValue | None) -> str:
    """«17 из 45» for a computed share; nothing for counts, values, single yes/no answers and no data."""
    if value is None or value.status != ResultStatus.OK or value.denominator is None or is_yes_no(value):
        return ""
    if value.indicator.kind not in (IndicatorKind.SHARE, IndicatorKind.PRESENCE):
        return ""
    return f"{number(value.numerator)} из {number(value.denominator)}"


PRELIMINARY = "предварительно"


def completeness_text(completeness: dict, preliminary: bool = False) -> str:
    """«карт: 3 из 4 (75 %)», followed by «предварительно» when the value is below the campaign's threshold."""
    if not completeness:
        return ""
    text = f"карт: {completeness['reported']} из {completeness['expected']}"
    if completeness["expected"]:
        text += f" ({percent(share(completeness['reported'], completeness['expected']))})"
    return f"{text}, {PRELIMINARY}" if preliminary else text


def scale_band(indicator, value: SnapshotValue | None) -> dict | None:
    """The band of the indicator's traffic-light scale the value falls in: the highest `min` not above it."""
    if not indicator.scale or value is None or value.status != ResultStatus.OK:
        return None
    bands = sorted(indicator.scale, key=lambda band: band["min"])
    chosen = None
    for band in bands:
        if value.value >= Decimal(str(band["min"])):
            chosen = band
    return chosen


@dataclass(frozen=True)
class Trend:
    arrow: str  # ↑ ↓ →
    change: str  # «+2,3», «−1»
    tone: str  # success (towards the target), danger (away from it), secondary
    previous: str

    @property
    def title(self) -> str:
        return f"в прошлом периоде: {self.previous}"


def trend(value: SnapshotValue | None, target: dict | None) -> Trend | None:
    if value is None or value.value is None or value.previous_value is None:
        return None
    change = value.value - value.previous_value
    previous = amount_text(value.indicator, value.previous_value, is_yes_no(value))
    if not change:
        return Trend("→", "0", "secondary", previous)
    op = target["op"] if target else ""
    good = (change > 0 and op in UPWARD) or (change < 0 and op in DOWNWARD)
    bad = (change < 0 and op in UPWARD) or (change > 0 and op in DOWNWARD)
    tone = "success" if good else "danger" if bad else "secondary"
    sign = "+" if change > 0 else "\u2212"
    return Trend("↑" if change > 0 else "↓", f"{sign}{number(abs(change))}", tone, previous)


def missing_text(indicator, parent: SnapshotValue | None, level: str) -> str:
    """Why an indicator has no row at a level (only reported cards and organization-level units have rows)."""
    if parent is not None and parent.status == ResultStatus.NOT_CONNECTED:
        return parent.reason
    if level == Level.ORGANIZATION and is_card_based(indicator):
        return "нет данных: информационная карта организации не принята"
    if level == Level.ORGANIZATION:
        return "не рассчитывается для отдельной организации"
    return "нет данных"


@dataclass
class Row:
    """One indicator on the results page (or an export sheet), with the headings of the groups it opens."""

    indicator: object
    value: SnapshotValue | None
    period: str
    level: str
    parent: SnapshotValue | None = None
    headings: list[tuple[int, str]] = field(default_factory=list)
    subjects: list[dict] = field(default_factory=list)
    breakdowns: list[dict] = field(default_factory=list)  # other breakdowns: {"code", "title", "rows"}
    depth: int = 0  # «в том числе» nesting under a parent indicator

    @property
    def target(self) -> dict | None:
        return self.indicator.target_for(self.period)

    @property
    def thresholds(self) -> list[dict]:
        """Every threshold in force with its text, its mark and the two in one phrase, the verdict («федеральный
        минимум: не менее 20 % — достигнуто»), for a federal minimum and a regional target, …"""
        stored = self.value.thresholds if self.value is not None and self.value.thresholds else None
        targets = stored or [{**t, "status": TargetStatus.UNKNOWN} for t in self.indicator.targets_for(self.period)]
        thresholds = []
        for threshold in targets:
            text, mark = target_text(threshold, self.indicator.kind), TARGET_MARKS[threshold["status"]]
            thresholds.append({"text": text, "mark": mark, "verdict": f"{text} — {mark[1]}"})
        return thresholds

    @property
    def target_text(self) -> str:
        return target_text(self.target, self.indicator.kind)

    @property
    def lead(self) -> str:
        """«в том числе» before a sub-indicator, unless its verbatim name already says so."""
        said = self.indicator.name.lower().startswith(("в том числе", "в т.ч", "в т. ч", "из них"))
        return "в том числе" if self.depth and not said else ""

    @property
    def thresholds_text(self) -> str:
        return "; ".join(threshold["text"] for threshold in self.thresholds)

    @property
    def text(self) -> str:
        if self.value is None:
            return missing_text(self.indicator, self.parent, self.level)
        return value_text(self.value)

    @property
    def has_value(self) -> bool:
        return self.value is not None and self.value.status == ResultStatus.OK

    @property
    def fraction(self) -> str:
        return fraction_text(self.value)

    @property
    def mark(self) -> tuple[str, str, str]:
        if self.target is None:
            return TARGET_MARKS[TargetStatus.NO_TARGET]
        if not self.has_value:  # a target exists but there is nothing to compare with it
            return TARGET_MARKS[TargetStatus.UNKNOWN]
        return TARGET_MARKS[self.value.target_status]

    @property
    def band(self) -> dict | None:
        return scale_band(self.indicator, self.value)

    @property
    def trend(self) -> Trend | None:
        return trend(self.value, self.target)

    @property
    def completeness(self) -> str:
        return completeness_text(self.value.completeness, self.preliminary) if self.value is not None else ""

    @property
    def preliminary(self) -> bool:
        return self.value is not None and self.value.preliminary

    @property
    def parent_text(self) -> str:
        return value_text(self.parent) if self.parent is not None else ""


def with_headings(rows: list[Row]) -> list[Row]:
    """Marks where each group of the regulation (track → indicator → …) begins, for headings between rows."""
    previous: list = []
    for row in rows:
        group = list(row.indicator.group)
        row.headings = [
            (depth, title) for depth, title in enumerate(group) if group[: depth + 1] != previous[: depth + 1]
        ]
        previous = group
    return rows


def level_values(snapshot: Snapshot, indicators: dict, level: str, organization_id=None, municipality_id=None):
    """Indicator pk → its value at one place of one level (without breakdowns); `indicators` by pk."""
    where = {"level": level, "breakdown": ""}
    if level == Level.ORGANIZATION:
        where["organization_id"] = organization_id
    elif level == Level.MUNICIPALITY:
        where["municipality_id"] = municipality_id
    values = {}
    for value in snapshot.values.filter(**where):
        value.indicator = indicators[value.indicator_id]
        values[value.indicator_id] = value
    return values


def _breakdown_sums(snapshot: Snapshot, municipality_ids) -> dict:
    """(indicator pk, breakdown key) → [numerator, denominator] summed over the municipalities (each person
    belongs to one municipality, so numerators and denominators add up)."""
    sums: dict = defaultdict(lambda: [Decimal(0), Decimal(0)])
    rows = (
        snapshot.values.filter(level=Level.MUNICIPALITY, municipality_id__in=municipality_ids)
        .exclude(breakdown="")
        .values_list("indicator_id", "breakdown", "numerator", "denominator")
    )
    for indicator_id, breakdown, numerator, denominator in rows:
        total = sums[(indicator_id, breakdown)]
        total[0] += numerator or 0
        total[1] += denominator or 0
    return sums


def subject_breakdowns(snapshot: Snapshot, indicators: dict, municipality_ids, sums=None) -> dict[int, list[dict]]:
    """Indicator pk → its values by subject, summed over the municipalities, in the order of the reference list."""
    sums = _breakdown_sums(snapshot, municipality_ids) if sums is None else sums
    by_subject = {
        (pk, key.removeprefix("subject:")): total for (pk, key), total in sums.items() if key.startswith("subject:")
    }
    codes = {code for _, code in by_subject}
    subjects = {
        code: (order, name)
        for code, order, name in Subject.objects.filter(code__in=codes).values_list("code", "order", "name")
    }
    result: dict = defaultdict(list)
    for (indicator_id, code), (numerator, denominator) in sorted(
        by_subject.items(), key=lambda item: (item[0][0], subjects.get(item[0][1], (0, item[0][1])))
    ):
        result[indicator_id].append(
            _subject_row(indicators[indicator_id], subjects.get(code, (0, code))[1], numerator, denominator)
        )
    return result


def other_breakdowns(snapshot: Snapshot, indicators: dict, municipality_ids, sums=None) -> dict[int, list[dict]]:
    """Indicator pk → its breakdowns other than by subject, each {"code", "title", "rows"} in the catalogue's order: by
    organization kind, position, age or experience band (summed over the municipalities), and, above one
    municipality, by municipality (the municipal values themselves)."""
    sums = _breakdown_sums(snapshot, municipality_ids) if sums is None else sums
    names = {
        "org_kind": dict(OrganizationKind.choices),
        "position": dict(Position.objects.values_list("code", "name")),
    }
    municipal = {}
    if len(municipality_ids) > 1:
        values = snapshot.values.filter(level=Level.MUNICIPALITY, breakdown="", municipality_id__in=municipality_ids)
        for value in values.select_related("municipality").order_by("municipality__name"):
            value.indicator = indicators[value.indicator_id]
            municipal.setdefault(value.indicator_id, []).append(
                {
                    "subject": str(value.municipality),
                    # «нет данных» is never shown as a numerator of 0
                    "numerator": value.numerator if value.status == ResultStatus.OK else None,
                    "denominator": value.denominator if value.status == ResultStatus.OK else None,
                    "text": value_text(value),
                    "fraction": fraction_text(value),
                }
            )
    result: dict = defaultdict(list)
    for pk, indicator in indicators.items():
        for item in indicator.breakdowns:
            code, _ = vocabulary.breakdown_spec(item)
            if code == "municipality":
                rows = municipal.get(pk, [])
            else:
                keys = [key for (owner, key) in sums if owner == pk and key.startswith(f"{code}:")]
                rows = [
                    _subject_row(
                        indicator, names.get(code, {}).get(key.split(":", 1)[1], key.split(":", 1)[1]), *sums[(pk, key)]
                    )  # fmt: skip
                    for key in _ordered(code, keys, indicator, item)
                ]
            if rows and code != "subject":
                result[pk].append({"code": code, "title": vocabulary.BREAKDOWNS[code], "rows": rows})
    return result


def _ordered(code: str, keys: list[str], indicator, item) -> list[str]:
    """Bands in the order of their bounds, kinds in the order of the choices, positions by name."""
    if code in vocabulary.BANDED_BREAKDOWNS:
        labels = [f"{code}:{label}" for label, _, _ in vocabulary.year_bands(vocabulary.breakdown_spec(item)[1])]
        return [label for label in labels if label in keys]
    if code == "org_kind":
        order = [f"org_kind:{kind}" for kind in OrganizationKind.values]
        return sorted(keys, key=lambda key: order.index(key) if key in order else len(order))
    return sorted(keys)


def _subject_row(indicator, subject: str, numerator: Decimal, denominator: Decimal) -> dict:
    is_share = indicator.kind == IndicatorKind.SHARE
    if not is_share:
        text = number(numerator)
    elif denominator:
        text = percent(share(numerator, denominator))
    else:
        text = "нет данных: знаменатель равен 0"
    fraction = f"{number(numerator)} из {number(denominator)}" if is_share else ""
    return {"subject": subject, "numerator": numerator, "denominator": denominator, "text": text, "fraction": fraction}


def indicator_rows(
    snapshot: Snapshot, level: str, organization=None, municipality=None, parent_level=None, subjects_of=()
) -> list[Row]:
    """Every indicator of the snapshot's catalogue at one place, in the order of the regulation, with the
    value of the enclosing level beside it (`parent_level`) and the subject breakdowns of `subjects_of`."""
    campaign = snapshot.campaign
    indicators = {indicator.pk: indicator for indicator in campaign.catalogue.indicators.order_by("order")}
    values = level_values(
        snapshot, indicators, level, getattr(organization, "pk", None), getattr(municipality, "pk", None)
    )
    parents = {}
    if parent_level is not None:
        parents = level_values(snapshot, indicators, parent_level, municipality_id=getattr(municipality, "pk", None))
    subjects, others = {}, {}
    if subjects_of:
        sums = _breakdown_sums(snapshot, subjects_of)
        subjects = subject_breakdowns(snapshot, indicators, subjects_of, sums)
        others = other_breakdowns(snapshot, indicators, subjects_of, sums)
    rows = [
        Row(
            indicator,
            values.get(pk),
            campaign.period,
            level,
            parents.get(pk),
            subjects=subjects.get(pk, []),
            breakdowns=others.get(pk, []),
            depth=_depth(indicator, indicators),
        )  # fmt: skip
        for pk, indicator in indicators.items()
    ]
    return with_headings(rows)


def _depth(indicator, indicators: dict) -> int:
    """How many «в том числе» levels an indicator is under (its parent, the parent's parent, …)."""
    depth, parent_id = 0, indicator.parent_id
    while parent_id in indicators and depth < len(indicators):
        depth, parent_id = depth + 1, indicators[parent_id].parent_id
    return depth
