"""Demo data of this module for `manage.py seed_demo_growth` (after seed_demo; rerun-safe, deterministic).

The school years of the demo's monitoring campaigns (metodist/demo/monitoring.py: 2022/23, approved, and
2023/24), so that their growth indicators have values, in the demo region: a federal diagnostic of teachers
(autumn) and a regional diagnostic of pedagogical workers (spring) each year, and a municipal one of the demo
municipality in the later year; and the federal diagnostic of the current school year once its autumn window has
closed (so the current campaign has one too). Scores come from a simple model: each educator has an
ability (lower for the young), each block a difficulty, subject competencies depend on the subject taught, plus
noise; with the procedures' threshold of 50 % about a quarter of the results are deficits, more for the young.
The managerial block is scored for managers only. Those who take the regional diagnostic again a year later have
improved on average. At the region scale (50 000 educators) that is about a million results, written with
COPY on PostgreSQL (executemany elsewhere), then levels and deficits set-based per procedure.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from metodist.people.models import Employment, PositionKind

SEED = 20261202
NAME_MARK = "(демо)"
THRESHOLD = Decimal("50")
MAX_SCORE = 20
FEDERAL_BLOCKS = ("subject", "methodological", "assessment", "functional_literacy")
REGIONAL_BLOCKS = (
    "subject",
    "methodological",
    "psychological",
    "assessment",
    "digital",
    "functional_literacy",
    "upbringing",
    "inclusive",
)
MUNICIPAL_BLOCKS = ("methodological", "digital", "upbringing")
BLOCK_DIFFICULTY = {  # points of percent subtracted from an educator's ability
    "subject": 0,
    "methodological": 2,
    "psychological": -4,
    "assessment": 5,
    "digital": 3,
    "functional_literacy": 9,
    "upbringing": -6,
    "inclusive": 8,
    "managerial": 4,
}
SHARES = {"federal": 0.30, "regional": 0.45, "municipal": 0.25}  # of the teachers / pedagogical workers
RETAKE = 0.6  # of last year's regional participants who take it again
GAIN = (2.0, 12.0)  # the improvement of those who retake, in points of percent


def _school_years(today: date) -> tuple[int, int, int | None]:
    """(first, second, current): the autumn years of the demo campaigns' school years, and the current school
    year's when its federal window (to 15 November) has closed, else None."""
    from metodist.demo.monitoring import APPROVED_YEAR, DEMO_YEAR

    current = today.year if today.month >= 9 else today.year - 1
    closed = _dates("federal", current)[1] < today and current > DEMO_YEAR
    return APPROVED_YEAR, DEMO_YEAR, current if closed else None


def _people(today: date):
    """(educator id, teacher?, manager?, main subject id or None, young?) of the active employments, by id."""
    from metodist.people.conditions import young

    rows = {}
    active = Employment.objects.filter(end_date__isnull=True).order_by("educator_id", "pk")
    for educator_id, is_teacher, kind in active.values_list("educator_id", "position__is_teacher", "position__kind"):
        teacher, manager = rows.get(educator_id, (False, False))
        rows[educator_id] = (teacher or bool(is_teacher), manager or kind == PositionKind.MANAGERIAL)
    subjects = {}
    through = Employment.subjects.through.objects.filter(employment__end_date__isnull=True).order_by("pk")
    for educator_id, subject_id in through.values_list("employment__educator_id", "subject_id"):
        subjects.setdefault(educator_id, subject_id)
    from metodist.people.models import Educator

    young_ids = set(Educator.objects.filter(young(today)).values_list("pk", flat=True))
    return [(pk, t, m, subjects.get(pk), pk in young_ids) for pk, (t, m) in sorted(rows.items())]


