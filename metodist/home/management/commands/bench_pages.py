"""manage.py bench_pages: how long the pages take for one user of a municipality and one of a region.

Each page is requested through Django's test client (the whole view, template and middleware, no network),
once to warm up and then `--runs` times; the median, the 95th percentile and the number of queries are
printed and, with `--record`, written into docs/benchmarks.md between the markers of the pages section.

The users and campaigns are the demo's: the coordinator of «Городской округ Энск» with the latest computed
campaign of seed_demo_monitoring, the regional operator with a campaign over the whole region (created and
computed here on the first run), and the administrator's start page. Works after `seed_demo` at any scale
followed by `seed_demo_monitoring`.
"""

import logging
import platform
import statistics
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from metodist.accounts.models import Role, User
from metodist.home.benchdata import (
    demo_user,
    drilldown_url,
    municipal_campaign,
    page_url,
    regional_campaign,
    subject_list_url,
)
from metodist.lib.markdown import replace_section
from metodist.people.models import Educator


@dataclass(frozen=True)
class Page:
    who: str
    name: str
    user: User
    url: str
    skipped: str = ""  # why the page is not requested


@dataclass(frozen=True)
class Timing:
    page: Page
    p50: float = 0.0  # ms
    p95: float = 0.0  # ms
    queries: int = 0
    runs: int = 0
    error: str = ""  # why the page did not answer; then there are no figures

    def text(self) -> str:
        if self.page.skipped:
            return f"не замерено: {self.page.skipped}"
        if self.error:
            return f"ошибка: {self.error}"
        return f"p50 {self.p50:8.1f} мс  p95 {self.p95:8.1f} мс  запросов {self.queries}  (замеров {self.runs})"


