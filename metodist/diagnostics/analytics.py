"""Analytics of the diagnostics: the heat map of open deficits, the risk zone, the calibration of self-assessment.

Every figure is an aggregate computed in SQL (GROUP BY) over the user's scope: the educators with an active
employment on `on` in an organization of the scope (a region's operator — the region, a municipality's
coordinator or methodologist — the municipality, an organization's administrator — their organizations).
Educators see no analytics; the calibration is the methodologist's only, aggregated per competency, and an
individual's own gap is shown to that person and to the methodologist, never as a ranking.

Definitions (docs/selfcheck.md):
- diagnosed on a competency: has a result for it (or, for a block, for a competency of the block) in a chosen
  procedure; a cell's share = diagnosed educators with an open deficit of that code / diagnosed educators;
- risk zone: educators ordered by their open deficits (distinct codes); an organization's concentration =
  educators with at least RISK_MIN_DEFICITS open deficits / diagnosed educators of the organization;
- calibration gap of a person and a code: mean self % − mean external (federal or regional) %, in percentage
  points; a competency's gap = the mean over the people with both, n = how many they are.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, F

from metodist.accounts.models import Role, ScopeLevel
from metodist.lib.shares import Share
from metodist.orgs.models import Municipality, Organization
from metodist.people.models import Employment, Subject

from .models import EXTERNAL_LEVELS, Competency, Deficit, Diagnostic, DiagnosticLevel, DiagnosticResult, RuleBasis

RISK_MIN_DEFICITS = 3  # from this many open deficits an educator is in the risk zone of their organization
CALIBRATION_MARGIN = Decimal("10")  # a mean gap of this many points or more: self-ratings run high (or low)
CALIBRATION_FEW = 5  # fewer people than this behind a mean: shown, but marked as too few to judge
# share of diagnosed educators with an open deficit, %: the lower bound of each colour class of the heat map
HEAT_CLASSES = (
    (Decimal("50"), "heat-4"),
    (Decimal("25"), "heat-3"),
    (Decimal("10"), "heat-2"),
    (Decimal("0.1"), "heat-1"),
)
HEAT_LEGEND = (
    ("heat-0", "нет дефицитов"),
    ("heat-1", "менее 10 %"),
    ("heat-2", "10–25 %"),
    ("heat-3", "25–50 %"),
    ("heat-4", "50 % и более"),
    ("heat-none", "нет продиагностированных"),
)
ONE_DECIMAL = Decimal("0.1")


def can_see(user) -> bool:
    """The analytics are for those who work with a territory or organizations, not for an educator."""
    return user.is_authenticated and user.scope_level != ScopeLevel.SELF


def can_calibrate(user) -> bool:
    return bool(
        user.is_authenticated and (user.is_superuser or (user.role == Role.METHODOLOGIST and user.municipality_id))
    )


@dataclass(frozen=True)
class Filters:
    on: date  # deficits open on this day; the employments active on it choose the people
    level: str = ""  # a procedure level, or all
    start: date | None = None  # procedures ended from
    end: date | None = None  # procedures ended by

    def describe(self) -> str:
        parts = [f"на {self.on:%d.%m.%Y}"]
        if self.level:
            parts.append(f"уровень: {DiagnosticLevel(self.level).label.lower()}")
        if self.start:
            parts.append(f"процедуры, завершённые с {self.start:%d.%m.%Y}")
        if self.end:
            parts.append(f"по {self.end:%d.%m.%Y}")
        return "; ".join(parts)


def procedures(user, filters: Filters):
    diagnostics = Diagnostic.objects.all()
    if user.scope_level in (ScopeLevel.REGION, ScopeLevel.MUNICIPALITY):
        diagnostics = diagnostics.in_scope(user)  # the people's scope bounds the rest
    diagnostics = diagnostics.filter(ends_on__lte=filters.end or filters.on)
    if filters.level:
        diagnostics = diagnostics.filter(level=filters.level)
    if filters.start:
        diagnostics = diagnostics.filter(ends_on__gte=filters.start)
    return diagnostics


def employments(user, on: date):
    """The active employments of the scope: who is counted, where and for which subjects."""
    return Employment.objects.active(on).filter(user.organization_q("organization__"))


def heat_class(share: Share) -> str:
    percent = share.percent
    if percent is None:
        return "heat-none"
    for bound, css in HEAT_CLASSES:
        if percent >= bound:
            return css
    return "heat-0"


@dataclass
class Cell:
    deficient: int
    diagnosed: int

    @property
    def share(self) -> Share:
        return Share(self.deficient, self.diagnosed)

    @property
    def css(self) -> str:
        return heat_class(self.share)


@dataclass
class HeatMap:
    by: str  # "subject", "organization" or "municipality"
    rows: list[tuple[str, str]]  # (code, name)
    columns: list[tuple[int, str]]  # (id, name)
    cells: dict[tuple[str, int], Cell]

    def table(self) -> list[tuple[str, str, list[Cell | None]]]:
        return [
            (code, name, [self.cells.get((code, column)) for column, _ in self.columns]) for code, name in self.rows
        ]


def heat_map(user, filters: Filters, by: str = "subject") -> HeatMap:
    """Competency × subject (or × organization): diagnosed educators and those of them with an open deficit."""
    diagnostics = procedures(user, filters)
    jobs = employments(user, filters.on)
    if by == "subject":
        base, column, person = (
            Employment.subjects.through.objects.filter(employment__in=jobs),
            "subject_id",
            "employment__educator",
        )
    elif by == "municipality":
        base, column, person = jobs, "organization__municipality_id", "educator"
    else:
        base, column, person = jobs, "organization_id", "educator"
    counts: dict[tuple[str, int], Cell] = defaultdict(lambda: Cell(0, 0))
    paths = [f"{person}__diagnostic_results__competency__code"]
    if diagnostics.filter(rule_basis=RuleBasis.BLOCK).exists():
        paths.append(f"{person}__diagnostic_results__competency__parent__code")
    for path in paths:
        # one filter() call with the multi-valued condition, so that values() reuses its join
        diagnosed = (
            base.filter(**{f"{person}__diagnostic_results__diagnostic__in": diagnostics})
            .values(column, code=F(path))
            .annotate(n=Count(f"{person}_id", distinct=True))
        )
        for row in diagnosed:
            if row["code"]:
                counts[(row["code"], row[column])].diagnosed = row["n"]
    deficient = (
        base.filter(**{f"{person}__deficits__in": Deficit.objects.open(filters.on).filter(diagnostic__in=diagnostics)})
        .values(column, code=F(f"{person}__deficits__competency__code"))
        .annotate(n=Count(f"{person}_id", distinct=True))
    )
    for row in deficient:
        counts[(row["code"], row[column])].deficient = row["n"]
    cells = {key: cell for key, cell in counts.items() if cell.diagnosed}
    codes = {code for code, _ in cells}
    ids = {column_id for _, column_id in cells}
    if by == "subject":
        columns = [(s.pk, s.name) for s in Subject.objects.filter(pk__in=ids)]
    elif by == "municipality":
        columns = [(m.pk, m.name) for m in Municipality.objects.filter(pk__in=ids).order_by("name")]
    else:
        columns = [(o.pk, o.short_name) for o in Organization.objects.filter(pk__in=ids).order_by("sort_name")]
    return HeatMap(by=by, rows=competency_names(codes), columns=columns, cells=cells)


def competency_names(codes) -> list[tuple[str, str]]:
    """(code, name) in the framework's order, the name of the newest version that has the code."""
    named = {}
    for competency in (
        Competency.objects.filter(code__in=codes)
        .select_related("parent")
        .order_by("version__framework", "version__number")
    ):
        named[competency.code] = competency
    ordered = sorted(
        named.values(),
        key=lambda c: ((c.parent.order if c.parent_id else c.order), c.parent_id is not None, c.order, c.code),
    )
    return [(c.code, c.name) for c in ordered]


