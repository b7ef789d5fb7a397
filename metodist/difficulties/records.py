"""The records behind a cell of the bank: requests, deficits and reported difficulties (never survey answers,
which are anonymous and shown only as counts)."""

from dataclasses import dataclass

from metodist.consultations.models import OPEN, HelpRequest
from metodist.diagnostics.models import Deficit

from . import bank
from .models import ReportedDifficulty

SHOWN = 200  # records listed per source; the count above the list is the full one


@dataclass
class Drill:
    requests: list
    deficits: list
    reported: list
    counts: dict  # source → records in the cell


def _ids(user, filters: bank.Filters, source: str):
    return bank.filtered(bank.READERS[source](user), filters).order_by().values("pk")


def drill(user, filters: bank.Filters) -> Drill:
    sources = [source for source in filters.sources() if source in bank.PERSONAL]
    requests = deficits = reported = []
    counts = {}
    if bank.REQUESTS in sources:
        chosen = HelpRequest.objects.filter(pk__in=_ids(user, filters, bank.REQUESTS))
        counts[bank.REQUESTS] = chosen.count()
        requests = list(
            chosen.select_related("educator", "organization", "subject", "competency", "topic", "assignee").order_by(
                "-filed_at", "-pk"
            )[:SHOWN]
        )
    if bank.DEFICITS in sources:
        chosen = Deficit.objects.filter(pk__in=_ids(user, filters, bank.DEFICITS))
        counts[bank.DEFICITS] = chosen.count()
        deficits = list(
            chosen.select_related("educator", "competency", "diagnostic", "diagnostic__subject").order_by(
                "-diagnostic__ends_on", "educator__last_name", "pk"
            )[:SHOWN]
        )
    if bank.REPORTED in sources:
        chosen = ReportedDifficulty.objects.filter(pk__in=_ids(user, filters, bank.REPORTED))
        counts[bank.REPORTED] = chosen.count()
        reported = list(
            chosen.select_related("educator", "organization", "subject", "competency", "topic").order_by(
                "-reported_on", "-pk"
            )[:SHOWN]
        )
    return Drill(requests=requests, deficits=deficits, reported=reported, counts=counts)


def open_requests(user, filters: bank.Filters):
    """The open requests of the cell that the service may plan: of its territory (the bank's rows)."""
    return (
        HelpRequest.objects.filter(pk__in=_ids(user, filters, bank.REQUESTS), status__in=OPEN)
        .select_related("educator", "organization")
        .order_by("filed_at", "pk")
    )
