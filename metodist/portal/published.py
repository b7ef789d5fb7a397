"""What the public portal publishes of a municipality, read and suppressed here so that views only render it:
the aggregates of its approved analytical reports, the progress of its adopted road maps and its upcoming
events. Nothing personal is read: no educators, no users, no executors of road-map items, no participants.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q

from metodist.events.models import Event
from metodist.monitoring.display import TARGET_MARKS, Row, Trend, trend, with_headings
from metodist.monitoring.models import IndicatorKind, Level, ResultStatus, SnapshotValue, TargetStatus, Unit
from metodist.orgs.models import Municipality
from metodist.reports.models import AnalyticReport
from metodist.roadmaps.models import ItemStatus, Roadmap, RoadmapItem, RoadmapSection

from . import suppression
from .suppression import HIDDEN, TOTAL, Cell

# Units whose values count people and are suppressed; organizations and municipalities are not people, and a
# staffing share counts rates of the staff list, not persons (docs/portal.md).
PEOPLE_UNITS = (Unit.EDUCATORS,)
UPCOMING_EVENTS = 30


def published_reports():
    return AnalyticReport.objects.approved().filter(municipality__isnull=False)


def adopted_roadmaps():
    return Roadmap.objects.filter(municipality__isnull=False)


def upcoming_events(now):
    return Event.objects.published().filter(municipality__isnull=False, ends_at__gte=now)


def municipalities(now):
    """The municipalities with something published, each marked with what it has (has_report, has_roadmap,
    has_events)."""
    reports = published_reports().filter(municipality=OuterRef("pk"))
    roadmaps = adopted_roadmaps().filter(municipality=OuterRef("pk"))
    events = upcoming_events(now).filter(municipality=OuterRef("pk"))
    return (
        Municipality.objects.annotate(
            has_report=Exists(reports), has_roadmap=Exists(roadmaps), has_events=Exists(events)
        )
        .filter(Q(has_report=True) | Q(has_roadmap=True) | Q(has_events=True))
        .select_related("region")
        .order_by("region__name", "name")
    )


@dataclass
class PublicRow:
    """One indicator of a report for the public: the municipal value and the organizations' values, suppressed."""

    municipal: Row
    organizations: list[Row] = field(default_factory=list)
    hidden: set = field(default_factory=set)  # organization pks and TOTAL

    @property
    def indicator(self):
        return self.municipal.indicator

    @property
    def headings(self):
        return self.municipal.headings

    @property
    def municipal_hidden(self) -> bool:
        return TOTAL in self.hidden

    @property
    def municipal_trend(self) -> Trend | None:
        """The change against the previous period, unless the previous value tells of fewer than 5 people."""
        row = self.municipal
        if self.municipal_hidden or not row.has_value or _previous_is_small(row.value):
            return None
        return trend(row.value, row.target)

    def cells(self):
        """(organization name, text, fraction, mark) for the organizations' table."""
        for row in self.organizations:
            if row.value.organization_id in self.hidden:
                yield row.value.organization.short_name, HIDDEN, "", TARGET_MARKS[TargetStatus.NO_TARGET]
            else:
                yield row.value.organization.short_name, _text(row), row.fraction, row.mark

    @property
    def municipal_text(self) -> str:
        return HIDDEN if self.municipal_hidden else _text(self.municipal)

    @property
    def municipal_fraction(self) -> str:
        return "" if self.municipal_hidden else self.municipal.fraction

    @property
    def municipal_mark(self):
        return TARGET_MARKS[TargetStatus.NO_TARGET] if self.municipal_hidden else self.municipal.mark


def _text(row: Row) -> str:
    """A value, or «нет данных» (the status, never the reason: a reason may name a respondent)."""
    if row.value.status != ResultStatus.OK:
        return ResultStatus(row.value.status).label
    return row.text


def counts_people(indicator) -> bool:
    return indicator.unit in PEOPLE_UNITS


def to_cell(value: SnapshotValue) -> Cell | None:
    """The cell a computed value of a people's indicator is, or None when there is nothing to protect (no data)."""
    if value.status != ResultStatus.OK:
        return None
    key = value.organization_id or TOTAL
    order = (value.organization.sort_name,) if value.organization_id else ()
    kind = value.indicator.kind
    if kind in (IndicatorKind.SHARE, IndicatorKind.PRESENCE) and value.denominator is not None:
        return suppression.cell(key, value.numerator, value.denominator, order)
    if kind == IndicatorKind.COUNT:
        return suppression.cell(key, value.value, None, order)
    # an average, a score over people: the number of people it is over
    return suppression.cell(key, value.denominator or 0, None, order)


