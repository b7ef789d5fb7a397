"""The read replica: which database a query goes to, with the replica configured and without it.

The tests' replica alias mirrors default (conftest.py), so a query routed to it really runs on a second
connection and reads the same data; which connection ran a query is what these tests assert.
"""

import importlib.util
from contextvars import Context
from types import SimpleNamespace

import pytest
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodist import settings as project_settings
from metodist.lib import routers
from metodist.monitoring.models import Snapshot, SnapshotValue
from metodist.monitoring.tests.campaigns import campaign_fixture, catalogue_fixture, login  # noqa: F401 (fixtures)
from metodist.orgs.models import Region
from metodist.people.models import Educator

ROUTER = "metodist.lib.routers.ReplicaRouter"
MIDDLEWARE = "metodist.lib.routers.PinAfterWriteMiddleware"
FACT = SimpleNamespace(_meta=SimpleNamespace(app_label="facts", label_lower="facts.educatorfact"))


def fresh(function, *args, **kwargs):
    """Runs `function` as a new request or command would: nothing pinned, nothing written yet."""
    return Context().run(function, *args, **kwargs)


def load_settings(monkeypatch, **environ) -> SimpleNamespace:
    """metodist/settings.py executed afresh under `environ` (the running settings stay as they are)."""
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_under_test", project_settings.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def replica_router(settings):
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = [settings.MIDDLEWARE[0], MIDDLEWARE, *settings.MIDDLEWARE[1:]]


def test_without_a_replica_url_there_is_one_database_and_no_router(monkeypatch):
    loaded = load_settings(monkeypatch)

    assert list(loaded.DATABASES) == ["default"]
    assert not hasattr(loaded, "DATABASE_ROUTERS")
    assert MIDDLEWARE not in loaded.MIDDLEWARE


def test_a_replica_url_adds_the_replica_with_the_options_of_default_and_the_router(monkeypatch):
    loaded = load_settings(
        monkeypatch,
        DATABASE_URL="postgres://metodist@primary:5432/metodist",
        DATABASE_REPLICA_URL="postgres://metodist@replica:5432/metodist",
    )

    replica = loaded.DATABASES["replica"]
    assert (replica["HOST"], replica["NAME"]) == ("replica", "metodist")
    assert replica["OPTIONS"] == loaded.DATABASES["default"]["OPTIONS"] == {"options": "-c jit=off"}
    assert loaded.DATABASE_ROUTERS == [ROUTER]
    assert loaded.MIDDLEWARE[:2] == ["django.middleware.security.SecurityMiddleware", MIDDLEWARE]


def test_analytical_reads_go_to_the_replica_and_the_rest_to_default(replica_router):
    assert fresh(router.db_for_read, SnapshotValue) == "replica"
    assert fresh(router.db_for_read, Snapshot) == "replica"
    assert fresh(router.db_for_read, FACT) == "replica"  # the facts layer, by its app label
    assert fresh(router.db_for_read, Educator) == "default"
    assert fresh(router.db_for_read, Region) == "default"


def test_every_write_goes_to_default_even_for_a_row_read_from_the_replica(replica_router):
    from_replica, from_default = SnapshotValue(), Region()
    from_replica._state.db, from_default._state.db = "replica", "default"

    assert fresh(router.db_for_write, SnapshotValue, instance=from_replica) == "default"
    assert router.allow_relation(from_replica, from_default) is True
    assert router.allow_migrate("default", "monitoring") is True
    assert router.allow_migrate("replica", "monitoring") is False


def test_a_write_pins_the_rest_of_the_request_to_default(replica_router):
    def write_then_read():
        router.db_for_write(Region)
        return router.db_for_read(SnapshotValue)

    assert fresh(write_then_read) == "default"


def test_reads_inside_primary_or_a_transaction_go_to_default(replica_router, db):
    def inside_primary():
        with routers.primary():
            return router.db_for_read(SnapshotValue)

    def inside_a_transaction():
        with transaction.atomic():
            return router.db_for_read(SnapshotValue)

    assert fresh(inside_primary) == "default"
    assert fresh(inside_a_transaction) == "default"


def middleware_answer(request, view):
    response = routers.PinAfterWriteMiddleware(view)(request)
    return response.content.decode(), response.cookies.get(routers.PIN_COOKIE)


def read_view(request):
    return HttpResponse(router.db_for_read(SnapshotValue))


def writing_view(request):
    router.db_for_write(Region)
    return read_view(request)


@pytest.mark.parametrize(
    ("method", "cookies", "view", "reads_from", "pins"),
    [
        ("get", {}, read_view, "replica", False),  # a plain page
        ("post", {}, read_view, "default", True),  # a computation, an edit
        ("get", {routers.PIN_COOKIE: "1"}, read_view, "default", False),  # the page a POST redirected to
        ("get", {}, writing_view, "default", True),  # a page that wrote (an export's audit entry)
    ],
)
def test_the_middleware_pins_a_client_to_default_after_its_writes(
    replica_router, settings, method, cookies, view, reads_from, pins
):
    settings.DATABASE_REPLICA_PIN_SECONDS = 7
    request = getattr(RequestFactory(), method)("/")
    request.COOKIES.update(cookies)

    read, cookie = fresh(middleware_answer, request, view)

    assert read == reads_from
    assert (cookie is not None and cookie["max-age"] == 7) is pins


def test_a_write_of_one_request_does_not_pin_the_next_request_of_the_same_thread(replica_router):
    def two_requests():
        middleware_answer(RequestFactory().get("/"), writing_view)
        return middleware_answer(RequestFactory().get("/"), read_view)

    assert fresh(two_requests) == ("replica", None)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_results_read_the_new_snapshot_from_default_after_computing_then_from_the_replica(
    reference_data, client, cast, campaign, replica_router
):
    login(client, cast.coordinator)
    results = reverse("monitoring:results", args=[campaign.pk])

    client.post(reverse("monitoring:compute", args=[campaign.pk]))
    pinned = page_queries(client, results)
    client.cookies.pop(routers.PIN_COOKIE)  # the pin expired: the replica has caught up
    later = page_queries(client, results)

    assert pinned["young"] == later["young"] == "33,3\u00a0%"  # 1 young of 3 pedagogical workers (campaigns.py)
    assert pinned["replica"] == 0 and pinned["snapshot tables on default"] > 0
    assert later["replica"] > 0 and later["snapshot tables on default"] == 0
    assert later["registry on replica"] == 0  # only the analytical tables are read there


def page_queries(client, url) -> dict:
    with (
        CaptureQueriesContext(connections["default"]) as on_default,
        CaptureQueriesContext(connections["replica"]) as on_replica,
    ):
        response = client.get(url)
    assert response.status_code == 200
    rows = {row.indicator.code: row for row in response.context["rows"]}
    return {
        "young": rows["young"].text,
        "replica": len(on_replica),
        "snapshot tables on default": sum('FROM "monitoring_snapshot' in query["sql"] for query in on_default),
        "registry on replica": sum('"people_' in query["sql"] for query in on_replica),
    }
