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

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction

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


def _sql(queryset) -> tuple[str, list]:
    sql, params = queryset.order_by().query.sql_with_params()
    return sql, list(params)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _state(user, filters: Filters) -> tuple[str, list]:
    """The common CTEs of the heat map and the risk zone — one pass (one GROUP BY) over the scope's results and
    the chosen procedures' deficits:

    scoped(educator_id) — the people; chosen(id) — the procedures of the filters;
    pairs(educator_id, code, diagnosed, opened) — per person and competency (or block) code: measured in a chosen
    procedure (1/0), and an open deficit (1/0): a deficit of a chosen procedure on the day the code was last
    measured by `on` in any procedure, i.e. no later result supersedes it (as `Deficit.objects.open(on)`)."""
    people_sql, people_params = _sql(employments(user, filters.on).values("educator_id"))
    chosen_sql, chosen_params = _sql(procedures(user, filters).values("id"))
    results, diagnostics, competencies, deficits = (
        _table(model) for model in (DiagnosticResult, Diagnostic, Competency, Deficit)
    )
    # the subqueries are written inline, not as CTEs, so that the planner estimates them (a hash semi-join over
    # the scope's 50,000 people rather than a nested loop); codes are grouped as integer keys (the lowest id of
    # a code, the same across framework versions), cheaper to hash than the text
    keys = f"(SELECT code, MIN(id) AS code_key FROM {competencies} GROUP BY code)"

    def measured(code: str, join: str = "") -> tuple[str, list]:
        return (
            f"SELECT r.educator_id AS educator_id, k.code_key AS code_key, "
            f"CASE WHEN r.diagnostic_id IN ({chosen_sql}) THEN 1 ELSE 0 END AS chosen, "
            f"d.ends_on AS ends_on, CAST(NULL AS DATE) AS deficit_on FROM {results} r "
            f"JOIN {diagnostics} d ON d.id = r.diagnostic_id JOIN {competencies} c ON c.id = r.competency_id {join}"
            f"JOIN {keys} k ON k.code = {code} "
            f"WHERE d.ends_on <= %s AND r.educator_id IN ({people_sql})"
        ), [*chosen_params, filters.on, *people_params]

    branches = [measured("c.code")]
    if procedures(user, filters).filter(rule_basis=RuleBasis.BLOCK).exists():  # block deficits: rows of blocks
        branches.append(measured("b.code", f"JOIN {competencies} b ON b.id = c.parent_id "))
    branches.append(
        (
            # the chosen procedures as a CASE, like the results above: as a join the planner misjudges it
            f"SELECT f.educator_id, k.code_key, 0, CAST(NULL AS DATE), "
            f"CASE WHEN f.diagnostic_id IN ({chosen_sql}) THEN d.ends_on END FROM {deficits} f "
            f"JOIN {diagnostics} d ON d.id = f.diagnostic_id JOIN {competencies} c ON c.id = f.competency_id "
            f"JOIN {keys} k ON k.code = c.code "
            f"WHERE d.ends_on <= %s AND f.educator_id IN ({people_sql})",
            [*chosen_params, filters.on, *people_params],
        )
    )
    sql = (
        f"WITH pairs AS (SELECT educator_id, code_key, MAX(chosen) AS diagnosed, "
        f"CASE WHEN MAX(deficit_on) = MAX(ends_on) THEN 1 ELSE 0 END AS opened "
        f"FROM ({' UNION ALL '.join(branch for branch, _ in branches)}) m GROUP BY educator_id, code_key)"
    )
    return sql, [param for _, params in branches for param in params]


def _codes(keys) -> dict[int, str]:
    return dict(Competency.objects.filter(pk__in=keys).values_list("pk", "code"))


def _fetch(sql: str, params: list) -> list[tuple]:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the per-person aggregate of a region (≈ 600,000 groups) spills to disk at the default 4 MB
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, params)
        return cursor.fetchall()


COLUMNS = {
    # by: (the column, the join that reaches it from the employment e)
    "subject": ("s.subject_id", f"JOIN {Employment.subjects.through._meta.db_table} s ON s.employment_id = e.id"),
    "organization": ("e.organization_id", ""),
    "municipality": ("o.municipality_id", f"JOIN {Organization._meta.db_table} o ON o.id = e.organization_id"),
}


