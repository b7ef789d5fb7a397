"""Features of a mentor–mentee pair measured on data, shared by the outcomes page (and free for the matching to
reuse): how the mentor's diagnosed strengths cover the mentee's open deficits, same subject, same organization.

A strength is a competency (or block) code in which the mentor scored at least STRENGTH_PERCENT of the maximum in
a diagnostic ended by `on`; a deficit is one still open on `on` (the rule of Deficit.objects.open). Coverage is the
share of the mentee's open deficit codes that are the mentor's strengths; None when the mentee has no open deficit.
"""

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, ExpressionWrapper, F, Q

STRENGTH_PERCENT = 80


class Measures:
    """The diagnostic rows of `educator_ids` from procedures ended by `until`, read once (two queries), that answer
    the open deficits and the strengths on any day up to `until` without a query per day.

    The rules are those of `Deficit.objects.open(on)` (a deficit of a procedure ended by `on`, not superseded by a
    later result for its code or a child of it ended by `on`) and of a strength above; the comparison of a score
    with its maximum stays in SQL, so that its arithmetic is the database's as before.
    """

    def __init__(self, educator_ids, until: date):
        from metodist.diagnostics.models import Deficit, DiagnosticResult

        ids = set(educator_ids)
        strong = ExpressionWrapper(Q(score__gte=F("max_score") * STRENGTH_PERCENT / 100), output_field=BooleanField())
        results = (
            DiagnosticResult.objects.filter(educator_id__in=ids, diagnostic__ends_on__lte=until)
            .annotate(strong=strong)
            .values_list("educator_id", "competency__code", "competency__parent__code", "diagnostic__ends_on", "strong")
        )
        self.results = defaultdict(list)
        for educator_id, code, parent, ended, is_strong in results:
            self.results[educator_id].append((code, parent, ended, bool(is_strong)))
        deficits = Deficit.objects.filter(educator_id__in=ids, diagnostic__ends_on__lte=until).values_list(
            "educator_id", "competency__code", "diagnostic__ends_on"
        )
        self.deficits = defaultdict(list)
        for educator_id, code, ended in deficits:
            self.deficits[educator_id].append((code, ended))

    def open_deficits(self, educator_id: int, on: date) -> set[str]:
        measured = self.results[educator_id]
        return {
            code
            for code, ended in self.deficits[educator_id]
            if ended <= on
            and not any(ended < again <= on and code in (other, parent) for other, parent, again, _ in measured)
        }

    def strengths(self, educator_id: int, on: date) -> set[str]:
        found = set()
        for code, parent, ended, is_strong in self.results[educator_id]:
            if is_strong and ended <= on:
                found |= {code, parent} if parent else {code}
        return found


def share(part: int, whole: int) -> Decimal | None:
    """part / whole in per cent, one decimal, half up; None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def coverages(pairs, on: date) -> dict[tuple[int, int], Decimal | None]:
    """(mentor_id, mentee_id) → coverage of the mentee's open deficits by the mentor's strengths (two queries
    whatever the number of pairs)."""
    pairs = list(pairs)
    measures = Measures({person for pair in pairs for person in pair}, on)
    return {(mentor, mentee): covered(measures, mentor, mentee, on)[1] for mentor, mentee in pairs}


def covered(measures: Measures, mentor_id: int, mentee_id: int, on: date) -> tuple[set[str], Decimal | None]:
    """The mentee's open deficit codes on `on` and the share of them that are the mentor's strengths then."""
    deficits = measures.open_deficits(mentee_id, on)
    return deficits, share(len(deficits & measures.strengths(mentor_id, on)), len(deficits))


def coverage(mentor_id: int, mentee_id: int, on: date) -> Decimal | None:
    return coverages([(mentor_id, mentee_id)], on)[(mentor_id, mentee_id)]
