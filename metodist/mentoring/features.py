"""Features of a mentor–mentee pair measured on data, shared by the outcomes page (and free for the matching to
reuse): how the mentor's diagnosed strengths cover the mentee's open deficits, same subject, same organization.

A strength is a competency (or block) code in which the mentor scored at least STRENGTH_PERCENT of the maximum in
a diagnostic ended by `on`; a deficit is one still open on `on` (Deficit.objects.open). Coverage is the share of
the mentee's open deficit codes that are the mentor's strengths; None when the mentee has no open deficit.
"""

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F

STRENGTH_PERCENT = 80


def open_deficit_codes(educator_ids, on: date) -> dict[int, set[str]]:
    from metodist.diagnostics.models import Deficit

    rows = Deficit.objects.open(on).filter(educator_id__in=educator_ids).values_list("educator_id", "competency__code")
    found = defaultdict(set)
    for educator_id, code in rows:
        found[educator_id].add(code)
    return found


def strength_codes(educator_ids, on: date) -> dict[int, set[str]]:
    from metodist.diagnostics.models import DiagnosticResult

    rows = (
        DiagnosticResult.objects.filter(educator_id__in=educator_ids, diagnostic__ends_on__lte=on)
        .filter(score__gte=F("max_score") * STRENGTH_PERCENT / 100)
        .values_list("educator_id", "competency__code", "competency__parent__code")
    )
    found = defaultdict(set)
    for educator_id, code, parent in rows:
        found[educator_id].add(code)
        if parent:
            found[educator_id].add(parent)
    return found


def share(part: int, whole: int) -> Decimal | None:
    """part / whole in per cent, one decimal, half up; None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def coverages(pairs, on: date) -> dict[tuple[int, int], Decimal | None]:
    """(mentor_id, mentee_id) → coverage of the mentee's open deficits by the mentor's strengths (three queries
    whatever the number of pairs)."""
    pairs = list(pairs)
    deficits = open_deficit_codes({mentee for _, mentee in pairs}, on)
    strengths = strength_codes({mentor for mentor, _ in pairs}, on)
    return {
        (mentor, mentee): share(len(deficits[mentee] & strengths[mentor]), len(deficits[mentee]))
        for mentor, mentee in pairs
    }


def coverage(mentor_id: int, mentee_id: int, on: date) -> Decimal | None:
    return coverages([(mentor_id, mentee_id)], on)[(mentor_id, mentee_id)]
