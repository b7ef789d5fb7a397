"""Writes of the module: filing, triage, scheduling, consultations, rating (built by issue #12).

`schedule_group` is the entry point the bank of difficulties uses to turn a cluster of requests into a group
consultation or an event in one step; its signature is fixed here for that module.
"""

from datetime import date


def schedule_group(requests, *, assignee, assignee_kind: str, on: date, by, event=None, comment: str = "") -> None:
    """Assigns `assignee` to every request of `requests` still open and schedules them on `on` (a group
    consultation, or the event `event`), each with an entry in its history; atomic."""
    raise NotImplementedError
