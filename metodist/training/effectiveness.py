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


def _tables() -> dict[str, str]:
    from metodist.diagnostics.models import Competency, Diagnostic, DiagnosticResult
    from metodist.people.models import Employment

    from .models import Program, Training

    return {
        "result": DiagnosticResult._meta.db_table,
        "competency": Competency._meta.db_table,
        "diagnostic": Diagnostic._meta.db_table,
        "training": Training._meta.db_table,
        "addresses": Program.competencies.through._meta.db_table,
        "employment": Employment._meta.db_table,
        "taught": Employment.subjects.through._meta.db_table,
    }


def _rows(sql: str, params) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


PERCENT = "(CAST({r}.score AS REAL) * 100.0 / {r}.max_score)"  # REAL: the same arithmetic on SQLite and PostgreSQL


def participant_cells(region_id=None):
    """{(program_id, code, before_diagnostic, after_diagnostic, band): (people, sum of changes)}.

    One statement: counted trainings × the codes their program addresses; for each, the last procedure that
    measured the educator on the code and ended by the training's start, and the first that ended after its end
    (correlated LIMIT 1 lookups that start from the educator's own results: CROSS JOIN keeps SQLite from
    starting at the competency's results instead); then the two results, grouped into cells."""
    from .models import Review, TrainingResult

    t = _tables()
    region_training = "AND tr.region_id = %(region)s" if region_id else ""
    region_diagnostic = "AND d.region_id = %(region)s" if region_id else ""

    def procedure(condition: str, order: str) -> str:
        return f"""(SELECT d.id FROM {t["result"]} r
                    CROSS JOIN {t["competency"]} c CROSS JOIN {t["diagnostic"]} d
                    WHERE r.educator_id = x.educator_id AND c.id = r.competency_id AND c.code = x.code
                      AND d.id = r.diagnostic_id AND {condition} {region_diagnostic}
                    ORDER BY d.ends_on {order}, d.id {order} LIMIT 1)"""

    sql = f"""
    SELECT program_id, code, first, second, FLOOR(before_pct / {BAND}), COUNT(DISTINCT educator_id),
           SUM(after_pct - before_pct)
    FROM (
        SELECT y.program_id, y.code, y.educator_id, y.first, y.second,
               {PERCENT.format(r="rb")} AS before_pct, {PERCENT.format(r="ra")} AS after_pct
        FROM (
            SELECT x.program_id, x.code, x.educator_id,
                   {procedure("d.ends_on <= x.starts_on", "DESC")} AS first,
                   {procedure("d.ends_on > x.ends_on", "ASC")} AS second
            FROM (
                SELECT tr.educator_id, tr.program_id, pc.code, tr.starts_on, tr.ends_on
                FROM {t["training"]} tr
                JOIN {t["addresses"]} pa ON pa.program_id = tr.program_id
                JOIN {t["competency"]} pc ON pc.id = pa.competency_id
                WHERE tr.result = %(completed)s AND tr.review = %(verified)s {region_training}
            ) x
        ) y
        JOIN {t["result"]} rb ON rb.diagnostic_id = y.first AND rb.educator_id = y.educator_id
        JOIN {t["competency"]} cb ON cb.id = rb.competency_id AND cb.code = y.code
        JOIN {t["result"]} ra ON ra.diagnostic_id = y.second AND ra.educator_id = y.educator_id
        JOIN {t["competency"]} ca ON ca.id = ra.competency_id AND ca.code = y.code
    ) z
    GROUP BY program_id, code, first, second, FLOOR(before_pct / {BAND})
    """
    params = {"completed": TrainingResult.COMPLETED, "verified": Review.VERIFIED, "region": region_id}
    return {
        (program_id, code, first, second, int(band)): (people, Decimal(str(change)))
        for program_id, code, first, second, band, people, change in _rows(sql, params)
    }


