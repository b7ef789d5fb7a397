"""The bank of professional difficulties: one read model over four sources, keyed by topic.

A topic key is «c:<competency code>» (stable across the framework's versions) or «t:<kept topic id>». The
sources, each read in SQL and grouped there:

- requests — requests for help (consultations.HelpRequest) by the day filed, declined ones excluded (a declined
  request was misfiled or a duplicate: the service said there is nothing to answer);
- deficits — diagnosed deficits (diagnostics.Deficit) by the end date of their diagnostic: a deficit counts in
  the period it was diagnosed in, whether or not a later diagnostic closed it; its organization is the
  educator's home organization on that day;
- reported — difficulties educators reported themselves (ReportedDifficulty) by the day reported;
- surveys — answers of needs surveys whose chosen option carries a topic, by the day the survey was sent.

Survey answers are anonymous: they enter the bank only for the whole territory (no subject, no organization, no
drill-down), counted per survey and topic, and a survey's count for a topic below MIN_GROUP is left out
altogether — so every number shown is a sum of counts of at least MIN_GROUP, and no difference of two numbers
(of two periods, of a topic and the total) can reveal fewer.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, CharField, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Concat, ExtractMonth, ExtractYear, TruncDate, TruncMonth

from metodist.accounts.models import ScopeLevel
from metodist.consultations.models import HelpRequest, RequestStatus
from metodist.diagnostics.models import Competency, Deficit
from metodist.lib.dates import add_years, school_year
from metodist.orgs.models import Organization
from metodist.people.models import Employment, EmploymentKind, Subject
from metodist.surveys.models import MIN_GROUP, Answer, SurveyStatus

from .models import ReportedDifficulty, Topic

REQUESTS, DEFICITS, REPORTED, SURVEYS = "requests", "deficits", "reported", "surveys"
SOURCES = {
    REQUESTS: "Запросы на помощь",
    DEFICITS: "Дефициты по диагностике",
    REPORTED: "Затруднения, отмеченные педагогами",
    SURVEYS: "Ответы анкет",
}
PERSONAL = (REQUESTS, DEFICITS, REPORTED)  # sources whose records name an educator: broken down and drilled into
NO_TOPIC = "тема не указана"


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    subject_id: int | None = None
    organization_id: int | None = None
    source: str = ""  # empty: every source
    topic: str = ""  # a topic key, empty: every topic

    @property
    def breaks_down(self) -> bool:
        """A subject or an organization is chosen: survey answers, counted for the territory only, drop out."""
        return bool(self.subject_id or self.organization_id)

    def sources(self) -> list[str]:
        chosen = [self.source] if self.source else list(SOURCES)
        return [code for code in chosen if code in PERSONAL or not self.breaks_down]


def sees_bank(user) -> bool:
    """The service of a territory and an organization's administrator; an educator does not."""
    return user.is_authenticated and user.sees_organizations


def sees_surveys(user) -> bool:
    """Survey answers are the territory's: an organization's slice of anonymous answers is what anonymity forbids."""
    return user.scope_level in (ScopeLevel.ALL, ScopeLevel.REGION, ScopeLevel.MUNICIPALITY)


def visible_sources(user) -> list[str]:
    return [code for code in SOURCES if code != SURVEYS or sees_surveys(user)]


def year_start(year: int) -> date:
    return date(year, 9, 1)


def year_end(year: int) -> date:
    return date(year + 1, 8, 31)


def year_label(year: int) -> str:
    return f"{year}/{str(year + 1)[2:]}"


def topic_key(competency_code: str | None, topic_id: int | None) -> str:
    if competency_code:
        return f"c:{competency_code}"
    return f"t:{topic_id}" if topic_id else ""


def _key_expression():
    return Case(
        When(code__isnull=False, then=Concat(Value("c:"), F("code"))),
        When(kept__isnull=False, then=Concat(Value("t:"), Cast("kept", CharField()))),
        default=Value(""),
        output_field=CharField(),
    )


def _school_year_expression():
    return ExtractYear("day") - Case(When(month__lt=9, then=Value(1)), default=Value(0), output_field=IntegerField())


def _home_organization(educator_ref: str, day_ref: str):
    """The educator's home organization on the day (the registry's rule, as monitoring's home_employments):
    the main active employment, else the earliest active one; ties by start date, then id."""
    employments = (
        Employment.objects.filter(educator_id=OuterRef(educator_ref), start_date__lte=OuterRef(day_ref))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef(day_ref)))
        .annotate(rank=Case(When(kind=EmploymentKind.MAIN, then=Value(0)), default=Value(1)))
        .order_by("rank", "start_date", "pk")
        .values("organization_id")[:1]
    )
    return Subquery(employments)


