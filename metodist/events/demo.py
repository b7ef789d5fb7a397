"""Demo data of the events module (called by metodist/demo/growth.py SEEDERS): a year of events in every
municipality (about forty in each: past and upcoming, by the methodological service, by associations and
by schools, some network, some for young educators), with registrations, waiting lists, apologies, attendance,
speakers and hosts, and feedback; the demo `teacher` gets upcoming registrations and an event to rate. Events
fall on working days of the production calendar (metodist/lib/workdays.py).

Deterministic (a fixed random seed, educators in the order of their ids), written with bulk inserts.
"""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from metodist.lib.workdays import previous_working_day

from .models import (
    Event,
    EventKind,
    EventLevel,
    EventStatus,
    Feedback,
    Material,
    OrganizerKind,
    Participation,
    ParticipationRole,
    RegistrationStatus,
)

SEED = "metodist-events-demo"
MARKED = (RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT)
PER_MUNICIPALITY = 40
BATCH = 5000
PAST_DAYS, AHEAD_DAYS = 300, 75
K = EventKind
TOPICS = [
    (K.SEMINAR, "Формирование функциональной грамотности на уроках"),
    (K.MASTER_CLASS, "Приёмы формирующего оценивания"),
    (K.CONFERENCE, "Научно-практическая конференция «Современный урок»"),
    (K.ROUND_TABLE, "Итоги ГИА: точечные дефициты и пути их преодоления"),
    (K.WEBINAR, "Обновлённые ФГОС: рабочие программы в конструкторе"),
    (K.INTERNSHIP, "Стажировка: цифровая образовательная среда школы"),
    (K.METHOD_DAY, "Методический день школы"),
    (K.MARATHON, "Методический марафон «Наставничество в действии»"),
    (K.FESTIVAL, "Фестиваль лучших практик"),
    (K.OPEN_LESSON, "Открытый урок: смысловое чтение"),
    (K.LABORATORY, "Творческая лаборатория учителей начальных классов"),
    (K.HORIZONTAL, "Сессия горизонтального обучения: обмен опытом ШМО"),
]
YOUNG_TOPICS = ["Школа молодого специалиста: классное руководство", "Школа молодого специалиста: первый урок",
                "Клуб молодых педагогов: профилактика выгорания"]  # fmt: skip
