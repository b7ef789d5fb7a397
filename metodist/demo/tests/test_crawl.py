"""Every page works for every role on the demo data: a crawl from the start page through every link.

The demo (`seed_demo` at municipality scale + `seed_demo_monitoring`, as `make demo` builds it) is loaded once for
the module, in a transaction rolled back at the end. Each demo role signs in and follows every same-site link of
the pages it reaches (a/href, hx-get, GET forms as they stand and with their first choices), never logout and
never a POST. Every response must be a success or a redirect, or a 403/404 that is the project's own Russian
page; no 5xx and no Django technical page. The crawl runs again after a campaign is computed from the command
line and an organization with an accepted card is closed.

To stay quick, pages are sampled (see `Crawl.admit`): at most `PER_SHAPE` per URL pattern and set of query
parameters, `PER_ROUTE` per URL pattern (`PER_SHAPE` for a file, such as an export); but the drill-down of
every indicator (a non-numeric part of the path) is opened once, while the ids of campaigns, educators and
organizations are only sampled.
"""

import io
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from metodist.demo.tests.helpers import FAST_HASHERS
from metodist.demo.users import DEMO_LOGINS, DEMO_PASSWORD
from metodist.monitoring import lifecycle
from metodist.monitoring.models import Campaign, CardStatus

# A fixed day in the middle of a school year, so that the demo (dated by "today") is the same on every run.
CRAWL_DAY = datetime(2026, 2, 16, 10, 0, tzinfo=ZoneInfo("Europe/Moscow"))
ROLES = [username for username, _ in DEMO_LOGINS]
PER_SHAPE = 2
PER_ROUTE = 6
# Never followed: signing out ends the crawl's session, and static files are not collected in the tests.
SKIPPED_PREFIXES = ("/accounts/logout/", "/admin/logout/", "/static/")
TECHNICAL_PAGE_MARKERS = (
    "Traceback",
    "You're seeing this error because you have",
    "Page not found at",
    'id="summary"',  # the yellow debug page
    "<title>Server Error (500)</title>",
)
OWN_ERROR_PAGE_MARKER = 'id="error-title"'