def _territory(user) -> Q:
    return user.organization_q("organization__") if sees_bank(user) else Q(pk__in=[])


def _requests(user):
    rows = (
        HelpRequest.objects.filter(_territory(user))
        .exclude(status=RequestStatus.DECLINED)
        .annotate(
            day=TruncDate("filed_at"),
            code=F("competency__code"),
            kept=F("topic_id"),
            subj=F("subject_id"),
            org=F("organization_id"),
            person=F("educator_id"),
        )
    )
    return rows


def _deficits(user):
    """Bounded like the registry: by the organization the educator worked in on the diagnostic's end date.

    Below the region, only educators ever employed in the territory are read before their home organization is
    derived row by row (a home organization in the territory implies such an employment): without the bound a
    municipality's bank derived it for every deficit of the database, and its pages grew with the region. For a
    region the bound keeps almost every row and cost more than it saved (region demo, SQLite)."""
    organizations = Organization.objects.filter(user.organization_q()).values("pk")
    rows = Deficit.objects.all()
    if user.scope_level not in (ScopeLevel.REGION, ScopeLevel.ALL):
        rows = rows.filter(
            educator_id__in=Employment.objects.filter(organization__in=organizations).values("educator_id")
        )
    rows = rows.annotate(
        day=F("diagnostic__ends_on"),
        code=F("competency__code"),
        kept=Value(None, output_field=IntegerField()),
        subj=F("diagnostic__subject_id"),
        org=_home_organization("educator_id", "diagnostic__ends_on"),
        person=F("educator_id"),
    ).filter(org__in=organizations)
    return rows if sees_bank(user) else rows.none()


def _reported(user):
    return ReportedDifficulty.objects.filter(_territory(user)).annotate(
        day=F("reported_on"),
        code=F("competency__code"),
        kept=F("topic_id"),
        subj=F("subject_id"),
        org=F("organization_id"),
        person=F("educator_id"),
    )


def _survey_answers(user):
    level = user.scope_level
    answers = Answer.objects.filter(option__isnull=False).exclude(response__survey__status=SurveyStatus.DRAFT)
    if level == ScopeLevel.REGION:
        answers = answers.filter(response__survey__region_id=user.region_id)
    elif level == ScopeLevel.MUNICIPALITY:
        answers = answers.filter(response__survey__municipality_id=user.municipality_id)
    elif level != ScopeLevel.ALL:
        return answers.none()
    return answers.annotate(
        day=F("response__survey__sent_on"),
        code=F("option__competency__code"),
        kept=F("option__topic_id"),
    ).filter(day__isnull=False)


READERS = {REQUESTS: _requests, DEFICITS: _deficits, REPORTED: _reported}


def filtered(rows, filters: Filters, personal: bool = True):
    rows = rows.filter(day__gte=filters.start, day__lte=filters.end).filter(
        Q(code__isnull=False) | Q(kept__isnull=False)
    )
    if filters.topic:
        kind, _, value = filters.topic.partition(":")
        rows = rows.filter(code=value) if kind == "c" else rows.filter(kept=int(value) if value.isdigit() else 0)
    if personal and filters.subject_id:
        rows = rows.filter(subj=filters.subject_id)
    if personal and filters.organization_id:
        rows = rows.filter(org=filters.organization_id)
    return rows.annotate(key=_key_expression(), month=ExtractMonth("day"))


BUCKETS = {
    "all": (),
    "month": ("bucket",),
    "year": ("bucket",),
}


def _bucketed(rows, by: str):
    if by == "month":
        return rows.annotate(bucket=TruncMonth("day"))
    if by == "year":
        return rows.annotate(bucket=_school_year_expression())
    return rows


def source_counts(user, filters: Filters, source: str, group: tuple[str, ...] = ("key",), by: str = "all"):
    """Rows {group…, records, educators} of one personal source, grouped in SQL."""
    rows = _bucketed(filtered(READERS[source](user), filters), by)
    group = group + BUCKETS[by]
    return list(
        rows.order_by()
        .values(*group)
        .annotate(records=Count("pk", distinct=True), educators=Count("person", distinct=True))
    )


def survey_counts(user, filters: Filters, by: str = "all") -> list[dict]:
    """Rows {key, [bucket], records, educators=None}: responses choosing a topic, per survey and topic grouped in
    SQL, units below MIN_GROUP dropped there (HAVING), then summed per topic (and bucket)."""
    if not sees_surveys(user) or SURVEYS not in filters.sources():
        return []
    rows = _bucketed(filtered(_survey_answers(user), filters, personal=False), by)
    group = ("key", "response__survey_id") + BUCKETS[by]
    units = (
        rows.order_by()
        .values(*group)
        .annotate(responses=Count("response_id", distinct=True))
        .filter(responses__gte=MIN_GROUP)
    )
    totals: dict[tuple, int] = defaultdict(int)
    for unit in units:
        totals[(unit["key"], unit.get("bucket"))] += unit["responses"]
    return [
        {"key": key, "bucket": bucket, "records": count, "educators": None} for (key, bucket), count in totals.items()
    ]


