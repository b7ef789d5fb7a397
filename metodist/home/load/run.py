"""One load scenario against a running Metodist server, run by `manage.py bench_load` in a process of its own.

Usage: python -m metodist.home.load.run PLAN.json — prints the results as JSON on the last line of stdout.

This module does not import Django: locust patches the standard library with gevent when it is imported,
which the Django process must not have. The plan (written by the command) gives the host, the number of
clients, their think time, how long to measure, and the roles: the demo logins with their weighted pages.

Every client logs in once with each role through the login form (CSRF token from the form, as a browser
does) and then requests a page drawn from the roles' common weighted mix, waiting `wait` seconds between
requests (0 for a closed loop). Statistics are reset when every client has logged in, so the figures are
of the pages only. The client says it came through a TLS proxy (X-Forwarded-Proto: https, as the production
settings expect behind nginx), so the production settings run unchanged over local http: no redirect to
https), and the session and CSRF cookies, marked Secure, are sent back over the loopback http as a browser
sends them over the proxy's https (SECURE_COOKIES).
"""

import json
import random
import re
import sys
import time
from http.cookiejar import DefaultCookiePolicy

import gevent
from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpSession, FastHttpUser
from locust.env import Environment

LOGIN_URL = "/accounts/login/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROXY = {"X-Forwarded-Proto": "https"}
# The client stands for a browser whose https ends at the proxy: cookies marked Secure go back over http.
SECURE_COOKIES = DefaultCookiePolicy(secure_protocols=("https", "http"))


def client_class(plan: dict) -> type[FastHttpUser]:
    roles = plan["roles"]
    pages = [(index, role["name"], page) for index, role in enumerate(roles) for page in role["pages"]]
    weights = [page["weight"] for _, _, page in pages]
    wait = plan["wait"]

    class Client(FastHttpUser):
        host = plan["host"]
        wait_time = between(0.8 * wait, 1.2 * wait) if wait else constant(0)
        network_timeout = 120.0
        connection_timeout = 10.0
        logged_in = 0  # clients that have logged in with every role

        def on_start(self):
            self.sessions = [self.client] + [
                FastHttpSession(
                    base_url=self.host,
                    request_event=self.environment.events.request,
                    user=self,
                    network_timeout=self.network_timeout,
                    connection_timeout=self.connection_timeout,
                )
                for _ in roles[1:]
            ]
            for session, role in zip(self.sessions, roles, strict=True):
                session.cookiejar.set_policy(SECURE_COOKIES)
                self._login(session, role)
            Client.logged_in += 1

        def _login(self, session: FastHttpSession, role: dict) -> None:
            form = session.get(LOGIN_URL, name="вход", headers=PROXY)
            token = CSRF.search(form.text or "")
            data = {"username": role["login"], "password": role["password"]}
            data["csrfmiddlewaretoken"] = token.group(1) if token else ""
            headers = PROXY | {"Referer": f"https://{self.host.split('://', 1)[1]}{LOGIN_URL}"}
            with session.post(
                LOGIN_URL, data=data, headers=headers, name="вход", allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 302:
                    response.failure(f"вход {role['login']}: ответ {response.status_code}")

        @task
        def page(self):
            index, who, page = random.choices(pages, weights)[0]
            self.sessions[index].get(page["url"], name=f"{who}: {page['name']}", headers=PROXY)

    return Client


def figures(entry, seconds: float) -> dict:
    return {
        "requests": entry.num_requests,
        "errors": entry.num_failures,
        "p50": entry.get_response_time_percentile(0.5),
        "p95": entry.get_response_time_percentile(0.95),
        "p99": entry.get_response_time_percentile(0.99),
        "rps": entry.num_requests / seconds if seconds else 0.0,
    }


def run(plan: dict) -> dict:
    client = client_class(plan)
    env = Environment(user_classes=[client])
    runner = env.create_local_runner()
    runner.start(plan["clients"], spawn_rate=plan["spawn_rate"])
    ready_by = time.monotonic() + plan.get("login_timeout", 300)
    while client.logged_in < plan["clients"] and time.monotonic() < ready_by:
        gevent.sleep(0.2)
    logins = {"requests": env.stats.total.num_requests, "errors": env.stats.total.num_failures}
    env.stats.reset_all()
    started = time.monotonic()
    gevent.sleep(plan["duration"])
    seconds = time.monotonic() - started
    runner.quit()
    pages = {entry.name: figures(entry, seconds) for entry in env.stats.entries.values() if entry.name != "вход"}
    errors = [{"page": e.name, "error": str(e.error), "count": e.occurrences} for e in env.stats.errors.values()]
    return {
        "seconds": seconds,
        "clients": plan["clients"],
        "logged_in": client.logged_in,
        "logins": logins,
        "total": figures(env.stats.total, seconds),
        "pages": pages,
        "errors": errors,
    }


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        result = run(json.load(file))
    print(json.dumps(result, ensure_ascii=False))
