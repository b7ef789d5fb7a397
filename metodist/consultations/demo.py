"""Demo data of the module (called by metodist/demo/growth.py SEEDERS; rerun-safe: skipped when the demo
municipality has requests already).

In «Городской округ Энск», a year of requests for help (from twelve months before `today` to `today`) in every
status: from educators and from «school» (СОШ № 1) for a group of its staff, assigned to `methodist`, `tutor`,
`assoc` and `mentor`; consultations (individual and group ones answering several requests), with follow-ups to
the demo's events, route steps, mentorships and programs; ratings; declined ones with their reason; private
notes of `methodist`. The demo `teacher` has one request done and waiting for his rating and one closed and
rated. Deterministic (a seeded random), timestamps of the past as they would have been.
"""

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from metodist.accounts.models import User
from metodist.diagnostics.models import Competency
from metodist.difficulties.topics import current_competencies, ensure_default_topics
from metodist.orgs.models import Municipality

from .models import (
    AssigneeKind,
    Consultation,
    HelpForm,
    HelpRequest,
    PrivateNote,
    Rating,
    RequestAttachment,
    RequesterKind,
    RequestEvent,
    RequestStatus,
    Urgency,
)

SEED = 1212
MUNICIPALITY = "Городской округ Энск"
COUNT = 84
RECENT = 12
S = RequestStatus
EXECUTORS = [("methodist", AssigneeKind.METHODOLOGIST, 5), ("tutor", AssigneeKind.TUTOR, 2),
             ("assoc", AssigneeKind.ASSOCIATION_HEAD, 2), ("mentor", AssigneeKind.MENTOR, 2)]  # fmt: skip
