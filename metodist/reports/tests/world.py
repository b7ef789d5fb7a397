"""A small approved campaign for the report's tests: the cast's «Город N» (schools 1 and 2), the test catalogue of
monitoring/tests/builders.py, and a snapshot whose values are written by hand, so every sentence can be
computed by hand.

Values of Город N (by indicator code; a missing code has no row at all: «нет данных»):
  young      25,0 % (1 из 4), target ≥ 10 met, previous 20,0; school 1 50,0 %, school 2 0,0 %
  profile    50,0 %, target ≥ 75 not met, previous 60,0;   school 1 60,0 %, school 2 40,0 %
  part_time  12,5 %, target < 10 not met, no previous;     school 1 20,0 %, school 2 5,0 %
  staffing   not computed (denominator 0), target ≥ 90 unknown
  act        yes (1 of 1), cards 1 of 1
  sanatorium 10,0 %, preliminary (cards 1 of 2)
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from metodist.monitoring.models import (
    Approval,
    ApprovalLevel,
    Campaign,
    CampaignStatus,
    Level,
    ResultStatus,
    Snapshot,
    SnapshotValue,
    TargetStatus,
)

MOSCOW = ZoneInfo("Europe/Moscow")
APPROVED_AT = datetime(2024, 6, 20, 12, 0, tzinfo=MOSCOW)

OK, MET, NOT_MET = ResultStatus.OK, TargetStatus.MET, TargetStatus.NOT_MET
VALUES = {
    "young": {
        "value": "25.0",
        "numerator": 1,
        "denominator": 4,
        "target_status": MET,
        "previous_value": "20.0",
        "orgs": {"school1": "50.0", "school2": "0.0"},
    },
    "profile": {
        "value": "50.0",
        "numerator": 1,
        "denominator": 2,
        "target_status": NOT_MET,
        "previous_value": "60.0",
        "orgs": {"school1": "60.0", "school2": "40.0"},
    },
    "part_time": {
        "value": "12.5",
        "numerator": 1,
        "denominator": 8,
        "target_status": NOT_MET,
        "orgs": {"school1": "20.0", "school2": "5.0"},
    },
    "staffing": {
        "status": ResultStatus.NO_DATA,
        "reason": "нет данных: знаменатель равен 0",
        "target_status": TargetStatus.UNKNOWN,
    },
    "act": {"value": "1", "numerator": 1, "denominator": 1, "completeness": {"reported": 1, "expected": 1}},
    "sanatorium": {
        "value": "10.0",
        "numerator": 1,
        "denominator": 10,
        "preliminary": True,
        "completeness": {"reported": 1, "expected": 2},
    },
}


def campaign_of(cast, catalogue) -> Campaign:
    return Campaign.objects.create(
        catalogue=catalogue, title="Мониторинг 2023/24", period="2023/24", period_start=date(2023, 9, 1),
        period_end=date(2024, 5, 31), region=cast.region, municipality=cast.municipality, deadline=date(2024, 6, 15),
        status=CampaignStatus.CLOSED,
    )  # fmt: skip


def approve_values(cast, campaign, values=None, approved_at=APPROVED_AT) -> Snapshot:
    """A new snapshot with `values` (VALUES by default) made the official one: an active approval is reopened
    first, as the monitoring does when data are corrected."""
    Approval.objects.filter(campaign=campaign, reopened_at__isnull=True).update(
        reopened_at=timezone.now(), reopened_by=cast.coordinator, reopen_reason="Исправлены данные"
    )
    snapshot = Snapshot.objects.create(campaign=campaign, catalogue_version="test", data_read_at=approved_at)
    indicators = {indicator.code: indicator for indicator in campaign.catalogue.indicators.all()}
    schools = {"school1": cast.school1, "school2": cast.school2}
    for code, spec in (VALUES if values is None else values).items():
        spec = dict(spec)
        orgs = spec.pop("orgs", {})
        _value(snapshot, indicators[code], Level.MUNICIPALITY, municipality=cast.municipality, **spec)
        for name, amount in orgs.items():
            _value(snapshot, indicators[code], Level.ORGANIZATION, organization=schools[name],
                   municipality=cast.municipality, value=amount, numerator=1, denominator=1)  # fmt: skip
    Approval.objects.create(campaign=campaign, level=ApprovalLevel.MUNICIPALITY, municipality=cast.municipality,
                            snapshot=snapshot, approved_by=cast.coordinator, approved_at=approved_at)  # fmt: skip
    return snapshot


def _value(snapshot, indicator, level, *, value=None, status=OK, previous_value=None, **fields):
    SnapshotValue.objects.create(
        snapshot=snapshot, indicator=indicator, level=level, status=status,
        value=Decimal(value) if value is not None else None,
        previous_value=Decimal(previous_value) if previous_value is not None else None, **fields,
    )  # fmt: skip


def texts(report) -> dict[str, str]:
    """Sentence key → its text with non-breaking spaces as plain ones."""
    return {sentence.key: sentence.text.replace("\u00a0", " ") for sentence in report.sentences.all()}
