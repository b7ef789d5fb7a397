"""Demo data of the module (called by metodist/demo/growth.py SEEDERS): `seed(today, progress)` yields lines for
the command's output, `clear()` deletes what it made before the registry is cleared.

Over the academic years of the demo campaigns (from 2022/23): about 4 % of educators hold an expert role
(subject commissions and juries mostly, some tutors and methodologists of the regional methodological active), a
fifth take part in clubs and festivals each year, one in ten in the region's network projects, 3 % have
sanatorium treatment; a fifth of the schools run a psychological-pedagogical class; a third of the schools have
a targeted training contract, the older ones graduated and most of the graduates employed as young educators of
the municipality. Deterministic, in bulk.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction

from metodist.orgs.models import Organization, OrganizationKind
from metodist.people.models import Employment, PositionKind

from .models import ActivityRecord, ExpertKind, ExpertLevel, ExpertRole, RecordKind, TargetContract

SEED = 56
BATCH = 5000
EXPERT_SHARE = 0.04
YEARS_BACK = 4  # academic years before the current one with records
YEARLY = {RecordKind.BURNOUT_PROJECT: 0.2, RecordKind.NETWORK_PROJECT: 0.1, RecordKind.SANATORIUM: 0.03}
TITLES = {
    RecordKind.BURNOUT_PROJECT: ("Клуб «Педагогическая гостиная»", "Фестиваль творчества педагогов",
                                 "Спортивный клуб «Учитель в форме»", "Хоровая студия педагогов"),
    RecordKind.NETWORK_PROJECT: ("«Образовательный тур»", "Сетевой проект «Читающий регион»",
                                 "Сетевой проект «Инженерные каникулы»"),
    RecordKind.SANATORIUM: ("Профилакторий «Юбилейный»",),
}  # fmt: skip
EXPERT_KINDS = [(ExpertKind.SUBJECT_COMMISSION, 40), (ExpertKind.JURY, 30), (ExpertKind.ATTESTATION, 15),
                (ExpertKind.TUTOR, 8), (ExpertKind.METHODOLOGIST, 7)]  # fmt: skip
LEVELS = [(ExpertLevel.REGIONAL, 45), (ExpertLevel.MUNICIPAL, 45), (ExpertLevel.FEDERAL, 3),
          (ExpertLevel.ORGANIZATION, 7)]  # fmt: skip
INSTITUTIONS = ("Уральский государственный педагогический университет", "Свердловский областной педагогический колледж",
                "Красноуфимский педагогический колледж")  # fmt: skip


def _weighted(rng, pairs):
    return rng.choices([value for value, _ in pairs], [weight for _, weight in pairs])[0]


def _place(territory, organization_id) -> dict:
    municipality_id, region_id = territory[organization_id]
    return {"organization_id": organization_id, "municipality_id": municipality_id, "region_id": region_id}


def _year_start(today: date) -> date:
    return date(today.year if today.month >= 9 else today.year - 1, 9, 1)


@transaction.atomic
def seed(*, today: date, progress: Callable[[str], None]) -> list[str]:
    if ExpertRole.objects.exists() or ActivityRecord.objects.exists():
        return ["Экспертиза и активность: записи уже есть — пропущено."]
    rng = random.Random(SEED)
    territory = {pk: (m, r) for pk, m, r in Organization.objects.values_list("pk", "municipality_id", "region_id")}
    employments = (
        Employment.objects.filter(position__kind=PositionKind.PEDAGOGICAL, end_date__isnull=True)
        .order_by("educator_id", "start_date", "pk")
        .values_list("educator_id", "organization_id", "educator__ped_work_start")
    )
    roles, records, seen, young = [], [], set(), {}
    # every academic year of the demo campaigns (the oldest is 2022/23) up to the current one
    current = _year_start(today)
    years = [date(year, 9, 1) for year in range(current.year - YEARS_BACK, current.year + 1)]
    for educator_id, organization_id, started in employments.iterator(chunk_size=BATCH):
        if educator_id in seen:
            continue
        seen.add(educator_id)
        place = _place(territory, organization_id)
        if started and started >= today - timedelta(days=3 * 365):
            young.setdefault(organization_id, []).append((educator_id, started))
        if rng.random() < EXPERT_SHARE:
            start = today - timedelta(days=rng.randint(30, 2300))  # some since 2020: in every demo campaign
            end = start + timedelta(days=365 * rng.choice((1, 2, 3))) if rng.random() < 0.4 else None
            roles.append(ExpertRole(educator_id=educator_id, kind=_weighted(rng, EXPERT_KINDS),
                                    level=_weighted(rng, LEVELS), started_on=start, ended_on=end,
                                    document_ref=f"Приказ № {rng.randint(100, 999)}-Д", **place))  # fmt: skip
        for year in years:
            for kind, share in YEARLY.items():
                if rng.random() < share:
                    length = 21 if kind == RecordKind.SANATORIUM else rng.randint(1, 120)
                    latest = min(300, (today - year).days - length)  # finished by today
                    if latest < 0:
                        continue
                    start = year + timedelta(days=rng.randint(0, latest))
                    records.append(ActivityRecord(kind=kind, educator_id=educator_id, title=rng.choice(TITLES[kind]),
                                                  started_on=start, ended_on=start + timedelta(days=length),
                                                  **place))  # fmt: skip
        if len(records) >= BATCH:
            ActivityRecord.objects.bulk_create(records, batch_size=BATCH)
            progress(f"  записи о деятельности: ещё {len(records)}")
            records = []
    ExpertRole.objects.bulk_create(roles, batch_size=BATCH)
    ActivityRecord.objects.bulk_create(records, batch_size=BATCH)
    schools = sorted(
        Organization.objects.filter(kind=OrganizationKind.GENERAL, is_active=True).values_list("pk", flat=True)
    )
    classes, contracts = [], []
    for school in schools:
        place = _place(territory, school)
        if rng.random() < 0.2:
            classes.append(ActivityRecord(kind=RecordKind.TEACHER_CLASS, title="Психолого-педагогический класс",
                                          started_on=years[0], **place))  # fmt: skip
        if rng.random() < 0.33:
            signed = years[-1] - timedelta(days=365 * rng.randint(0, 6))  # graduated by now, or still studying
            graduated = signed + timedelta(days=365 * 4) if signed + timedelta(days=365 * 4) <= today else None
            hired = young.get(school, [])
            educator = hired.pop()[0] if graduated and hired and rng.random() < 0.8 else None
            contracts.append(TargetContract(
                student=f"Выпускник {school}-{len(contracts) + 1}", institution=rng.choice(INSTITUTIONS),
                started_on=signed, graduated_on=graduated,
                employed_on=graduated + timedelta(days=60) if educator else None,
                employer_id=school if educator else None, educator_id=educator, **place,
            ))  # fmt: skip
    ActivityRecord.objects.bulk_create(classes, batch_size=BATCH)
    TargetContract.objects.bulk_create(contracts, batch_size=BATCH)
    total = ActivityRecord.objects.count()
    return [f"Экспертиза и активность: экспертных ролей {len(roles)}, записей о деятельности {total}, "
            f"договоров о целевом обучении {len(contracts)}."]  # fmt: skip


def clear():
    TargetContract.objects.all().delete()
    ActivityRecord.objects.all().delete()
    ExpertRole.objects.all().delete()