# What educators ask, each with its topic — «c:<competency code>» of the demo framework or «t:<kept topic>» — and
# what the consultation advised, so that a request, its bank key and its consultation tell one story.
SCENARIOS = [
    ("c:fl.tasks",
     "Не получается выстроить систему заданий на формирование функциональной грамотности: задания из банка РЭШ "
     "ученики 7-х классов не выполняют, не понимают, что от них требуется.",
     "Разобрали структуру урока и типичные ошибки. Рекомендовано начинать урок с короткой задачи на применение "
     "знаний в жизненной ситуации и давать критерии оценивания до выполнения задания."),
    ("c:methods.program",
     "Прошу помочь с рабочей программой по обновлённому ФГОС: как распределить часы и описать планируемые "
     "результаты так, чтобы программа прошла проверку.",
     "Проверили рабочую программу: уточнены планируемые результаты, часы по разделам приведены в соответствие с "
     "ФОП. Дан образец тематического планирования."),
    ("c:incl.ovz",
     "В классе двое обучающихся с ОВЗ (ЗПР). Нужна консультация, как адаптировать задания и оценивание на уроке, "
     "не снижая темп для остальных.",
     "Рекомендовано вести лист наблюдений за обучающимися с ОВЗ, давать задания с опорами и разбивать инструкцию "
     "на шаги; подобраны материалы ресурсного центра."),
    ("c:upbr.class",
     "Родители активно жалуются в чатах на объём домашних заданий. Нужен совет, как провести родительское собрание "
     "и договориться о правилах общения.",
     "Составили план родительского собрания в форме практикума; предложены правила общения в родительском чате и "
     "памятка для родителей."),
    ("t:Подготовка обучающихся к ГИА (ОГЭ, ЕГЭ)",
     "Готовлю выпускников к ОГЭ по математике: низкие результаты пробного экзамена по второй части. Прошу посетить "
     "урок и подсказать, как выстроить повторение.",
     "После посещения урока рекомендовано выделить в каждом уроке 10 минут на задания второй части ОГЭ и вести "
     "карту пробелов каждого ученика."),
    ("t:Подготовка к конкурсу профессионального мастерства",
     "Хочу участвовать в конкурсе «Учитель года», но не понимаю, как подготовить методический семинар и эссе.",
     "Обсудили требования конкурса, тему методического семинара и план эссе; назначена повторная встреча с "
     "наставником."),
    ("c:assess.formative",
     "Начинаю применять формирующее оценивание: как вести листы самооценки и не утонуть в проверке?",
     "Показаны приёмы самооценки («светофор», лист достижений), как проверять выборочно и как использовать "
     "взаимооценку."),
    ("t:Профилактика профессионального выгорания",
     "Чувствую сильную усталость, трудно с дисциплиной в 8-м классе. Нужна консультация по управлению классом.",
     "Разобраны приёмы управления классом; рекомендована программа профилактики выгорания и встречи с психологом."),
    ("c:digital.platforms",
     "Как использовать ФГИС «Моя школа» для домашних заданий и контрольных, чтобы это экономило время, а не "
     "добавляло работы?",
     "Показаны библиотека цифрового контента и автоматическая проверка заданий ФГИС «Моя школа»; составлен план "
     "перевода домашних заданий одного класса в электронный вид на четверть."),
    ("c:upbr.class",
     "Впервые веду классное руководство в 5-м классе: нужна помощь с планом воспитательной работы и адаптацией "
     "детей к основной школе.",
     "Составлен план воспитательной работы на полугодие по программе воспитания школы; рекомендованы классные часы "
     "на адаптацию пятиклассников и встреча с педагогом-психологом."),
    ("t:Подготовка к аттестации",
     "Осенью аттестация на первую категорию: прошу проверить портфолио и подсказать, каких материалов не хватает.",
     "Проверено портфолио: рекомендовано добавить результаты обучающихся за три года, открытый урок и справку об "
     "участии в работе ШМО; дан перечень документов."),
    ("c:methods.differentiation",
     "В классе очень разный уровень подготовки: как дифференцировать задания, чтобы сильные не скучали, а слабые "
     "успевали?",
     "Показаны приёмы уровневой дифференциации (задания трёх уровней, карточки-помощники, группы сменного "
     "состава); рекомендовано посетить урок коллеги — участника ГМК."),
    ("c:assess.data",
     "Результаты ВПР по математике в 6-х классах ниже муниципальных: как проанализировать ошибки и перестроить "
     "уроки?",
     "Разобран поэлементный анализ ВПР: выделены четыре проверяемых умения с наибольшей долей ошибок, к каждому "
     "подобраны задания для уроков повторения."),
    ("c:psy.motivation",
     "Ученики 8-х классов не хотят работать на уроке, домашние задания не выполняет половина класса. Как повысить "
     "учебную мотивацию?",
     "Рекомендованы выбор задания, задачи из жизни и короткие достижимые цели урока; составлен план на четверть, "
     "договорились о повторной встрече."),
]  # fmt: skip
# The organizations' requests for a group of their staff, with their topics and the advice of the seminar.
GROUP_SCENARIOS = [
    ("c:methods.program",
     "Молодым учителям школы (стаж до трёх лет) нужна помощь с рабочими программами и поурочным планированием по "
     "обновлённым ФГОС и ФОП.",
     "Проведён семинар-практикум: разобраны структура рабочей программы и конструктор ФОП, каждый участник "
     "составил тематическое планирование на четверть."),
    ("c:assess.formative",
     "Просим провести выездной семинар для учителей начальных классов по формирующему оцениванию.",
     "На выездном семинаре показаны приёмы формирующего оценивания в начальной школе; участники разработали "
     "листы самооценки для своих уроков."),
    ("c:incl.ovz",
     "Учителям-предметникам нужна консультация по работе с обучающимися с ОВЗ в инклюзивных классах.",
     "Разобраны адаптированные программы и специальные условия для обучающихся с ОВЗ; подобраны материалы "
     "ресурсного центра."),
]  # fmt: skip
DECLINE_REASONS = [
    "Вопрос относится к компетенции администрации школы (распределение нагрузки): обратитесь к директору.",
    "Такой же запрос уже подан вашей организацией для группы педагогов: вы включены в групповую консультацию.",
    "Запрос не содержит вопроса: опишите затруднение подробнее и подайте заново.",
]
COMMENTS = [
    "Спасибо, всё понятно и сразу применимо на уроке.",
    "Очень полезная консультация, получила готовые материалы.",
    "Хотелось бы ещё одну встречу через месяц.",
    "",
    "Помогли разобраться, рекомендации работают.",
]
NOTES = [
    "Педагог на грани выгорания, в разговоре избегает темы нагрузки. Через месяц уточнить самочувствие лично.",
    "Администрация школы, по словам педагога, не поддерживает участие в конкурсе — учесть при выезде в ОО.",
    "Повторный запрос по той же теме: возможно, нужен наставник, а не консультация.",
]


