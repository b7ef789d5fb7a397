"""An organization's indicator profile relative to its context peers, its cluster and the reasons for it.

Pure functions over numbers (no queries), so that the rules are tested on hand-computed cases:

- Direction: an indicator whose target is «≥»/«>» is better when higher, «≤»/«<» when lower. An indicator
  without a target is better when higher (the seeds' indicators are shares of people reached by a measure),
  except those listed in DIRECTIONS; a count (it grows with the organization's size) and an «=» target are
  not compared.
- Percentile among peers, per indicator: (peers worse + (peers equal) / 2) / (peers) × 100, where «peers»
  are the other organizations of the group with a value of the indicator; 0 is the worst of the group, 100
  the best. An indicator is compared only when at least MIN_COMPARED organizations of the group have a value.
- Score: the mean of the percentiles, rounded half up to one decimal; at least MIN_INDICATORS compared
  indicators, else «недостаточно данных» (not placed).
- Cluster: score below SUPPORT_BELOW → support; SUPPORT_BELOW … below DEVELOPMENT_FROM → levelling; from
  DEVELOPMENT_FROM → development.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property
from statistics import median

from metodist.monitoring.display import number, percent, points
from metodist.monitoring.models import IndicatorKind

from .models import Cluster
from .peers import MIN_GROUP_SIZE

MIN_COMPARED = 3
MIN_INDICATORS = 3
SUPPORT_BELOW = Decimal(45)
DEVELOPMENT_FROM = Decimal(55)
ONE_DECIMAL = Decimal("0.1")
NAME_LENGTH = 90  # characters of an indicator's name in a reason
# How many indicators a reason list names: (weakest, strongest) per cluster.
REASON_COUNTS = {Cluster.SUPPORT: (5, 0), Cluster.LEVELLING: (3, 2), Cluster.DEVELOPMENT: (0, 5)}

HIGHER, LOWER = "higher", "lower"
# Indicators without a target whose good direction is not «higher», by catalogue and indicator code:
# LOWER — less is better; None — a context figure, not a result (compared by neither direction).
DIRECTIONS = {
    ("msnms-000", "p2-10"): None,  # доля педагогов со стажем до 3 лет: the team's context (peers.py), not a result
    ("msnms-002", "t2-6-4"): LOWER,  # доля педагогов с нагрузкой 27 часов и более
    ("msnms-002", "t2-6-5"): LOWER,  # доля ОО, где более 30 % учителей преподают не по профилю
}


def direction(indicator, period: str) -> str | None:
    """HIGHER, LOWER, or None when the indicator is not compared among peers."""
    if indicator.kind == IndicatorKind.COUNT:
        return None
    if indicator.target_for(period) is not None:
        return {1: HIGHER, -1: LOWER}.get(indicator.target_direction(period))
    return DIRECTIONS.get((indicator.catalogue.code, indicator.code), HIGHER)


@dataclass(frozen=True)
class Standing:
    """One indicator of one organization among its peers."""

    indicator: object
    value: Decimal
    median: Decimal
    better: int  # peers with a better value
    worse: int  # peers with a worse value
    peers: int  # the other organizations of the group with a value
    lower_is_better: bool

    @cached_property  # read many times while sorting and scoring
    def percentile(self) -> Fraction:
        equal = self.peers - self.better - self.worse
        return (self.worse + Fraction(equal, 2)) * 100 / self.peers

    def as_json(self) -> dict:
        return {
            "code": self.indicator.code,
            "indicator": self.indicator.pk,
            "value": str(self.value),
            "median": str(self.median),
            "percentile": str(rounded(self.percentile)),
            "better": self.better,
            "worse": self.worse,
            "peers": self.peers,
            "lower_is_better": self.lower_is_better,
        }


@dataclass(frozen=True)
class Result:
    cluster: str  # "" when not placed
    score: Decimal | None
    standings: list[Standing]
    reasons: list[str]


def rounded(value) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def standings(groups: dict[int, str], values: dict[tuple[int, int], Decimal], directions: dict) -> dict[int, list]:
    """Organization id → its Standing on every compared indicator, weakest first (ties: the catalogue's order).

    `values`: (organization id, indicator id) → value (status OK only); `directions`: indicator → HIGHER/LOWER
    for the compared indicators."""
    members: dict[tuple[str, int], list[tuple[int, Decimal]]] = {}
    indicators = {indicator.pk: indicator for indicator in directions}
    for (organization_id, indicator_id), value in values.items():
        if indicator_id in indicators and organization_id in groups:
            members.setdefault((groups[organization_id], indicator_id), []).append((organization_id, value))
    found: dict[int, list[Standing]] = {organization_id: [] for organization_id in groups}
    for (_, indicator_id), rows in members.items():
        if len(rows) < MIN_COMPARED:
            continue
        indicator = indicators[indicator_id]
        lower = directions[indicator] == LOWER
        ordered = sorted(value for _, value in rows)
        middle = median(ordered)
        for organization_id, value in rows:
            below, above = bisect_left(ordered, value), len(ordered) - bisect_right(ordered, value)
            better, worse = (below, above) if lower else (above, below)
            found[organization_id].append(
                Standing(indicator, value, middle, better, worse, len(rows) - 1, lower_is_better=lower)
            )
    for rows in found.values():
        rows.sort(key=lambda s: (s.percentile, s.indicator.order, s.indicator.pk))
    return found


def cluster_of(score: Decimal) -> str:
    if score < SUPPORT_BELOW:
        return Cluster.SUPPORT
    if score < DEVELOPMENT_FROM:
        return Cluster.LEVELLING
    return Cluster.DEVELOPMENT


def place_one(rows: list[Standing], group_size: int) -> Result:
    """The cluster, score and reasons of one organization from its standings among `group_size` peers."""
    if group_size < MIN_GROUP_SIZE:
        reason = (f"Недостаточно данных: сопоставимых организаций {group_size - 1}, "
                  f"а для сравнения нужна группа не менее чем из {MIN_GROUP_SIZE} организаций.")  # fmt: skip
        return Result("", None, rows, [reason])
    if len(rows) < MIN_INDICATORS:
        reason = (f"Недостаточно данных: показателей, по которым есть сравнение с сопоставимыми, {len(rows)}, "
                  f"нужно не менее {MIN_INDICATORS}.")  # fmt: skip
        return Result("", None, rows, [reason])
    score = rounded(sum((row.percentile for row in rows), Fraction(0)) / len(rows))
    cluster = cluster_of(score)
    weakest, strongest = REASON_COUNTS[cluster]
    weak = [row for row in rows if row.percentile < 50][:weakest]
    strong = [row for row in reversed(rows) if row.percentile > 50][:strongest]
    reasons = [summary(cluster, score, len(rows))]
    reasons += [sentence(row, weak=True) for row in weak] + [sentence(row, weak=False) for row in strong]
    return Result(cluster, score, rows, reasons)


def summary(cluster: str, score: Decimal, count: int) -> str:
    rule = {
        Cluster.SUPPORT: f"ниже {number(SUPPORT_BELOW)}",
        Cluster.LEVELLING: f"от {number(SUPPORT_BELOW)} до {number(DEVELOPMENT_FROM)}",
        Cluster.DEVELOPMENT: f"{number(DEVELOPMENT_FROM)} и выше",
    }[cluster]
    return (f"Сводная оценка {number(score)} из 100 ({rule}; показателей в сравнении — {count}): в среднем "
            f"организация опережает {number(score)} % сопоставимых организаций своей группы.")  # fmt: skip


def shown(indicator, value) -> str:
    if indicator.kind == IndicatorKind.SHARE:
        return percent(value)
    if indicator.kind == IndicatorKind.SCORE:
        return points(value)
    return number(value)


def sentence(row: Standing, weak: bool) -> str:
    """«t2-6-1 «обеспеченность ОО…»: 80,0 % при медиане группы 90,0 % — хуже, чем у 4 из 5 сопоставимых»."""
    indicator = row.indicator
    name = indicator.name if len(indicator.name) <= NAME_LENGTH else indicator.name[: NAME_LENGTH - 1] + "…"
    lower = " (лучше меньшее значение)" if row.lower_is_better else ""
    comparison = f"хуже, чем у {row.better}" if weak else f"лучше, чем у {row.worse}"
    return (f"{indicator.code} «{name}»: {shown(indicator, row.value)} при медиане группы "
            f"{shown(indicator, row.median)}{lower} — {comparison} из {row.peers} сопоставимых.")  # fmt: skip
