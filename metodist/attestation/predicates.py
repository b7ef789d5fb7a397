"""Indicator predicates of the attestation module (see metodist/lib/predicates.py).

`attested`: the educator has an attestation decision «установлена (соответствует)» dated within the
reporting period (ctx.start..ctx.on), among the current records (a corrected record counts by its correction),
read only from the records of ctx.region when it is set. Declared in metodist/monitoring/vocabulary.py PENDING
with the same parameter.
"""

from django.db.models import Q

from metodist.lib.predicates import EDUCATORS, Context, Param, Predicate, register

from .models import QUALIFICATION_KINDS, Attestation, Kind

MODULE = "Аттестация"

# The kinds a `kind` parameter names: «any» — any attestation (СЗД and categories), «category» — a
# qualification category (first, highest, педагог-методист, педагог-наставник), or one kind by its code.
KIND_GROUPS = {
    "any": tuple(Kind.values),
    "category": tuple(QUALIFICATION_KINDS),
    **{kind.value: (kind.value,) for kind in Kind},
}
KIND_DOC = (
    "any — любая аттестация (не задан — тоже), category — на квалификационную категорию, "
    "szd / first / highest / methodist / mentor — один вид"
)


def _attested(ctx: Context, params: dict) -> Q:
    records = (
        Attestation.objects.current()
        .awarded()
        .filter(decided_on__gte=ctx.start, decided_on__lte=ctx.on, kind__in=KIND_GROUPS[params.get("kind", "any")])
    )
    if ctx.region:
        records = records.filter(region_id=ctx.region)
    return Q(pk__in=records.values("educator_id"))


PREDICATES = {
    "attested": Predicate(
        EDUCATORS,
        "прошёл аттестацию в отчётном периоде",
        {"kind": Param(tuple(KIND_GROUPS), required=False, doc=KIND_DOC)},
        build=_attested,
    ),
}


def _recorded(ctx: Context) -> bool:
    """An attestation decision of the region in the period (awarded or refused)."""
    records = Attestation.objects.filter(decided_on__gte=ctx.start, decided_on__lte=ctx.on)
    return (records.filter(region_id=ctx.region) if ctx.region else records).exists()


register(MODULE, PREDICATES, recorded=_recorded)
