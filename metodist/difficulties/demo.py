"""Demo data of the module (called by metodist/demo/growth.py SEEDERS; rerun-safe): the region's default topics,
a few topics the Энск service keeps, and a year and a half of difficulties Энск educators reported themselves,
growing towards today, so that the bank shows trends and a growth against the previous year. Requests and
survey answers come from the consultations and surveys demos when they are there; nothing here needs them."""

import random
from datetime import date, timedelta

MUNICIPALITY = "Городской округ Энск"
KEPT = ["Наставничество молодых педагогов", "Проектная деятельность обучающихся", "Школьные театры и музеи"]
ARCHIVED = "Переход на ФГОС второго поколения"  # an old topic: kept on old records, no longer offered
PEOPLE = 140  # educators who reported something
DAYS = 540  # how far back the reports go
SEED = 12
# What an educator writes about a difficulty, by the competency it is reported under (others say nothing more).
DESCRIPTIONS = {
    "psy.motivation": "Не хватает приёмов, чтобы удержать внимание класса на всём уроке.",
    "methods.differentiation": "Трудно подобрать задания разного уровня для одного класса.",
    "assess.formative": "Не уверен(а), как оценивать результаты без отметки.",
    "methods.program": "Нужна помощь с рабочей программой по обновлённому ФГОС.",
    "upbr.class": "Сложно выстроить разговор с родителями ученика.",
}


def seed(*, today: date, progress) -> list[str]:
    from metodist.accounts.models import User
    from metodist.monitoring.compute import home_employments
    from metodist.orgs.models import Municipality, Organization

    from .models import ReportedDifficulty, Topic
    from .topics import current_competencies, ensure_default_topics

    municipality = Municipality.objects.filter(name=MUNICIPALITY).select_related("region").first()
    if municipality is None:
        return ["Банк затруднений: нет муниципалитета «Городской округ Энск» — пропущено."]
    shared = ensure_default_topics(municipality.region)
    kept = []
    for order, name in enumerate(KEPT, start=1):
        topic, _ = Topic.objects.get_or_create(
            region=municipality.region, municipality=municipality, name=name, defaults={"order": order}
        )
        kept.append(topic)
    Topic.objects.get_or_create(
        region=municipality.region,
        municipality=municipality,
        name=ARCHIVED,
        defaults={"order": len(KEPT) + 1, "archived": True},
    )
    if ReportedDifficulty.objects.filter(municipality=municipality).exists():
        return ["Банк затруднений: отмеченные затруднения уже есть — пропущено."]

    rng = random.Random(SEED)
    homes = list(
        home_employments(today, Organization.objects.filter(municipality=municipality))
        .select_related("organization")
        .prefetch_related("subjects")
        .order_by("educator_id")
    )
    if not homes:
        return ["Банк затруднений: в Энске нет работающих педагогов — пропущено."]
    teacher = User.objects.filter(username="teacher").values_list("educator_id", flat=True).first()
    chosen = rng.sample(homes, min(PEOPLE, len(homes)))
    chosen += [home for home in homes if home.educator_id == teacher and home not in chosen]
    competencies = list(current_competencies()[:24])
    # a few topics are asked about far more often: the bank's top of the year
    topics = [("c", c) for c in competencies] + [("t", t) for t in shared + kept]
    weights = [6 if i % 5 == 0 else 1 for i in range(len(topics))]
    rows = []
    for home in chosen:
        subjects = list(home.subjects.all())
        for _ in range(3 if home.educator_id == teacher else rng.choice((1, 1, 2, 3))):
            # later days are likelier: the reports grow towards today
            back = int(DAYS * (1 - rng.random() ** 0.6))
            kind, topical = rng.choices(topics, weights)[0]
            rows.append(
                ReportedDifficulty(
                    educator_id=home.educator_id,
                    competency=topical if kind == "c" else None,
                    topic=topical if kind == "t" else None,
                    subject=rng.choice(subjects) if subjects and rng.random() < 0.8 else None,
                    description=DESCRIPTIONS.get(topical.code, "") if kind == "c" else "",
                    reported_on=today - timedelta(days=back),
                    organization=home.organization,
                    municipality=municipality,
                    region=municipality.region,
                )
            )
    ReportedDifficulty.objects.bulk_create(rows)
    progress(f"Банк затруднений: {len(rows)} затруднений педагогов")
    return [
        f"Банк затруднений: тем региона {len(shared)}, тем службы Энска {len(kept) + 1} (одна в архиве), "
        f"отмеченных затруднений {len(rows)} от {len(chosen)} педагогов."
    ]


def clear() -> None:
    """The reported difficulties; the topics stay (reference data, possibly on other modules' records)."""
    from .models import ReportedDifficulty

    ReportedDifficulty.objects.all().delete()
