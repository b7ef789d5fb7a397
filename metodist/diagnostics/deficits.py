"""The deficit rule: `Deficit` rows derived set-based from a procedure's results and thresholds.

Per competency: a scored competency whose result is below its threshold (the competency's own, else its
block's, else the procedure's). Per block: a block whose summed score over its scored competencies is below the
block's threshold (its own, else the procedure's). `derive` replaces the procedure's deficits in one transaction,
so the rule, the results and the deficits never disagree.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction

from .models import Competency, Deficit, Diagnostic, DiagnosticResult, RuleBasis


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _by_threshold(diagnostic: Diagnostic, competencies) -> dict[Decimal, list[int]]:
    groups: dict[Decimal, list[int]] = defaultdict(list)
    for competency in competencies:
        own = (diagnostic.thresholds or {}).get(competency.code)
        block = (diagnostic.thresholds or {}).get(competency.parent.code) if competency.parent_id else None
        value = own if own is not None else block
        groups[Decimal(str(value)) if value is not None else diagnostic.threshold].append(competency.pk)
    return groups


@transaction.atomic
def derive(diagnostic: Diagnostic) -> int:
    """Rewrites the deficits of `diagnostic` from its results; returns how many there are."""
    Deficit.objects.filter(diagnostic=diagnostic).delete()
    results, competencies, deficits = _table(DiagnosticResult), _table(Competency), _table(Deficit)
    scored = Competency.objects.filter(version=diagnostic.version_id)
    with connection.cursor() as cursor:
        if diagnostic.rule_basis == RuleBasis.COMPETENCY:
            for threshold, ids in _by_threshold(
                diagnostic, scored.filter(parent__isnull=False).select_related("parent")
            ).items():
                marks = ", ".join(["%s"] * len(ids))
                cursor.execute(
                    f"INSERT INTO {deficits} (diagnostic_id, educator_id, competency_id, percent, threshold) "
                    f"SELECT diagnostic_id, educator_id, competency_id, ROUND(score * 100.0 / max_score, 2), %s "
                    f"FROM {results} WHERE diagnostic_id = %s AND competency_id IN ({marks}) "
                    f"AND score * 100 < %s * max_score",
                    [threshold, diagnostic.pk, *ids, threshold],
                )
        else:
            for threshold, ids in _by_threshold(diagnostic, scored.filter(parent__isnull=True)).items():
                marks = ", ".join(["%s"] * len(ids))
                cursor.execute(
                    f"INSERT INTO {deficits} (diagnostic_id, educator_id, competency_id, percent, threshold) "
                    f"SELECT r.diagnostic_id, r.educator_id, c.parent_id, "
                    f"ROUND(SUM(r.score) * 100.0 / SUM(r.max_score), 2), %s "
                    f"FROM {results} r JOIN {competencies} c ON c.id = r.competency_id "
                    f"WHERE r.diagnostic_id = %s AND c.parent_id IN ({marks}) "
                    f"GROUP BY r.diagnostic_id, r.educator_id, c.parent_id "
                    f"HAVING SUM(r.score) * 100 < %s * SUM(r.max_score)",
                    [threshold, diagnostic.pk, *ids, threshold],
                )
    return Deficit.objects.filter(diagnostic=diagnostic).count()