def heat_map(user, filters: Filters, by: str = "subject") -> HeatMap:
    """Competency × subject (organization, municipality): diagnosed educators and those with an open deficit,
    each person counted once per cell."""
    state, params = _state(user, filters)
    jobs_sql, jobs_params = _sql(employments(user, filters.on).values("id"))
    column, join = COLUMNS[by]
    rows = _fetch(
        f"{state}, people AS (SELECT DISTINCT e.educator_id AS educator_id, {column} AS col "
        f"FROM {_table(Employment)} e {join} WHERE e.id IN ({jobs_sql})) "
        f"SELECT pe.col, p.code_key, COUNT(*), SUM(p.opened) FROM pairs p "
        f"JOIN people pe ON pe.educator_id = p.educator_id WHERE p.diagnosed = 1 GROUP BY pe.col, p.code_key",
        [*params, *jobs_params],
    )
    codes = _codes({key for _, key, _, _ in rows})
    cells = {(codes[key], col): Cell(int(deficient), int(diagnosed)) for col, key, diagnosed, deficient in rows}
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


def risk_zone(user, filters: Filters, limit: int | None = None, offset: int = 0):
    """One statement (one pass) for the risk page: ([(educator_id, open deficits)] most first — one page of
    `limit` rows —, how many people have any, [Concentration])."""
    state, params = _state(user, filters)
    jobs_sql, jobs_params = _sql(employments(user, filters.on).values("id"))
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    rows = _fetch(
        f"{state}, per AS (SELECT educator_id, SUM(opened) AS n, MAX(diagnosed) AS seen FROM pairs "
        f"GROUP BY educator_id), "
        f"listed AS (SELECT 1 AS kind, educator_id AS id, n AS a, COUNT(*) OVER () AS b FROM per WHERE n > 0 "
        f"ORDER BY n DESC, educator_id{page}) "
        f"SELECT kind, id, a, b FROM listed UNION ALL "
        f"SELECT 2, e.organization_id, COUNT(DISTINCT CASE WHEN p.n >= %s THEN e.educator_id END), "
        f"COUNT(DISTINCT e.educator_id) FROM {_table(Employment)} e JOIN per p ON p.educator_id = e.educator_id "
        f"WHERE e.id IN ({jobs_sql}) AND p.seen = 1 GROUP BY e.organization_id",
        [*params, RISK_MIN_DEFICITS, *jobs_params],
    )
    listed = sorted(((int(a), pk) for kind, pk, a, _ in rows if kind == 1), key=lambda r: (-r[0], r[1]))
    total = next((int(b) for kind, _, _, b in rows if kind == 1), 0)
    risky = {pk: (int(a), int(b)) for kind, pk, a, b in rows if kind == 2 and a}
    names = dict(Organization.objects.filter(pk__in=risky).values_list("pk", "short_name"))
    found = [Concentration(names[pk], at_risk, diagnosed) for pk, (at_risk, diagnosed) in risky.items()]
    places = sorted(found, key=lambda c: (-c.at_risk, -(c.share.percent or 0), c.organization))
    return [(pk, n) for n, pk in listed], total, places


def open_deficit_counts(user, filters: Filters, limit: int | None = None, offset: int = 0) -> tuple[list, int]:
    """([(educator_id, open deficits)], how many people have any): most first, one page of `limit` rows."""
    rows, total, _ = risk_zone(user, filters, limit, offset)
    return rows, total


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
    return risk_zone(user, filters, limit=0)[2]


# --- the calibration of self-assessment ---


def _gaps(people_sql: str, people_params: list, filters: Filters, group: str) -> list[tuple]:
    """One pass over the people's self and external results: per person and code the mean self % and the mean
    external %, kept where both exist; then per code (or per person and code) the gap."""
    levels = [DiagnosticLevel.SELF.value, *(level.value for level in EXTERNAL_LEVELS)]
    marks = ", ".join(["%s"] * len(levels))
    since = " AND r.taken_on >= %s" if filters.start else ""
    percent = "r.score * 100.0 / r.max_score"
    per_person = (
        f"SELECT r.educator_id AS educator_id, c.code AS code, "
        f"AVG(CASE WHEN d.level = %s THEN {percent} END) AS sp, AVG(CASE WHEN d.level <> %s THEN {percent} END) AS ep "
        f"FROM {_table(DiagnosticResult)} r JOIN {_table(Diagnostic)} d ON d.id = r.diagnostic_id "
        f"JOIN {_table(Competency)} c ON c.id = r.competency_id "
        f"WHERE d.level IN ({marks}) AND r.educator_id IN ({people_sql}) AND r.taken_on <= %s{since} "
        f"GROUP BY r.educator_id, c.code"
    )
    if group == "code":
        select, grouping = "code, COUNT(*), AVG(sp - ep), AVG(sp), AVG(ep)", " GROUP BY code"
    else:
        select, grouping = "code, 1, sp - ep, sp, ep", ""
    params = [levels[0], levels[0], *levels, *people_params, filters.end or filters.on]
    params += [filters.start] if filters.start else []
    return _fetch(f"SELECT {select} FROM ({per_person}) x WHERE sp IS NOT NULL AND ep IS NOT NULL{grouping}", params)


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