class Command(BaseCommand):
    help = (
        "Замер скорости страниц для муниципального и регионального пользователя: стартовая страница, список "
        "педагогов с фильтром, результаты мониторинга и детализация показателя."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7, help="запросов каждой страницы после прогрева (≥ 1)")
        parser.add_argument("--record", help="файл Markdown, куда записать результаты (docs/benchmarks.md)")
        parser.add_argument(
            "--no-compute",
            action="store_true",
            help="не рассчитывать кампанию региона: без её расчёта её страницы не замеряются",
        )
        parser.add_argument(
            "--budget",
            type=float,
            default=60.0,
            help="секунд на страницу: медленная страница запрашивается меньше раз (не меньше одного)",
        )
        parser.add_argument(
            "--statement-timeout",
            type=int,
            default=120,
            help="PostgreSQL: прервать запрос дольше стольких секунд (страница считается неответившей)",
        )

    def handle(self, *args, runs=7, record=None, budget=60.0, statement_timeout=120, verbosity=1, **options):
        self.compute = not options["no_compute"]
        if runs < 1:
            raise CommandError("--runs: нужен хотя бы один запрос.")
        on = timezone.localdate()
        pages = self._pages(on)
        logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a failing page is reported in the table
        if connection.vendor == "postgresql" and statement_timeout:
            # every request opens its own connection (CONN_MAX_AGE 0), so the limit goes into the options
            options = connection.settings_dict.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c statement_timeout={int(statement_timeout)}s".strip()
            connection.close()
        educators = Educator.objects.count()
        engine = connection.vendor
        self.stdout.write(f"База: {engine}; педагогов в реестре: {educators}; запросов каждой страницы: {runs}")
        timings = []
        for page in pages:
            timing, captured = self._measure(page, runs, budget)
            timings.append(timing)
            self.stdout.write(f"  {page.who:<14} {page.name:<44} {timing.text()}")
            if verbosity >= 2:
                self._slowest(captured)
        if record:
            self._record(Path(record), engine, educators, runs, timings)

    def _pages(self, on: date) -> list[Page]:
        roles = (Role.COORDINATOR, Role.REGIONAL_OPERATOR, Role.ADMIN)
        municipal, regional, admin = (demo_user(role) for role in roles)
        local = municipal_campaign(municipal)
        wide = regional_campaign(regional, on, compute=self.compute, say=self.stdout.write)
        pages = []
        for who, user, campaign in (("муниципальный", municipal, local), ("региональный", regional, wide)):
            pages.append(Page(who, "стартовая страница", user, reverse("home:home")))
            if user is regional:
                pages.append(Page(who, "сравнение муниципалитетов", user, reverse("home:municipalities")))
            pages += [
                Page(who, "педагоги: молодые", user, page_url("people:list", young=1)),
                Page(who, "педагоги: высшая категория, математика", user, subject_list_url()),
            ]
            skipped = "" if campaign.snapshots.exists() else "кампания региона не рассчитана (--no-compute)"
            drilldown = drilldown_url(campaign)
            results = reverse("monitoring:results", args=[campaign.pk])
            pages += [
                Page(who, "результаты мониторинга", user, results, skipped),
                Page(who, "детализация: знаменатель", user, drilldown, skipped),
            ]
            if user is regional:
                url = f"{drilldown}&{urlencode({'municipality': municipal.municipality_id})}"
                pages.append(Page(who, "детализация: знаменатель, один МО", user, url, skipped))
        pages.append(Page("администратор", "стартовая страница", admin, reverse("home:home")))
        return pages

    def _slowest(self, captured: list[dict], shown: int = 3) -> None:
        """The slowest queries of the last request, for finding what a page spends its time on."""
        for query in sorted(captured, key=lambda q: -float(q["time"]))[:shown]:
            self.stdout.write(f"      {1000 * float(query['time']):8.1f} мс  {query['sql'][:600]}")

    def _measure(self, page: Page, runs: int, budget: float) -> tuple[Timing, list[dict]]:
        if page.skipped:
            return Timing(page, error=page.skipped), []
        client = Client()
        client.force_login(page.user)
        started = time.perf_counter()
        try:
            response = client.get(page.url)
        except Exception as error:  # noqa: BLE001 — a failing page is a figure of the benchmark, not its end
            return Timing(page, error=f"{type(error).__name__}: {error}"[:200]), []
        if response.status_code != 200:
            return Timing(page, error=f"ответ {response.status_code}"), []
        spent = time.perf_counter() - started
        seconds, queries = [], 0
        while len(seconds) < runs and (not seconds or spent + sum(seconds) < budget):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.get(page.url)
                seconds.append(time.perf_counter() - started)
            queries = len(captured.captured_queries)
        milliseconds = sorted(1000 * s for s in seconds)
        p95 = milliseconds[min(len(milliseconds) - 1, round(0.95 * (len(milliseconds) - 1)))]
        timing = Timing(page, statistics.median(milliseconds), p95, queries, len(seconds))
        return timing, captured.captured_queries

    def _record(self, path: Path, engine: str, educators: int, runs: int, timings: list[Timing]) -> None:
        key = f"bench:pages:{engine}:{educators}"
        begin, end = f"<!-- {key}:begin -->", f"<!-- {key}:end -->"
        section = "\n".join(
            [
                begin,
                f"#### {engine}, {educators} педагогов — {timezone.now():%d.%m.%Y %H:%M}, {platform.machine()}, "
                f"{runs} запросов после прогрева",
                "",
                "| пользователь | страница | p50, мс | p95, мс | запросов | замеров |",
                "|---|---|---|---|---|---|",
                *(_row(timing) for timing in timings),
                end,
            ]
        )
        replace_section(path, begin, end, section, within=("<!-- bench:pages:begin -->", "<!-- bench:pages:end -->"))


def _row(timing: Timing) -> str:
    if timing.error or timing.page.skipped:
        return f"| {timing.page.who} | {timing.page.name} | {timing.text()} | | | |"
    figures = f"{timing.p50:.0f} | {timing.p95:.0f} | {timing.queries} | {timing.runs}"
    return f"| {timing.page.who} | {timing.page.name} | {figures} |"
