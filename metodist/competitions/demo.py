"""Demo data of the module (called by metodist/demo/growth.py SEEDERS): `seed(today, progress)` returns lines for
the command's output, `clear()` deletes what it made before the registry is cleared.

For every municipality of the demo region, each of the last two school years (and the monitoring demo's years, so
that its campaigns have figures) and the current one: Учитель года (municipal → regional → federal), Педагогический
дебют and Воспитатель года (municipal → regional), Мастер-наставник (municipal) and Лучшее ШМО for organizations
(municipal). In the current school year Учитель года, Педагогический дебют and Воспитатель года open with the
organizations' own round (September–October): one to three entrants in each of several schools or kindergartens,
results without jury sheets (the organization's commission judges it), and each organization's winner goes on to
the municipal stage. Every municipal stage has three jury members (experienced educators of the municipality not
entered; the demo methodologist in the demo municipality) and criteria.

The stages follow `today`: a first stage has entries once it has begun; a stage that ended before today is closed
with results — at the municipal one from the jury's full scoring sheets, places by the mean jury total (1st —
winner, 2nd–3rd — prize-winners) — and its winner goes on to the next stage; a stage that ends today or later has
neither scores nor results. A stage's results day is a working day of the production calendar.
Deterministic, in bulk: a region of 50,000 educators takes a few seconds. The past years and the current one draw
from generators of their own, so that the current year, which moves with `today`, leaves the past years (what the
monitoring demo's campaigns were computed on) as they were.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from metodist.accounts.models import User
from metodist.lib.dates import full_years, school_year
from metodist.lib.workdays import previous_working_day
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
# (kind, participants, levels, entrants at the municipal stage (organizations at an organizations' round), criteria
# with their maximum points)
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
# the competitions whose current school year opens with a round in each organization taking part
SCHOOL_ROUND = (Kind.TEACHER_OF_YEAR, Kind.DEBUT, Kind.EDUCATOR_OF_YEAR)
SCHOOL_ENTRANTS = 3  # at most, in one organization's round
# the stage judged by scoring sheets in Metodist; the other levels record results only
JUDGED = Level.MUNICIPAL
# (starts: month, day, year offset; ends: month, day, year offset) of a stage by level, from the school year's start
DATES = {
    Level.ORGANIZATION: ((9, 15, 0), (10, 31, 0)),
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


@dataclass
class _Run:
    """One generator's share of the demo (the past years, or the current one) and what it made."""

    rng: random.Random
    today: date
    pools: dict
    methodist: User | None
    featured: set  # the demo teacher's and mentor's educator ids
    featured_year: int  # the school year they take part in
    competitions: int = 0
    stages: list = field(default_factory=list)
    entries: int = 0
    later: int = 0  # entries at regional and federal stages
    scores: int = 0


@transaction.atomic
def seed(today: date, progress) -> list[str]:
    if Competition.objects.exists():
        return ["Конкурсы: уже заполнены — пропущено."]
    municipalities = list(Municipality.objects.filter(region__name=DEMO_REGION).order_by("pk"))
    if not municipalities:
        return ["Конкурсы: нет демонстрационной области — пропущено."]
    region_id = municipalities[0].region_id
    pools = _pools(region_id, today)
    methodist = User.objects.filter(username="methodist").first()
    featured = set(
        User.objects.filter(username__in=("teacher", "mentor"), educator__isnull=False).values_list(
            "educator_id", flat=True
        )
    )
    current = school_year(today)
    past_years = sorted({current - 2, current - 1, *MONITORING_YEARS} - {current})
    past = _Run(random.Random(SEED), today, pools, methodist, featured, featured_year=past_years[-1])
    _seed_years(past, municipalities, region_id, past_years, school_round=False, progress=progress)
    now = _Run(random.Random(f"{SEED}-current"), today, pools, methodist, featured, featured_year=current)
    _seed_years(now, municipalities, region_id, [current], school_round=True, progress=progress)

    closed = sum(1 for stage in now.stages if stage.is_closed)
    years = ", ".join(f"{year}/{year + 1}" for year in (*past_years, current))
    return [
        f"Конкурсы: {past.competitions + now.competitions} конкурсов ({years}), заявок — {past.entries + now.entries} "
        f"(из них на региональных и федеральных этапах — {past.later + now.later}), оценок жюри — "
        f"{past.scores + now.scores}; в {current}/{current + 1} учебном году этапов с итогами — {closed}, "
        f"предстоящих и идущих — {len(now.stages) - closed}, заявок — {now.entries}."
    ]


