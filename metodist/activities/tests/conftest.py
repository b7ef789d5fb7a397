from datetime import date

from metodist.activities.models import ActivityRecord, ExpertRole, TargetContract


def _territory(organization) -> dict:
    return {"organization": organization, "municipality_id": organization.municipality_id,
            "region_id": organization.region_id}  # fmt: skip


def expert(educator, organization, kind, level, started_on=date(2023, 1, 1), ended_on=None) -> ExpertRole:
    return ExpertRole.objects.create(educator=educator, kind=kind, level=level, started_on=started_on,
                                     ended_on=ended_on, **_territory(organization))  # fmt: skip


def activity(kind, organization, educator=None, started_on=date(2024, 2, 1), ended_on=None, title="Проект"):
    return ActivityRecord.objects.create(kind=kind, educator=educator, title=title, started_on=started_on,
                                         ended_on=ended_on, **_territory(organization))  # fmt: skip


def contract(organization, started_on=date(2023, 3, 1), **fields) -> TargetContract:
    return TargetContract.objects.create(student=fields.pop("student", "Иванов Иван"), institution="ПК",
                                         started_on=started_on, **fields, **_territory(organization))  # fmt: skip
