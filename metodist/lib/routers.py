"""Analytical reads from a read replica, when one is configured (`DATABASE_REPLICA_URL`, see settings.py).

Routing is by model, not by page: the snapshots of monitoring and the facts layer are written by a
computation and afterwards only read (results, drill-down, exports, start pages), so their reads may go to the
replica, while every other read and every write goes to default. No view has to remember to ask for the
replica, and a page that forgets cannot read stale registry data.

A replica lags behind its primary (milliseconds, up to seconds after a large commit). Reads of the analytical
tables therefore go to default instead — the context is *pinned* to default —
- inside a transaction on default, so that an action (a computation, an approval) reads back what it wrote;
- for the rest of the request or command once anything has been written through the ORM;
- for `DATABASE_REPLICA_PIN_SECONDS` after a request that wrote or was a POST (a cookie, set by
  `PinAfterWriteMiddleware`), so that the results page a computation redirects to shows the snapshot just
  written, and an editor sees the figures of her own edit.
Code that writes by raw SQL and reads it back outside a transaction wraps itself in `primary()`.
"""

from contextlib import contextmanager, nullcontext
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# Read-mostly tables that a computation writes and the pages then only read.
ANALYTICAL_APPS = {"facts"}
ANALYTICAL_MODELS = {"monitoring.snapshot", "monitoring.snapshotvalue", "monitoring.snapshotmembers"}
PIN_COOKIE = "metodist_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

_pinned = ContextVar("pinned_to_primary", default=False)
_wrote = ContextVar("wrote_to_primary", default=False)


@contextmanager
def primary():
    """Reads of the analytical tables inside go to default."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def is_analytical(model) -> bool:
    return model._meta.app_label in ANALYTICAL_APPS or model._meta.label_lower in ANALYTICAL_MODELS


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not is_analytical(model):
            return None  # Django's rule: the database of the instance it is reached from, else default
        if _pinned.get() or _wrote.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return DEFAULT_DB_ALIAS  # also for an instance read from the replica

    def allow_relation(self, obj1, obj2, **hints):
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA} or None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica is a copy of default, never migrated itself


class PinAfterWriteMiddleware:
    """Pins a request to default while its client may still see the replica behind its own last write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unsafe = request.method not in SAFE_METHODS
        token = _wrote.set(False)  # a thread serves many requests: nothing carries over from the previous one
        try:
            with primary() if unsafe or PIN_COOKIE in request.COOKIES else nullcontext():
                response = self.get_response(request)
            if unsafe or _wrote.get():
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                    secure=request.is_secure(),
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            _wrote.reset(token)