def _moment(rng, day: date, start=9, end=17) -> datetime:
    return datetime.combine(day, time(rng.randint(start, end), rng.choice((0, 15, 30, 45))),
                            tzinfo=timezone.get_current_timezone())  # fmt: skip


def _topics(region):
    """A function from a scenario's topic («c:<code>», «t:<name>») to the competency of the current framework or
    the region's kept topic; a topic the data do not have falls back to the first kept one."""
    kept = {topic.name: topic for topic in ensure_default_topics(region)}
    scored = {competency.code: competency for competency in current_competencies()}
    fallback = next(iter(kept.values()))

    def resolve(spec: str):
        kind, name = spec.split(":", 1)
        return (scored if kind == "c" else kept).get(name, fallback)

    return resolve


def _status(rng, age: int) -> str:
    if age <= 12:
        return rng.choice((S.NEW, S.NEW, S.ASSIGNED))
    if age <= 25:
        return rng.choice((S.NEW, S.ASSIGNED, S.SCHEDULED, S.SCHEDULED, S.DONE))
    if age <= 50:
        return rng.choice((S.DONE, S.DONE, S.CLOSED, S.CLOSED, S.DECLINED))
    return rng.choice((S.CLOSED,) * 7 + (S.DONE, S.DECLINED))


class _Seeder:
    def __init__(self, rng, today, municipality, users):
        self.rng, self.today, self.municipality, self.users = rng, today, municipality, users
        self.events: list[RequestEvent] = []
        self.count = {"requests": 0, "consultations": 0, "ratings": 0}
        self.methodist = users["methodist"]
        self.advice: dict[int, str] = {}  # request → what its consultation advised (its scenario's)

    def executor(self):
        present = [(self.users[name], kind, weight) for name, kind, weight in EXECUTORS if name in self.users]
        user, kind, _ = self.rng.choices(present, [weight for _, _, weight in present])[0]
        return user, kind

    def file(self, *, organization, educator=None, staff=(), status, filed_on, scenario, resolve, **extra):
        rng = self.rng
        spec, description, advice = scenario
        topic = resolve(spec)
        filed = _moment(rng, filed_on)
        competency, kept = (topic, None) if isinstance(topic, Competency) else (None, topic)
        item = HelpRequest.objects.create(
            requester_kind=RequesterKind.EDUCATOR if educator else RequesterKind.ORGANIZATION,
            educator=educator,
            organization=organization,
            competency=competency,
            topic=kept,
            subject=extra.pop("subject", None),
            description=description,
            form_wanted=extra.pop("form_wanted", HelpForm.INDIVIDUAL),
            urgency=extra.pop("urgency", Urgency.URGENT if rng.random() < 0.15 else Urgency.NORMAL),
            status=S.NEW,
            filed_at=filed,
            municipality_id=organization.municipality_id,
            region_id=organization.region_id,
            created_by=extra.pop("created_by", None),
        )
        self.advice[item.pk] = advice
        if staff:
            item.staff.set(staff)
        self.count["requests"] += 1
        self._event(item, "", S.NEW, item.created_by, filed)
        self.advance(item, status, executor=extra.pop("executor", None))
        return item

    def _event(self, item, before, after, by, at, comment=""):
        self.events.append(RequestEvent(request=item, status_from=before, status_to=after, by=by, at=at,
                                        comment=comment))  # fmt: skip

    def advance(self, item, status, executor=None):
        """Moves a new request on to `status` with the dates it would have had."""
        rng, now = self.rng, timezone.now()
        if status == S.NEW:
            return
        if status == S.DECLINED:
            item.decline_reason = rng.choice(DECLINE_REASONS)
            item.closed_at = min(item.filed_at + timedelta(hours=rng.randint(4, 60)), now)
            item.status = S.DECLINED
            item.save(update_fields=["decline_reason", "closed_at", "status"])
            self._event(item, S.NEW, S.DECLINED, self.methodist, item.closed_at, item.decline_reason)
            return
        user, kind = executor or self.executor()
        item.assignee, item.assignee_kind = user, kind
        item.assigned_at = min(item.filed_at + timedelta(hours=rng.randint(2, 96)), now)
        name = user.get_full_name() or user.username
        self._event(item, S.NEW, S.ASSIGNED, self.methodist, item.assigned_at, f"Исполнитель: {name}.")
        item.status = S.ASSIGNED
        if status != S.ASSIGNED:
            day = item.assigned_at.date() + timedelta(days=rng.randint(3, 12))
            if status == S.SCHEDULED:
                day = max(day, self.today + timedelta(days=rng.randint(1, 12)))
            else:
                day = min(day, self.today - timedelta(days=1))
            item.scheduled_for = day
            at = item.assigned_at + timedelta(minutes=5)
            self._event(item, S.ASSIGNED, S.SCHEDULED, self.methodist, at, f"Назначена дата: {day:%d.%m.%Y}.")
            item.status = S.SCHEDULED
        item.save()

    def consult(self, items, *, follow):
        """One consultation for `items` (several: a group one), by the first one's executor."""
        rng, first = self.rng, items[0]
        people = []
        for item in items:
            people += [item.educator] if item.educator_id else list(item.staff.all())
        consultation = Consultation.objects.create(
            held_on=first.scheduled_for,
            form=HelpForm.GROUP if len(items) > 1 else first.form_wanted,
            duration_minutes=rng.choice((30, 40, 45, 60, 90)) if len(items) == 1 else 90,
            topic_text=first.topic_label[:300],
            advice=self.advice[first.pk],
            conducted_by=first.assignee,
            municipality_id=first.municipality_id,
            region_id=first.region_id,
            **follow(people),
        )
        consultation.requests.set(items)
        consultation.participants.set(people)
        self.count["consultations"] += 1
        for item in items:
            item.done_at, item.status = _moment(rng, consultation.held_on, 14, 17), S.DONE
            item.save(update_fields=["done_at", "status"])
            text = f"Проведена консультация {consultation.held_on:%d.%m.%Y}: {consultation.topic_text}"
            self._event(item, S.SCHEDULED, S.DONE, first.assignee, item.done_at, text)
        return consultation

    def rate(self, item, by, score=None):
        rng = self.rng
        score = score or rng.choices((5, 4, 3, 2), (55, 30, 10, 5))[0]
        rated = min(item.done_at + timedelta(days=rng.randint(1, 8)), timezone.now())
        Rating.objects.create(request=item, score=score, solved=score >= 4 or rng.random() < 0.3,
                              comment=rng.choice(COMMENTS), rated_by=by, rated_at=rated)  # fmt: skip
        item.status, item.closed_at = S.CLOSED, rated
        item.save(update_fields=["status", "closed_at"])
        self._event(item, S.DONE, S.CLOSED, by, rated, f"Оценка помощи: {score} из 5")
        self.count["ratings"] += 1


