"""manage.py bench_load: a bounded load test of the production server against the demo on PostgreSQL.

The server under test runs as a subprocess with the production settings (metodist.settings_production, a
random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1): gunicorn with `--workers` processes of `--threads` threads
(gthread: with clients keeping their connections open, as browsers do with no proxy in front, sync workers
gave half the throughput, docs/benchmarks.md) and persistent database connections, then `manage.py
runserver` (threaded, connections per request) on the same pages in the same run. Against each,
metodist/home/load/run.py (locust, in a process of its own) runs three scenarios for
`--duration` seconds each: `--users` clients thinking about `--think` seconds between pages (the goal:
p95 ≤ 300 ms and no errors), and closed loops of 1 and 10 clients without pause (throughput). Every client
logs in through the login form as the municipal coordinator and as the regional operator and draws pages
from one weighted mix: the start page, the educators list with a filter, the largest organization's card,
the results of a campaign (the municipality's approved one; the region's) and the drill-down of its first
registry indicator over educators, and the comparison of municipalities for the regional operator.

Before the scenarios each server is warmed up (every worker answers, the region's facts are built) by a
closed loop that is not recorded. With `--record` the figures go into docs/benchmarks.md between the markers
of the load section.
"""

import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from metodist.accounts.models import Role
from metodist.demo.users import DEMO_PASSWORD
from metodist.home.benchdata import (
    demo_user,
    drilldown_url,
    largest_organization,
    municipal_campaign,
    page_url,
    regional_campaign,
    subject_list_url,
)
from metodist.lib.markdown import replace_section
from metodist.people.models import Educator

BEGIN, END = "<!-- bench:load:begin -->", "<!-- bench:load:end -->"
GOAL_P95 = 300  # ms, for the scenario with think time


@dataclass(frozen=True)
class Scenario:
    name: str
    clients: int
    wait: float  # seconds between a client's requests; 0 is a closed loop
    spawn_rate: float


@dataclass(frozen=True)
class Server:
    name: str
    port: int
    command: list[str]
    conn_max_age: int


