"""manage.py bench_nation: the national round and the cost of one region's campaign as the database grows.

Run by `make bench-nation` (opt-in, not in CI), twice: on the region-scale database with `--region-only --save`,
which times the demo region's campaign of every catalogue and keeps the figures in a JSON file; then on the
nation-scale database with `--compare` that file, which times the same campaign there, then the national round —
a campaign of every catalogue for every region, all computed — and writes both into docs/benchmarks.md between
the `bench:nation` markers.
"""

import json
import platform
import statistics
import time
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from metodist.demo.users import thousands
from metodist.monitoring import catalogue
from metodist.monitoring.actions import compute_snapshot, open_campaign
from metodist.monitoring.models import Campaign, CampaignStatus
from metodist.orgs.models import Region
from metodist.people.models import Educator

from .bench import peak_rss_mib

PERIOD = "bench"  # the campaigns of `manage.py bench`, so the region-scale database reuses them
ROUND_GOAL_SECONDS = 120


class Command(BaseCommand):
    help = "Замер национального тура (кампании всех регионов по всем каталогам) и стоимости кампании одного региона."

    def add_arguments(self, parser):
        parser.add_argument(
            "--region-only", action="store_true", help="только кампания демонстрационного региона (база региона)"
        )
        parser.add_argument("--save", help="JSON-файл, куда сохранить замер кампании региона")
        parser.add_argument("--compare", help="JSON-файл с замером на базе масштаба региона, для сравнения")
        parser.add_argument("--record", help="файл Markdown, куда записать результаты (docs/benchmarks.md)")
        parser.add_argument("--repeat", type=int, default=3, help="запусков кампании региона (берётся медиана)")
        parser.add_argument(
            "--budget", type=float, default=1800, help="секунд на национальный тур; дальше он прерывается"
        )

    def handle(self, *args, region_only, save, compare, record, repeat, budget, **options):
        regions = list(Region.objects.order_by("pk"))
        if not regions:
            raise CommandError("Нет данных: сначала выполните seed_demo.")
        on = timezone.localdate()
        catalogues = catalogue.load_all()
        educators = Educator.objects.count()
        self.stdout.write(
            f"База: {connection.vendor}; педагогов: {thousands(educators)}; регионов: {len(regions)}; "
            f"каталогов: {len(catalogues)}; дата расчёта: {on:%d.%m.%Y}"
        )
        demo = self._region(regions[0], catalogues, on, repeat)
        demo["educators"] = educators
        if save:
            Path(save).write_text(json.dumps(demo, ensure_ascii=False), encoding="utf-8")
        if region_only:
            return
        national = self._national_round(regions, catalogues, on, budget)
        national["educators"], national["regions"], national["catalogues"] = educators, len(regions), len(catalogues)
        if record:
            before = json.loads(Path(compare).read_text(encoding="utf-8")) if compare else None
            self._record(Path(record), national, demo, before)

    def _region(self, region, catalogues, on, repeat) -> dict:
        """The demo region's campaign of every catalogue, `repeat` times; the median and the process's peak."""
        campaigns = [self._campaign(loaded, region, on) for loaded in catalogues]
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            for campaign in campaigns:
                compute_snapshot(campaign)
            runs.append(time.perf_counter() - started)
        seconds, peak = statistics.median(runs), peak_rss_mib()
        self.stdout.write(
            f"Кампания региона «{region.name}» по всем каталогам: медиана {seconds:.2f} с "
            f"(запуски: {', '.join(f'{run:.2f}' for run in runs)}); пиковая память процесса {peak:.0f} МиБ"
        )
        return {"region": region.name, "seconds": seconds, "runs": runs, "peak_mib": peak}

    def _national_round(self, regions, catalogues, on, budget) -> dict:
        """A campaign of every catalogue for every region, computed one after another, until `budget` runs out."""
        started = time.perf_counter()
        campaigns = [[self._campaign(loaded, region, on) for loaded in catalogues] for region in regions]
        opened_in = time.perf_counter() - started
        self.stdout.write(f"Кампании открыты: {len(regions) * len(catalogues)} за {opened_in:.0f} с")
        started, per_region = time.perf_counter(), []
        for region, opened in zip(regions, campaigns, strict=True):
            if time.perf_counter() - started > budget:
                break
            region_started = time.perf_counter()
            for campaign in opened:
                compute_snapshot(campaign)
            per_region.append((time.perf_counter() - region_started, region.name))
            self.stdout.write(
                f"  {len(per_region)}/{len(regions)} «{region.name}»: {per_region[-1][0]:.2f} с, "
                f"всего {time.perf_counter() - started:.0f} с"
            )
        total, peak = time.perf_counter() - started, peak_rss_mib()
        slowest = max(per_region)
        complete = len(per_region) == len(regions)
        self.stdout.write(
            f"Национальный тур: {total:.1f} с{'' if complete else f' (прерван: {len(per_region)} регионов)'}; "
            f"самый медленный регион «{slowest[1]}» — {slowest[0]:.2f} с; пиковая память процесса {peak:.0f} МиБ"
        )
        return {"seconds": total, "computed": len(per_region), "slowest": slowest, "peak_mib": peak}

    def _campaign(self, loaded, region, on) -> Campaign:
        campaign, _ = Campaign.objects.get_or_create(
            catalogue=loaded,
            region=region,
            municipality=None,
            period=PERIOD,
            defaults={
                "title": f"Замер: {loaded.title}",
                "period_start": on - timedelta(days=365),
                "period_end": on,
                "deadline": on,
            },  # fmt: skip
        )
        if campaign.status == CampaignStatus.DRAFT:  # opened once: sending the cards is not what is measured
            open_campaign(campaign, by=None)
        return campaign

    def _record(self, path: Path, national: dict, demo: dict, before: dict | None) -> None:
        begin, end = "<!-- bench:nation:begin -->", "<!-- bench:nation:end -->"
        done = national["computed"] == national["regions"]
        met = done and national["seconds"] <= ROUND_GOAL_SECONDS
        goal = f"цель ≤ {ROUND_GOAL_SECONDS} с {'выполнена' if met else 'не выполнена'}"
        outcome = "" if done else f", **прерван** после {national['computed']} регионов из {national['regions']}"
        small = before or {"educators": "—", "seconds": None, "runs": [], "peak_mib": None}

        def cell(value, unit):
            return "—" if value is None else f"{value:.2f} {unit}" if unit == "с" else f"{value:.0f} {unit}"

        section = "\n".join([
            begin,
            f"### postgresql — {timezone.now():%d.%m.%Y %H:%M}, {platform.machine()}, "
            f"педагогов: {thousands(national['educators'])}, регионов: {national['regions']}",
            "",
            f"- Национальный тур (кампании всех {national['regions']} регионов по всем {national['catalogues']} "
            f"каталогам, {national['computed'] * national['catalogues']} расчётов): **{national['seconds']:.1f} с**"
            f"{outcome} ({goal}); самый медленный регион — «{national['slowest'][1]}», "
            f"{national['slowest'][0]:.2f} с; пиковая память процесса **{national['peak_mib']:.0f} МиБ**.",
            "",
            f"| кампания региона «{demo['region']}» по всем каталогам | "
            f"{self._educators(small['educators'])} в базе | {self._educators(demo['educators'])} в базе |",
            "|---|---|---|",
            f"| время, медиана {len(demo['runs'])} запусков | {cell(small['seconds'], 'с')} | "
            f"{cell(demo['seconds'], 'с')} |",
            f"| пиковая память процесса | {cell(small['peak_mib'], 'МиБ')} | {cell(demo['peak_mib'], 'МиБ')} |",
            end,
        ])  # fmt: skip
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if begin in text and end in text:
            text = text[: text.index(begin)] + section + text[text.index(end) + len(end) :]
        else:
            text = text.rstrip() + "\n\n" + section + "\n"
        path.write_text(text, encoding="utf-8")

    @staticmethod
    def _educators(count) -> str:
        return f"{thousands(count)} педагогов" if isinstance(count, int) else "—"