# --- the risk zone ---


def open_deficit_counts(user, filters: Filters):
    """Per educator of the scope: the number of open deficits (distinct codes), most first."""
    people = employments(user, filters.on).values("educator_id")
    return (
        Deficit.objects.open(filters.on)
        .filter(diagnostic__in=procedures(user, filters), educator_id__in=people)
        .values("educator_id")
        .annotate(n=Count("competency__code", distinct=True))
        .order_by("-n", "educator_id")
    )


def risk_rows(user, filters: Filters, educator_ids: list[int]) -> dict[int, dict]:
    """For a page of the risk list: the educators' names, their organizations of the scope, their open codes."""
    from metodist.people.models import Educator

    rows = {
        e.pk: {"educator": e, "organizations": set(), "codes": set()}
        for e in Educator.objects.filter(pk__in=educator_ids)
    }
    for job in employments(user, filters.on).filter(educator_id__in=educator_ids).select_related("organization"):
        rows[job.educator_id]["organizations"].add(job.organization.short_name)
    for educator_id, code in (
        Deficit.objects.open(filters.on)
        .filter(diagnostic__in=procedures(user, filters), educator_id__in=educator_ids)
        .values_list("educator_id", "competency__code")
        .distinct()
    ):
        rows[educator_id]["codes"].add(code)
    names = dict(competency_names({code for row in rows.values() for code in row["codes"]}))
    for row in rows.values():
        row["organizations"] = sorted(row["organizations"])
        row["competencies"] = sorted(names.get(code, code) for code in row["codes"])
    return rows


