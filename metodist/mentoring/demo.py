"""Demo data of the module (called by metodist/demo/growth.py SEEDERS; rerun-safe): programs in about half of the
organizations that have young educators and a municipal program in every municipality; about 60 % of the young
educators with a mentor (pairs, and a few groups of two), the rest without one — the «needs a mentor» list and
the matching have work; monthly meetings over the last year (some pairs silent of late), goals and a plan,
some mentorships completed with reviews or terminated with a reason; incentives in some organizations. Earlier
pairs started on 1 September of the demo's monitoring years (EARLY_YEARS) with educators young then — most
completed in May or June of the next year, a few of 2023 still worked — so that the 2022/23 and 2023/24 campaigns
have mentoring data; they take no mentor from today's young educators beyond those they keep. The demo
`mentor` (the educator the demo_logins link, see metodist/demo/users.py) mentors the demo `teacher` and one
more young colleague.

Deterministic (a fixed random seed, educators in the order of their ids), written with bulk inserts in batches.
"""

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from metodist.lib.dates import add_years

from .models import (
    EventKind,
    MentorCapacity,
    MentorIncentive,
    MentoringForm,
    MentoringMeeting,
    MentoringProgram,
    Mentorship,
    MentorshipEvent,
    MentorshipGoal,
    MentorshipMentee,
    MentorshipReview,
    MentorshipStatus,
    MentorshipTask,
    TaskKind,
)

SEED = "metodist-mentoring-demo"
SHARE = 0.6  # of the young educators who have a mentor
EARLY_YEARS = (2022, 2023)  # the school years of the demo's campaigns 2022/23 and 2023/24 (metodist/demo/monitoring.py)
EARLY_SHARE = 0.4  # of the young educators of an early year who had a mentor from its 1 September
BATCH = 2000
GOALS = [
    "Освоить приёмы формирующего оценивания",
    "Провести открытый урок для коллег",
    "Разработать рабочую программу по предмету",
    "Выстроить работу с родителями класса",
    "Подготовиться к аттестации на первую категорию",
]
TOPICS = ["Разбор посещённого урока", "Планирование темы", "Работа с трудным классом", "Оценивание и обратная связь",
          "Подготовка открытого урока", "Документация учителя", "Адаптация в коллективе"]  # fmt: skip
TASKS = [(TaskKind.MEETING, "Посещение уроков наставника"), (TaskKind.TASK, "Самоанализ урока по схеме"),
         (TaskKind.TASK, "Конспект урока с формирующим оцениванием")]  # fmt: skip
REVIEWS = ["Пара работала регулярно, цели достигнуты.", "Наставник помог освоиться, спасибо за поддержку."]
FORMS = (MentoringForm.EXPERIENCED_YOUNG, MentoringForm.TEACHER_TEACHER)
RESULTS = "Наставляемый провёл открытый урок, цели достигнуты."
REASONS = ["Наставник сменил место работы", "Наставляемый уволился", "По взаимному согласию"]


def seed(today: date, progress) -> list[str]:
    if MentoringProgram.objects.exists():
        return ["Наставничество: уже есть — пропущено."]
    with transaction.atomic():
        return _seed(today, progress)


def _people(today: date):
    """(educator, organization, municipality, region) of every educator working today, by their latest
    employment; young ones and experienced ones (10 years or more) apart."""
    from metodist.people.models import Educator, Employment

    young = set(Educator.objects.employed(today).young(today).values_list("pk", flat=True))
    veteran_start = add_years(today, -10)
    places, experienced = {}, defaultdict(list)
    rows = (
        Employment.objects.active(today)
        .order_by("educator_id", "-start_date")
        .values_list("educator_id", "organization_id", "organization__municipality_id",
                     "organization__municipality__region_id", "educator__ped_work_start")
    )  # fmt: skip
    for educator_id, organization_id, municipality_id, region_id, started in rows.iterator(chunk_size=10000):
        if educator_id in places:
            continue
        places[educator_id] = (organization_id, municipality_id, region_id)
        if educator_id not in young and started and started <= veteran_start:
            experienced[organization_id].append(educator_id)
    return young, places, experienced