def _seed_years(run: _Run, municipalities, region_id, years, *, school_round: bool, progress) -> None:
    """Every competition of PLAN in every municipality and year (`school_round`: opening with the organizations'
    round), entered stage by stage: the first stages from the pools, each later one from the stage before's winners."""
    competitions, plans = [], []
    for municipality in municipalities:
        for year in years:
            for kind, participants, levels, size, criteria in PLAN:
                if school_round and kind in SCHOOL_ROUND:
                    levels = (Level.ORGANIZATION, *levels)
                competitions.append(Competition(
                    title=f"{Kind(kind).label} — {year + 1}", kind=kind, participants=participants, year=year,
                    region_id=region_id, municipality_id=municipality.pk,
                ))  # fmt: skip
                plans.append((municipality, levels, size, criteria))
    Competition.objects.bulk_create(competitions, batch_size=BATCH)
    chains = []
    for competition, (_municipality, levels, _size, _criteria) in zip(competitions, plans, strict=True):
        chain = []
        for order, level in enumerate(levels, start=1):
            starts, ends = DATES[level]
            ends_on = previous_working_day(_day(competition.year, ends))  # results are announced on a working day
            chain.append(CompetitionStage(
                competition=competition, level=level, order=order, starts_on=_day(competition.year, starts),
                ends_on=ends_on, closed_at=_closed_at(ends_on, run.today),
            ))  # fmt: skip
        chains.append(chain)
    stages = [stage for chain in chains for stage in chain]
    CompetitionStage.objects.bulk_create(stages, batch_size=BATCH)
    run.competitions += len(competitions)
    run.stages.extend(stages)
    progress(f"  конкурсы: {len(competitions)}, этапов — {len(stages)}")

    rows = list(zip(competitions, plans, chains, strict=True))
    winners = {}  # competition id → the winners of its stage before, who go on
    for order in range(max(len(chain) for chain in chains)):
        entered = []
        for competition, (municipality, _levels, size, criteria), chain in rows:
            if order >= len(chain):
                continue
            stage = chain[order]
            if order == 0:
                stage_entries = _entrants(run, competition, stage, municipality, size)
            else:
                stage_entries = [
                    CompetitionEntry(stage=stage, educator_id=source.educator_id,
                                     organization_id=source.organization_id, nomination=source.nomination,
                                     advanced_from=source)
                    for source in winners.get(competition.pk, ())
                ]  # fmt: skip
            if stage_entries:
                panel = _panel(run, stage, stage_entries, municipality, criteria) if stage.level == JUDGED else ([], [])
                entered.append((stage, stage_entries, *panel))
        winners = _judge(run, entered)
        progress(f"  конкурсы, {order + 1}-й этап: заявок — {sum(len(row[1]) for row in entered)}")


def _entrants(run: _Run, competition, stage, municipality, size) -> list[CompetitionEntry]:
    """The entries of a competition's first stage once it has begun: `size` of the municipality's candidates, or at
    an organizations' round one to SCHOOL_ENTRANTS in each of `size` organizations."""
    pool = run.pools.get(municipality.pk)
    if not pool or stage.starts_on > run.today:
        return []
    if competition.for_organizations:
        schools = pool["schools_set"]
        chosen = run.rng.sample(schools, min(size, len(schools)))
        return [CompetitionEntry(stage=stage, organization_id=org, nomination="ШМО") for org in chosen]
    candidates = _candidates(competition.kind, pool)
    if stage.level == Level.ORGANIZATION:
        chosen = _school_round(run.rng, candidates, size)
    else:
        chosen = run.rng.sample(candidates, min(size, len(candidates)))
    if municipality.name == DEMO_MUNICIPALITY and competition.year == run.featured_year:
        # the demo teacher and mentor take part, so that their cabinets show it
        own = [place for place in candidates if place[0] in run.featured and place not in chosen]
        chosen = own + chosen
        if stage.level != Level.ORGANIZATION:
            chosen = chosen[: max(size, len(own))]
    return [CompetitionEntry(stage=stage, educator_id=e, organization_id=o) for e, o in chosen]


