"""A hand-built approved campaign of «Город N» (the cast of conftest.py) for the recommendation tests.

Five organizations: school 1 and school 2 of the cast, schools 4 and 5 (all four general: context peers),
and a kindergarten (alone of its kind). The snapshot's values are written by hand, so that every rule's
expectation can be computed by hand (see test_rules.py); the test catalogue of monitoring/tests/builders.py
gives the indicators: young (target ≥ 10 %), profile (≥ 75 %), part_time (< 10 %: lower is better).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from metodist.monitoring.models import (
    Approval,
    ApprovalLevel,
    Campaign,
    CampaignStatus,
    Level,
    ResultStatus,
    Snapshot,
    SnapshotMembers,
    SnapshotValue,
    TargetStatus,
)
from metodist.monitoring.tests.builders import load_test_catalogue
from metodist.orgs.models import OrganizationKind
from metodist.testing import factories as f

RULES = """
[[rules]]
code = "org-below-young"
condition = "below_target"
recipient = "organization"
indicators = ["young"]
title = "Молодые педагоги: {value}"
text = "{organization}: {value} при цели {target}, {numerator} из {denominator} ({period})."

[[rules]]
code = "org-below"
condition = "below_target"
recipient = "organization"
title = "Показатель {number} ниже цели"
text = "{organization}: показатель {number} «{name}» — {value} при цели {target}."

[[rules]]
code = "org-falling"
condition = "falling"
recipient = "organization"
title = "Показатель {number} ухудшился"
text = "{organization}: {value}, в прошлом периоде {previous}."

[[rules]]
code = "org-peers"
condition = "lowest_quartile_among_peers"
recipient = "organization"
indicators = ["young", "part_time"]
title = "Показатель {number} — в нижней четверти"
text = "{organization}: {value}; медиана {peers_count} сопоставимых — {peers_median}."

[[rules]]
code = "service-below"
condition = "below_target"
recipient = "service"
title = "{municipality}: показатель {number} ниже цели"
text = "По муниципалитету {municipality}: {value} при цели {target}."

[[rules]]
code = "educator-profile"
condition = "not_in_numerator"
recipient = "educator"
indicators = ["profile"]
title = "Пройти переподготовку"
text = "{educator} ({organization}): пройти переподготовку по преподаваемому предмету."
"""


@dataclass
class World:
    cast: object
    campaign: Campaign
    snapshot: Snapshot
    school4: object
    school5: object
    kindergarten: object
    rules_path: Path


def rules_file(tmp_path: Path, text: str = RULES) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def build(cast, tmp_path: Path) -> World:
    catalogue = load_test_catalogue(tmp_path)
    school4 = f.OrganizationFactory(municipality=cast.municipality, short_name="Школа № 4")
    school5 = f.OrganizationFactory(municipality=cast.municipality, short_name="Школа № 5")
    kindergarten = f.OrganizationFactory(municipality=cast.municipality, short_name="Детсад № 1",
                                         kind=OrganizationKind.PRESCHOOL)  # fmt: skip
    campaign = Campaign.objects.create(
        catalogue=catalogue, title="Мониторинг 2023/24", period="2023/24", period_start=date(2023, 9, 1),
        period_end=date(2024, 5, 31), region=cast.region, municipality=cast.municipality,
        deadline=date(2024, 6, 15), status=CampaignStatus.CLOSED,
    )  # fmt: skip
    snapshot = Snapshot.objects.create(campaign=campaign, catalogue_version="test", data_read_at=timezone.now())
    Approval.objects.create(campaign=campaign, level=ApprovalLevel.MUNICIPALITY, municipality=cast.municipality,
                            snapshot=snapshot, approved_by=cast.coordinator, approved_at=timezone.now())  # fmt: skip
    indicators = {indicator.code: indicator for indicator in catalogue.indicators.all()}

    def value(code, place, amount, numerator=None, denominator=None, met=None, previous=None):
        level = Level.ORGANIZATION if hasattr(place, "short_name") else Level.MUNICIPALITY
        computed = amount is not None
        target = TargetStatus.MET if met else TargetStatus.NOT_MET
        return SnapshotValue.objects.create(
            snapshot=snapshot, indicator=indicators[code], level=level,
            organization=place if level == Level.ORGANIZATION else None,
            municipality=place if level == Level.MUNICIPALITY else None,
            value=Decimal(amount) if computed else None,
            numerator=Decimal(numerator) if numerator is not None else None,
            denominator=Decimal(denominator) if denominator is not None else None,
            status=ResultStatus.OK if computed else ResultStatus.NO_DATA,
            reason="" if computed else "нет данных: знаменатель равен 0",
            target_status=target if computed else TargetStatus.UNKNOWN,
            previous_value=Decimal(previous) if previous is not None else None,
        )  # fmt: skip

    # young (≥ 10 %): school 1 below and falling; peers' values 5, 12, 20, 30; the kindergarten has no data
    value("young", cast.school1, "5.00", 1, 20, met=False, previous="8.00")
    value("young", cast.school2, "12.00", 3, 25, met=True, previous="10.00")
    value("young", school4, "20.00", 4, 20, met=True)
    value("young", school5, "30.00", 3, 10, met=True)
    value("young", kindergarten, None, previous="50.00")
    value("young", cast.municipality, "11.00", 11, 100, met=True, previous="15.00")
    # part_time (< 10 %): school 1 improved 12 → 8; school 2 worsened 11 → 15; school 4 no data (never 0)
    value("part_time", cast.school1, "8.00", 2, 25, met=True, previous="12.00")
    value("part_time", cast.school2, "15.00", 3, 20, met=False, previous="11.00")
    value("part_time", school4, None, previous="5.00")
    value("part_time", school5, "9.00", 1, 11, met=True)
    value("part_time", cast.municipality, "12.00", 6, 50, met=False)
    # profile (≥ 75 %): in school 1 Кузнецов is counted in the numerator, Смирнова only in the denominator
    profile = value("profile", cast.school1, "50.00", 1, 2, met=False)
    SnapshotMembers.objects.create(
        value=profile, numerator=[cast.mentor_educator.pk], denominator=[cast.teacher.pk, cast.mentor_educator.pk]
    )
    return World(cast, campaign, snapshot, school4, school5, kindergarten, rules_file(tmp_path))
