"""manage.py bench_attestation: time and peak memory of the module's heavy paths on the database at hand (run it
on the region-scale demo, `seed_demo --scale region`), each beside a baseline measured in the same run: counting
the region's working educators the way the registry does."""

import time
import tracemalloc
from datetime import date

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from metodist.accounts.models import Role, User
from metodist.attestation import demo, portfolio, schedule
from metodist.attestation.models import Attestation
from metodist.monitoring import vocabulary
from metodist.orgs.models import Region
from metodist.people.models import Educator


def measure(work) -> tuple[float, float, object]:
    tracemalloc.start()
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
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
        operator = User(username="bench", role=Role.REGIONAL_OPERATOR, region=region)
        base, _, educators = measure(lambda: Educator.objects.working_in_scope(operator, today).count())
        self.stdout.write(f"Педагогов в регионе: {educators}; базовый замер (подсчёт реестра): {base:.3f} с")
        rows = []
        if options["reseed"] or not Attestation.objects.exists():
            demo.clear()
            rows.append(
                ("Наполнение истории аттестации", *measure(lambda: demo.seed(today=today, progress=lambda _: None)))
            )
        rows.append(("График аттестации региона, 6 мес.", *measure(lambda: schedule.calendar(operator, today, 6))))
        ctx = vocabulary.Context(start=date(today.year - 1, 9, 1), on=today, region=region.pk)
        condition = vocabulary.compile_terms([{"predicate": "attested"}], ctx)
        rows.append(("Показатель attested по региону", *measure(lambda: Educator.objects.filter(condition).count())))
        someone = Attestation.objects.order_by("pk").values_list("educator_id", flat=True).first()
        educator = Educator.objects.get(pk=someone)
        rows.append(("Портфолио одного педагога", *measure(lambda: portfolio.assemble(educator, today))))
        self.stdout.write(f"Записей аттестации: {Attestation.objects.count()}")
        for title, seconds, peak, _ in rows:
            ratio = seconds / base if base else 0
            self.stdout.write(f"{title}: {seconds:.3f} с, пик памяти {peak:.1f} МБ, к базовому ×{ratio:.1f}")
