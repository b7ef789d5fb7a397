"""Demo data of the module (called by metodist/demo/growth.py SEEDERS): `seed(today, progress)` yields lines for
the command's output, `clear()` deletes what it made before the registry is cleared.

Four organizations in five have presented practices since 2022/23 (the oldest demo campaign): most accepted (at the
organization's, the municipality's or the region's level), some under review, returned or rejected. The demo
teacher («teacher») is an author of an accepted practice and of one under review. Every practice's materials hold
its description on «Педсовет 66», two in three a presentation too, one in three a video as well, the demo
teacher's all three (links: the demo stores no files). Deterministic, in bulk.
"""

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction

from metodist.accounts.models import Role, User
from metodist.people.models import Employment, PositionKind

from .models import Kind, Level, Practice, PracticeAuthor, PracticeMaterial, Review, Status

SEED = 55
BATCH = 5000
SHARE_OF_ORGANIZATIONS = 0.8
FIRST_DAY = date(2022, 9, 1)  # the oldest demo campaign is 2022/23
STATUSES = [(Status.ACCEPTED, 60), (Status.UNDER_REVIEW, 12), (Status.SUBMITTED, 10), (Status.RETURNED, 8),
            (Status.REJECTED, 10)]  # fmt: skip
LEVELS = [(Level.ORGANIZATION, 35), (Level.MUNICIPAL, 45), (Level.REGIONAL, 20)]
TITLES = [
    ("Формирование функциональной грамотности на уроках математики", "функциональная грамотность", Kind.PEDAGOGICAL),
    ("Смысловое чтение: приёмы работы с текстом в основной школе", "смысловое чтение", Kind.PEDAGOGICAL),
    ("Проектная деятельность в начальной школе", "проектная деятельность", Kind.PEDAGOGICAL),
    ("Цифровые образовательные ресурсы на уроках истории", "цифровая образовательная среда", Kind.PEDAGOGICAL),
    ("Наставничество «педагог — педагог» в школе", "наставничество", Kind.MANAGERIAL),
    ("Внутренняя система оценки качества образования", "оценка качества образования", Kind.MANAGERIAL),
    ("Рабочая программа курса внеурочной деятельности «Финансовая грамотность»", "финансовая грамотность",
     Kind.METHODICAL),
    ("Сборник заданий для подготовки к ВПР по русскому языку", "подготовка к оценочным процедурам", Kind.METHODICAL),
    ("Инклюзивное образование: индивидуальный образовательный маршрут ученика", "инклюзивное образование",
     Kind.PEDAGOGICAL),
    ("Экологическое воспитание дошкольников через игру", "воспитание", Kind.PEDAGOGICAL),
    ("Профориентационный проект «Билет в будущее» в школе", "профориентация", Kind.MANAGERIAL),
    ("Технология «перевёрнутый класс» на уроках физики", "современные образовательные технологии", Kind.PEDAGOGICAL),
]  # fmt: skip
MATERIALS = [
    ("Описание практики на портале «Педсовет 66»", "https://pedsovet66.ru/"),
    ("Презентация", "https://disk.yandex.ru/"),
    ("Видеозапись занятия", "https://rutube.ru/"),
]
REMARKS = {
    Status.RETURNED: "Дополните описание результатов: какие изменения у обучающихся подтверждают эффективность.",
    Status.REJECTED: "Материал не содержит авторского опыта: это пересказ известной методики без апробации.",
}


def _weighted(rng, pairs):
    return rng.choices([value for value, _ in pairs], [weight for _, weight in pairs])[0]


def _staff() -> dict[int, list[int]]:
    """Organization → its pedagogical educators (one query over the employments)."""
    staff = defaultdict(list)
    rows = Employment.objects.filter(position__kind=PositionKind.PEDAGOGICAL, end_date__isnull=True).order_by("pk")
    for organization_id, educator_id in rows.values_list("organization_id", "educator_id").iterator(chunk_size=BATCH):
        staff[organization_id].append(educator_id)
    return {organization: list(dict.fromkeys(people)) for organization, people in staff.items()}  # two jobs, one


