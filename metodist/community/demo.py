"""Demo data of the module (called by metodist/demo/growth.py SEEDERS; rerun-safe): in every municipality РМО
of the main subjects, a ГМК, ШМО in a few schools, and in most of them a functional literacy group, a school of
young educators and an association of mentors; one regional association of young educators per region. Members
join on dated days and some have left. The demo municipality (the demo `methodist`'s) also gets a plan for the
current academic year, meetings with minutes and attendees over the last year and products; the demo `assoc`
heads two of its associations.

Deterministic (a fixed random seed, rows in the order of their ids), written with bulk inserts.
"""

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction

from metodist.lib.dates import add_years

from .models import (
    Association,
    AssociationKind,
    AssociationLevel,
    AssociationMeeting,
    AssociationPlan,
    AssociationPlanItem,
    AssociationProduct,
    MeetingAttachment,
    Membership,
    PlanItemForm,
    ProductKind,
    academic_year_of,
)

SEED = "metodist-community-demo"
BATCH = 5000
K, L = AssociationKind, AssociationLevel
# subject code → the РМО's title
SUBJECTS = {
    "russian": "РМО учителей русского языка и литературы",
    "mathematics": "РМО учителей математики",
    "primary": "РМО учителей начальных классов",
    "english": "РМО учителей иностранного языка",
    "history": "РМО учителей истории и обществознания",
    "physics": "РМО учителей физики",
}
LITERACY_THEME = "Формирование функциональной грамотности обучающихся"
SCHOOL_ASSOCIATIONS = 3  # ШМО in the first general schools of a municipality
LEFT_SHARE = 0.15  # of the members who have left
YOUNG_LOOKBACK = 5  # years: the young of the last five years are (or were) members of the young's associations
YOUNG_KINDS = (AssociationKind.YOUNG, AssociationKind.REGIONAL_YOUNG)
PLAN = [  # (month of the academic year from September = 0, topic, form)
    (0, "Утверждение плана работы на учебный год", PlanItemForm.MEETING),
    (1, "Анализ результатов ВПР и ГИА прошлого года", PlanItemForm.SEMINAR),
    (2, "Открытые уроки: формирующее оценивание", PlanItemForm.OPEN_LESSON),
    (3, "Приёмы работы с текстом на уроках", PlanItemForm.MASTER_CLASS),
    (5, "Подготовка к муниципальному этапу конкурса «Учитель года»", PlanItemForm.CONSULTATION),
    (6, "Банк заданий по функциональной грамотности", PlanItemForm.ROUND_TABLE),
    (8, "Итоги года, планирование на следующий год", PlanItemForm.MEETING),
]
MINUTES = (
    "Слушали: {head} о теме заседания «{topic}».\n"
    "Выступили: члены объединения с опытом работы по теме.\n"
    "Решили: 1) принять к сведению информацию; 2) подготовить материалы для банка методических разработок; "
    "3) провести взаимопосещение уроков до следующего заседания."
)
PRODUCTS = [
    ("Сборник методических разработок уроков", ProductKind.COLLECTION),
    ("Банк заданий для оценки функциональной грамотности", ProductKind.BANK),
    ("Методические рекомендации по подготовке к ГИА", ProductKind.RECOMMENDATIONS),
]


def seed(*, today: date, progress: Callable[[str], None]) -> list[str]:
    """Seeds the module's demo data on the registry loaded by seed_demo; returns summary lines."""
    if Association.objects.exists():
        return ["Объединения: уже есть — пропущено."]
    with transaction.atomic():
        return _Seeder(today, progress).run()


