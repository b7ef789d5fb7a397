"""Demo data of the module (called by metodist/demo/growth.py SEEDERS): `seed(today, progress)` returns lines for
the command's output, `clear()` deletes what it made before the registry is cleared.

For every municipality of the demo region and each of the last two school years (and the monitoring demo's
years, so that its campaigns have figures): Учитель года (municipal → regional → federal), Педагогический дебют and
Воспитатель года (municipal → regional), Мастер-наставник (municipal) and Лучшее ШМО for organizations
(municipal). Every municipal stage has three jury members (experienced educators of the municipality not entered;
the demo methodologist in the demo municipality), criteria and a full scoring sheet; the stage is closed, places
follow the mean jury total (1st — winner, 2nd–3rd — prize-winners) and the winner goes on to the next stage.
Deterministic, in bulk: a region of 50,000 educators takes a few seconds.
"""

import random
from collections import defaultdict
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from metodist.accounts.models import User
from metodist.lib.dates import full_years, school_year
from metodist.orgs.models import Municipality, OrganizationKind
from metodist.people.models import Employment, PositionKind

from .agreement import mean, places
from .models import (
    Competition,
    CompetitionEntry,
    CompetitionStage,
    JuryMember,
    Kind,
    Level,
    Participants,
    Result,
    Score,
    ScoringCriterion,
)

SEED = 2024
BATCH = 5000
DEMO_REGION = "Демонстрационная область"
DEMO_MUNICIPALITY = "Городской округ Энск"
MONITORING_YEARS = (2022, 2023)  # metodist/demo/monitoring.py APPROVED_YEAR and DEMO_YEAR: its campaigns' years
JURY = 3
# (kind, participants, levels, entrants at the municipal stage, criteria with their maximum points)
PLAN = (
    (Kind.TEACHER_OF_YEAR, Participants.EDUCATORS, (Level.MUNICIPAL, Level.REGIONAL, Level.FEDERAL), 8,
     (("Методический семинар", 20), ("Учебное занятие", 40), ("Мастер-класс", 30))),
    (Kind.DEBUT, Participants.EDUCATORS, (Level.MUNICIPAL, Level.REGIONAL), 6,
     (("Визитная карточка", 10), ("Открытый урок", 30), ("Эссе «Я — педагог»", 10))),
    (Kind.EDUCATOR_OF_YEAR, Participants.EDUCATORS, (Level.MUNICIPAL, Level.REGIONAL), 5,
     (("Педагогическое мероприятие с детьми", 30), ("Мастер-класс", 20))),
    (Kind.MASTER_MENTOR, Participants.EDUCATORS, (Level.MUNICIPAL,), 4,
     (("Программа наставничества", 20), ("Результаты наставляемых", 20))),
    (Kind.BEST_SMO, Participants.ORGANIZATIONS, (Level.MUNICIPAL,), 5,
     (("План и продукты работы ШМО", 25), ("Открытое заседание", 15))),
)  # fmt: skip
# (starts: month, day, year offset; ends: month, day, year offset) of a stage by level, from the school year's start
DATES = {
    Level.MUNICIPAL: ((11, 1, 0), (12, 20, 0)),
    Level.REGIONAL: ((2, 1, 1), (3, 20, 1)),
    Level.FEDERAL: ((9, 15, 1), (10, 10, 1)),
}


def _day(year, spec) -> date:
    month, day, offset = spec
    return date(year + offset, month, day)


def _closed_at(ends_on: date, today: date):
    """A stage that has ended was closed at noon of its results day."""
    return timezone.make_aware(datetime.combine(ends_on, time(12))) if ends_on < today else None