@dataclass
class Concentration:
    organization: str
    at_risk: int
    diagnosed: int

    @property
    def share(self) -> Share:
        return Share(self.at_risk, self.diagnosed)


def concentration(user, filters: Filters) -> list[Concentration]:
    """Organizations of the scope by the number of their educators in the risk zone (then by the share)."""
    jobs = employments(user, filters.on)
    diagnostics = procedures(user, filters)
    at_risk = open_deficit_counts(user, filters).filter(n__gte=RISK_MIN_DEFICITS).values("educator_id")
    risky = dict(
        jobs.filter(educator_id__in=at_risk)
        .values("organization_id")
        .annotate(n=Count("educator_id", distinct=True))
        .values_list("organization_id", "n")
    )
    if not risky:
        return []
    diagnosed = dict(
        jobs.filter(organization_id__in=risky, educator__diagnostic_results__diagnostic__in=diagnostics)
        .values("organization_id")
        .annotate(n=Count("educator_id", distinct=True))
        .values_list("organization_id", "n")
    )
    names = dict(Organization.objects.filter(pk__in=risky).values_list("pk", "short_name"))
    found = [Concentration(names[pk], count, diagnosed.get(pk, 0)) for pk, count in risky.items()]
    return sorted(found, key=lambda c: (-c.at_risk, -(c.share.percent or 0), c.organization))


# --- the calibration of self-assessment ---


def _sql(queryset) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _per_person(levels, people_sql: str, filters: Filters | None) -> str:
    marks = ", ".join(["%s"] * len(levels))
    ended = " AND r.taken_on <= %s" + (" AND r.taken_on >= %s" if filters and filters.start else "")
    return (
        f"SELECT r.educator_id AS educator_id, c.code AS code, AVG(r.score * 100.0 / r.max_score) AS p "
        f"FROM {_table(DiagnosticResult)} r JOIN {_table(Diagnostic)} d ON d.id = r.diagnostic_id "
        f"JOIN {_table(Competency)} c ON c.id = r.competency_id "
        f"WHERE d.level IN ({marks}) AND r.educator_id IN ({people_sql}){ended} "
        f"GROUP BY r.educator_id, c.code"
    )


def _params(levels, people_params, filters: Filters) -> list:
    return [*levels, *people_params, filters.end or filters.on, *([filters.start] if filters.start else [])]


def _gaps(people_sql: str, people_params: list, filters: Filters, group: str) -> list[tuple]:
    self_levels, external = [DiagnosticLevel.SELF.value], [level.value for level in EXTERNAL_LEVELS]
    if group == "code":
        select = "s.code, COUNT(*), AVG(s.p - e.p), AVG(s.p), AVG(e.p)"
        grouping = "GROUP BY s.code"
    else:
        select = "s.code, 1, s.p - e.p, s.p, e.p"
        grouping = ""
    sql = (
        f"SELECT {select} FROM ({_per_person(self_levels, people_sql, filters)}) s "
        f"JOIN ({_per_person(external, people_sql, filters)}) e ON e.educator_id = s.educator_id AND e.code = s.code "
        f"{grouping}"
    )
    params = [*_params(self_levels, people_params, filters), *_params(external, people_params, filters)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _points(value) -> Decimal:
    return Decimal(str(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class Gap:
    code: str
    name: str
    people: int
    gap: Decimal  # self % − external %, percentage points
    self_percent: Decimal
    external_percent: Decimal

    @property
    def css(self) -> str:
        if self.gap >= CALIBRATION_MARGIN:
            return "calib-high"
        if self.gap <= -CALIBRATION_MARGIN:
            return "calib-low"
        return ""

    @property
    def few(self) -> bool:
        return self.people < CALIBRATION_FEW


def _gap_rows(rows) -> list[Gap]:
    names = competency_names({row[0] for row in rows})
    by_code = {row[0]: row for row in rows}
    return [
        Gap(code, name, int(by_code[code][1]), *(_points(v) for v in by_code[code][2:5]))
        for code, name in names
        if code in by_code
    ]


def calibration(user, filters: Filters) -> list[Gap]:
    """Per competency code: the mean gap over the scope's educators with both a self and an external result."""
    sql, params = _sql(employments(user, filters.on).values("educator_id"))
    return _gap_rows(_gaps(sql, params, filters, "code"))


def own_gaps(educator_id: int, on: date) -> list[Gap]:
    """One person's gap per competency code (for that person, and for the methodologist)."""
    return _gap_rows(_gaps("%s", [educator_id], Filters(on=on), "person"))
