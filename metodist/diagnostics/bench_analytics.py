"""Bench of the diagnostics analytics at region scale: 50,000 educators, ≈ 1,000,000 results.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch> .venv/bin/python -m metodist.diagnostics.bench_analytics

Run it on a scratch database (migrated by the script): it builds, once, a synthetic region «Бенч-область»
(32 municipalities, 1,455 organizations, 50,000 educators with one teaching post each, a regional diagnostic of
all of them and a federal one of 40 % on 12 competencies, a self-diagnosis of 30 % — about 1,020,000 results
and their deficits), then times, median of RUNS, the analytics functions and pages for the regional operator,
a municipality's coordinator and methodologist, with the Python peak memory (tracemalloc) of each and the ratio
to a baseline measured in the same run: a plain COUNT(*) over the results.
"""

import os
import random
import statistics
import sys
import time
import tracemalloc
from datetime import date
from decimal import Decimal

RUNS = 3
EDUCATORS = 50_000
MUNICIPALITIES = 32
ORGANIZATIONS = 1_455
CODES = [
    "subject.content",
    "subject.tasks",
    "subject.standards",
    "methods.lesson",
    "methods.differentiation",
    "methods.program",
    "psy.age",
    "psy.motivation",
    "psy.climate",
    "assess.criteria",
    "assess.formative",
    "assess.data",
]
ON = date(2025, 1, 15)
BATCH = 20_000


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metodist.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(say) -> None:
    from metodist.accounts.models import Role, User
    from metodist.diagnostics import deficits
    from metodist.diagnostics.models import Competency, Diagnostic, DiagnosticLevel, DiagnosticResult, ResultSource
    from metodist.orgs.models import Municipality, Organization, OrganizationKind, Region
    from metodist.people.models import Educator, Employment, Position, Subject
    from metodist.testing import growth as g

    if Region.objects.filter(code="bench").exists():
        say("данные уже построены")
        return
    rng = random.Random(1)
    started = time.perf_counter()
    region = Region.objects.create(name="Бенч-область", code="bench")
    municipalities = Municipality.objects.bulk_create(
        Municipality(region=region, name=f"Округ {n + 1}") for n in range(MUNICIPALITIES)
    )
    organizations = Organization.objects.bulk_create(
        Organization(
            municipality=municipalities[n % MUNICIPALITIES],
            region=region,
            short_name=f"Школа № {n + 1}",
            full_name=f"Средняя школа № {n + 1}",
            kind=OrganizationKind.GENERAL,
            sort_name=f"{n + 1:06d}",
        )
        for n in range(ORGANIZATIONS)
    )
    teacher = Position.objects.get(code="teacher")
    subjects = list(Subject.objects.all()[:20])
    educators = Educator.objects.bulk_create(
        (
            Educator(
                last_name=f"Фамилия{n}",
                first_name="Имя",
                sex="F",
                birth_date=date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                ped_work_start=date(2000 + n % 24, 9, 1),
            )
            for n in range(EDUCATORS)
        ),
        batch_size=BATCH,
    )
    jobs = Employment.objects.bulk_create(
        (
            Employment(
                educator=e, organization=organizations[n % ORGANIZATIONS], position=teacher, start_date=date(2015, 9, 1)
            )
            for n, e in enumerate(educators)
        ),
        batch_size=BATCH,
    )
    through = Employment.subjects.through
    through.objects.bulk_create(
        (through(employment_id=j.pk, subject_id=subjects[n % len(subjects)].pk) for n, j in enumerate(jobs)),
        batch_size=BATCH,
    )
    say(f"реестр: {time.perf_counter() - started:.1f} с")
    version = g.framework_version()
    competencies = {c.code: c.pk for c in Competency.objects.filter(version=version, code__in=CODES)}
    plan = (
        (DiagnosticLevel.REGIONAL, date(2024, 10, 31), 1.0, 0),
        (DiagnosticLevel.FEDERAL, date(2024, 5, 31), 0.4, 0),
        (DiagnosticLevel.SELF, date(2024, 12, 20), 0.3, 2),
    )
    for level, ends_on, share, bias in plan:
        diagnostic = Diagnostic.objects.create(
            name=f"Бенч {level}",
            level=level,
            version=version,
            starts_on=ends_on.replace(day=1),
            ends_on=ends_on,
            region=region,
        )
        chosen = [e for e in educators if rng.random() < share]
        rows = (
            DiagnosticResult(
                diagnostic=diagnostic,
                educator_id=e.pk,
                competency_id=competencies[code],
                score=Decimal(min(10, max(0, round(rng.gauss(6 + bias, 2.2))))),
                max_score=Decimal(10),
                taken_on=ends_on,
                source=ResultSource.SELF if level == DiagnosticLevel.SELF else ResultSource.IMPORT,
            )
            for e in chosen
            for code in CODES
        )
        DiagnosticResult.objects.bulk_create(rows, batch_size=BATCH)
        deficits.derive(diagnostic)
        say(f"{level}: {len(chosen) * len(CODES)} результатов, {time.perf_counter() - started:.1f} с")
    big = municipalities[0]
    User.objects.create(username="bench-region", role=Role.REGIONAL_OPERATOR, region=region)
    User.objects.create(username="bench-coordinator", role=Role.COORDINATOR, municipality=big)
    User.objects.create(username="bench-methodologist", role=Role.METHODOLOGIST, municipality=big)
    admin = User.objects.create(username="bench-school", role=Role.ORG_ADMIN)
    admin.organizations.set([organizations[0]])