def comparison_cells(cells, region_id=None, program_subjects=None):
    """{(code, before_diagnostic, after_diagnostic, band, subjects key): (people, sum of changes)} for the pairs
    of procedures the participants occupy: educators measured on the code at both, with no counted training
    addressing the code that ended between them (and, for a program with subjects, teaching one of them on the
    day the second procedure ended). One statement per pair of procedures and subject set."""
    from metodist.diagnostics.models import Diagnostic

    from .models import Review, TrainingResult

    if not cells:
        return {}
    t = _tables()
    codes_of = defaultdict(set)
    for _, code, first, second, _ in cells:
        codes_of[(first, second)].add(code)
    ends = dict(Diagnostic.objects.filter(pk__in={d for pair in codes_of for d in pair}).values_list("pk", "ends_on"))
    result = {}
    for (first, second), codes in sorted(codes_of.items()):
        for subjects in program_subjects or [()]:
            teaching = ""
            params = {"first": first, "second": second, "first_end": ends[first], "second_end": ends[second],
                      "completed": TrainingResult.COMPLETED, "verified": Review.VERIFIED}  # fmt: skip
            code_names = []
            for number, code in enumerate(sorted(codes)):
                params[f"code{number}"] = code
                code_names.append(f"%(code{number})s")
            if subjects:
                subject_names = []
                for number, subject in enumerate(subjects):
                    params[f"subject{number}"] = subject
                    subject_names.append(f"%(subject{number})s")
                teaching = f"""AND EXISTS (
                    SELECT 1 FROM {t["employment"]} e JOIN {t["taught"]} es ON es.employment_id = e.id
                    WHERE e.educator_id = r1.educator_id AND es.subject_id IN ({", ".join(subject_names)})
                      AND e.start_date <= %(second_end)s AND (e.end_date IS NULL OR e.end_date >= %(second_end)s))"""
            sql = f"""
            SELECT c1.code, FLOOR({PERCENT.format(r="r1")} / {BAND}) AS band, COUNT(DISTINCT r1.educator_id),
                   SUM({PERCENT.format(r="r2")} - {PERCENT.format(r="r1")})
            FROM {t["result"]} r1
            JOIN {t["competency"]} c1 ON c1.id = r1.competency_id
            JOIN {t["result"]} r2 ON r2.diagnostic_id = %(second)s AND r2.educator_id = r1.educator_id
            JOIN {t["competency"]} c2 ON c2.id = r2.competency_id AND c2.code = c1.code
            WHERE r1.diagnostic_id = %(first)s AND c1.code IN ({", ".join(code_names)})
              AND NOT EXISTS (
                SELECT 1 FROM {t["training"]} tr
                JOIN {t["addresses"]} pa ON pa.program_id = tr.program_id
                JOIN {t["competency"]} pc ON pc.id = pa.competency_id
                WHERE tr.educator_id = r1.educator_id AND pc.code = c1.code AND tr.result = %(completed)s
                  AND tr.review = %(verified)s AND tr.ends_on > %(first_end)s AND tr.ends_on <= %(second_end)s)
              {teaching}
            GROUP BY c1.code, FLOOR({PERCENT.format(r="r1")} / {BAND})
            """
            for code, band, people, change in _rows(sql, params):
                result[(code, first, second, int(band), subjects)] = (people, Decimal(str(change)))
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


CACHE_SECONDS = 6 * 3600


def data_version(region_id: int | None = None) -> str:
    """What the figures depend on, cheaply: the counted trainings and the results (their number and latest id).
    A new import, a decision on a request or a new diagnostic changes it, and the cached table is recomputed."""
    from django.db.models import Count, Max

    from metodist.diagnostics.models import DiagnosticResult

    from .models import Training

    trainings = Training.objects.counted()
    results = DiagnosticResult.objects.all()
    if region_id:
        trainings, results = trainings.filter(region_id=region_id), results.filter(diagnostic__region_id=region_id)
    t = trainings.aggregate(n=Count("pk"), last=Max("pk"))
    r = results.aggregate(n=Count("pk"), last=Max("pk"))
    return f"{t['n']}-{t['last']}-{r['n']}-{r['last']}"


def cached_effects(region_id: int | None = None) -> dict[tuple[int, str], Effect]:
    """`effects(region_id)`, kept in the cache until the trainings or the results change (the page reads this:
    at region scale the computation takes seconds, the version check a fraction of that)."""
    from django.core.cache import cache

    key = f"training.effects:{region_id}:{data_version(region_id)}"
    found = cache.get(key)
    if found is None:
        found = effects(region_id)
        cache.set(key, found, CACHE_SECONDS)
    return found