@transaction.atomic
def seed(*, today: date, progress: Callable[[str], None]) -> list[str]:
    if Practice.objects.exists():
        return ["Лучшие практики: уже есть — пропущено."]
    rng = random.Random(SEED)
    from metodist.orgs.models import Organization

    staff = _staff()
    places = dict(Organization.objects.filter(is_active=True).values_list("pk", "municipality_id"))
    regions = dict(Organization.objects.filter(is_active=True).values_list("pk", "region_id"))
    experts = dict(User.objects.filter(role=Role.METHODOLOGIST).values_list("municipality_id", "pk"))
    teacher = User.objects.filter(username="teacher").values_list("educator_id", flat=True).first()
    plans = []  # (organization, authors, status)
    for organization_id in sorted(places):
        people = staff.get(organization_id)
        if people and rng.random() < SHARE_OF_ORGANIZATIONS:
            for _ in range(rng.choice((1, 2, 3))):
                authors = rng.sample(people, min(len(people), rng.choice((1, 1, 2, 3))))
                plans.append((organization_id, authors, _weighted(rng, STATUSES)))
    if teacher:
        home = next((org for org, people in staff.items() if teacher in people), None)
        if home is not None:
            plans += [(home, [teacher], Status.ACCEPTED), (home, [teacher], Status.UNDER_REVIEW)]
    practices = []
    for organization_id, _authors, status in plans:
        title, theme, kind = rng.choice(TITLES)
        submitted = today - timedelta(days=rng.randint(20, (today - FIRST_DAY).days - 60))
        decided = (
            submitted + timedelta(days=rng.randint(10, 45)) if status in (Status.ACCEPTED, Status.REJECTED) else None
        )
        practices.append(Practice(
            title=title, theme=theme, kind=kind, organization_id=organization_id, status=status,
            level=_weighted(rng, LEVELS) if status == Status.ACCEPTED else Level.ORGANIZATION,
            annotation=f"Опыт педагогов организации по теме «{theme}»: цели, этапы, результаты и материалы для "
                       "тиражирования.",
            submitted_on=submitted, decided_on=min(decided, today) if decided else None,
            municipality_id=places[organization_id], region_id=regions[organization_id],
        ))  # fmt: skip
    Practice.objects.bulk_create(practices, batch_size=BATCH)
    progress(f"  лучшие практики: {len(practices)}")
    authorships, reviews, materials = [], [], []
    for practice, (_, authors, status) in zip(practices, plans, strict=True):
        authorships += [PracticeAuthor(practice=practice, educator_id=e, order=n) for n, e in enumerate(authors, 1)]
        count = len(MATERIALS) if teacher in authors else rng.choice((1, 2, 3))
        materials += [
            PracticeMaterial(practice=practice, title=caption, link=link, order=n, added_at=practice.created_at)
            for n, (caption, link) in enumerate(MATERIALS[:count], 1)
        ]
        expert = experts.get(practice.municipality_id)
        if expert and status in (Status.ACCEPTED, Status.REJECTED, Status.RETURNED):
            day = practice.decided_on or today
            reviews.append(Review(practice=practice, expert_id=expert, conclusion=status,
                                  remarks=REMARKS.get(status, ""), reviewed_on=day))  # fmt: skip
    PracticeAuthor.objects.bulk_create(authorships, batch_size=BATCH)
    Review.objects.bulk_create(reviews, batch_size=BATCH)
    PracticeMaterial.objects.bulk_create(materials, batch_size=BATCH)
    accepted = sum(1 for _, _, status in plans if status == Status.ACCEPTED)
    return [
        f"Лучшие практики: {len(practices)}, из них принято {accepted}, авторов {len(authorships)}, "
        f"материалов {len(materials)}."
    ]


def clear():
    PracticeMaterial.objects.all().delete()
    Review.objects.all().delete()
    PracticeAuthor.objects.all().delete()
    Practice.objects.all().delete()