def _school_round(rng, candidates, size) -> list[tuple[int, int]]:
    """`size` organizations among the candidates' and one to SCHOOL_ENTRANTS of the candidates of each."""
    by_organization = defaultdict(list)
    for place in candidates:
        by_organization[place[1]].append(place)
    organizations = rng.sample(list(by_organization), min(size, len(by_organization)))
    chosen = []
    for organization in organizations:
        staff = by_organization[organization]
        chosen.extend(rng.sample(staff, min(len(staff), rng.randint(1, SCHOOL_ENTRANTS))))
    return chosen


def _panel(run: _Run, stage, stage_entries, municipality, criteria_plan) -> tuple[list, list]:
    """The jury of a municipal stage (experienced educators of the municipality not entered; the demo methodologist
    in the demo municipality) and its criteria."""
    pool = run.pools[municipality.pk]
    taken = {entry.educator_id for entry in stage_entries}
    judges = [e for e, _o in run.rng.sample(pool["experienced"], min(JURY + 2, len(pool["experienced"])))
              if e not in taken][:JURY]  # fmt: skip
    members = [JuryMember(stage=stage, educator_id=educator) for educator in judges]
    if run.methodist is not None and municipality.name == DEMO_MUNICIPALITY and members:
        members[-1] = JuryMember(stage=stage, user=run.methodist)
    criteria = [
        ScoringCriterion(stage=stage, name=name, max_points=Decimal(points), order=order)
        for order, (name, points) in enumerate(criteria_plan, start=1)
    ]
    return members, criteria


def _judge(run: _Run, entered) -> dict[int, list[CompetitionEntry]]:
    """Writes one round of stages (entries, and jury and criteria at the municipal ones) and the results of those
    already closed; returns the winners who go on, by competition id."""
    entries = [entry for _stage, stage_entries, _jury, _criteria in entered for entry in stage_entries]
    CompetitionEntry.objects.bulk_create(entries, batch_size=BATCH)
    JuryMember.objects.bulk_create([member for row in entered for member in row[2]], batch_size=BATCH)
    ScoringCriterion.objects.bulk_create([criterion for row in entered for criterion in row[3]], batch_size=BATCH)
    run.entries += len(entries)
    run.later += sum(1 for entry in entries if entry.stage.level in (Level.REGIONAL, Level.FEDERAL))

    scores, winners = [], defaultdict(list)
    for stage, stage_entries, members, criteria in entered:
        if not stage.is_closed:
            continue
        if stage.level == JUDGED:
            scores.extend(_score(run.rng, stage_entries, members, criteria))
        elif stage.level == Level.ORGANIZATION:
            _school_results(run.rng, stage_entries)
        else:
            for entry in stage_entries:
                entry.result = run.rng.choices(Result.values, weights=(6, 3, 1))[0]
        winners[stage.competition_id].extend(entry for entry in stage_entries if entry.result == Result.WINNER)
    Score.objects.bulk_create(scores, batch_size=BATCH)
    CompetitionEntry.objects.bulk_update(entries, ["total", "rank", "result"], batch_size=BATCH)
    run.scores += len(scores)
    return winners


def _score(rng, stage_entries, members, criteria) -> list[Score]:
    """Full scoring sheets (each entry has a strength, each jury member their own leniency and noise), totals,
    places and results; no jury — no results."""
    strengths = {entry.pk: rng.uniform(0.45, 0.95) for entry in stage_entries}
    sums, scores = defaultdict(list), []
    for member in members:
        leniency = rng.uniform(-0.06, 0.06)
        for entry in stage_entries:
            total = Decimal(0)
            for criterion in criteria:
                share = min(1.0, max(0.0, strengths[entry.pk] + leniency + rng.gauss(0, 0.07)))
                points = (criterion.max_points * Decimal(share)).quantize(Decimal("0.5"))
                scores.append(Score(jury=member, entry=entry, criterion=criterion, points=points))
                total += points
            sums[entry.pk].append(total)
    if not members:
        return scores
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
    return scores


def _school_results(rng, stage_entries) -> None:
    """An organization's round, judged by its own commission: in each organization the first is the winner, the
    second a prize-winner, the rest participants (no totals or places in Metodist)."""
    by_organization = defaultdict(list)
    for entry in stage_entries:
        by_organization[entry.organization_id].append(entry)
    for entries in by_organization.values():
        for place, entry in enumerate(rng.sample(entries, len(entries)), start=1):
            entry.result = Result.WINNER if place == 1 else Result.PRIZE_WINNER if place == 2 else Result.PARTICIPANT


def clear() -> None:
    Competition.objects.all().delete()
