"""Benchmark of the results import: a regional file of N participants × K competencies, checked and committed.

Run with `manage.py bench_diagnostics_import [--rows 50000] [--competencies 20]`. Each phase runs in a forked
child process, so that its peak memory is its own (VmHWM − VmRSS at the start of the child). The baseline is
reading the same file with openpyxl alone (read-only mode, values only): the least any .xlsx reader here costs.
The educators (with SNILS) are made once in a region of their own, «Регион нагрузочного теста», and reused.
"""

import multiprocessing
import os
import random
import time
from datetime import date

from django.db import connections, transaction

from metodist.testing.diagnostics import snils_of, workbook

REGION = "Регион нагрузочного теста"
TODAY = date(2026, 12, 2)


def _memory(field: str) -> int:
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0


def _in_child(function, *args):
    """(seconds, peak bytes added, result) of `function(*args)` run in a forked child."""
    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()

    def run():
        start_rss = _memory("VmRSS:")
        started = time.perf_counter()
        result = function(*args)
        elapsed = time.perf_counter() - started
        connections.close_all()
        queue.put((elapsed, _memory("VmHWM:") - start_rss, result))

    child = context.Process(target=run)
    child.start()
    outcome = queue.get()
    child.join()
    return outcome


@transaction.atomic
def prepare(rows: int):
    """The bench region with `rows` educators (made once), a user of the region and a fresh procedure."""
    from metodist.accounts.models import Role, User
    from metodist.orgs.models import Municipality, Organization, Region
    from metodist.people.models import Educator, Employment, Position

    from .models import Diagnostic, DiagnosticLevel, FrameworkVersion

    region, _ = Region.objects.get_or_create(name=REGION, defaults={"code": "BENCH"})
    municipality, _ = Municipality.objects.get_or_create(region=region, name="Муниципалитет нагрузочного теста")
    school = Organization.objects.filter(municipality=municipality).first() or Organization.objects.create(
        municipality=municipality, short_name="Школа нагрузочного теста", full_name="Школа нагрузочного теста"
    )
    have = Employment.objects.filter(organization=school).count()
    teacher = Position.objects.get(code="teacher")
    if have < rows:
        made = Educator.objects.bulk_create(
            [
                Educator(
                    last_name=f"Участник{n}",
                    first_name="Тест",
                    sex="F",
                    birth_date=date(1980, 1, 1),
                    ped_work_start=date(2005, 9, 1),
                    snils=snils_of(900_000_000 + n),
                )
                for n in range(have, rows)
            ],
            batch_size=5000,
        )
        Employment.objects.bulk_create(
            [Employment(educator=e, organization=school, position=teacher, start_date=date(2005, 9, 1)) for e in made],
            batch_size=5000,
        )
    user, _ = User.objects.get_or_create(
        username="bench-region", defaults={"role": Role.REGIONAL_OPERATOR, "region": region}
    )
    Diagnostic.objects.filter(region=region).delete()
    version = FrameworkVersion.objects.get(framework__code="msnms", number=1)
    diagnostic = Diagnostic.objects.create(
        name="Нагрузочный тест",
        level=DiagnosticLevel.REGIONAL,
        version=version,
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 3, 31),
        region=region,
    )
    return user, diagnostic


def make_file(diagnostic, rows: int, competencies: int) -> bytes:
    from metodist.people.models import Educator

    from .importing import TEMPLATE

    codes = list(
        diagnostic.version.competencies.filter(parent__isnull=False)
        .order_by("order")
        .values_list("code", flat=True)[:competencies]
    )
    rng = random.Random(1)
    people = Educator.objects.filter(last_name__startswith="Участник", snils__isnull=False).order_by("pk")[:rows]
    lines = (
        [e.snils, e.last_name, e.first_name, None, e.birth_date, date(2026, 3, 1), 20]
        + [rng.randint(6, 20) for _ in codes]  # about a quarter below the 50 % threshold, as in real files
        for e in people.iterator(chunk_size=5000)
    )
    return workbook([header for header, _ in TEMPLATE] + codes, lines)


def _baseline(content: bytes) -> int:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


def _check(import_id: int, user_id: int) -> dict:
    from metodist.accounts.models import User

    from . import importing
    from .models import ResultImport

    item = ResultImport.objects.get(pk=import_id)
    parsed = importing.check(item, by=User.objects.get(pk=user_id), today=TODAY)
    return {"results": parsed.results, "errors": parsed.error_count, "unknown": parsed.unknown_count}


def _commit(import_id: int, user_id: int) -> dict:
    from metodist.accounts.models import User

    from . import importing
    from .models import Deficit, ResultImport

    item = ResultImport.objects.get(pk=import_id)
    report = importing.commit(item, by=User.objects.get(pk=user_id))
    return {"results": report["written"], "deficits": Deficit.objects.filter(diagnostic=item.diagnostic_id).count()}


def run(rows: int, competencies: int, say) -> list[str]:
    from .models import ResultImport

    started = time.perf_counter()
    user, diagnostic = prepare(rows)
    say(f"Подготовка ({rows} педагогов): {time.perf_counter() - started:.1f} с")
    started = time.perf_counter()
    content = make_file(diagnostic, rows, competencies)
    say(f"Файл: {len(content) / 1024 / 1024:.1f} МБ, {time.perf_counter() - started:.1f} с на запись")
    item = ResultImport.objects.create(diagnostic=diagnostic, file_name="bench.xlsx", content=content, created_by=user)
    base_s, base_mem, _ = _in_child(_baseline, content)
    check_s, check_mem, checked = _in_child(_check, item.pk, user.pk)
    commit_s, commit_mem, committed = _in_child(_commit, item.pk, user.pk)
    mb = 1024 * 1024
    return [
        f"База данных: {connections['default'].vendor}; строк {rows}, компетенций в строке {competencies}, "
        f"результатов {committed['results']}, дефицитов {committed['deficits']}, ошибок {checked['errors']}",
        f"openpyxl, только чтение (база): {base_s:.1f} с, пик памяти +{base_mem / mb:.0f} МБ",
        f"проверка: {check_s:.1f} с ({check_s / base_s:.2f}× базы), пик памяти +{check_mem / mb:.0f} МБ",
        f"загрузка: {commit_s:.1f} с ({commit_s / base_s:.2f}× базы), пик памяти +{commit_mem / mb:.0f} МБ",
        f"итого проверка и загрузка: {check_s + commit_s:.1f} с",
    ]