def _follow_ups(rng, municipality):
    from metodist.events.models import Event
    from metodist.mentoring.models import Mentorship
    from metodist.routes.models import RouteStep
    from metodist.training.models import Program

    events = list(Event.objects.filter(municipality=municipality).order_by("pk")[:40])
    programs = list(Program.objects.order_by("pk")[:40])

    def follow(people):
        ids = [person.pk for person in people]
        chosen = {}
        kind = rng.choice(("route", "event", "mentorship", "program", "text", "text"))
        if kind == "route":
            step = RouteStep.objects.filter(route__educator_id__in=ids).order_by("pk").first()
            if step:
                chosen["follow_route_step"] = step
        elif kind == "mentorship":
            mentorship = Mentorship.objects.filter(memberships__educator_id__in=ids).order_by("pk").first()
            if mentorship:
                chosen["follow_mentorship"] = mentorship
        elif kind == "event" and events:
            chosen["follow_event"] = rng.choice(events)
        elif kind == "program" and programs:
            chosen["follow_program"] = rng.choice(programs)
        chosen["follow_up"] = rng.choice((
            "Повторная консультация через месяц.",
            "Рекомендовано посетить открытые уроки коллег в рамках ММО.",
            "Материалы отправлены на электронную почту.",
        ))  # fmt: skip
        return chosen

    return follow