def seed(*, today: date, progress: Callable[[str], None]) -> list[str]:
    """Seeds the module's demo history on the registry loaded by seed_demo; returns summary lines."""
    from metodist.orgs.models import Municipality, Region

    from .models import Diagnostic, DiagnosticLevel, FrameworkVersion

    if Diagnostic.objects.filter(name__endswith=NAME_MARK).exists():
        return ["Диагностики: демонстрационные данные уже загружены."]
    region = Region.objects.filter(name="Демонстрационная область").first() or Region.objects.first()
    if region is None:
        return ["Диагностики: нет региона — сначала выполните manage.py seed_demo."]
    municipality = (
        Municipality.objects.filter(region=region, name="Городской округ Энск").first()
        or Municipality.objects.filter(region=region).order_by("pk").first()
    )
    version = FrameworkVersion.objects.get(framework__code="msnms", number=1)
    people = _people(today)
    if not people:
        return ["Диагностики: в реестре нет педагогов — сначала выполните manage.py seed_demo."]
    in_municipality = set(
        Employment.objects.filter(organization__municipality=municipality).values_list("educator_id", flat=True)
    )
    from metodist.accounts.models import User

    # the educators behind the demo logins take every procedure they may, so that their cabinet shows a history
    showcase = set(User.objects.filter(educator__isnull=False).values_list("educator_id", flat=True))
    rng = random.Random(SEED)
    ability = {pk: rng.gauss(58, 12) - (10 if is_young else 0) for pk, _, _, _, is_young in people}
    for pk in showcase & ability.keys():
        ability[pk] = 57.0  # a typical picture in the demo logins' cabinets: a few deficits, not all or none
    subject_offset: dict[int | None, float] = {}
    codes = _codes(version)
    first, second, current = _school_years(today)
    plans = [
        (DiagnosticLevel.FEDERAL, first, "Федеральная диагностика профессиональных компетенций учителей"),
        (DiagnosticLevel.REGIONAL, first + 1, "Региональная диагностика профессиональных дефицитов"),
        (DiagnosticLevel.FEDERAL, second, "Федеральная диагностика профессиональных компетенций учителей"),
        (DiagnosticLevel.REGIONAL, second + 1, "Региональная диагностика профессиональных дефицитов"),
        (DiagnosticLevel.MUNICIPAL, second + 1, "Муниципальная диагностика методических и цифровых компетенций"),
    ]
    if current is not None:
        plans.append(
            (DiagnosticLevel.FEDERAL, current, "Федеральная диагностика профессиональных компетенций учителей")
        )
    lines, last_regional = [], set()
    for level, year, title in plans:
        starts, ends = _dates(level, year)
        autumn = year if starts.month >= 9 else year - 1
        school_year = f"{autumn}/{str(autumn + 1)[2:]}"
        chosen = _participants(rng, level, people, in_municipality, last_regional, showcase)
        if level == DiagnosticLevel.REGIONAL:
            if last_regional:  # a year later those who retake it have improved
                for pk in chosen & last_regional:
                    ability[pk] += rng.uniform(*GAIN)
            last_regional = chosen
        with transaction.atomic():
            diagnostic = Diagnostic.objects.create(
                name=f"{title}, {school_year} {NAME_MARK}",
                level=level,
                instrument=_instrument(level),
                version=version,
                starts_on=starts,
                ends_on=ends,
                region=region,
                municipality=municipality if level == DiagnosticLevel.MUNICIPAL else None,
                threshold=THRESHOLD,
                thresholds={"managerial": 55} if level == DiagnosticLevel.REGIONAL else {},
            )
            count = _write(rng, diagnostic, people, chosen, ability, subject_offset, codes, progress)
        lines.append(f"Диагностика «{diagnostic.name}»: участников {len(chosen)}, результатов {count}.")
        progress(f"  записана диагностика «{diagnostic.name}»")
    return lines


def _codes(version) -> dict[str, list[int]]:
    blocks: dict[str, list[int]] = {}
    for pk, block in version.competencies.filter(parent__isnull=False).values_list("pk", "parent__code"):
        blocks.setdefault(block, []).append(pk)
    return blocks


def _dates(level, year: int) -> tuple[date, date]:
    if level == "federal":
        return date(year, 10, 1), date(year, 11, 15)
    if level == "regional":
        return date(year, 2, 1), date(year, 3, 31)
    return date(year, 4, 1), date(year, 4, 30)


def _instrument(level) -> str:
    return {
        "federal": "Диагностика по распоряжению Минпросвещения России № Р-201 (предметный и методический блоки)",
        "regional": "Тест и кейсы ЦНППМ",
        "municipal": "Анкета и кейс-задания ММС",
    }[level]


def _participants(rng, level, people, in_municipality, last_regional, showcase) -> set[int]:
    share = SHARES[level]
    chosen = set()
    for pk, teacher, _, _, _ in people:
        if level == "federal" and not teacher:
            continue
        if level == "municipal" and pk not in in_municipality:
            continue
        chance = RETAKE if level == "regional" and pk in last_regional else share
        if rng.random() < chance or pk in showcase:
            chosen.add(pk)
    return chosen


def _write(rng, diagnostic, people, chosen, ability, subject_offset, codes, progress) -> int:
    from . import deficits
    from .importing import write_results
    from .models import ResultSource

    level = diagnostic.level
    blocks = {"federal": FEDERAL_BLOCKS, "regional": REGIONAL_BLOCKS, "municipal": MUNICIPAL_BLOCKS}[level]
    span = (diagnostic.ends_on - diagnostic.starts_on).days

    def rows():
        for pk, _, manager, subject, _ in people:
            if pk not in chosen:
                continue
            taken = diagnostic.starts_on + timedelta(days=rng.randint(0, span))
            own = (*blocks, "managerial") if manager and level == "regional" else blocks
            for block in own:
                offset = BLOCK_DIFFICULTY[block]
                if block == "subject":
                    if subject not in subject_offset:
                        subject_offset[subject] = rng.uniform(-8, 10)
                    offset += subject_offset[subject]
                for competency in codes.get(block, ()):
                    percent = min(100.0, max(0.0, ability[pk] - offset + rng.gauss(0, 10)))
                    score = Decimal(round(percent * MAX_SCORE / 100))
                    yield (diagnostic.pk, pk, competency, score, Decimal(MAX_SCORE), taken, ResultSource.IMPORT)

    def report(done, total, unit):
        progress(f"  {diagnostic.name}: {unit.lower()} {done}")

    count = write_results(diagnostic, rows(), progress=report)
    deficits.derive(diagnostic)
    return count


def clear() -> None:
    """Deletes the module's data before seed_demo --replace deletes the registry it points to."""
    from .models import Diagnostic

    Diagnostic.objects.all().delete()
