"""Chart.js configurations (served locally, drawn by templates/monitoring/_charts.html) for the drill-down:
values of the organizations (or municipalities) against the target line, and the trend over periods.

Only plain data goes to the page; a value that could not be computed is a gap (null), never 0.
"""

from decimal import Decimal

from .models import Campaign, IndicatorKind, Level, Snapshot, SnapshotValue, TargetStatus

COLORS = {
    TargetStatus.MET: "#198754",
    TargetStatus.NOT_MET: "#dc3545",
    TargetStatus.NO_TARGET: "#0d6efd",
    TargetStatus.UNKNOWN: "#adb5bd",
}
TARGET_COLOR = "#212529"
BAR_HEIGHT = 28  # pixels per organization, so that long lists stay readable


def _number(value) -> float | None:
    return None if value is None else float(value)


def _axis(kind: str) -> dict:
    axis = {"beginAtZero": True}
    if kind == IndicatorKind.SHARE:
        axis |= {"max": 100, "title": {"display": True, "text": "%"}}
    return axis


def _target_dataset(target: dict | None, count: int, label: str) -> list[dict]:
    if not target:
        return []
    return [
        {
            "type": "line",
            "label": label,
            "data": [float(target["value"])] * count,
            "borderColor": TARGET_COLOR,
            "borderDash": [6, 4],
            "borderWidth": 2,
            "pointRadius": 0,
            "fill": False,
            "order": 0,  # drawn over the bars
        }
    ]


def bar_chart(values: list[SnapshotValue], labels: list[str], target: dict | None, target_label: str, kind: str):
    """Horizontal bars, one per place, coloured by whether the target is met; the target as a dashed line."""
    data = [_number(value.value) for value in values]
    colors = [COLORS.get(value.target_status, COLORS[TargetStatus.NO_TARGET]) for value in values]
    return {
        "height": BAR_HEIGHT * len(values) + 90,
        "config": {
            "type": "bar",
            "data": {
                "labels": labels,
                "datasets": [
                    {"type": "bar", "label": "Значение", "data": data, "backgroundColor": colors, "order": 1},
                    *_target_dataset(target, len(values), target_label),
                ],
            },
            "options": {
                "indexAxis": "y",
                "locale": "ru-RU",
                "maintainAspectRatio": False,
                "scales": {"x": _axis(kind)},
                "plugins": {"legend": {"position": "bottom"}},
            },
        },
    }


def trend_points(campaign: Campaign, indicator, level: str, organization=None, municipality=None) -> list[tuple]:
    """(period, value) of the indicator at one place in the latest snapshot of every campaign of the same
    catalogue and area, oldest first; a preliminary value is no point of the dynamics."""
    campaigns = Campaign.objects.filter(
        catalogue=campaign.catalogue, region=campaign.region, municipality=campaign.municipality
    )
    latest = {}
    for snapshot in Snapshot.objects.filter(campaign__in=campaigns).order_by("campaign", "-data_read_at", "-pk"):
        latest.setdefault(snapshot.campaign_id, snapshot.pk)
    values = SnapshotValue.objects.filter(
        snapshot__in=latest.values(),
        indicator=indicator,
        level=level,
        breakdown="",
        preliminary=False,
        organization=organization if level == Level.ORGANIZATION else None,
        municipality=municipality if level == Level.MUNICIPALITY else None,
    ).select_related("snapshot__campaign")
    points = [(value.snapshot.campaign.period_end, value.snapshot.campaign.period, value.value) for value in values]
    return [(period, value) for _, period, value in sorted(points, key=lambda point: point[0])]


def trend_chart(points: list[tuple[str, Decimal | None]], target: dict | None, target_label: str, kind: str):
    return {
        "height": 260,
        "config": {
            "type": "line",
            "data": {
                "labels": [period for period, _ in points],
                "datasets": [
                    {
                        "label": "Значение",
                        "data": [_number(value) for _, value in points],
                        "borderColor": COLORS[TargetStatus.NO_TARGET],
                        "backgroundColor": COLORS[TargetStatus.NO_TARGET],
                        "tension": 0,
                        "spanGaps": False,
                    },
                    *_target_dataset(target, len(points), target_label),
                ],
            },
            "options": {
                "locale": "ru-RU",
                "maintainAspectRatio": False,
                "scales": {"y": _axis(kind)},
                "plugins": {"legend": {"position": "bottom"}},
            },
        },
    }