def _seed(today: date, progress) -> list[str]:
    from metodist.accounts.models import User

    rng = random.Random(SEED)
    young, places, experienced = _people(today)
    users = {u.username: u.educator_id for u in User.objects.filter(username__in=["mentor", "teacher"])}
    by_org = defaultdict(list)
    for educator_id in sorted(young):
        if educator_id in places:
            by_org[places[educator_id][0]].append(educator_id)
    municipalities = {(place[1], place[2]) for place in places.values()}

    early = [date(year, 9, 1) for year in EARLY_YEARS if date(year, 9, 1) < add_years(today, -1)]
    first_start = min([date(today.year - 2, 9, 1), *early])  # the municipal program holds the early pairs
    municipal = MentoringProgram.objects.bulk_create(
        MentoringProgram(title="Муниципальная программа наставничества «Педагог – педагог»", municipality_id=m,
                         region_id=r, starts_on=first_start, local_act="Приказ УО о внедрении ЦМН")
        for m, r in sorted(municipalities)
    )  # fmt: skip
    municipal = {p.municipality_id: p for p in municipal}
    with_program = [org for org in sorted(by_org) if rng.random() < 0.5]
    demo_mentor, demo_teacher = users.get("mentor"), users.get("teacher")
    if demo_mentor in places and places[demo_mentor][0] not in with_program:
        with_program.append(places[demo_mentor][0])
    org_place = {place[0]: place for place in places.values()}
    created = MentoringProgram.objects.bulk_create(
        MentoringProgram(title="Программа наставничества образовательной организации", organization_id=org,
                         municipality_id=org_place[org][1], region_id=org_place[org][2],
                         starts_on=date(today.year - 2 + rng.randint(0, 1), 9, 1),
                         local_act="Приказ руководителя о реализации программы наставничества")
        for org in with_program
    )  # fmt: skip
    programs = {p.organization_id: p for p in created}

    load = defaultdict(int)
    plans = []  # (program, mentor, [mentees])
    if demo_mentor in places:
        mates = [e for e in by_org[places[demo_mentor][0]] if e != demo_teacher][:1]
        chosen = ([demo_teacher] if demo_teacher in places else []) + mates
        if chosen:
            plans.append((programs[places[demo_mentor][0]], demo_mentor, chosen, None))
            load[demo_mentor] = len(chosen)
    taken = {e for _, _, group, _ in plans for e in group}
    history, kept = _early(early, municipal, young, rng, exclude=taken | {demo_mentor})
    taken |= {e for _, _, group, fixed in history if fixed[2] == MentorshipStatus.ACTIVE for e in group}
    for org, people in sorted(by_org.items()):
        waiting = [e for e in people if e not in taken and rng.random() < SHARE]
        mentors = [m for m in experienced.get(org, []) if m != demo_mentor and m not in kept]
        rng.shuffle(mentors)
        program = programs.get(org) or municipal[org_place[org][1]]
        while waiting and mentors:
            mentor = mentors.pop()
            size = 2 if len(waiting) > 1 and rng.random() < 0.15 else 1
            group, waiting = waiting[:size], waiting[size:]
            plans.append((program, mentor, group, None))
            load[mentor] += len(group)
    plans = history + plans
    written = _write(plans, today, rng, progress, keep_active={demo_mentor})
    MentorCapacity.objects.bulk_create(MentorCapacity(educator_id=m, limit=3) for m in [demo_mentor] if m in places)
    incentives = MentorIncentive.objects.bulk_create(
        MentorIncentive(organization_id=org, municipality_id=org_place[org][1], region_id=org_place[org][2],
                        has_incentives=rng.random() < 0.7, act="Положение о системе стимулирующих выплат",
                        adopted_on=date(today.year - 1, 8, 30))
        for org in with_program if rng.random() < 0.6
    )  # fmt: skip
    mentees = len({e for _, _, group, fixed in plans for e in group if fixed is None or fixed[1] is None})
    return [
        f"Наставничество: программ {len(created) + len(municipal)}, пар и групп {len(plans)} "
        f"(завершено {written['completed']}, прекращено {written['terminated']}; начаты в "
        f"{', '.join(f'{d:%Y}' for d in early) or '—'}: {len(history)}), молодых педагогов с наставником "
        f"{mentees} из {len(young)}, встреч {written['meetings']}, сведений о стимулировании {len(incentives)}.",
    ]


