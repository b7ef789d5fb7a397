"""A snapshot written set-based (COPY on PostgreSQL, one prepared INSERT on SQLite) stores exactly what
bulk_create stores, field by field, for every kind of row a computation yields.

Cast (conftest.py): school 1 of Город N in Свердловская область; the test catalogue of builders.py.
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from metodist.monitoring import store
from metodist.monitoring.compute import ValueRow
from metodist.monitoring.models import Level, ResultStatus, Snapshot, SnapshotValue, TargetStatus

from .campaigns import campaign_fixture, catalogue_fixture  # noqa: F401 (fixtures)

# Every stored column but the key and the snapshot, taken from the model so that a new field is compared too.
COMPARED = [field.attname for field in SnapshotValue._meta.concrete_fields if field.name not in ("id", "snapshot")]

NOTE = "строка\tс табуляцией,\nпереводом строки и \\ обратной чертой"  # characters COPY must escape


def every_kind_of_row(cast, catalogue) -> list[ValueRow]:
    young, profile = catalogue.indicators.get(code="young"), catalogue.indicators.get(code="profile")
    return [
        ValueRow(  # a preliminary organization value with two thresholds and completeness
            indicator=young, level=Level.ORGANIZATION, organization_id=cast.school1.pk,
            municipality_id=cast.municipality.pk, numerator=Decimal(1), denominator=Decimal(3),
            value=Decimal("33.3333"), status=ResultStatus.OK, target_status=TargetStatus.MET,
            thresholds=[{"op": ">=", "value": 10, "label": "", "status": "met"},
                        {"op": ">=", "value": 40.5, "label": "цель 2025 года", "status": "not_met"}],
            previous_value=Decimal("25.50"), completeness={"reported": 2, "expected": 3}, preliminary=True,
        ),
        ValueRow(  # a municipal breakdown row with large numbers (SQLite keeps 15 digits of a decimal)
            indicator=profile, level=Level.MUNICIPALITY, municipality_id=cast.municipality.pk,
            breakdown="subject:mathematics", numerator=Decimal("1234567890.12"), denominator=Decimal("9876543210.98"),
            value=Decimal("12.35"), status=ResultStatus.OK,
        ),
        ValueRow(  # a region value with no data: null value, a reason, no thresholds nor completeness
            indicator=young, level=Level.REGION, status=ResultStatus.NO_DATA, reason=NOTE,
            target_status=TargetStatus.UNKNOWN,
        ),
        ValueRow(  # a zero value and a zero previous value, distinct from null
            indicator=profile, level=Level.MUNICIPALITY, municipality_id=cast.other_municipality.pk,
            numerator=Decimal(0), denominator=Decimal(4), value=Decimal(0), status=ResultStatus.OK,
            previous_value=Decimal(0),
        ),
    ]  # fmt: skip


def new_snapshot(campaign) -> Snapshot:
    read_at = datetime(2024, 6, 1, 12, tzinfo=ZoneInfo("Europe/Moscow"))
    return Snapshot.objects.create(campaign=campaign, catalogue_version="v", data_read_at=read_at)


def stored(snapshot) -> list[dict]:
    return list(snapshot.values.order_by("pk").values(*COMPARED))


@pytest.mark.parametrize("batch_size", [store.BATCH_SIZE, 3])
def test_written_values_equal_those_bulk_create_stores_field_by_field(cast, campaign, batch_size):
    by_orm, set_based = new_snapshot(campaign), new_snapshot(campaign)
    rows = every_kind_of_row(cast, campaign.catalogue)
    SnapshotValue.objects.bulk_create(
        SnapshotValue(snapshot=by_orm, **{name: getattr(row, name) for name in COMPARED}) for row in rows
    )

    store.insert_values(set_based, rows, batch_size=batch_size)

    expected, written = stored(by_orm), stored(set_based)
    assert len(written) == 4
    for expected_row, written_row in zip(expected, written, strict=True):
        assert written_row == expected_row


def test_written_values_read_back_as_computed(cast, campaign):
    snapshot = new_snapshot(campaign)

    store.insert_values(snapshot, every_kind_of_row(cast, campaign.catalogue))

    organization, breakdown, region, zero = snapshot.values.order_by("pk")
    assert (organization.numerator, organization.denominator) == (Decimal(1), Decimal(3))
    assert organization.value == Decimal("33.33")  # rounded to the column's two places
    assert organization.thresholds[1] == {"op": ">=", "value": 40.5, "label": "цель 2025 года", "status": "not_met"}
    assert organization.completeness == {"reported": 2, "expected": 3}
    assert (organization.previous_value, organization.preliminary) == (Decimal("25.50"), True)
    assert (organization.organization_id, organization.municipality_id) == (cast.school1.pk, cast.municipality.pk)
    assert breakdown.breakdown == "subject:mathematics"
    assert breakdown.numerator == Decimal("1234567890.12")
    assert (region.level, region.value, region.reason) == (Level.REGION, None, NOTE)
    assert (region.thresholds, region.completeness, region.preliminary) == ([], {}, False)
    assert (region.organization_id, region.municipality_id, region.breakdown) == (None, None, "")
    assert (zero.value, zero.previous_value) == (Decimal(0), Decimal(0))


def test_rows_may_query_the_database_while_they_are_written(cast, campaign):
    snapshot = new_snapshot(campaign)
    rows, seen = every_kind_of_row(cast, campaign.catalogue), []

    def computed():  # as CampaignComputation.rows() does: queries between the rows it yields
        for row in rows:
            seen.append(snapshot.values.count())
            yield row

    store.insert_values(snapshot, computed(), batch_size=2)

    assert seen == [0, 0, 2, 2]  # each batch is written before the next is computed
    assert snapshot.values.count() == 4
