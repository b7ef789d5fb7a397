"""Bench of the proposed steps for one route at region scale: time and peak memory of `proposals.propose`, and the
ratio to a baseline measured in the same run (reading the educator's open deficits, which the route page already
does). Builds its own world inside a transaction that is rolled back: a region of `educators` educators with
`per_educator` diagnostic results each, `programs` programs of the catalogue with cohorts, and routes to propose
for. Run: `manage.py bench_routes [--educators 50000]`.
"""

import random
import statistics
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction


class Rollback(Exception):
    pass


def _world(educators: int, per_educator: int, programs: int, today: date, say):
    from metodist.diagnostics import deficits
    from metodist.diagnostics.models import Competency, Diagnostic, DiagnosticLevel, DiagnosticResult
    from metodist.orgs.models import Municipality, Organization, Region
    from metodist.people.models import Educator, Employment, Position
    from metodist.testing.growth import framework_version
    from metodist.training.models import Program, ProgramCohort, ProviderKind

    rng = random.Random(1)
    region = Region.objects.create(name="Область замера маршрутов", code="BR")
    municipality = Municipality.objects.create(region=region, name="Город замера")
    schools = Organization.objects.bulk_create(
        Organization(municipality=municipality, short_name=f"Школа {n}", full_name=f"Школа {n}") for n in range(200)
    )
    teacher = Position.objects.get(code="teacher")
    people = Educator.objects.bulk_create(
        (Educator(last_name=f"Замер{n}", first_name="Анна", sex="F", birth_date=date(1980, 1, 1),
                  ped_work_start=date(2005, 9, 1)) for n in range(educators)), batch_size=5000,
    )  # fmt: skip
    Employment.objects.bulk_create(
        (Employment(educator=e, organization=schools[n % len(schools)], position=teacher, start_date=date(2010, 9, 1))
         for n, e in enumerate(people)), batch_size=5000,
    )  # fmt: skip
    version = framework_version()
    scored = list(Competency.objects.filter(version=version, parent__isnull=False))
    diagnostic = Diagnostic.objects.create(
        name="Региональная диагностика (замер)", level=DiagnosticLevel.REGIONAL, version=version, region=region,
        starts_on=today - timedelta(days=60), ends_on=today - timedelta(days=30),
    )  # fmt: skip
    rows = (
        DiagnosticResult(diagnostic=diagnostic, educator=e, competency=c, score=Decimal(rng.randint(0, 10)),
                         max_score=Decimal(10), taken_on=diagnostic.ends_on)
        for e in people for c in rng.sample(scored, min(per_educator, len(scored)))
    )  # fmt: skip
    DiagnosticResult.objects.bulk_create(rows, batch_size=10000)
    say(f"результатов: {DiagnosticResult.objects.filter(diagnostic=diagnostic).count()}")
    deficits.derive(diagnostic)
    made = Program.objects.bulk_create(
        Program(title=f"Программа {n}", provider="ЦНППМ", provider_kind=ProviderKind.CNPPM, hours=36,
                in_federal_registry=n % 4 == 0, region=region if n % 2 else None) for n in range(programs)
    )  # fmt: skip
    through = Program.competencies.through
    through.objects.bulk_create(
        through(program_id=p.pk, competency_id=c.pk) for p in made for c in rng.sample(scored, 3)
    )
    ProgramCohort.objects.bulk_create(
        ProgramCohort(program=p, starts_on=today + timedelta(days=10 + n % 200),
                      ends_on=today + timedelta(days=40 + n % 200))
        for n, p in enumerate(made)
    )  # fmt: skip
    return region, people


def run(*, educators=50000, per_educator=20, programs=600, routes=20, say=print) -> dict:
    from metodist.diagnostics.models import Deficit
    from metodist.routes import actions, proposals

    today = date.today()
    figures = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            region, people = _world(educators, per_educator, programs, today, say)
            say(f"мир построен за {time.perf_counter() - started:.0f} с")
            candidates = people[:: max(1, len(people) // (routes * 3))][: routes * 3]
            drafted = []
            for educator in candidates:
                open_rows = list(Deficit.objects.open(today).filter(educator=educator).select_related(
                    "competency", "diagnostic"))  # fmt: skip
                if open_rows:
                    drafted.append(actions.create_route(
                        educator, by=None, deficits=open_rows, today=today, region_id=region.pk, goal="Замер",
                        starts_on=today, ends_on=today + timedelta(days=365),
                    ))  # fmt: skip
                if len(drafted) == routes:
                    break
            times, baselines = [], []
            for route in drafted:
                start = time.perf_counter()
                list(Deficit.objects.open(today).filter(educator_id=route.educator_id).select_related("competency"))
                baselines.append(time.perf_counter() - start)
                start = time.perf_counter()
                made = proposals.propose(route, today)
                times.append(time.perf_counter() - start)
                assert made
            tracemalloc.start()  # memory apart from time: tracing slows every allocation down
            proposals.propose(drafted[0], today)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            figures = {
                "routes": len(drafted),
                "median_ms": statistics.median(times) * 1000,
                "max_ms": max(times) * 1000,
                "baseline_ms": statistics.median(baselines) * 1000,
                "ratio": statistics.median(times) / statistics.median(baselines),
                "peak_mb": peak / 1024 / 1024,
            }
            raise Rollback
    except Rollback:
        pass
    return figures
