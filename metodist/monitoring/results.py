"""Reading computed results: rows of a snapshot as plain dicts for the page, the command and the exports."""

from .models import Level, Snapshot


def result_rows(snapshot: Snapshot, level: str = Level.REGION, **where):
    """One dict per indicator value at `level` (filter by organization_id / municipality_id)."""
    values = (
        snapshot.values.filter(level=level, **where)
        .select_related("indicator", "organization", "municipality")
        .order_by("indicator__order", "breakdown", "organization__sort_name", "municipality__name")
    )
    for value in values:
        indicator = value.indicator
        target = indicator.target_for(snapshot.campaign.period)
        yield {
            "code": indicator.code,
            "number": indicator.number,
            "name": indicator.name,
            "group": indicator.group,
            "kind": indicator.kind,
            "unit": indicator.unit,
            "level": value.level,
            "organization": value.organization.short_name if value.organization_id else None,
            "municipality": value.municipality.name if value.municipality_id else None,
            "breakdown": value.breakdown,
            "numerator": value.numerator,
            "denominator": value.denominator,
            "value": value.value,
            "status": value.status,
            "reason": value.reason,
            "target": f"{target['op']} {target['value']}" if target else None,
            "target_status": value.target_status,
            "thresholds": value.thresholds,  # every threshold in force: op, value, label, status
            "previous_value": value.previous_value,
            "completeness": value.completeness,
        }
