"""A small hand-computed case: five schools and five kindergartens of one municipality with known values.

Indicators: i1 share with target «≥ 50» (higher is better), i2 share with target «< 10» (lower is better),
i3 share without a target (higher is better by default), i4 a count (never compared).

Schools (one peer group, «general/base/small/stable»; 4 peers each):
    i1: S1 10, S2 20, S3 30, S4 40, S5 50     → percentiles 0, 25, 50, 75, 100; median 30
    i2: S1 10, S2 40, S3 30, S4 20, S5 50     → (lower is better) 100, 25, 50, 75, 0; median 30
    i3: S1 5, S2 5, S3 1, S4 3, S5 3          → S1, S2: (3 worse + 1 equal / 2) / 4 = 87.5; S4, S5: 37.5; S3: 0
    scores: S1 62.5 development, S2 45.8 levelling, S3 33.3 support, S4 62.5 development, S5 45.8 levelling
Kindergartens («preschool/base/small/stable»): every i1 value is above every school's, yet among its peers
    i1: K1 60, K2 70, K3 80, K4 90, K5 95     → 0, 25, 50, 75, 100; median 80
    i2: K1 9, K2 8, K3 7, K4 6, K5 5          → 0, 25, 50, 75, 100; median 7
    i3: K1 1, K2 2, K3 3, K4 4, K5 — (awaiting cards: stored as 0, never read as 0) → 3 peers: 0, 33.3, 66.7,
        100; median 2.5
    scores: K1 0 support, K2 27.8 support, K3 55.6 development, K4 83.3 development; K5 has 2 indicators:
    not placed («недостаточно данных»)
"""

import random
from datetime import date
from decimal import Decimal

from django.utils import timezone

from metodist.monitoring.models import (
    Campaign,
    Catalogue,
    Indicator,
    Level,
    ResultStatus,
    Snapshot,
    SnapshotValue,
)
from metodist.orgs.models import OrganizationKind
from metodist.testing import factories as f

PERIOD_END = date(2024, 5, 31)
INDICATORS = {
    "i1": ("share", [{"op": ">=", "value": 50}], "доля педагогов, прошедших диагностику"),
    "i2": ("share", [{"op": "<", "value": 10}], "доля педагогов, работающих не по профилю"),
    "i3": ("share", [], "доля педагогов, участвующих в конкурсах"),
    "i4": ("count", [], "количество программ наставничества"),
}
SCHOOLS = {
    "S1": {"i1": 10, "i2": 10, "i3": 5, "i4": 1},
    "S2": {"i1": 20, "i2": 40, "i3": 5, "i4": 9},
    "S3": {"i1": 30, "i2": 30, "i3": 1, "i4": 2},
    "S4": {"i1": 40, "i2": 20, "i3": 3, "i4": 8},
    "S5": {"i1": 50, "i2": 50, "i3": 3, "i4": 3},
}
KINDERGARTENS = {
    "K1": {"i1": 60, "i2": 9, "i3": 1},
    "K2": {"i1": 70, "i2": 8, "i3": 2},
    "K3": {"i1": 80, "i2": 7, "i3": 3},
    "K4": {"i1": 90, "i2": 6, "i3": 4},
    "K5": {"i1": 95, "i2": 5, "i3": None},
}


def catalogue(code: str = "test-clusters") -> Catalogue:
    row = Catalogue.objects.create(code=code, title="Тестовый каталог", document="Тест", source="t.toml", version="1")
    for order, (indicator_code, (kind, targets, name)) in enumerate(INDICATORS.items()):
        Indicator.objects.create(catalogue=row, code=indicator_code, number=str(order + 1), name=name, source="п. 1",
                                 kind=kind, unit="educators", targets=targets, order=order)  # fmt: skip
    return row


def campaign(municipality, catalogue_row, period: str = "2023/24", end: date = PERIOD_END) -> Campaign:
    return Campaign.objects.create(
        catalogue=catalogue_row, title=f"Мониторинг {period}", period=period, period_start=date(end.year - 1, 9, 1),
        period_end=end, region=municipality.region, municipality=municipality, deadline=end,
    )  # fmt: skip


def snapshot(campaign_row) -> Snapshot:
    return Snapshot.objects.create(campaign=campaign_row, catalogue_version="1", data_read_at=timezone.now())


def build_case(municipality, catalogue_row=None, shuffled: bool = False):
    """The case above in `municipality`: (campaign, snapshot, {name: organization}). `shuffled` creates the
    organizations and values in another order (so with other ids), for the stability test."""
    catalogue_row = catalogue_row or catalogue()
    indicators = {i.code: i for i in catalogue_row.indicators.all()}
    people = [(name, OrganizationKind.GENERAL, values) for name, values in SCHOOLS.items()]
    people += [(name, OrganizationKind.PRESCHOOL, values) for name, values in KINDERGARTENS.items()]
    order = random.Random(7).sample(people, len(people)) if shuffled else people
    organizations = {
        name: f.OrganizationFactory(municipality=municipality, short_name=name, kind=kind) for name, kind, _ in order
    }
    row = campaign(municipality, catalogue_row)
    taken = snapshot(row)
    values = []
    for name, _, figures in order:
        for code, value in figures.items():
            status = ResultStatus.OK if value is not None else ResultStatus.AWAITING_CARDS
            shown = Decimal(value) if value is not None else Decimal(0)
            values.append(SnapshotValue(snapshot=taken, indicator=indicators[code], level=Level.ORGANIZATION,
                                        organization=organizations[name], value=shown, status=status))  # fmt: skip
    if shuffled:
        random.Random(11).shuffle(values)
    SnapshotValue.objects.bulk_create(values)
    return row, taken, organizations