COMMENTS = ["Очень полезно, возьму в работу.", "Хотелось бы больше практики.", "", "", "Спасибо организаторам!"]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed(*, today: date, progress) -> list[str]:
    if Event.objects.exists():
        return ["Мероприятия: уже есть — пропущено."]
    from metodist.accounts.models import User
    from metodist.community.models import Association
    from metodist.orgs.models import Municipality, Organization
    from metodist.people.models import Employment

    rng = random.Random(SEED)
    now = timezone.now()
    staff = defaultdict(list)  # municipality → educator ids (main active employment)
    orgs = defaultdict(list)
    for educator_id, municipality_id in (
        Employment.objects.active(today)
        .order_by("educator_id")
        .values_list("educator_id", "organization__municipality_id")
        .distinct()
    ):
        staff[municipality_id].append(educator_id)
    for pk, municipality_id in Organization.objects.order_by("pk").values_list("pk", "municipality_id"):
        orgs[municipality_id].append(pk)
    associations = defaultdict(list)
    for pk, municipality_id in (
        Association.objects.filter(municipality__isnull=False).order_by("pk").values_list("pk", "municipality_id")
    ):
        associations[municipality_id].append(pk)
    young = set(_young_ids(today))
    teacher = User.objects.filter(username="teacher").values_list("educator_id", flat=True).first()
    teacher_places = {m for m, people in staff.items() if teacher in people} if teacher else set()

    events = []
    for municipality in Municipality.objects.order_by("pk"):
        if not staff[municipality.pk]:
            continue
        for n in range(PER_MUNICIPALITY):
            kind, title = TOPICS[n % len(TOPICS)]
            for_young = n % 8 == 3
            if for_young:
                kind, title = K.SEMINAR, YOUNG_TOPICS[n % len(YOUNG_TOPICS)]
            # a weekend or a holiday of the production calendar (1–8 January, 9 May…) moves to the working day before
            day = previous_working_day(today + timedelta(days=rng.randint(-PAST_DAYS, AHEAD_DAYS)))
            organizer, association, organization = OrganizerKind.SERVICE, None, None
            if associations[municipality.pk] and n % 3 == 1:
                organizer, association = OrganizerKind.ASSOCIATION, rng.choice(associations[municipality.pk])
            if kind in (K.INTERNSHIP, K.METHOD_DAY, K.OPEN_LESSON) and orgs[municipality.pk]:
                organizer, organization = OrganizerKind.ORGANIZATION, rng.choice(orgs[municipality.pk])
                association = None
            starts = _at(day, rng.choice((10, 14, 15)))
            events.append(Event(
                title=title, kind=kind, level=EventLevel.MUNICIPAL, organizer_kind=organizer,
                association_id=association, organization_id=organization, network=n % 5 == 2 and bool(association),
                for_young=for_young, theme=title.split(":")[-1].strip(), starts_at=starts,
                ends_at=starts + timedelta(hours=2), place="ИМЦ, конференц-зал" if kind != K.WEBINAR else "",
                link="https://vebinar.example.ru/metodist" if kind == K.WEBINAR else "",
                capacity=rng.choice((None, 15, 20, 25, 30)), closes_days_before=1,
                needs_approval=n % 10 == 7, municipality_id=municipality.pk, region_id=municipality.region_id,
                status=EventStatus.CANCELLED if n == 17 else EventStatus.PUBLISHED,
            ))  # fmt: skip
    with transaction.atomic():
        Event.objects.bulk_create(events, batch_size=BATCH)
        events = list(Event.objects.order_by("pk"))
        progress(f"  мероприятия: {len(events)}")
        rows = []
        for event in events:
            pool = staff[event.municipality_id]
            if event.for_young:
                pool = [pk for pk in pool if pk in young] or pool
            size = min(len(pool), rng.randint(10, 35))
            chosen = rng.sample(pool, size)
            # the demo teacher: a quarter of the past events, most of the upcoming ones
            if event.municipality_id in teacher_places and rng.random() < (0.25 if event.ends_at < now else 0.7):
                chosen = [teacher] + [pk for pk in chosen if pk != teacher]
            past = event.ends_at < now
            seats, seated, waiting = event.capacity, 0, 0
            for i, educator_id in enumerate(chosen):
                role = ParticipationRole.PARTICIPANT
                if i < 2 and event.status == EventStatus.PUBLISHED and educator_id != teacher:
                    role = (
                        ParticipationRole.HOST
                        if event.kind in (K.MASTER_CLASS, K.INTERNSHIP) and i == 0
                        else ParticipationRole.SPEAKER
                    )
                status, position = RegistrationStatus.REGISTERED, None
                if role == ParticipationRole.PARTICIPANT and seats is not None and seated >= seats:
                    waiting += 1
                    status, position = RegistrationStatus.WAITING, waiting
                elif role == ParticipationRole.PARTICIPANT:
                    seated += 1  # speakers and hosts take no seat
                if past and status == RegistrationStatus.REGISTERED and event.status == EventStatus.PUBLISHED:
                    draw = rng.random()
                    status = (RegistrationStatus.ATTENDED if draw < 0.78 or role != ParticipationRole.PARTICIPANT
                              else RegistrationStatus.EXCUSED if draw < 0.9 else RegistrationStatus.ABSENT)  # fmt: skip
                elif past and status == RegistrationStatus.WAITING:
                    status, position = RegistrationStatus.CANCELLED, None
                elif not past and event.needs_approval and status == RegistrationStatus.REGISTERED and i % 3 == 0:
                    status = RegistrationStatus.PENDING
                rows.append(Participation(
                    event_id=event.pk, educator_id=educator_id, role=role, status=status, waiting_position=position,
                    registered_at=min(now, event.starts_at - timedelta(days=rng.randint(2, 20))),
                    marked_at=event.ends_at if status in MARKED else None,
                ))  # fmt: skip
        Participation.objects.bulk_create(rows, batch_size=BATCH)
        progress(f"  регистрации: {len(rows)}")
        attended = (
            Participation.objects.filter(status=RegistrationStatus.ATTENDED)
            .order_by("pk")
            .values_list("pk", "educator_id")
        )
        feedback = []
        for pk, educator_id in attended.iterator(chunk_size=BATCH):
            if educator_id == teacher or rng.random() > 0.6:
                continue
            overall = rng.choices((5, 4, 3, 2), weights=(50, 32, 13, 5))[0]
            useful = max(1, overall - rng.randint(0, 1))
            feedback.append(
                Feedback(participation_id=pk, overall=overall, usefulness=useful, comment=rng.choice(COMMENTS))
            )
        Feedback.objects.bulk_create(feedback, batch_size=BATCH)
        Material.objects.bulk_create(
            [
                Material(event_id=e.pk, title="Презентация мероприятия", url="https://metodist.example.ru/materials")
                for e in events
                if e.ends_at < now and e.pk % 2 == 0
            ],  # fmt: skip
            batch_size=BATCH,
        )
    waiting = sum(1 for row in rows if row.status == RegistrationStatus.WAITING)
    return [
        f"Мероприятия: {len(events)}, регистраций {len(rows)} (в листе ожидания {waiting}), отзывов {len(feedback)}."
    ]


def _young_ids(today: date):
    from metodist.people.models import Educator

    start = date(today.year - 35, today.month, 1)
    return Educator.objects.filter(
        birth_date__gt=start, ped_work_start__gt=today - timedelta(days=3 * 365)
    ).values_list("pk", flat=True)


def clear() -> None:
    Feedback.objects.all().delete()
    Material.objects.all().delete()
    Participation.objects.all().delete()
    Event.objects.all().delete()