def measure(function) -> tuple[float, float]:
    """(median seconds, peak MiB of Python allocations) over RUNS calls."""
    times, peak = [], 0
    for _ in range(RUNS):
        tracemalloc.start()
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(times), peak / 2**20


def page(view, user, query: str = ""):
    from django.test import RequestFactory

    def call():
        request = RequestFactory().get("/" + query)
        request.user = user
        response = view(request)
        assert response.status_code == 200, response.status_code
        return response

    return call


def main() -> None:
    _setup()
    from django.db import connection

    from metodist.accounts.models import User
    from metodist.diagnostics import analytics, views_analytics
    from metodist.diagnostics.models import DiagnosticResult

    build(lambda line: print(line, flush=True))
    users = {u.username: u for u in User.objects.filter(username__startswith="bench-")}
    region, coordinator = users["bench-region"], users["bench-coordinator"]
    methodologist, school = users["bench-methodologist"], users["bench-school"]
    filters = analytics.Filters(on=ON)
    table = connection.ops.quote_name(DiagnosticResult._meta.db_table)

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            return cursor.fetchone()[0]

    count = baseline()
    base, _ = measure(baseline)
    cases = [
        ("тепловая карта: регион × предметы", lambda: analytics.heat_map(region, filters, "subject")),
        ("тепловая карта: регион × организации", lambda: analytics.heat_map(region, filters, "organization")),
        (
            "тепловая карта: муниципалитет × организации",
            lambda: analytics.heat_map(coordinator, filters, "organization"),
        ),
        ("зона риска: регион, 1-я страница", lambda: list(analytics.open_deficit_counts(region, filters)[:50])),
        ("концентрация: регион", lambda: analytics.concentration(region, filters)),
        ("калибровка: регион", lambda: analytics.calibration(region, filters)),
        ("калибровка: муниципалитет", lambda: analytics.calibration(methodologist, filters)),
        ("страница: тепловая карта, регион", page(views_analytics.heatmap, region)),
        (
            "страница: тепловая карта по муниципалитетам, регион",
            page(views_analytics.heatmap, region, "?by=municipality"),
        ),
        ("страница: тепловая карта, муниципалитет", page(views_analytics.heatmap, coordinator)),
        ("страница: зона риска, муниципалитет", page(views_analytics.risk, coordinator)),
        ("страница: xlsx тепловой карты, регион", page(views_analytics.heatmap_export, region)),
        ("страница: зона риска, регион", page(views_analytics.risk, region)),
        ("страница: зона риска, школа", page(views_analytics.risk, school)),
        ("страница: калибровка, методист", page(views_analytics.calibration, methodologist)),
    ]
    load = os.getloadavg()[0]
    print(
        f"\n{connection.vendor}: {count} результатов; базовая линия COUNT(*) — {base * 1000:.0f} мс; load {load:.1f}\n"
    )
    print("| замер | секунд | пик памяти Python, МиБ | × COUNT(*) |")
    print("|---|---|---|---|")
    for name, function in cases:
        seconds, peak = measure(function)
        print(f"| {name} | {seconds:.3f} | {peak:.1f} | {seconds / base:.1f} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