def _previous_is_small(value: SnapshotValue) -> bool:
    """The previous period's count, estimated on the current population, is under the threshold: the previous
    value is not shown (a share of 0,4 % of 536 would tell of 2 people)."""
    if not counts_people(value.indicator) or value.previous_value is None:
        return False
    if value.indicator.kind == IndicatorKind.COUNT:
        return suppression.is_small(int(value.previous_value))
    population = value.denominator or 0
    count = int((value.previous_value * population / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return suppression.is_sensitive(Cell(TOTAL, count, int(population)))


def report_rows(report: AnalyticReport) -> list[PublicRow]:
    """The report's indicators over its municipality: the municipal row and the organizations' rows (breakdowns
    and the regional row are not published), with the cells to hide."""
    period = report.campaign.period
    values = (
        SnapshotValue.objects.filter(snapshot_id=report.snapshot_id, breakdown="")
        .filter(
            Q(level=Level.MUNICIPALITY, municipality_id=report.municipality_id)
            | Q(level=Level.ORGANIZATION, organization__municipality_id=report.municipality_id)
        )
        .select_related("indicator", "organization")
        .order_by("indicator__order", "indicator_id", "level", "organization__sort_name")
    )
    by_indicator: dict = {}
    for value in values:
        entry = by_indicator.setdefault(value.indicator_id, {"municipal": None, "organizations": []})
        if value.level == Level.MUNICIPALITY:
            entry["municipal"] = Row(value.indicator, value, period, Level.MUNICIPALITY)
        else:
            entry["organizations"].append(Row(value.indicator, value, period, Level.ORGANIZATION))
    rows = [
        PublicRow(entry["municipal"], entry["organizations"])
        for entry in by_indicator.values()
        if entry["municipal"] is not None
    ]
    for row in rows:
        if counts_people(row.indicator):
            cells = [cell for cell in (to_cell(r.value) for r in row.organizations) if cell is not None]
            row.hidden = suppression.suppress(cells, to_cell(row.municipal.value))
    with_headings([row.municipal for row in rows])
    return rows


def report_summary(rows: list[PublicRow]) -> dict:
    """How many published municipal values met their target, did not, or are hidden."""
    summary = {"met": 0, "not_met": 0, "hidden": 0, "total": len(rows)}
    for row in rows:
        if row.municipal_hidden:
            summary["hidden"] += 1
        elif row.municipal.has_value and row.municipal.target is not None:
            status = row.municipal.value.target_status
            if status in (TargetStatus.MET, TargetStatus.NOT_MET):
                summary[status] += 1
    return summary


@dataclass
class SectionProgress:
    number: str
    title: str
    total: int
    done: int
    overdue: int


def roadmap_progress(municipality, today) -> list[tuple[Roadmap, list[SectionProgress]]]:
    """Each adopted road map of the municipality with done / total items (cancelled ones not counted) and the
    overdue items of each section (roadmaps' own rule: a due date past, not marked done, of an open item)."""
    overdue_items = (
        RoadmapItem.objects.overdue(today)
        .filter(section=OuterRef("pk"))
        .order_by()
        .values("section")
        .annotate(n=Count("pk"))
        .values("n")
    )
    counted = ~Q(items__status=ItemStatus.CANCELLED)
    sections = (
        RoadmapSection.objects.filter(roadmap__in=adopted_roadmaps().filter(municipality=municipality))
        .annotate(
            total=Count("items", filter=counted),
            done=Count("items", filter=Q(items__status=ItemStatus.DONE)),
            overdue=overdue_items,
        )
        .select_related("roadmap")
        .order_by("roadmap__title", "roadmap_id", "order")
    )
    maps: dict = {}
    for section in sections:
        maps.setdefault(section.roadmap, []).append(
            SectionProgress(section.number, section.title, section.total, section.done, section.overdue or 0)
        )
    return list(maps.items())


def municipal_events(municipality, now) -> list[tuple[Event, str]]:
    """The municipality's upcoming published events, each with its organizer (never their participants)."""
    events = (
        upcoming_events(now)
        .filter(municipality=municipality)
        .select_related("organization", "association")
        .order_by("starts_at", "pk")[:UPCOMING_EVENTS]
    )
    return [(event, organizer(event)) for event in events]


def organizer(event) -> str:
    """The organizer as the public sees it: the organization or the association, or the methodological service."""
    if event.organization_id:
        return event.organization.short_name
    if event.association_id:
        return event.association.title
    return event.get_organizer_kind_display()
