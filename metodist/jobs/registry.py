"""The handlers of background jobs, keyed by a stable kind code such as "imports.commit".

A handler is a function `handler(job, **params) -> dict`: params are the JSON values given to
actions.start, and the dict it returns ({"summary": "…", "url": "…"}) is the result the job page shows.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Handler:
    kind: str
    title: str  # shown as the job's title unless start() is given one
    function: Callable[..., dict | None]
    # Run inside one transaction (a cancelled or failed job leaves nothing half-written). A long read-only handler
    # that writes only at its end says atomic=False: on SQLite, a transaction that reads for a minute and then
    # writes fails with "database is locked" once any other write has committed in that minute.
    atomic: bool = True


HANDLERS: dict[str, Handler] = {}


def handler(kind: str, *, title: str, atomic: bool = True):
    """Registers the decorated function as the handler of jobs of `kind`."""

    def register(function):
        if kind in HANDLERS and HANDLERS[kind].function is not function:
            raise ValueError(f"Job handler {kind!r} is registered twice")
        HANDLERS[kind] = Handler(kind, title, function, atomic)
        return function

    return register


def get(kind: str) -> Handler:
    try:
        return HANDLERS[kind]
    except KeyError:
        raise LookupError(f"No job handler {kind!r}: is it defined in an app's jobs.py?") from None