def _early(starts, municipal, young_now, rng, exclude) -> tuple[list, set]:
    """Plans of the pairs that started on each of `starts`, in the municipal programs: a share of the educators
    young and working that day, each with an experienced colleague of their organization then, each mentee once.
    Most ended, completed, in May or June of the next school year; a mentee of the last year who is still young
    today kept her mentor (her pair is active, and the mentor takes no new pair). Returns the plans and the
    mentors kept busy."""
    plans, kept, mentored = [], set(), set(exclude)
    for day in starts:
        young, places, experienced = _people(day)
        by_org = defaultdict(list)
        for educator_id in sorted(young):
            if educator_id in places and educator_id not in mentored:
                by_org[places[educator_id][0]].append(educator_id)
        for org, people in sorted(by_org.items()):
            waiting = [e for e in people if rng.random() < EARLY_SHARE]
            mentors = [m for m in experienced.get(org, []) if m not in mentored and m not in kept]
            rng.shuffle(mentors)
            program = municipal.get(places[people[0]][1])
            while program and waiting and mentors:
                mentor, mentee = mentors.pop(), waiting.pop(0)
                mentored.add(mentee)
                if day == starts[-1] and mentee in young_now and rng.random() < 0.25:
                    kept.add(mentor)
                    fixed = (day, None, MentorshipStatus.ACTIVE)
                else:
                    fixed = (day, date(day.year + 1, rng.choice([5, 6]), rng.randint(20, 30)),
                             MentorshipStatus.COMPLETED)  # fmt: skip
                plans.append((program, mentor, [mentee], fixed))
    return plans, kept