class _Seeder:
    def __init__(self, today: date, progress):
        from metodist.accounts.models import User

        self.today, self.progress, self.rng = today, progress, random.Random(SEED)
        users = {user.username: user for user in User.objects.filter(username__in=["methodist", "assoc"])}
        self.home = users["methodist"].municipality_id if "methodist" in users else None
        self.assoc = users.get("assoc")
        self.year = academic_year_of(today)
        self.since, self.ped_start = {}, {}
        from metodist.people.models import Subject

        self.subjects = dict(Subject.objects.filter(code__in=SUBJECTS).values_list("code", "pk"))

    def run(self) -> list[str]:
        places, subjects, young, experienced = self._registry()
        groups: list[tuple[Association, list[int]]] = []  # an association and the educators who join it
        by_municipality = defaultdict(list)
        regions = {}
        for educator_id, (_, municipality_id, region_id) in places.items():
            by_municipality[municipality_id].append(educator_id)
            regions[municipality_id] = region_id
        schools = self._schools()
        for municipality_id in sorted(by_municipality):
            registry = (places, subjects, young, experienced, schools.get(municipality_id, []))
            groups += self._municipality(municipality_id, regions[municipality_id], by_municipality[municipality_id],
                                         *registry)  # fmt: skip
        for region_id in sorted(set(regions.values())):
            people = [pk for pk in young if places.get(pk, (0, 0, 0))[2] == region_id]
            regional = Association(title="Региональная ассоциация молодых педагогов", kind=K.REGIONAL_YOUNG,
                                   level=L.REGIONAL, region_id=region_id, founded_on=date(2018, 9, 1))  # fmt: skip
            groups.append((regional, self._sample(people, 0.35)))
        Association.objects.bulk_create([group for group, _ in groups], batch_size=BATCH)
        memberships = self._memberships(groups)
        self.progress(f"Объединения: {len(groups)}, членств: {len(memberships)}")
        home = [(group, people) for group, people in groups if group.municipality_id == self.home]
        meetings = self._home_life(home, memberships)
        return [
            f"Объединения: {len(groups)} (в демонстрационном муниципалитете — {len(home)}), членств — "
            f"{len(memberships)}, заседаний с протоколами — {meetings}."
        ]

    def _registry(self):
        """Educators' main places of work today (and since when they may join: the later of the start of work
        there and of pedagogical work), the subjects they teach, those young in the last few years (the young
        of earlier periods are members too) and the experienced."""
        from metodist.people.conditions import experience_between, younger_than
        from metodist.people.models import Category, Educator, Employment, EmploymentKind

        working = Employment.objects.active(self.today).filter(kind=EmploymentKind.MAIN).order_by("pk")
        places = {}
        fields = ("educator_id", "organization_id", "organization__municipality_id",
                  "organization__municipality__region_id", "start_date", "educator__ped_work_start")  # fmt: skip
        rows = working.values_list(*fields)
        for educator_id, organization_id, municipality_id, region_id, started, ped_started in rows.iterator(
            chunk_size=BATCH
        ):
            if educator_id not in places:
                places[educator_id] = (organization_id, municipality_id, region_id)
                self.since[educator_id] = max(started, ped_started or started)
                self.ped_start[educator_id] = ped_started
        subjects = defaultdict(set)
        taught = Employment.subjects.through.objects.filter(employment__in=working).values_list(
            "subject__code", "employment__educator_id"
        )
        for code, educator_id in taught.iterator(chunk_size=BATCH):
            subjects[code].add(educator_id)
        lately_young = experience_between(self.today, max_years=YOUNG_LOOKBACK) & younger_than(35 + YOUNG_LOOKBACK,
                                                                                               self.today)  # fmt: skip
        young_ids = set(Educator.objects.filter(lately_young).values_list("pk", flat=True))
        experienced = set(
            Educator.objects.filter(category__in=[Category.HIGHEST, Category.METHODIST, Category.MENTOR]).values_list(
                "pk", flat=True
            )
        )
        return places, subjects, young_ids, experienced

    def _schools(self) -> dict[int, list]:
        from metodist.orgs.models import Organization, OrganizationKind

        schools = defaultdict(list)
        for school in Organization.objects.active().filter(kind=OrganizationKind.GENERAL).order_by("sort_name", "pk"):
            if len(schools[school.municipality_id]) < SCHOOL_ASSOCIATIONS:
                schools[school.municipality_id].append(school)
        return schools

    def _sample(self, people, share: float) -> list[int]:
        people = sorted(people)
        return sorted(self.rng.sample(people, round(len(people) * share))) if people else []

    def _municipality(self, municipality_id, region_id, people, places, subjects, young, experienced, schools):
        def made(title, kind, level=L.MUNICIPAL, **fields):
            founded_on = fields.pop("founded_on", date(2019, 9, 1))
            return Association(title=title, kind=kind, level=level, municipality_id=municipality_id,
                               region_id=region_id, founded_on=founded_on, **fields)  # fmt: skip

        here = set(people)
        home = municipality_id == self.home
        groups, heads = [], []
        for code, title in SUBJECTS.items():
            members = self._sample(here & subjects.get(code, set()), 0.6)
            if members:
                groups.append((made(title, K.DISTRICT, subject_id=self.subjects.get(code)), members))
                heads.append(members[0])
        groups.append((made("Городской методический совет (ГМК)", K.CITY_COUNCIL), sorted(heads)))
        for school in schools:
            staff = [pk for pk in people if places[pk][0] == school.pk]
            groups.append((made(f"ШМО учителей-предметников: {school.short_name}", K.SCHOOL, L.ORGANIZATION,
                                organization_id=school.pk), self._sample(staff, 0.7)))  # fmt: skip
        chance = self.rng.random()
        if home or chance < 0.7:
            groups.append((made("Творческая группа по функциональной грамотности", K.CREATIVE, theme=LITERACY_THEME,
                                founded_on=date(2021, 9, 1)), self._sample(here, 0.05)))  # fmt: skip
        if home or chance < 0.85:
            groups.append((made("Школа молодого педагога", K.YOUNG), self._sample(here & young, 0.7)))
        if home or chance < 0.6:
            groups.append((made("Клуб педагогов-наставников", K.MENTORS, founded_on=date(2022, 9, 1)),
                           self._sample(here & experienced, 0.25)))  # fmt: skip
        if home:
            groups.append((made("Сетевое сообщество «Цифровая школа»", K.NETWORK, founded_on=date(2023, 9, 1)),
                           self._sample(here, 0.04)))  # fmt: skip
            # a problem group that has done its work
            groups.append((made("Проблемная группа «Смысловое чтение»", K.PROBLEM, founded_on=date(2021, 9, 1),
                                closed_on=date(2024, 5, 31)), self._sample(here, 0.02)))  # fmt: skip
        for group, members in groups:
            if members and not group.head_id:
                group.head_id = members[0]
        return [(group, members) for group, members in groups if members]

    def _memberships(self, groups) -> list[Membership]:
        rows = []
        last = self.today - timedelta(days=30)
        for group, members in groups:
            for educator_id in members:
                earliest = max(group.founded_on, self.since.get(educator_id, group.founded_on))
                if earliest > last:
                    continue
                # the young join in their first year of work
                span = 365 if group.kind in YOUNG_KINDS else (last - earliest).days
                joined = earliest + timedelta(days=self.rng.randrange(max(min(span, (last - earliest).days), 1)))
                left = None
                if group.closed_on:
                    left = group.closed_on
                elif group.kind in YOUNG_KINDS and self.ped_start.get(educator_id):
                    aged_out = add_years(self.ped_start[educator_id], 3) - timedelta(days=1)  # no longer young
                    left = aged_out if joined <= aged_out < last else None
                if left is None and educator_id != group.head_id and self.rng.random() < LEFT_SHARE:
                    left = joined + timedelta(days=self.rng.randrange(30, max((last - joined).days, 31)))
                    left = min(left, last)
                if left is not None and left < joined:
                    continue
                rows.append(Membership(association=group, educator_id=educator_id, joined_on=joined, left_on=left))
        Membership.objects.bulk_create(rows, batch_size=BATCH)
        return rows

    def _home_life(self, home, memberships) -> int:
        """The demo municipality's plans, meetings with minutes and attendees, products; `assoc` heads two."""
        if not home:
            return 0
        headed = [g for g, _ in home if g.kind == K.DISTRICT and "русского" in g.title]
        headed += [g for g, _ in home if g.theme == LITERACY_THEME]
        if self.assoc is not None:
            for group in headed[:2]:
                group.head_user = self.assoc
                if self.assoc.educator_id:
                    group.head_id = self.assoc.educator_id
            Association.objects.bulk_update(headed[:2], ["head_user", "head"])
            self._assoc_membership(headed[:2], memberships)
        by_group = defaultdict(list)
        for membership in memberships:
            by_group[membership.association_id].append(membership)
        start = date(self.year, 9, 1)
        plans, items, meetings, products = [], [], [], []
        for group, _ in home:
            if group.closed_on:
                continue
            plan = AssociationPlan(association=group, year=self.year, approved_on=start)
            plans.append(plan)
            for month, topic, form in PLAN:
                day = _month(start, month)
                items.append(AssociationPlanItem(plan=plan, month=day, topic=topic, form=form, done=day < self.today,
                                                 responsible="Руководитель объединения"))  # fmt: skip
            for months_ago in (11, 8, 5, 3, 1):
                held_on = _month(self.today.replace(day=1), -months_ago) + timedelta(days=14)
                if held_on < group.founded_on:
                    continue
                topic = self.rng.choice(PLAN)[1]
                minutes = MINUTES.format(head="руководитель объединения", topic=topic)
                meetings.append(AssociationMeeting(association=group, held_on=held_on, topic=topic, minutes=minutes))
            for title, kind in self.rng.sample(PRODUCTS, 2):
                products.append(AssociationProduct(association=group, title=title, kind=kind,
                                                   made_on=self.today - timedelta(days=self.rng.randrange(20, 300)),
                                                   link="https://example.org/metodist/product"))  # fmt: skip
        AssociationPlan.objects.bulk_create(plans)
        AssociationPlanItem.objects.bulk_create(items)
        AssociationMeeting.objects.bulk_create(meetings)
        AssociationProduct.objects.bulk_create(products)
        through = AssociationMeeting.attendees.through
        attendees = []
        for meeting in meetings:
            present = [m.educator_id for m in by_group[meeting.association_id] if m.is_current(meeting.held_on)]
            for educator_id in self._sample(present, 0.8):
                attendees.append(through(associationmeeting_id=meeting.pk, educator_id=educator_id))
        through.objects.bulk_create(attendees, batch_size=BATCH)
        return len(meetings)

    def _assoc_membership(self, headed, memberships) -> None:
        """The demo head is a member of what they head (from its founding)."""
        educator_id = self.assoc.educator_id
        if not educator_id:
            return
        mine = {m.association_id: m for m in memberships if m.educator_id == educator_id}
        returned = [m for m in mine.values() if m.association in headed and m.left_on]
        for membership in returned:
            membership.left_on = None
        Membership.objects.bulk_update(returned, ["left_on"])
        added = [Membership(association=g, educator_id=educator_id, joined_on=g.founded_on) for g in headed
                 if g.pk not in mine]  # fmt: skip
        Membership.objects.bulk_create(added)
        memberships += added


def _month(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def clear() -> None:
    """Deletes the module's data before seed_demo --replace deletes the registry it points to."""
    MeetingAttachment.objects.all().delete()
    AssociationMeeting.objects.all().delete()
    AssociationPlanItem.objects.all().delete()
    AssociationPlan.objects.all().delete()
    AssociationProduct.objects.all().delete()
    Membership.objects.all().delete()
    Association.objects.all().delete()
