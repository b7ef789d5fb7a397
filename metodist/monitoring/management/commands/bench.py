"""manage.py bench: times a whole monitoring campaign of every catalogue on the current database and the
registry indicators against a hand-written DuckDB query over the same data exported to Parquet.

Run by `make bench` on the region-scale demo, once on SQLite and once on PostgreSQL; the figures are written
into docs/benchmarks.md between markers of the database engine.
"""

import platform
import resource
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from metodist.monitoring import catalogue
from metodist.monitoring.actions import compute_snapshot, open_campaign
from metodist.monitoring.bench import duck
from metodist.monitoring.compute import CampaignComputation
from metodist.monitoring.models import Campaign, Level
from metodist.orgs.models import Region
from metodist.people.models import Educator

BENCH_CATALOGUE = Path(catalogue.__file__).resolve().parent / "bench" / "registry.toml"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Замер скорости расчёта кампаний мониторинга и сравнение с DuckDB."

    def add_arguments(self, parser):
        parser.add_argument("--record", help="файл Markdown, куда записать результаты (docs/benchmarks.md)")

    def handle(self, *args, record=None, **options):
        region = Region.objects.order_by("pk").first()
        if region is None:
            raise CommandError("Нет данных: сначала выполните seed_demo --scale region.")
        engine = connection.vendor
        on = timezone.localdate()
        educators = Educator.objects.count()
        self.stdout.write(f"База: {engine}; педагогов в реестре: {educators}; дата расчёта: {on:%d.%m.%Y}")
        catalogues = catalogue.load_all() + [catalogue.load(BENCH_CATALOGUE)]
        lines, total, registry_seconds, registry_snapshot = [], 0.0, 0.0, None
        for loaded in catalogues:
            campaign = self._campaign(loaded, region, on)
            started = time.perf_counter()
            snapshot = compute_snapshot(campaign)
            seconds = time.perf_counter() - started
            if loaded.code == "bench-registry":
                registry_seconds, registry_snapshot = seconds, snapshot
            else:
                total += seconds
            rows = snapshot.values.count()
            lines.append(f"| {loaded.code} | {loaded.indicators.count()} | {rows} | {seconds:.2f} |")
            self.stdout.write(
                f"  {loaded.code}: {loaded.indicators.count()} показателей, {rows} значений, {seconds:.2f} с"
            )
        peak = peak_rss_mib()
        self.stdout.write(f"Вся кампания (все каталоги): {total:.2f} с; пиковая память процесса: {peak:.0f} МиБ")
        with tempfile.TemporaryDirectory() as directory:
            export_seconds = duck.export_parquet(Path(directory))
            duck_values, duck_seconds = duck.run_queries(Path(directory), on)
        mismatches = self._compare(registry_snapshot, duck_values)
        compute_seconds = self._compute_only(registry_snapshot.campaign)
        ratio = compute_seconds / duck_seconds if duck_seconds else float("inf")
        self.stdout.write(
            f"Показатели реестра: Методист — расчёт {compute_seconds:.2f} с "
            f"(с записью снимка {registry_seconds:.2f} с); "
            f"DuckDB — запрос {duck_seconds:.2f} с (выгрузка в Parquet {export_seconds:.1f} с); "
            f"отношение Методист/DuckDB = {ratio:.1f}; расхождений в значениях: {mismatches}"
        )
        if record:
            figures = {"compute": compute_seconds, "stored": registry_seconds, "duck": duck_seconds,
                       "export": export_seconds, "ratio": ratio, "mismatches": mismatches}  # fmt: skip
            self._record(Path(record), engine, educators, on, lines, total, peak, figures)

    def _compute_only(self, campaign) -> float:
        """The computation alone (the same queries, no snapshot rows written), as the DuckDB side does."""
        started = time.perf_counter()
        list(CampaignComputation(campaign).rows())
        return time.perf_counter() - started

    def _campaign(self, loaded, region, on):
        campaign, _ = Campaign.objects.get_or_create(
            catalogue=loaded,
            region=region,
            municipality=None,
            period="bench",
            defaults={
                "title": f"Замер: {loaded.title}",
                "period_start": on - timedelta(days=365),
                "period_end": on,
                "deadline": on,
            },  # fmt: skip
        )
        open_campaign(campaign, by=None)
        return campaign

    def _compare(self, snapshot, duck_values) -> int:
        mismatches = 0
        values = snapshot.values.filter(level=Level.MUNICIPALITY, breakdown="").select_related("indicator")
        for value in values:
            expected = duck_values.get((value.indicator.code, value.municipality_id))
            if expected is None:
                continue
            numerator, denominator = expected
            same_denominator = denominator is None or value.indicator.kind == "count" or (
                value.denominator == denominator)  # fmt: skip
            if value.numerator != numerator or not same_denominator:
                mismatches += 1
                self.stderr.write(f"  расхождение {value.indicator.code} / {value.municipality_id}: "
                                  f"{value.numerator}/{value.denominator} ≠ {numerator}/{denominator}")  # fmt: skip
        return mismatches

    def _record(self, path, engine, educators, on, lines, total, peak, figures):
        begin, end = f"<!-- bench:{engine}:begin -->", f"<!-- bench:{engine}:end -->"
        section = "\n".join([
            begin,
            f"### {engine} — {timezone.now():%d.%m.%Y %H:%M}, {platform.machine()}, {educators} педагогов",
            "",
            "| каталог | показателей | значений | секунд |",
            "|---|---|---|---|",
            *lines,
            "",
            f"- Вся кампания всех четырёх каталогов: **{total:.2f} с**, пиковая память процесса **{peak:.0f} МиБ**.",
            f"- Показатели реестра (11, по организациям, муниципалитетам и региону): расчёт Методиста "
            f"{figures['compute']:.2f} с (с записью снимка {figures['stored']:.2f} с); запрос DuckDB по Parquet "
            f"{figures['duck']:.2f} с (выгрузка в Parquet {figures['export']:.1f} с); отношение "
            f"**{figures['ratio']:.1f}**; расхождений в значениях: {figures['mismatches']}.",
            f"- Дата расчёта: {on:%d.%m.%Y}.",
            end,
        ])  # fmt: skip
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if begin in text and end in text:
            text = text[: text.index(begin)] + section + text[text.index(end) + len(end) :]
        else:
            text = text.rstrip() + "\n\n" + section + "\n"
        path.write_text(text, encoding="utf-8")