class PageLinks(HTMLParser):
    """The same-site GET targets of one page: links, htmx GETs, and GET forms with their current values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("href") and tag not in ("link", "base"):  # stylesheets and icons are static files
            self.links.append(attrs["href"])
        if attrs.get("hx-get"):
            self.links.append(attrs["hx-get"])
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = {"action": attrs.get("action") or "", "fields": [], "choices": {}}
            self.forms.append(self._form)
        elif tag == "form":
            self._form = None
        elif self._form is not None and tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file", "reset"):
                self._form["fields"].append((attrs["name"], attrs.get("value") or ""))
        elif self._form is not None and tag == "select" and attrs.get("name"):
            self._select = {"name": attrs["name"], "selected": None, "first": None, "options": []}
        elif self._select is not None and tag == "option":
            value = attrs.get("value") or ""
            self._select["options"].append(value)
            if "selected" in attrs:
                self._select["selected"] = value
            if value and self._select["first"] is None:
                self._select["first"] = value

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            select = self._select
            current = select["selected"] if select["selected"] is not None else next(iter(select["options"]), "")
            self._form["fields"].append((select["name"], current))
            if select["first"] is not None:
                self._form["choices"][select["name"]] = select["first"]
            self._select = None
        elif tag == "form":
            self._form = None

    def targets(self) -> list[str]:
        """Links, then each GET form submitted as it stands and with every list set to its first choice."""
        found = list(self.links)
        for form in self.forms:
            found.append(_with_query(form["action"], form["fields"]))
            if form["choices"]:
                chosen = [(name, form["choices"].get(name, value)) for name, value in form["fields"]]
                found.append(_with_query(form["action"], chosen))
        return found


def _with_query(action: str, fields: list[tuple[str, str]]) -> str:
    return f"{urlsplit(action).path or '?'}?{urlencode(fields)}" if action else f"?{urlencode(fields)}"


@dataclass
class Crawl:
    """The pages one user opened and what went wrong on them."""

    who: str
    client: Client
    skipped: tuple[str, ...]
    failures: list[str] = field(default_factory=list)
    opened: int = 0
    seen: set = field(default_factory=set)
    counts: dict = field(default_factory=dict)
    files: set = field(default_factory=set)  # URL patterns that gave a file (an export): opened PER_SHAPE times

    def run(self, start: str = "/"):
        queue = deque([(start, "(начало)")])
        self.seen.add(start)
        while queue:
            url, referrer = queue.popleft()
            for target in self.open(url, referrer):
                self.enqueue(queue, urljoin(url, target), url)

    def enqueue(self, queue: deque, url: str, referrer: str):
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            return
        path, query = parts.path, parts.query
        local = f"{path}?{query}" if query else path
        if local in self.seen or path.startswith(self.skipped):
            return
        self.seen.add(local)
        if not self.admit(path, query):
            return
        queue.append((local, referrer))

    def admit(self, path: str, query: str) -> bool:
        """Whether to open the page: a page of each indicator (or other named thing in the path), and of each
        URL pattern a few pages per shape of the query string, at most PER_ROUTE in all."""
        try:
            match = resolve(path)
        except Resolver404:
            return True  # opened once (the URL is deduplicated): it must give the project's own 404
        words = tuple(sorted((k, v) for k, v in match.kwargs.items() if not str(v).isdigit()))
        keys = tuple(sorted({key for key, _ in parse_qsl(query, keep_blank_values=True)}))
        limits = {(match.route, keys): PER_SHAPE, match.route: PER_SHAPE if match.route in self.files else PER_ROUTE}
        if words and not keys and (match.route, words) not in self.counts:
            limits = {(match.route, words): 1}
        if any(self.counts.get(key, 0) >= limit for key, limit in limits.items()):
            return False
        for key in limits:
            self.counts[key] = self.counts.get(key, 0) + 1
        return True

    def open(self, url: str, referrer: str) -> list[str]:
        self.opened += 1
        response = self.client.get(url)
        status = response.status_code
        where = f"{self.who}: GET {url} (ссылка со страницы {referrer})"
        if status >= 500:
            error = response.exc_info[1] if response.exc_info else None
            self.failures.append(f"{where} → {status}: {error.__class__.__name__}: {error}")
            return []
        if status in (301, 302, 303, 307, 308):
            return [response["Location"]]
        content_type = response.get("Content-Type", "")
        if "text/html" not in content_type:
            if response.resolver_match:
                self.files.add(response.resolver_match.route)
            if status >= 400:
                self.failures.append(f"{where} → {status} {content_type}")
            return []
        html = response.content.decode()
        technical = [marker for marker in TECHNICAL_PAGE_MARKERS if marker in html]
        if technical:
            self.failures.append(f"{where} → {status}, техническая страница Django ({technical[0]!r})")
        elif status in (400, 403, 404) and OWN_ERROR_PAGE_MARKER not in html:
            self.failures.append(f"{where} → {status}, не наша страница ошибки")
        elif status >= 400 and status not in (400, 403, 404):
            self.failures.append(f"{where} → {status}")
        parser = PageLinks()
        parser.feed(html)
        return parser.targets()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo as `make demo` builds it, on CRAWL_DAY, rolled back after the module."""
    with (
        time_machine.travel(CRAWL_DAY),
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        call_command("seed_demo_monitoring", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def crawl_as(username: str, skip: tuple[str, ...] = ()) -> Crawl:
    client = Client(raise_request_exception=False)  # a server error is recorded, and the crawl goes on
    if username != "anonymous":
        assert client.login(username=username, password=DEMO_PASSWORD), username
    crawl = Crawl(username, client, skipped=SKIPPED_PREFIXES + skip)
    crawl.run()
    return crawl


def assert_no_failures(crawl: Crawl):
    assert crawl.opened > 1, f"{crawl.who}: crawl opened no pages"
    assert not crawl.failures, f"{len(crawl.failures)} ошибок из {crawl.opened} страниц:\n" + "\n".join(crawl.failures)


@pytest.mark.parametrize("username", [*ROLES, "anonymous"])
def test_every_page_reachable_by_a_demo_role_works(demo, db, username):
    crawl = crawl_as(username)

    assert_no_failures(crawl)


def close_an_organization_with_an_accepted_card() -> None:
    card = (
        Campaign.objects.get(period="2023/24")
        .submissions.filter(status=CardStatus.ACCEPTED, organization__isnull=False)
        .select_related("organization")
        .order_by("organization__short_name")
        .first()
    )
    card.organization.is_active = False
    card.organization.save(update_fields=["is_active"])


@pytest.mark.parametrize("username", ROLES)
def test_every_page_works_after_a_command_line_computation_and_a_closed_organization(demo, db, username):
    close_an_organization_with_an_accepted_card()
    for campaign in Campaign.objects.order_by("pk"):
        if lifecycle.final_approval(campaign) is not None:
            continue  # an approved campaign refuses recomputing; its official snapshot is crawled as it is
        call_command("monitoring", "compute", "--campaign", str(campaign.pk), stdout=io.StringIO())

    crawl = crawl_as(username, skip=("/admin/",))  # the admin site does not change with these; crawled above

    assert_no_failures(crawl)
