"""Hand-built campaigns for the decisions' tests: a catalogue of two indicators, a cause campaign and its
following one over one municipality, and snapshot values set per organization by hand."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from metodist.monitoring.models import (
    Approval,
    ApprovalLevel,
    Campaign,
    Catalogue,
    Indicator,
    Level,
    ResultStatus,
    Snapshot,
    SnapshotValue,
)  # fmt: skip

MOSCOW = ZoneInfo("Europe/Moscow")


def catalogue():
    row = Catalogue.objects.create(code="dec", title="Каталог решений", document="Положение", source="d.txt",
                                   version="1")  # fmt: skip
    share = Indicator.objects.create(catalogue=row, code="share", number="1", name="доля учителей с категорией",
                                     group=["Трек 1"], source="п. 1", kind="share", unit="educators",
                                     targets=[{"op": ">=", "value": 30}], order=1)  # fmt: skip
    lower = Indicator.objects.create(catalogue=row, code="vacant", number="2", name="доля вакантных ставок",
                                     group=["Трек 1"], source="п. 2", kind="share", unit="staff_rates",
                                     targets=[{"op": "<=", "value": 10}], order=2)  # fmt: skip
    return row, share, lower


def campaign(catalogue_row, region, municipality, year: int) -> Campaign:
    return Campaign.objects.create(
        catalogue=catalogue_row, title=f"Мониторинг {year}/{str(year + 1)[2:]}", period=f"{year}/{str(year + 1)[2:]}",
        period_start=date(year, 9, 1), period_end=date(year + 1, 5, 31), region=region, municipality=municipality,
        deadline=date(year + 1, 6, 15),
    )  # fmt: skip


def snapshot(campaign_row, *, approved: bool = False) -> Snapshot:
    read_at = datetime(campaign_row.period_end.year, 6, 20, tzinfo=MOSCOW)
    made = Snapshot.objects.create(campaign=campaign_row, catalogue_version="1", data_read_at=read_at)
    if approved:
        level = ApprovalLevel.REGION if campaign_row.is_regional else ApprovalLevel.MUNICIPALITY
        Approval.objects.create(campaign=campaign_row, level=level, municipality=campaign_row.municipality,
                                snapshot=made, approved_at=made.data_read_at)  # fmt: skip
    return made


def values(snapshot_row, indicator, by_organization: dict) -> None:
    """{organization: value} at the organization level; None stands for «нет данных» (stored with value 0, which
    must never be read as a zero)."""
    for organization, value in by_organization.items():
        SnapshotValue.objects.create(
            snapshot=snapshot_row, indicator=indicator, level=Level.ORGANIZATION, organization=organization,
            municipality=organization.municipality, value=Decimal(0) if value is None else Decimal(str(value)),
            status=ResultStatus.NO_DATA if value is None else ResultStatus.OK,
        )  # fmt: skip


def municipal_values(snapshot_row, indicator, by_municipality: dict, target_status: str = "no_target") -> None:
    for municipality, value in by_municipality.items():
        SnapshotValue.objects.create(
            snapshot=snapshot_row, indicator=indicator, level=Level.MUNICIPALITY, municipality=municipality,
            value=Decimal(str(value)), status=ResultStatus.OK, target_status=target_status,
            thresholds=[{"op": target["op"], "value": target["value"], "label": "", "status": target_status}
                        for target in indicator.targets],
        )  # fmt: skip


def put(world, indicator, targeted_before, targeted_after, peers_before, peers_after, gardens=(0, 90)):
    t, p, g = world["targeted"], world["peers"], world["gardens"]
    values(world["before"], indicator, {**dict(zip(t, targeted_before, strict=True)),
                                         **dict(zip(p, peers_before, strict=True)),
                                         **dict.fromkeys(g, gardens[0])})  # fmt: skip
    values(world["after"], indicator, {**dict(zip(t, targeted_after, strict=True)),
                                        **dict(zip(p, peers_after, strict=True)),
                                        **dict.fromkeys(g, gardens[1])})  # fmt: skip