@transaction.atomic
def seed(*, today: date, progress: Callable[[str], None]) -> list[str]:
    municipality = Municipality.objects.filter(name=MUNICIPALITY).select_related("region").first()
    if municipality is None:
        return ["Запросы на методическую помощь: нет демонстрационного муниципалитета — пропущено."]
    if HelpRequest.objects.filter(municipality=municipality).exists():
        return ["Запросы на методическую помощь: уже есть — пропущено."]
    from metodist.people.models import Employment, PositionKind

    rng = random.Random(SEED)
    names = ["methodist", "tutor", "assoc", "mentor", "teacher", "school"]
    users = {user.username: user for user in User.objects.filter(username__in=names)}
    if "methodist" not in users:
        return ["Запросы на методическую помощь: нет демонстрационного методиста — пропущено."]
    resolve = _topics(municipality.region)
    working = (
        Employment.objects.filter(
            organization__municipality=municipality, position__kind=PositionKind.PEDAGOGICAL, end_date__isnull=True
        )
        .select_related("educator", "organization")
        .order_by("pk")
    )
    jobs = list(working)
    from metodist.mentoring.models import MentorshipMentee

    mentees = set(MentorshipMentee.objects.values_list("educator_id", flat=True))
    mentored = [job for job in jobs if job.educator_id in mentees] or jobs
    seeder = _Seeder(rng, today, municipality, users)
    follow = _follow_ups(rng, municipality)
    educator_users = {u.educator_id: u for u in User.objects.filter(educator_id__in=[j.educator_id for j in jobs])}
    done_waiting: list[HelpRequest] = []
    # evenly over the year, and more in the last three weeks: the queue of today
    ages = sorted([int(365 * (1 - n / COUNT)) for n in range(COUNT)] + [rng.randint(0, 20) for _ in range(RECENT)])
    for number, age in enumerate(reversed(ages)):
        job = rng.choice(mentored if number % 8 == 0 else jobs)  # young mentees ask for help too
        status = _status(rng, age)
        item = seeder.file(
            organization=job.organization,
            educator=job.educator,
            status=status,
            filed_on=today - timedelta(days=age),
            scenario=rng.choice(SCENARIOS),
            resolve=resolve,
            form_wanted=rng.choice((HelpForm.INDIVIDUAL, HelpForm.INDIVIDUAL, HelpForm.LESSON_VISIT)),
            created_by=educator_users.get(job.educator_id),
        )
        if status in (S.DONE, S.CLOSED):
            done_waiting.append((item, status))
    # group consultations: requests of the same month answered together
    groups, single = [], []
    done_waiting.sort(key=lambda pair: pair[0].filed_at)
    planned = {item.pk: status for item, status in done_waiting}
    for item, _ in done_waiting:
        if len(groups) < 4 and rng.random() < 0.3:
            groups.append([item])
        elif groups and len(groups[-1]) < 3 and _joins(item, groups[-1][0]) and rng.random() < 0.7:
            partner = groups[-1][0]
            item.scheduled_for, item.assignee, item.assignee_kind = (
                partner.scheduled_for,
                partner.assignee,
                partner.assignee_kind,
            )
            item.save(update_fields=["scheduled_for", "assignee", "assignee_kind"])
            groups[-1].append(item)
        else:
            single.append([item])
    for items in groups + single:
        seeder.consult(items, follow=follow)
        for item in items:
            if planned[item.pk] == S.CLOSED:
                seeder.rate(item, educator_users.get(item.educator_id) or seeder.methodist)
    _own(seeder, users, today, follow, resolve)
    RequestEvent.objects.bulk_create(seeder.events)
    for item, text in zip(
        HelpRequest.objects.filter(municipality=municipality, assignee=seeder.methodist).order_by("pk")[:3],
        NOTES,
        strict=False,
    ):
        PrivateNote.objects.create(request=item, author=seeder.methodist, text=text)
    progress(f"  запросы на методическую помощь: {seeder.count['requests']}")
    counts = seeder.count
    return [
        f"Запросы на методическую помощь: {counts['requests']}, консультаций {counts['consultations']}, "
        f"оценок {counts['ratings']}."
    ]


def _joins(item, partner) -> bool:
    """A request may be answered at the partner's group consultation: on the same topic, filed before it, within
    a month."""
    same = (item.competency_id, item.topic_id) == (partner.competency_id, partner.topic_id)
    return same and 2 <= (partner.scheduled_for - item.filed_at.date()).days <= 30


