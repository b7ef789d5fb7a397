"""manage.py bench_attestation: time and peak memory of the module's heavy paths on the database at hand (run it
on the region-scale demo, `seed_demo --scale region`), each beside a baseline measured in the same run: counting
the region's working educators the way the registry does."""

import time
import tracemalloc
from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from metodist.accounts.models import Role, User
from metodist.attestation import demo, exports, portfolio, schedule
from metodist.attestation.models import Attestation
from metodist.monitoring import vocabulary
from metodist.orgs.models import Region
from metodist.people.models import Educator


def measure(work, *, trace: bool = True) -> tuple[float, float | None, object]:
    """Seconds of one run, then the peak of Python allocations of a second, traced run (tracing slows a run
    several times, so the time is taken untraced); `trace=False` for work that cannot run twice."""
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    if not trace:
        return seconds, None, result
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, result


class Command(BaseCommand):
    help = "Замер модуля аттестации: наполнение, график по региону, показатель attested, портфолио."

    def add_arguments(self, parser):
        parser.add_argument("--reseed", action="store_true", help="очистить и заново наполнить историю аттестации")

    def handle(self, *args, **options):
        today = timezone.localdate()
        region = Region.objects.annotate(n=Count("municipalities")).order_by("-n").first()
        operator = User(username="bench-attestation", role=Role.REGIONAL_OPERATOR, region=region)
        base, _, educators = measure(lambda: Educator.objects.working_in_scope(operator, today).count(), trace=False)
        self.stdout.write(f"Педагогов в регионе: {educators}; базовый замер (подсчёт реестра): {base:.3f} с")
        rows = []
        if options["reseed"] or not Attestation.objects.exists():
            demo.clear()
            seeding = measure(lambda: demo.seed(today=today, progress=lambda _: None), trace=False)
            rows.append(("Наполнение истории аттестации", *seeding))
        rows.append(("График аттестации региона, 6 мес.", *measure(lambda: schedule.calendar(operator, today, 6))))
        calendar = schedule.calendar(operator, today, 6)
        with transaction.atomic():  # the export writes an audit entry of its author: left out of the database
            operator.save()
            export = measure(lambda: exports.calendar_workbook(calendar, months=6, by=operator))
            transaction.set_rollback(True)
        rows.append(("Выгрузка графика региона в .xlsx", *export))
        ctx = vocabulary.Context(start=date(today.year - 1, 9, 1), on=today, region=region.pk)
        condition = vocabulary.compile_terms([{"predicate": "attested"}], ctx)
        rows.append(("Показатель attested по региону", *measure(lambda: Educator.objects.filter(condition).count())))
        someone = Attestation.objects.order_by("pk").values_list("educator_id", flat=True).first()
        educator = Educator.objects.get(pk=someone)
        rows.append(("Портфолио одного педагога", *measure(lambda: portfolio.assemble(educator, today))))
        self.stdout.write(f"Записей аттестации: {Attestation.objects.count()}")
        for title, seconds, peak, _ in rows:
            ratio = seconds / base if base else 0
            memory = f", пик памяти {peak:.1f} МБ" if peak is not None else ""
            self.stdout.write(f"{title}: {seconds:.3f} с{memory}, к базовому ×{ratio:.1f}")
