"""The effect of programs on competencies: a difference in differences (docs/training.md «Эффективность»).

Contract for the routes' proposed steps: `effects(region_id)` → {(program_id, competency_code): Effect}.

Participants: every counted training of a catalogue program, for each competency code the program addresses,
with a result for that code in a diagnostic ended on or before the training began (the last such: «before»)
and one in a diagnostic ended after the training ended (the first such: «after»). Their change is the
percentage of the maximum after minus before, in percentage points.

Comparison: educators measured on the same code at the same two procedures (so the same subject, when the
procedure has one), whose «before» result lies in the same 10-point band (0–9.99 %, 10–19.99 %, …), and who
completed no counted training addressing that code between the two procedures. A cell is (code, procedure
before, procedure after, band); the comparison change of a program is the mean of its cells' comparison means
weighted by its participants in each cell (exact matching on the cell). Participants in cells without any
comparable educator are left out of both figures. When the program names subjects, comparable educators must
teach one of them on the day of the «after» procedure.

Everything is aggregated in SQL: one query for the participants' cells, one for the comparison cells; Python
only combines the cell sums (a few thousand rows at region scale, never one row per person).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Floor

MIN_PEOPLE = 5  # below this many participants or comparable non-participants a figure reads «мало данных»
BAND = 10  # width of the starting-score band, percentage points
PLACES = Decimal("0.1")  # changes and differences are shown to a tenth of a percentage point, half up


@dataclass(frozen=True)
class Effect:
    participants: int  # people behind the participants' change
    comparison: int  # comparable educators who did not take the program
    participants_change: Decimal | None  # mean change of the result, percentage points
    comparison_change: Decimal | None
    difference: Decimal | None  # participants_change − comparison_change; None when too few people

    @property
    def enough(self) -> bool:
        return self.difference is not None


def _percent(prefix: str = ""):
    return ExpressionWrapper(
        F(f"{prefix}score") * 100 / F(f"{prefix}max_score"), output_field=DecimalField(max_digits=9, decimal_places=4)
    )


def _results(educator, code):
    from metodist.diagnostics.models import DiagnosticResult

    return DiagnosticResult.objects.filter(educator_id=educator, competency__code=code)


def participant_cells(region_id=None):
    """{(program_id, code, before_diagnostic, after_diagnostic, band): (people, sum of changes)}."""
    from .models import Training

    rows = Training.objects.counted().filter(program__isnull=False, program__competencies__isnull=False)
    if region_id:
        rows = rows.filter(region_id=region_id)
    rows = rows.annotate(code=F("program__competencies__code"))
    before = _results(OuterRef("educator_id"), OuterRef("code")).filter(diagnostic__ends_on__lte=OuterRef("starts_on"))
    after = _results(OuterRef("educator_id"), OuterRef("code")).filter(diagnostic__ends_on__gt=OuterRef("ends_on"))
    if region_id:
        before, after = before.filter(diagnostic__region_id=region_id), after.filter(diagnostic__region_id=region_id)
    before = before.order_by("-diagnostic__ends_on", "-diagnostic_id")
    after = after.order_by("diagnostic__ends_on", "diagnostic_id")
    rows = rows.annotate(
        before_diagnostic=Subquery(before.values("diagnostic_id")[:1]),
        before_percent=Subquery(before.annotate(p=_percent()).values("p")[:1]),
        after_diagnostic=Subquery(after.values("diagnostic_id")[:1]),
        after_percent=Subquery(after.annotate(p=_percent()).values("p")[:1]),
    ).filter(before_diagnostic__isnull=False, after_diagnostic__isnull=False)
    grouped = (
        rows.annotate(band=Floor(F("before_percent") / BAND))
        .values("program_id", "code", "before_diagnostic", "after_diagnostic", "band")
        .annotate(people=Count("educator_id", distinct=True), change=Sum(F("after_percent") - F("before_percent")))
        .order_by()
    )
    return {
        (row["program_id"], row["code"], row["before_diagnostic"], row["after_diagnostic"], int(row["band"])): (
            row["people"],
            Decimal(row["change"]),
        )
        for row in grouped
    }


def comparison_cells(cells, region_id=None, program_subjects=None):
    """{(code, before_diagnostic, after_diagnostic, band, subjects key): (people, sum of changes)} for the
    cells the participants occupy: each educator's result at the «before» procedure followed by their next
    result for the code, with no counted training addressing the code in between."""
    from metodist.diagnostics.models import DiagnosticResult
    from metodist.people.models import Employment

    from .models import Training

    if not cells:
        return {}
    codes = {key[1] for key in cells}
    firsts = {key[2] for key in cells}
    rows = DiagnosticResult.objects.filter(competency__code__in=codes, diagnostic_id__in=firsts)
    following = DiagnosticResult.objects.filter(
        educator_id=OuterRef("educator_id"),
        competency__code=OuterRef("competency__code"),
        diagnostic__ends_on__gt=OuterRef("diagnostic__ends_on"),
    ).order_by("diagnostic__ends_on", "diagnostic_id")
    if region_id:
        following = following.filter(diagnostic__region_id=region_id)
    rows = rows.annotate(
        code=F("competency__code"),
        before_percent=_percent(),
        after_diagnostic=Subquery(following.values("diagnostic_id")[:1]),
        after_ends_on=Subquery(following.values("diagnostic__ends_on")[:1]),
        after_percent=Subquery(following.annotate(p=_percent()).values("p")[:1]),
    ).filter(after_diagnostic__isnull=False)
    trained_between = Training.objects.counted().filter(
        educator_id=OuterRef("educator_id"),
        program__competencies__code=OuterRef("code"),
        ends_on__gt=OuterRef("diagnostic__ends_on"),
        ends_on__lte=OuterRef("after_ends_on"),
    )
    rows = rows.exclude(Exists(trained_between))
    result = {}
    for subjects in program_subjects or [()]:
        chosen = rows
        if subjects:
            teaching = Employment.objects.filter(
                educator_id=OuterRef("educator_id"),
                subjects__in=list(subjects),
                start_date__lte=OuterRef("after_ends_on"),
            ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("after_ends_on")))
            chosen = rows.filter(Exists(teaching))
        grouped = (
            chosen.annotate(band=Floor(F("before_percent") / BAND))
            .values("code", "diagnostic_id", "after_diagnostic", "band")
            .annotate(people=Count("educator_id", distinct=True), change=Sum(F("after_percent") - F("before_percent")))
            .order_by()
        )
        for row in grouped:
            key = (row["code"], row["diagnostic_id"], row["after_diagnostic"], int(row["band"]), subjects)
            result[key] = (row["people"], Decimal(row["change"]))
    return result


def _mean(total: Decimal, people: int) -> Decimal:
    return (total / people).quantize(PLACES, rounding=ROUND_HALF_UP)


def effects(region_id: int | None = None) -> dict[tuple[int, str], Effect]:
    from .models import Program

    cells = participant_cells(region_id)
    programs = {key[0] for key in cells}
    subjects_of = defaultdict(tuple)
    for program_id, subject_id in Program.subjects.through.objects.filter(program_id__in=programs).values_list(
        "program_id", "subject_id"
    ):
        subjects_of[program_id] += (subject_id,)
    subjects_of = {program_id: tuple(sorted(ids)) for program_id, ids in subjects_of.items()}
    comparison = comparison_cells(cells, region_id, sorted(set(subjects_of.values()) | {()}))

    sums = defaultdict(lambda: [0, Decimal(0), 0, Decimal(0)])  # participants, their change, comparison, weighted
    for (program_id, code, first, second, band), (people, change) in cells.items():
        matched = comparison.get((code, first, second, band, subjects_of.get(program_id, ())))
        if matched is None:
            continue
        others, others_change = matched
        total = sums[(program_id, code)]
        total[0] += people
        total[1] += change
        total[2] += others
        total[3] += others_change / others * people  # the cell's comparison mean, weighted by its participants
    found = {}
    for key, (people, change, others, weighted) in sums.items():
        enough = people >= MIN_PEOPLE and others >= MIN_PEOPLE
        difference = _mean(change - weighted, people) if enough else None
        found[key] = Effect(people, others, _mean(change, people), _mean(weighted, people), difference)
    return found