def _write(plans, today, rng, progress, keep_active=frozenset()) -> dict:
    counts = defaultdict(int)
    for start in range(0, len(plans), BATCH):
        batch = plans[start : start + BATCH]
        rows = []
        for program, mentor, _group, fixed in batch:
            starts_on = (
                max(program.starts_on, date(today.year - rng.choice([1, 1, 2]), 9, 1)) if not fixed else fixed[0]
            )
            if starts_on > today:
                starts_on = today - timedelta(days=60)
            roll = 1 if mentor in keep_active or fixed else rng.random()  # the demo mentor's pair is being worked
            status, ends_on = fixed[2] if fixed else MentorshipStatus.ACTIVE, fixed[1] if fixed else None
            if roll < 0.12 and (today - starts_on).days > 300:
                status, ends_on = MentorshipStatus.COMPLETED, today - timedelta(days=rng.randint(10, 120))
            elif roll < 0.16:
                status, ends_on = MentorshipStatus.TERMINATED, today - timedelta(days=rng.randint(5, 60))
            rows.append(
                Mentorship(program=program, mentor_id=mentor, municipality_id=program.municipality_id,
                           region_id=program.region_id, starts_on=starts_on, ends_on=ends_on, status=status,
                           form=FORMS[0] if rng.random() < 0.85 else FORMS[1],
                           results=RESULTS if status == MentorshipStatus.COMPLETED else "",
                           end_reason=rng.choice(REASONS) if status == "terminated" else "")
            )  # fmt: skip
        made = Mentorship.objects.bulk_create(rows)
        members, goals, tasks, meetings, events, reviews = [], [], [], [], [], []
        for mentorship, (_, _, group, _) in zip(made, batch, strict=True):
            counts[mentorship.status] += 1
            members += [MentorshipMentee(mentorship=mentorship, educator_id=e, joined_on=mentorship.starts_on,
                                         left_on=mentorship.ends_on) for e in group]  # fmt: skip
            goals += _goals(mentorship, rng)
            tasks += [MentorshipTask(mentorship=mentorship, kind=kind, title=title,
                                     due_on=mentorship.starts_on + timedelta(days=45 * (i + 1)),
                                     done_on=mentorship.starts_on + timedelta(days=45 * (i + 1) - 3)
                                     if mentorship.starts_on + timedelta(days=45 * (i + 1)) < today else None)
                      for i, (kind, title) in enumerate(TASKS)]  # fmt: skip
            meetings += _meetings(mentorship, today, rng)
            events.append(MentorshipEvent(mentorship=mentorship, kind=EventKind.CREATED, text="Назначен при внедрении"))
            if mentorship.status == MentorshipStatus.COMPLETED:
                events.append(MentorshipEvent(mentorship=mentorship, kind=EventKind.COMPLETED, text=mentorship.results))
                reviews.append(MentorshipReview(mentorship=mentorship, author_id=mentorship.mentor_id, by_mentor=True,
                                                text=REVIEWS[0], rating=rng.randint(4, 5)))  # fmt: skip
                reviews += [MentorshipReview(mentorship=mentorship, author_id=e, by_mentor=False, text=REVIEWS[1],
                                             rating=rng.randint(3, 5)) for e in group]  # fmt: skip
            elif mentorship.status == MentorshipStatus.TERMINATED:
                events.append(MentorshipEvent(mentorship=mentorship, kind=EventKind.TERMINATED,
                                              text=mentorship.end_reason))  # fmt: skip
        MentorshipMentee.objects.bulk_create(members, batch_size=BATCH)
        MentorshipGoal.objects.bulk_create(goals, batch_size=BATCH)
        MentorshipTask.objects.bulk_create(tasks, batch_size=BATCH)
        MentoringMeeting.objects.bulk_create(meetings, batch_size=BATCH)
        MentorshipEvent.objects.bulk_create(events, batch_size=BATCH)
        MentorshipReview.objects.bulk_create(reviews, batch_size=BATCH)
        counts["meetings"] += len(meetings)
        progress(f"Наставничество: записано пар {start + len(batch)} из {len(plans)}")
    return counts


def _goals(mentorship, rng) -> list[MentorshipGoal]:
    from django.utils import timezone

    finished = mentorship.status == MentorshipStatus.COMPLETED
    made = []
    for text in rng.sample(GOALS, 3):
        checked = finished or rng.random() < 0.3
        confirmed = checked and (finished or rng.random() < 0.6)
        moment = timezone.now()
        made.append(MentorshipGoal(mentorship=mentorship, text=text, checked_by_mentee_at=moment if checked else None,
                                   confirmed_by_mentor_at=moment if confirmed else None))  # fmt: skip
    return made


def _meetings(mentorship, today, rng) -> list[MentoringMeeting]:
    """About one meeting a month over the last year of the pair (an early pair's whole year); one pair in six has
    gone silent for two months."""
    end = mentorship.ends_on or today
    if mentorship.status == MentorshipStatus.ACTIVE and rng.random() < 0.17:
        end = today - timedelta(days=60)
    day = max(mentorship.starts_on, min(end, today) - timedelta(days=365)) + timedelta(days=rng.randint(3, 20))
    made = []
    while day <= end:
        made.append(MentoringMeeting(mentorship=mentorship, held_on=day, topic=rng.choice(TOPICS),
                                     duration_minutes=rng.choice([30, 45, 45, 60, 90]),
                                     notes="Заметка наставника для себя" if rng.random() < 0.3 else ""))  # fmt: skip
        day += timedelta(days=rng.randint(24, 38))
    return made


def clear():
    """Deletes what seed made (all of the module's records: the demo's registry goes with them)."""
    MentorshipEvent.objects.all().delete()
    MentorshipReview.objects.all().delete()
    Mentorship.objects.all().delete()
    MentorCapacity.objects.all().delete()
    MentorIncentive.objects.all().delete()
    MentoringProgram.objects.all().delete()