def _pools(region_id, today):
    """Per municipality: teachers, young teachers, preschool educators, experienced educators (id, organization),
    and the general schools."""
    pools = defaultdict(lambda: defaultdict(list))
    rows = (
        Employment.objects.filter(organization__municipality__region_id=region_id)
        .filter(position__kind=PositionKind.PEDAGOGICAL)
        .active(today)
        .order_by("educator_id", "pk")
        .values_list("educator_id", "organization_id", "organization__municipality_id", "organization__kind",
                     "educator__ped_work_start")
    )  # fmt: skip
    seen = set()
    for educator_id, organization_id, municipality_id, kind, started in rows.iterator(chunk_size=BATCH):
        if educator_id in seen:
            continue
        seen.add(educator_id)
        pool = pools[municipality_id]
        years = full_years(started, today) if started else 10
        place = (educator_id, organization_id)
        if kind == OrganizationKind.GENERAL:
            pool["teachers"].append(place)
            if years < 3:
                pool["young"].append(place)
            if organization_id not in pool["schools_set"]:
                pool["schools_set"].append(organization_id)
        elif kind == OrganizationKind.PRESCHOOL:
            pool["preschool"].append(place)
        if years >= 15:
            pool["experienced"].append(place)
    return pools


def _candidates(kind, pool):
    if kind == Kind.DEBUT:
        return pool["young"]
    if kind == Kind.EDUCATOR_OF_YEAR:
        return pool["preschool"]
    if kind == Kind.MASTER_MENTOR:
        return pool["experienced"]
    return pool["teachers"]


