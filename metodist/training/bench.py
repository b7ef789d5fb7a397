"""The region-scale bench of the training module: `manage.py bench_training [--educators 50000]`.

Builds (inside a transaction rolled back at the end, so the database is left as it was) a region of N
educators in 25 municipalities, two diagnostics of four competencies each (8 results per educator), a
catalogue of 40 programs and trainings of 35 % of the educators between the two diagnostics; then times, with
peak Python memory (tracemalloc):
- `effects(region)`: the program-effectiveness table;
- the `trained` predicate as the monitoring engine counts it (one COUNT over the region's educators);
- `plan.generate` for one municipality (≈ N / 25 educators);
and a baseline in the same run: one aggregate (AVG) over all the diagnostic results, the cheapest full read of
the same rows, so that ratios compare machines fairly.
"""

import random
import time
import tracemalloc
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Avg

CODES = ["assess.formative", "assess.criteria", "fl.reading", "digital.content"]
BATCH = 10_000


@dataclass
class Figure:
    name: str
    seconds: float
    peak_mb: float
    detail: str = ""


def measure(name, function) -> tuple[Figure, object]:
    tracemalloc.start()
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Figure(name, seconds, peak / 1024 / 1024), result


class Rollback(Exception):  # noqa: N818
    pass


def build(educators: int, progress) -> dict:
    from metodist.diagnostics.models import Competency, DiagnosticResult
    from metodist.orgs.models import Municipality, Organization, Region
    from metodist.people.models import Educator, Employment, Position
    from metodist.testing import growth as g

    from .models import Program, Training

    rng = random.Random(1)
    region = Region.objects.create(name="Стендовая область", code="BENCH")
    municipalities = Municipality.objects.bulk_create(
        Municipality(region=region, name=f"Стендовый район {n}") for n in range(25)
    )
    schools = Organization.objects.bulk_create(
        Organization(municipality=municipalities[n % 25], short_name=f"Школа {n}", full_name=f"Школа {n}")
        for n in range(500)
    )
    teacher = Position.objects.get(code="teacher")
    people = []
    for start in range(0, educators, BATCH):
        people += Educator.objects.bulk_create(
            Educator(last_name=f"Педагог{n}", first_name="Ольга", sex="F", birth_date=date(1980, 1, 1),
                     ped_work_start=date(2005, 9, 1)) for n in range(start, min(start + BATCH, educators))
        )  # fmt: skip
    Employment.objects.bulk_create(
        (Employment(educator=p, organization=schools[n % 500], position=teacher, start_date=date(2010, 9, 1))
         for n, p in enumerate(people)), batch_size=BATCH,
    )  # fmt: skip
    progress(f"  педагогов {len(people)}")
    first = g.diagnostic(region, ends_on=date(2023, 11, 30))
    second = g.diagnostic(region, ends_on=date(2024, 11, 30))
    competencies = {c.code: c for c in Competency.objects.filter(version=first.version, code__in=CODES)}
    programs = []
    for n in range(40):
        program = Program.objects.create(title=f"Программа {n}", provider="ЦНППМ", provider_kind="cnppm", hours=36,
                                         region=region)  # fmt: skip
        program.competencies.set([competencies[CODES[n % 4]], competencies[CODES[(n + 1) % 4]]])
        programs.append(program)
    rows, trained = [], []
    for person in people:
        took = rng.random() < 0.35
        if took:
            trained.append(Training(educator=person, program=programs[rng.randrange(40)], starts_on=date(2024, 3, 1),
                                    ends_on=date(2024, 3, 20), region=region))  # fmt: skip
        for code in CODES:
            before = rng.randint(0, 9)
            after = min(10, max(0, before + rng.randint(-1, 3) + (1 if took else 0)))
            for diagnostic, score in ((first, before), (second, after)):
                rows.append(
                    DiagnosticResult(diagnostic=diagnostic, educator=person, competency=competencies[code],
                                     score=Decimal(score), max_score=Decimal(10), taken_on=diagnostic.ends_on)
                )  # fmt: skip
        if len(rows) >= BATCH:
            DiagnosticResult.objects.bulk_create(rows)
            rows = []
    DiagnosticResult.objects.bulk_create(rows)
    Training.objects.bulk_create(trained, batch_size=BATCH)
    progress(f"  результатов диагностики {DiagnosticResult.objects.filter(diagnostic__region=region).count()}, "
             f"прохождений {len(trained)}")  # fmt: skip
    return {"region": region, "municipality": municipalities[0]}


def run(educators: int, progress, with_demo: bool = False) -> list[Figure]:
    from metodist.diagnostics import deficits
    from metodist.diagnostics.models import Diagnostic, DiagnosticResult
    from metodist.lib.predicates import PREDICATES, Context
    from metodist.people.models import Educator

    from . import plan
    from .effectiveness import effects

    figures = []
    try:
        with transaction.atomic():
            started = time.perf_counter()
            world = build(educators, progress)
            region = world["region"]
            for diagnostic in Diagnostic.objects.filter(region=region):
                deficits.derive(diagnostic)
            progress(f"  данные построены за {time.perf_counter() - started:.0f} с")
            baseline, _ = measure(
                "базовая линия: AVG по всем результатам диагностики",
                lambda: DiagnosticResult.objects.filter(diagnostic__region=region).aggregate(Avg("score")),
            )
            figures.append(baseline)
            from . import effectiveness

            figure, cells = measure("  участники", lambda: effectiveness.participant_cells(region.pk))
            figures.append(figure)
            figure, _ = measure("  сравнение", lambda: effectiveness.comparison_cells(cells, region.pk, [()]))
            figures.append(figure)
            figure, found = measure("эффективность программ: effects(region)", lambda: effects(region.pk))
            figure.detail = f"строк таблицы {len(found)}"
            figures.append(figure)
            effectiveness.cached_effects(region.pk)
            figure, _ = measure("страница эффективности: таблица из кэша (проверка версии данных)",
                                lambda: effectiveness.cached_effects(region.pk))  # fmt: skip
            figures.append(figure)
            trained = PREDICATES["trained"]
            ctx = Context(start=date(2023, 9, 1), on=date(2024, 5, 31), region=region.pk)
            figure, count = measure(
                "предикат trained: COUNT по педагогам региона",
                lambda: Educator.objects.filter(trained.build(ctx, {"program_kind": "pk"})).count(),
            )
            figure.detail = f"педагогов {count}"
            figures.append(figure)
            figure, order = measure(
                "план-заказ одного муниципалитета",
                lambda: plan.generate(world["municipality"], 2025, on=date(2024, 12, 1)),
            )
            figure.detail = f"строк {order.rows.count()}"
            figures.append(figure)
            if with_demo:
                from . import demo

                figure, lines = measure(
                    "демо-сидер курсов на тех же педагогах",
                    lambda: demo.seed(today=date(2025, 1, 15), progress=progress),
                )
                figure.detail = lines[0]
                figures.append(figure)
            raise Rollback
    except Rollback:
        pass
    for figure in figures[1:]:
        figure.detail += f"; {figure.seconds / figures[0].seconds:.1f}× базовой линии"
    return figures
