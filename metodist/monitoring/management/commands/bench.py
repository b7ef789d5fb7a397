"""manage.py bench: times a whole monitoring campaign of every catalogue on the current database and the
registry indicators against a hand-written DuckDB query over the same data exported to Parquet.

Run by `make bench` on the region-scale demo, once on SQLite and once on PostgreSQL; the figures are written
into docs/benchmarks.md between markers of the database engine.
"""

import platform
import resource
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.utils import timezone

from metodist.facts.build import current as current_facts
from metodist.facts.models import FactsBuild
from metodist.lib.markdown import replace_section
from metodist.monitoring import catalogue
from metodist.monitoring.actions import compute_snapshot, open_campaign
from metodist.monitoring.bench import duck
from metodist.monitoring.compute import CampaignComputation
from metodist.monitoring.models import Campaign, Level
from metodist.orgs.models import Region
from metodist.people.models import Educator

RUNS = 5
BENCH_CATALOGUE = Path(catalogue.__file__).resolve().parent / "bench" / "registry.toml"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Замер скорости расчёта кампаний мониторинга и сравнение с DuckDB."

    def handle(self, *args, record=None, runs=RUNS, **options):
        region = Region.objects.order_by("pk").first()
        if region is None:
            raise CommandError("Нет данных: сначала выполните seed_demo --scale region.")
        engine = connection.vendor
        on = timezone.localdate()
        educators = Educator.objects.count()
        self.stdout.write(f"База: {engine}; педагогов в реестре: {educators}; дата расчёта: {on:%d.%m.%Y}")
        catalogues = catalogue.load_all() + [catalogue.load(BENCH_CATALOGUE)]
        campaigns = {loaded.code: self._campaign(loaded, region, on) for loaded in catalogues}
        registry = campaigns.pop("bench-registry")
        facts_seconds = self._facts_build(registry, runs)
        self.stdout.write(f"Факты региона (построение заново, медиана): {facts_seconds:.2f} с")
        lines, total, snapshots = self._whole_campaign(campaigns, runs)
        peak = peak_rss_mib()
        self.stdout.write(f"Вся кампания (все каталоги, медиана из {runs}): {total:.2f} с; "
                          f"пиковая память процесса: {peak:.0f} МиБ")  # fmt: skip
        started = time.perf_counter()
        registry_snapshot = compute_snapshot(registry)
        registry_seconds = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as directory:
            export_seconds = duck.export_parquet(Path(directory))
            duck_values, _ = duck.run_queries(Path(directory), on)
            compute_seconds, duck_one, duck_two = self._alternating(registry, Path(directory), on, runs)
        mismatches = self._compare(registry_snapshot, duck_values)
        figures = {"compute": compute_seconds, "stored": registry_seconds, "duck1": duck_one, "duck2": duck_two,
                   "ratio1": compute_seconds / duck_one, "ratio2": compute_seconds / duck_two,
                   "export": export_seconds, "mismatches": mismatches, "facts": facts_seconds,
                   "runs": runs, "snapshots": snapshots}  # fmt: skip
        self.stdout.write(
            f"Показатели реестра (медиана из {runs}): Методист — расчёт {compute_seconds:.2f} с "
            f"(с записью снимка {registry_seconds:.2f} с); DuckDB — {duck_one:.2f} с в 1 поток, "
            f"{duck_two:.2f} с в 2 потока (выгрузка в Parquet {export_seconds:.1f} с); отношение "
            f"Методист/DuckDB = {figures['ratio1']:.1f} (1 поток), {figures['ratio2']:.1f} (2 потока); "
            f"расхождений в значениях: {mismatches}"
        )
        if record:
            self._record(Path(record), engine, educators, on, lines, total, peak, figures)

    def add_arguments(self, parser):
        parser.add_argument("--record", help="файл Markdown, куда записать результаты (docs/benchmarks.md)")
        parser.add_argument("--runs", type=int, default=RUNS, help="повторов каждого замера (медиана)")

    def _facts_build(self, campaign, runs: int) -> float:
        """A region's facts rebuilt from the registry, as after a registry write (median of the runs)."""
        times = []
        for _ in range(max(3, runs // 2)):
            FactsBuild.objects.filter(region=campaign.region).update(stale=True)
            started = time.perf_counter()
            current_facts(campaign.region_id, campaign.period_start, campaign.period_end)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    def _whole_campaign(self, campaigns: dict, runs: int) -> tuple[list[str], float, int]:
        """Every catalogue's campaign computed and stored, `runs` times over current facts; the median of each
        catalogue and of the whole round."""
        per_catalogue, totals = {code: [] for code in campaigns}, []
        for _ in range(runs):
            round_started = time.perf_counter()
            for code, campaign in campaigns.items():
                started = time.perf_counter()
                snapshot = compute_snapshot(campaign)
                per_catalogue[code].append((time.perf_counter() - started, snapshot))
                reset_queries()  # with DEBUG on, the query log would grow with every run
            totals.append(time.perf_counter() - round_started)
        lines, rows = [], 0
        for code, results in per_catalogue.items():
            seconds = statistics.median(t for t, _ in results)
            count = results[-1][1].values.count()
            rows += count
            indicators = campaigns[code].catalogue.indicators.count()
            lines.append(f"| {code} | {indicators} | {count} | {seconds:.2f} |")
            self.stdout.write(f"  {code}: {indicators} показателей, {count} значений, {seconds:.2f} с")
        return lines, statistics.median(totals), rows

    def _alternating(self, campaign, directory: Path, on, runs: int) -> tuple[float, float, float]:
        """The registry indicators computed by Metodist (over current facts, no snapshot written, as the DuckDB
        side does) and by DuckDB in one and in two threads, in turn, so that the machine's load is shared."""
        ours, one, two = [], [], []
        for _ in range(runs):
            started = time.perf_counter()
            list(CampaignComputation(campaign).rows())
            ours.append(time.perf_counter() - started)
            reset_queries()
            one.append(duck.run_queries(directory, on, threads=1)[1])
            two.append(duck.run_queries(directory, on, threads=2)[1])
        return statistics.median(ours), statistics.median(one), statistics.median(two)

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
            f"Медиана из {figures['runs']} запусков каждого замера.",
            "",
            "| каталог | показателей | значений | секунд |",
            "|---|---|---|---|",
            *lines,
            "",
            f"- Вся кампания всех четырёх каталогов (по актуальным фактам, с записью снимков): **{total:.2f} с**, "
            f"пиковая память процесса **{peak:.0f} МиБ**.",
            f"- Факты региона, построенные заново (после изменения реестра): {figures['facts']:.2f} с.",
            f"- Показатели реестра (11, по организациям, муниципалитетам и региону): расчёт Методиста "
            f"{figures['compute']:.2f} с (с записью снимка {figures['stored']:.2f} с); запрос DuckDB по Parquet "
            f"{figures['duck1']:.2f} с в 1 поток и {figures['duck2']:.2f} с в 2 потока (выгрузка в Parquet "
            f"{figures['export']:.1f} с); отношение **{figures['ratio1']:.1f}** (1 поток) и "
            f"**{figures['ratio2']:.1f}** (2 потока); расхождений в значениях: {figures['mismatches']}.",
            f"- Дата расчёта: {on:%d.%m.%Y}.",
            end,
        ])  # fmt: skip
        replace_section(path, begin, end, section)