def counts(user, filters: Filters, by: str = "all") -> dict[str, list[dict]]:
    """Per source of the filters, its rows grouped by topic (and bucket)."""
    result = {}
    for source in filters.sources():
        if source == SURVEYS:
            if sees_surveys(user):
                result[source] = survey_counts(user, filters, by)
        else:
            result[source] = source_counts(user, filters, source, by=by)
    return result


def topic_labels(keys) -> dict[str, str]:
    """Names of topic keys: a competency by the name in its latest version, a kept topic by its name."""
    codes = {key[2:] for key in keys if key.startswith("c:")}
    ids = {int(key[2:]) for key in keys if key.startswith("t:") and key[2:].isdigit()}
    labels = {}
    if codes:
        competencies = Competency.objects.filter(code__in=codes).order_by("code", "version__number")
        for code, name in competencies.values_list("code", "name"):
            labels[f"c:{code}"] = name  # the latest version's name wins
    if ids:
        for pk, name, archived in Topic.objects.filter(pk__in=ids).values_list("pk", "name", "archived"):
            labels[f"t:{pk}"] = f"{name} (в архиве)" if archived else name
    return {key: labels.get(key, NO_TOPIC) for key in keys}


@dataclass
class TopicRow:
    key: str
    label: str
    cells: dict = field(default_factory=dict)  # source → {"records", "educators"}
    line: list = field(default_factory=list)  # (source, cell or None) in the order of the table's columns

    @property
    def total(self) -> int:
        return sum(cell["records"] for cell in self.cells.values())

    def cell(self, source):
        return self.cells.get(source)


@dataclass
class Table:
    sources: list[str]
    rows: list[TopicRow]
    totals: dict  # source → records (sums of shown numbers only)
    survey_note: str = ""

    @property
    def columns(self):
        return [(code, SOURCES[code]) for code in self.sources]

    @property
    def total_line(self):
        return [(source, self.totals[source]) for source in self.sources]

    @property
    def grand_total(self) -> int:
        return sum(self.totals.values())


def table(user, filters: Filters) -> Table:
    """The bank's table: topic × source, records and distinct educators, topics by total descending."""
    by_source = counts(user, filters)
    rows: dict[str, TopicRow] = {}
    for source, source_rows in by_source.items():
        for row in source_rows:
            rows.setdefault(row["key"], TopicRow(row["key"], ""))
            rows[row["key"]].cells[source] = {"records": row["records"], "educators": row["educators"]}
    labels = topic_labels(rows)
    for row in rows.values():
        row.label = labels[row.key]
        row.line = [(source, row.cells.get(source)) for source in by_source]
    ordered = sorted(rows.values(), key=lambda row: (-row.total, row.label))
    totals = {source: sum(row["records"] for row in source_rows) for source, source_rows in by_source.items()}
    return Table(sources=list(by_source), rows=ordered, totals=totals, survey_note=survey_note(user, filters))


def survey_note(user, filters: Filters) -> str:
    if filters.source and filters.source != SURVEYS:
        return ""
    if not sees_surveys(user):
        return "Ответы анонимных анкет показываются только методической службе территории."
    if filters.breaks_down:
        return "Ответы анкет не разбиваются по предметам и организациям: они анонимны и учтены только по территории."
    return f"Ответы анкет учтены по теме, если их в одной анкете не меньше {MIN_GROUP}; меньшие числа не показываются."


@dataclass
class Matrix:
    rows: list[tuple[str, str, list]]  # key, label, cells (records or 0) in the order of columns
    columns: list[tuple[int, str]]

    @property
    def empty(self) -> bool:
        return not self.rows


def heat_css(value: int, top: int) -> str:
    """The diagnostics heat map's colours, relative to the fullest cell of the matrix."""
    if not value:
        return "heat-none"
    share = value / top
    for bound, css in ((0.75, "heat-4"), (0.5, "heat-3"), (0.25, "heat-2")):
        if share >= bound:
            return css
    return "heat-1"


HEAT_LEGEND = [
    ("heat-1", "до 25 % наибольшего"),
    ("heat-2", "25–50 %"),
    ("heat-3", "50–75 %"),
    ("heat-4", "75 % и более"),
    ("heat-none", "нет записей"),
]