@transaction.atomic
def seed(today: date, progress) -> list[str]:
    if Competition.objects.exists():
        return ["Конкурсы: уже заполнены — пропущено."]
    municipalities = list(Municipality.objects.filter(region__name=DEMO_REGION).order_by("pk"))
    if not municipalities:
        return ["Конкурсы: нет демонстрационной области — пропущено."]
    rng = random.Random(SEED)
    region_id = municipalities[0].region_id
    pools = _pools(region_id, today)
    methodist = User.objects.filter(username="methodist").first()
    featured = set(
        User.objects.filter(username__in=("teacher", "mentor"), educator__isnull=False).values_list(
            "educator_id", flat=True
        )
    )
    current = school_year(today)
    years = sorted({current - 2, current - 1, *MONITORING_YEARS})

    competitions, plans = [], []
    for municipality in municipalities:
        for year in years:
            for kind, participants, levels, size, criteria in PLAN:
                competitions.append(Competition(
                    title=f"{Kind(kind).label} — {year + 1}", kind=kind, participants=participants, year=year,
                    region_id=region_id, municipality_id=municipality.pk,
                ))  # fmt: skip
                plans.append((municipality, year, levels, size, criteria))
    Competition.objects.bulk_create(competitions, batch_size=BATCH)
    stages = []
    for competition, (_municipality, year, levels, _size, _criteria) in zip(competitions, plans, strict=True):
        for order, level in enumerate(levels, start=1):
            starts, ends = DATES[level]
            stage = CompetitionStage(
                competition=competition, level=level, order=order, starts_on=_day(year, starts),
                ends_on=_day(year, ends), closed_at=_closed_at(_day(year, ends), today),
            )  # fmt: skip
            stages.append(stage)
    CompetitionStage.objects.bulk_create(stages, batch_size=BATCH)
    by_competition = defaultdict(list)
    for stage in stages:
        by_competition[stage.competition_id].append(stage)
    progress(f"  конкурсы: {len(competitions)}, этапов — {len(stages)}")

    # the municipal stages: entries, jury, criteria
    entries, jury, criteria, first_stages = [], [], [], []
    for competition, (municipality, _year, _levels, size, criteria_plan) in zip(competitions, plans, strict=True):
        stage = by_competition[competition.pk][0]
        pool = pools.get(municipality.pk)
        if not pool:
            continue
        if competition.for_organizations:
            schools = pool["schools_set"]
            chosen = rng.sample(schools, min(size, len(schools)))
            stage_entries = [CompetitionEntry(stage=stage, organization_id=org, nomination="ШМО") for org in chosen]
        else:
            candidates = _candidates(competition.kind, pool)
            chosen = rng.sample(candidates, min(size, len(candidates)))
            if municipality.name == DEMO_MUNICIPALITY and competition.year == years[-1]:
                # the demo teacher and mentor take part in the latest year, so that their cabinets show it
                own = [place for place in candidates if place[0] in featured and place not in chosen]
                chosen = (own + chosen)[: max(size, len(own))]
            stage_entries = [CompetitionEntry(stage=stage, educator_id=e, organization_id=o) for e, o in chosen]
        if not stage_entries:
            continue
        entries.extend(stage_entries)
        entered = {entry.educator_id for entry in stage_entries}
        judges = [e for e, _o in rng.sample(pool["experienced"], min(JURY + 2, len(pool["experienced"])))
                  if e not in entered][:JURY]  # fmt: skip
        members = [JuryMember(stage=stage, educator_id=educator) for educator in judges]
        if methodist is not None and municipality.name == DEMO_MUNICIPALITY and members:
            members[-1] = JuryMember(stage=stage, user=methodist)
        jury.extend(members)
        criteria.extend(
            ScoringCriterion(stage=stage, name=name, max_points=Decimal(points), order=order)
            for order, (name, points) in enumerate(criteria_plan, start=1)
        )
        first_stages.append((stage, stage_entries, members))
    CompetitionEntry.objects.bulk_create(entries, batch_size=BATCH)
    JuryMember.objects.bulk_create(jury, batch_size=BATCH)
    ScoringCriterion.objects.bulk_create(criteria, batch_size=BATCH)
    stage_criteria = defaultdict(list)
    for criterion in criteria:
        stage_criteria[criterion.stage_id].append(criterion)

    # scores: each entry has a strength, each jury member their own leniency and noise
    scores, advanced = [], []
    for stage, stage_entries, members in first_stages:
        strengths = {entry.pk: rng.uniform(0.45, 0.95) for entry in stage_entries}
        sums = defaultdict(list)
        for member in members:
            leniency = rng.uniform(-0.06, 0.06)
            for entry in stage_entries:
                total = Decimal(0)
                for criterion in stage_criteria[stage.pk]:
                    share = min(1.0, max(0.0, strengths[entry.pk] + leniency + rng.gauss(0, 0.07)))
                    points = (criterion.max_points * Decimal(share)).quantize(Decimal("0.5"))
                    scores.append(Score(jury=member, entry=entry, criterion=criterion, points=points))
                    total += points
                sums[entry.pk].append(total)
        if stage.closed_at is None or not members:
            continue
        totals = {entry.pk: mean(sums[entry.pk]) for entry in stage_entries}
        ranked = places(totals)
        for entry in stage_entries:
            entry.total, entry.rank = totals[entry.pk], ranked[entry.pk]
            entry.result = Result.PARTICIPANT
        # one winner even on a shared first place (the jury's chair decides); the next two places are prize-winners
        ordered = sorted(stage_entries, key=lambda entry: (entry.rank, entry.pk))
        ordered[0].result = Result.WINNER
        for entry in ordered[1:3]:
            entry.result = Result.PRIZE_WINNER
        advanced.append(ordered[0])
    Score.objects.bulk_create(scores, batch_size=BATCH)
    CompetitionEntry.objects.bulk_update(entries, ["total", "rank", "result"], batch_size=BATCH)
    progress(f"  конкурсы: заявок — {len(entries)}, оценок жюри — {len(scores)}")

    # the winners go on: a municipal winner to the regional stage, a regional winner to the federal one
    later, current = [], [(winner, by_competition[winner.stage.competition_id][1:]) for winner in advanced]
    while current:
        made, going_on = [], []
        for source, chain in current:
            if not chain:
                continue
            stage = chain[0]
            result = rng.choices(Result.values, weights=(6, 3, 1))[0] if stage.closed_at else Result.PARTICIPANT
            entry = CompetitionEntry(
                stage=stage,
                educator_id=source.educator_id,
                organization_id=source.organization_id,
                result=result,
                advanced_from=source,
            )
            made.append(entry)
            if result == Result.WINNER and stage.closed_at is not None:
                going_on.append((entry, chain[1:]))
        CompetitionEntry.objects.bulk_create(made, batch_size=BATCH)
        later.extend(made)
        current = going_on
    return [
        f"Конкурсы: {len(competitions)} конкурсов ({', '.join(f'{y}/{y + 1}' for y in years)}), заявок — "
        f"{len(entries) + len(later)} (из них на региональных и федеральных этапах — {len(later)}), "
        f"оценок жюри — {len(scores)}."
    ]


def clear() -> None:
    Competition.objects.all().delete()