class Command(BaseCommand):
    help = (
        "Нагрузочный замер рабочего сервера (gunicorn) и runserver на демонстрационных данных в PostgreSQL: "
        "50 пользователей с паузой около 5 с и замкнутый цикл 1 и 10 клиентов; p50/p95/p99, запросов в секунду, "
        "ошибки."
    )

    def add_arguments(self, parser):
        cores = os.cpu_count() or 1
        parser.add_argument("--duration", type=int, default=90, help="секунд замера каждого сценария")
        parser.add_argument("--users", type=int, default=50, help="пользователей сценария с паузой")
        parser.add_argument("--think", type=float, default=5.0, help="средняя пауза пользователя, секунд")
        parser.add_argument("--closed", default="1,10", help="числа клиентов замкнутого цикла, через запятую")
        parser.add_argument(
            "--workers", type=int, default=cores, help=f"процессов gunicorn (по умолчанию ядер: {cores})"
        )
        parser.add_argument("--threads", type=int, default=4, help="потоков в процессе gunicorn (gthread)")
        parser.add_argument("--servers", default="gunicorn,runserver", help="какие серверы замерять")
        parser.add_argument("--port", type=int, default=8107, help="порт gunicorn; runserver — следующий")
        parser.add_argument("--warmup", type=int, default=20, help="секунд прогрева каждого сервера (не записывается)")
        parser.add_argument("--record", help="файл Markdown, куда записать результаты (docs/benchmarks.md)")

    def handle(self, *args, record=None, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Замер нагрузки делается на PostgreSQL: задайте DATABASE_URL=postgres://…")
        scenarios = [
            Scenario(
                f"{options['users']} пользователей, пауза {options['think']:g} с",
                options["users"],
                options["think"],
                10,
            )
        ]
        closed = [Scenario(f"замкнутый цикл, клиентов: {n}", n, 0, n) for n in _ints(options["closed"])]
        scenarios += closed
        roles = self._roles()
        servers = [
            s
            for s in self._servers(options["port"], options["workers"], options["threads"])
            if s.name.split(",")[0] in options["servers"].split(",")
        ]
        educators = Educator.objects.count()
        load = os.getloadavg()[0]
        self.stdout.write(f"PostgreSQL, педагогов {educators}; средняя загрузка машины до замера {load:.1f}")
        # the production settings serve the collected static files only (metodist/lib/serving.py)
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        subprocess.run(
            [sys.executable, manage, "collectstatic", "--noinput", "-v0"], env=_production_env(0), check=True
        )
        results = {}
        for server in servers:
            with self._running(server):
                self.stdout.write(f"{server.name} на порту {server.port}: прогрев {options['warmup']} с")
                warmup = Scenario("прогрев", max(2, options["workers"] * options["threads"]), 0, 10)
                self._run(server, warmup, roles, options["warmup"])
                for scenario in scenarios:
                    result = self._run(server, scenario, roles, options["duration"])
                    results[server.name, scenario.name] = result
                    self.stdout.write(f"  {scenario.name:<28} {_figures(result['total'])}")
                    for error in result["errors"]:
                        self.stdout.write(f"    ошибка: {error['page']}: {error['error']} × {error['count']}")
        load_after = os.getloadavg()[0]
        if record:
            self._record(Path(record), options, educators, scenarios, servers, results, (load, load_after))

    def _roles(self) -> list[dict]:
        on = timezone.localdate()
        municipal, regional = demo_user(Role.COORDINATOR), demo_user(Role.REGIONAL_OPERATOR)
        approved = municipal_campaign(municipal, approved=True)
        wide = regional_campaign(regional, on, say=self.stdout.write)
        own = largest_organization(municipal)
        other = largest_organization(regional, exclude_municipality=municipal.municipality_id)
        listed = subject_list_url()

        def role(name, user, pages):
            return {"name": name, "login": user.username, "password": DEMO_PASSWORD, "pages": pages}

        def page(name, url, weight):
            return {"name": name, "url": url, "weight": weight}

        return [
            role(
                "муниципальный",
                municipal,
                [
                    page("стартовая страница", page_url("home:home"), 3),
                    page("педагоги: высшая категория, математика", listed, 2),
                    page("карточка организации", page_url("orgs:detail", own.pk), 2),
                    page("результаты утверждённой кампании", page_url("monitoring:results", approved.pk), 2),
                    page("детализация показателя", drilldown_url(approved), 1),
                ],
            ),
            role(
                "региональный",
                regional,
                [
                    page("стартовая страница", page_url("home:home"), 3),
                    page("сравнение муниципалитетов", page_url("home:municipalities"), 1),
                    page("педагоги: высшая категория, математика", listed, 2),
                    page("карточка организации", page_url("orgs:detail", other.pk), 2),
                    page("результаты кампании региона", page_url("monitoring:results", wide.pk), 2),
                    page("детализация показателя", drilldown_url(wide), 1),
                ],
            ),
        ]

    def _servers(self, port: int, workers: int, threads: int) -> list[Server]:
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        # the configuration of production (gunicorn.conf.py: gthread), with this run's processes, threads and port
        config = str(Path(settings.BASE_DIR) / "gunicorn.conf.py")
        gunicorn = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            config,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ]
        gunicorn += ["--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "--log-level", "warning"]
        runserver = [sys.executable, manage, "runserver", f"127.0.0.1:{port + 1}", "--noreload", "--skip-checks"]
        return [
            Server(f"gunicorn, {workers} × {threads} потока", port, gunicorn, conn_max_age=60),
            Server("runserver", port + 1, runserver, conn_max_age=0),
        ]

    def _running(self, server: Server):
        command = self

        class Running:
            def __enter__(self):
                env = _production_env(server.conn_max_age)
                log = Path(settings.BASE_DIR) / "var" / f"bench-load-{server.name.split(',')[0]}.log"
                log.parent.mkdir(exist_ok=True)
                with log.open("w", encoding="utf-8") as output:
                    self.process = subprocess.Popen(
                        server.command,
                        env=env,
                        cwd=settings.BASE_DIR,
                        start_new_session=True,
                        stdout=output,
                        stderr=subprocess.STDOUT,
                    )
                command._wait_ready(server, self.process)
                return self.process

            def __exit__(self, *exc):
                os.killpg(self.process.pid, signal.SIGTERM)
                try:
                    self.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait()

        return Running()

    def _wait_ready(self, server: Server, process: subprocess.Popen, timeout: float = 60) -> None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{server.port}/accounts/login/", headers={"X-Forwarded-Proto": "https"}
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise CommandError(f"{server.name} не запустился (код {process.returncode}).")
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise CommandError(f"{server.name} не ответил за {timeout:.0f} с.")

    def _run(self, server: Server, scenario: Scenario, roles: list[dict], duration: int) -> dict:
        plan = {
            "host": f"http://127.0.0.1:{server.port}",
            "clients": scenario.clients,
            "spawn_rate": scenario.spawn_rate,
            "wait": scenario.wait,
            "duration": duration,
            "roles": roles,
        }
        with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as file:
            json.dump(plan, file, ensure_ascii=False)
            file.flush()
            done = subprocess.run(
                [sys.executable, "-m", "metodist.home.load.run", file.name],
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
                env={k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))},
            )
        if done.returncode != 0:
            raise CommandError(f"Сценарий «{scenario.name}» прерван:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        if result["logged_in"] < scenario.clients or result["logins"]["errors"]:
            raise CommandError(
                f"Сценарий «{scenario.name}»: вошли {result['logged_in']} из {scenario.clients} клиентов."
            )
        return result

    def _record(self, path, options, educators, scenarios, servers, results, loads) -> None:
        gunicorn, runserver = (servers + [None, None])[:2]
        lines = [
            BEGIN,
            f"### {timezone.now():%d.%m.%Y %H:%M}, {platform.machine()}, {os.cpu_count()} ядра, PostgreSQL, "
            f"{educators} педагогов",
            "",
            f"Каждый сценарий — {options['duration']} с после входа всех клиентов и прогрева сервера; средняя "
            f"загрузка машины (load average за минуту) перед замером {loads[0]:.1f}, после — {loads[1]:.1f}. "
            f"Время ответа — от отправки запроса до получения всего ответа клиентом locust на той же машине.",
            "",
            "| сценарий | сервер | p50, мс | p95, мс | p99, мс | запросов/с | ошибок | запросов |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for scenario in scenarios:
            for server in servers:
                total = results[server.name, scenario.name]["total"]
                lines.append(f"| {scenario.name} | {server.name} | {_cells(total)} |")
            if gunicorn and runserver:
                fast, slow = (results[s.name, scenario.name]["total"] for s in (gunicorn, runserver))
                lines.append(
                    f"| {scenario.name} | runserver / gunicorn | {_ratio(slow['p50'], fast['p50'])} | "
                    f"{_ratio(slow['p95'], fast['p95'])} | {_ratio(slow['p99'], fast['p99'])} | "
                    f"{_ratio(slow['rps'], fast['rps'])} | | |"
                )
        first = scenarios[0]
        # the pages under load on every server, and alone (one client) on the first: what each page costs
        columns = [(server, first) for server in servers] + [(servers[0], s) for s in scenarios[1:2]]
        lines += ["", "По страницам, p50 / p95, мс:", ""]
        lines += ["| страница | " + " | ".join(f"{s.name}, {c.name}" for s, c in columns) + " |"]
        lines += ["|---|" + "---|" * len(columns)]
        names = sorted({name for server, scenario in columns for name in results[server.name, scenario.name]["pages"]})
        for name in names:
            cells = []
            for server, scenario in columns:
                page = results[server.name, scenario.name]["pages"].get(name)
                cells.append(f"{page['p50']:.0f} / {page['p95']:.0f}" if page else "—")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        fast = results[servers[0].name, first.name]["total"]
        met = fast["p95"] <= GOAL_P95 and fast["errors"] == 0
        lines += [
            "",
            f"Цель «p95 ≤ {GOAL_P95} мс без ошибок» для сценария «{first.name}» на {servers[0].name}: "
            f"**{'выполнена' if met else 'не выполнена'}** (p95 {fast['p95']:.0f} мс, ошибок {fast['errors']}).",
            END,
        ]
        replace_section(path, BEGIN, END, "\n".join(lines))


def _production_env(conn_max_age: int) -> dict:
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "metodist.settings_production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "DB_CONN_MAX_AGE": str(conn_max_age),
    }


def _ints(text: str) -> list[int]:
    return [int(item) for item in text.split(",") if item.strip()]


def _cells(total: dict) -> str:
    return (
        f"{total['p50']:.0f} | {total['p95']:.0f} | {total['p99']:.0f} | {total['rps']:.1f} | {total['errors']} | "
        f"{total['requests']}"
    )


def _figures(total: dict) -> str:
    return (
        f"p50 {total['p50']:6.0f} мс  p95 {total['p95']:6.0f} мс  p99 {total['p99']:6.0f} мс  "
        f"{total['rps']:5.1f} запросов/с  ошибок {total['errors']}"
    )


def _ratio(slow: float, fast: float) -> str:
    return f"{slow / fast:.1f}" if fast else "—"