def matrix(user, filters: Filters, by: str) -> Matrix:
    """Topic × subject (by="subject") or topic × organization (by="organization"): records of the personal
    sources (survey answers are never broken down)."""
    column = "subj" if by == "subject" else "org"
    values: dict[tuple[str, int], int] = defaultdict(int)
    for source in filters.sources():
        if source == SURVEYS:
            continue
        for row in source_counts(user, filters, source, group=("key", column)):
            if row[column] is not None:
                values[(row["key"], row[column])] += row["records"]
    if not values:
        return Matrix(rows=[], columns=[])
    column_ids = {column_id for _, column_id in values}
    if by == "subject":
        names = dict(Subject.objects.filter(pk__in=column_ids).values_list("pk", "name"))
    else:
        names = {org.pk: str(org) for org in Organization.objects.filter(pk__in=column_ids)}
    columns = sorted(names.items(), key=lambda item: item[1])
    keys = {key for key, _ in values}
    labels = topic_labels(keys)
    top = max(values.values())
    totals = {key: sum(count for (k, _), count in values.items() if k == key) for key in keys}
    rows = []
    for key in sorted(keys, key=lambda key: (-totals[key], labels[key])):
        cells = [
            {"n": values.get((key, pk), 0), "css": heat_css(values.get((key, pk), 0), top), "id": pk}
            for pk, _ in columns
        ]
        rows.append((key, labels[key], cells))
    return Matrix(rows=rows, columns=columns)


def trend(user, filters: Filters, by: str) -> tuple[list, dict[str, list[int]]]:
    """Buckets (months or school years of the period, in order) and per source the records in each."""
    buckets: list = []
    if by == "month":
        day = filters.start.replace(day=1)
        while day <= filters.end:
            buckets.append(day)
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    else:
        buckets = list(range(school_year(filters.start), school_year(filters.end) + 1))
    series = {}
    for source, rows in counts(user, filters, by=by).items():
        per_bucket: dict = defaultdict(int)
        for row in rows:
            bucket = row["bucket"]
            if by == "month" and hasattr(bucket, "date"):
                bucket = bucket.date()
            per_bucket[bucket] += row["records"]
        series[source] = [per_bucket.get(bucket, 0) for bucket in buckets]
    return buckets, series


def trend_chart(buckets, series: dict[str, list[int]], by: str) -> dict:
    colors = {REQUESTS: "#0d6efd", DEFICITS: "#dc3545", REPORTED: "#fd7e14", SURVEYS: "#6f42c1"}
    months = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
    labels = [f"{months[b.month - 1]} {b.year}" for b in buckets] if by == "month" else [year_label(b) for b in buckets]
    return {
        "height": 280,
        "config": {
            "type": "bar" if by == "year" else "line",
            "data": {
                "labels": labels,
                "datasets": [
                    {
                        "label": SOURCES[source],
                        "data": data,
                        "borderColor": colors[source],
                        "backgroundColor": colors[source],
                        "tension": 0,
                    }
                    for source, data in series.items()
                ],
            },
            "options": {
                "locale": "ru-RU",
                "maintainAspectRatio": False,
                "scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}},
                "plugins": {"legend": {"position": "bottom"}},
            },
        },
    }


@dataclass
class PlanningRow:
    key: str
    label: str
    current: dict  # source → records this school year so far
    previous_total: int

    @property
    def total(self) -> int:
        return sum(self.current.values())

    line: list = field(default_factory=list)  # records per visible source, in the order of SOURCES

    @property
    def growth(self) -> int:
        return self.total - self.previous_total

    @property
    def growth_percent(self) -> int | None:
        if not self.previous_total:
            return None
        return round(100 * self.growth / self.previous_total)


def planning(user, today: date, limit: int = 10) -> tuple[str, list[PlanningRow]]:
    """The top topics of the school year so far with counts per source, and the growth against the same span of
    the previous school year (1 September to the same day a year earlier)."""
    year = school_year(today)
    current = counts(user, Filters(start=year_start(year), end=today))
    previous = counts(user, Filters(start=year_start(year - 1), end=add_years(today, -1)))
    rows: dict[str, PlanningRow] = {}
    for source, source_rows in current.items():
        for row in source_rows:
            rows.setdefault(row["key"], PlanningRow(row["key"], "", {}, 0)).current[source] = row["records"]
    for source_rows in previous.values():
        for row in source_rows:
            if row["key"] in rows:
                rows[row["key"]].previous_total += row["records"]
    top = sorted(rows.values(), key=lambda row: -row.total)[:limit]
    labels = topic_labels([row.key for row in top])
    shown = visible_sources(user)
    for row in top:
        row.label = labels[row.key]
        row.line = [(source, row.current.get(source, 0)) for source in shown]
    top.sort(key=lambda row: (-row.total, row.label))
    return year_label(year), top