def _own(seeder, users, today, follow, resolve):
    """The demo personas' requests: the teacher's (one done to rate, one closed and rated), the school's for a
    group of staff, and an open one for every executor."""
    teacher, school = users.get("teacher"), users.get("school")
    methodist = seeder.methodist
    if teacher and teacher.educator_id:
        home = teacher.educator.home_organization(today)
        if home:
            subject = teacher.educator.employments.first().subjects.first()
            closed = seeder.file(
                organization=home, educator=teacher.educator, status=S.DONE, filed_on=today - timedelta(days=95),
                subject=subject, created_by=teacher, executor=(methodist, AssigneeKind.METHODOLOGIST),
                scenario=(SCENARIOS[4][0],
                          "Готовлю 9-й класс к ОГЭ по математике: по итогам пробного экзамена половина класса не "
                          "приступает ко второй части. Прошу посетить урок и помочь выстроить повторение.",
                          SCENARIOS[4][2]),
                resolve=resolve, form_wanted=HelpForm.LESSON_VISIT,
            )  # fmt: skip
            seeder.consult([closed], follow=follow)
            seeder.rate(closed, teacher, score=5)
            waiting = seeder.file(
                organization=home, educator=teacher.educator, status=S.DONE, filed_on=today - timedelta(days=16),
                subject=subject, created_by=teacher, executor=(methodist, AssigneeKind.METHODOLOGIST),
                scenario=(SCENARIOS[6][0],
                          "Начал вводить формирующее оценивание в 7-х классах: ученики не понимают листы "
                          "самооценки, а проверка занимает слишком много времени. Нужна консультация.",
                          SCENARIOS[6][2]),
                resolve=resolve,
            )  # fmt: skip
            waiting.scheduled_for = min(waiting.scheduled_for, today - timedelta(days=2))
            waiting.save(update_fields=["scheduled_for"])
            seeder.consult([waiting], follow=follow)
    if school:
        organization = school.organizations.order_by("pk").first()
        if organization:
            from metodist.people.models import Employment

            staff = [
                job.educator
                for job in Employment.objects.filter(organization=organization, end_date__isnull=True)
                .select_related("educator")
                .order_by("-educator__ped_work_start", "pk")[:4]
            ]
            for age, status, scenario, form in (
                (150, S.DONE, GROUP_SCENARIOS[0], HelpForm.SEMINAR),
                (9, S.SCHEDULED, GROUP_SCENARIOS[1], HelpForm.SCHOOL_VISIT),
                (2, S.NEW, GROUP_SCENARIOS[2], HelpForm.GROUP),
            ):
                item = seeder.file(organization=organization, staff=staff, status=status, created_by=school,
                                   filed_on=today - timedelta(days=age), scenario=scenario, resolve=resolve,
                                   form_wanted=form, executor=(methodist, AssigneeKind.METHODOLOGIST))  # fmt: skip
                if status == S.DONE:
                    seeder.consult([item], follow=follow)
                    seeder.rate(item, school, score=4)
    _executors_open(seeder, users, today, resolve)


def _executors_open(seeder, users, today, resolve):
    """Every executor has an undated request and one scheduled soon."""
    from metodist.people.models import Employment

    rng = seeder.rng
    jobs = list(
        Employment.objects.filter(organization__municipality=seeder.municipality, end_date__isnull=True)
        .select_related("educator", "organization")
        .order_by("pk")[:300]
    )
    for name, kind, _ in EXECUTORS:
        user = users.get(name)
        if user is None:
            continue
        for status, age in ((S.ASSIGNED, 3), (S.SCHEDULED, 8)):
            job = rng.choice(jobs)
            seeder.file(organization=job.organization, educator=job.educator, status=status,
                        filed_on=today - timedelta(days=age), scenario=rng.choice(SCENARIOS), resolve=resolve,
                        executor=(user, kind))  # fmt: skip


def clear() -> None:
    Rating.objects.all().delete()
    PrivateNote.objects.all().delete()
    Consultation.objects.all().delete()
    RequestAttachment.objects.all().delete()
    RequestEvent.objects.all().delete()
    HelpRequest.objects.all().delete()
