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
from django.db import connection, reset_queries
from django.utils import timezone

from metodist.demo.users import thousands
from metodist.facts.build import current as current_facts
from metodist.facts.models import FactsBuild
from metodist.lib.markdown import replace_section
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
        """The demo region's facts built anew, then its campaign of every catalogue `repeat` times over them; the
        median and the process's peak."""
        campaigns = [self._campaign(loaded, region, on) for loaded in catalogues]
        facts = self._build_facts(region, campaigns[0])
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            for campaign in campaigns:
                compute_snapshot(campaign)
                reset_queries()  # with DEBUG on Django keeps every query's SQL: not the computation's memory
            runs.append(time.perf_counter() - started)
        seconds, peak = statistics.median(runs), peak_rss_mib()
        self.stdout.write(
            f"Регион «{region.name}»: факты построены за {facts:.2f} с; кампания по всем каталогам — медиана "
            f"{seconds:.2f} с (запуски: {', '.join(f'{run:.2f}' for run in runs)}); пиковая память процесса "
            f"{peak:.0f} МиБ"
        )
        return {"region": region.name, "facts": facts, "seconds": seconds, "runs": runs, "peak_mib": peak}

    @staticmethod
    def _build_facts(region, campaign) -> float:
        """The region's facts rebuilt from the registry, as after a registry write."""
        FactsBuild.objects.filter(region=region).update(stale=True)
        started = time.perf_counter()
        current_facts(region.pk, campaign.period_start, campaign.period_end)
        return time.perf_counter() - started

    def _national_round(self, regions, catalogues, on, budget) -> dict:
        """A campaign of every catalogue for every region: once with every region's facts built anew (as after
        a registry write everywhere), once over the facts kept from that round."""
        started = time.perf_counter()
        campaigns = [[self._campaign(loaded, region, on) for loaded in catalogues] for region in regions]
        opened_in = time.perf_counter() - started
        self.stdout.write(f"Кампании открыты: {len(regions) * len(catalogues)} за {opened_in:.0f} с")
        FactsBuild.objects.update(stale=True)
        cold = self._round("с построением фактов", regions, campaigns, budget)
        warm = self._round("по готовым фактам", regions, campaigns, budget)
        return {"cold": cold, "warm": warm, "peak_mib": peak_rss_mib()}

    def _round(self, title, regions, campaigns, budget) -> dict:
        """Every region's campaigns computed one region after another, until `budget` runs out."""
        started, per_region = time.perf_counter(), []
        for region, opened in zip(regions, campaigns, strict=True):
            if time.perf_counter() - started > budget:
                break
            region_started = time.perf_counter()
            for campaign in opened:
                compute_snapshot(campaign)
                reset_queries()  # with DEBUG on Django keeps every query's SQL: not the computation's memory
            per_region.append((time.perf_counter() - region_started, region.name))
            self.stdout.write(
                f"  {len(per_region)}/{len(regions)} «{region.name}»: {per_region[-1][0]:.2f} с, "
                f"всего {time.perf_counter() - started:.0f} с"
            )
        total, slowest = time.perf_counter() - started, max(per_region)
        stopped = "" if len(per_region) == len(regions) else f" (прерван: {len(per_region)} регионов)"
        self.stdout.write(
            f"Национальный тур {title}: {total:.1f} с{stopped}; самый медленный регион «{slowest[1]}» — "
            f"{slowest[0]:.2f} с; пиковая память процесса {peak_rss_mib():.0f} МиБ"
        )
        return {"seconds": total, "computed": len(per_region), "slowest": slowest}

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
            reset_queries()
        return campaign

    def _record(self, path: Path, national: dict, demo: dict, before: dict | None) -> None:
        begin, end = "<!-- bench:nation:begin -->", "<!-- bench:nation:end -->"
        small = before or {"educators": None, "facts": None, "seconds": None, "runs": [], "peak_mib": None}

        def cell(value, unit):
            return "—" if value is None else f"{value:.2f} {unit}" if unit == "с" else f"{value:.0f} {unit}"

        section = "\n".join([
            begin,
            f"### postgresql — {timezone.now():%d.%m.%Y %H:%M}, {platform.machine()}, "
            f"педагогов: {thousands(national['educators'])}, регионов: {national['regions']}",
            "",
            *(self._round_line(national, key, title) for key, title in (
                ("cold", "с построением фактов всех регионов заново"), ("warm", "по готовым фактам"))),
            f"- Пиковая память процесса за оба тура: **{national['peak_mib']:.0f} МиБ**.",
            "",
            f"| регион «{demo['region']}» | {self._educators(small['educators'])} в базе | "
            f"{self._educators(demo['educators'])} в базе |",
            "|---|---|---|",
            f"| факты региона, построение заново | {cell(small['facts'], 'с')} | {cell(demo['facts'], 'с')} |",
            f"| кампания по всем каталогам, медиана {len(demo['runs'])} запусков | {cell(small['seconds'], 'с')} | "
            f"{cell(demo['seconds'], 'с')} |",
            f"| пиковая память процесса | {cell(small['peak_mib'], 'МиБ')} | {cell(demo['peak_mib'], 'МиБ')} |",
            end,
        ])  # fmt: skip
        replace_section(path, begin, end, section)

    @staticmethod
    def _round_line(national: dict, key: str, title: str) -> str:
        figures, regions = national[key], national["regions"]
        done = figures["computed"] == regions
        met = done and figures["seconds"] <= ROUND_GOAL_SECONDS
        stopped = "" if done else f", **прерван** после {figures['computed']} регионов из {regions}"
        return (
            f"- Национальный тур {title} (кампании всех {regions} регионов по всем {national['catalogues']} "
            f"каталогам, {figures['computed'] * national['catalogues']} расчётов): **{figures['seconds']:.1f} с**"
            f"{stopped} (цель ≤ {ROUND_GOAL_SECONDS} с {'выполнена' if met else 'не выполнена'}); самый медленный "
            f"регион — «{figures['slowest'][1]}», {figures['slowest'][0]:.2f} с."
        )

    @staticmethod
    def _educators(count) -> str:
        return f"{thousands(count)} педагогов" if isinstance(count, int) else "—"
