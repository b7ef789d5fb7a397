"""What a running job says while it runs: its progress and the user's request to cancel it.

A handler often does all its writes in one long transaction (an import of 20,000 rows). Progress written to
the Job row from that transaction would be invisible until it commits; written from another connection it
would wait for the transaction's lock on SQLite. So the live state goes through a cache that every process
shares (the "jobs" cache of settings.CACHES: files under var/ by default), outside any transaction, and is
written to the Job row when the job ends. The same holds for the cancel request, which the web process
leaves here and the worker reads between two steps, and for the worker's heartbeat: a running job whose
heartbeat has lapsed was interrupted (its worker was killed) and is not waited for.
"""

from django.conf import settings
from django.core.cache import caches

# Long enough for a job that waits in the queue behind others; the keys are deleted when the job ends.
TIMEOUT = 7 * 24 * 3600
# The worker renews a running job's heartbeat every BEAT_EVERY seconds; it lapses ALIVE_FOR seconds after the
# worker's last beat.
BEAT_EVERY = 10
ALIVE_FOR = 60


def _cache():
    return caches[settings.JOBS_CACHE]


def _key(job, what: str) -> str:
    # the job's token, not its id: ids are reused by a database recreated under the same cache
    return f"job:{job.token}:{what}"


def publish(job) -> None:
    state = {"done": job.done, "total": job.total, "unit": job.unit, "message": job.message}
    _cache().set(_key(job, "progress"), state, TIMEOUT)


def progress(job) -> dict | None:
    """The progress last published by the running job, or None."""
    return _cache().get(_key(job, "progress"))


def request_cancel(job) -> None:
    _cache().set(_key(job, "cancel"), True, TIMEOUT)


def cancel_requested(job) -> bool:
    return bool(_cache().get(_key(job, "cancel")))


def beat(job) -> None:
    _cache().set(_key(job, "alive"), True, ALIVE_FOR)


def alive(job) -> bool:
    return bool(_cache().get(_key(job, "alive")))


def clear(job) -> None:
    _cache().delete_many([_key(job, "progress"), _key(job, "cancel"), _key(job, "alive")])
