"""A road map as its pages show it: the items by section with their occurrences' state on a given day, the
timeline of a year, the month's list. Read-only; no writes here."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from .models import ItemStatus, Roadmap, RoadmapDue, RoadmapItem

MONTHS = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")


@dataclass
class ItemRow:
    item: RoadmapItem
    dues: list[RoadmapDue]
    overdue: list[RoadmapDue]
    next_due: RoadmapDue | None

    @property
    def undetermined(self) -> bool:
        return not self.dues


@dataclass
class SectionRows:
    section: object
    rows: list[ItemRow] = field(default_factory=list)


def due_state(due: RoadmapDue, today: date) -> str:
    """done / overdue / open — the colour of an occurrence."""
    if due.done_on or due.item.status == ItemStatus.DONE:
        return "done"
    if due.item.status == ItemStatus.CANCELLED:
        return "cancelled"
    return "overdue" if due.due_on < today else "open"


def items_of(roadmap: Roadmap):
    return (
        RoadmapItem.objects.filter(roadmap=roadmap)
        .select_related("section", "responsible_user")
        .prefetch_related(Prefetch("dues", queryset=RoadmapDue.objects.order_by("due_on")))
    )


def item_row(item: RoadmapItem, today: date) -> ItemRow:
    dues = list(item.dues.all())
    for due in dues:
        due.item = item  # the state reads the item's status: no query per occurrence
    overdue = [due for due in dues if due.is_overdue(today)]
    upcoming = [due for due in dues if due.done_on is None and due.due_on >= today and not item.is_closed]
    return ItemRow(item=item, dues=dues, overdue=overdue, next_due=upcoming[0] if upcoming else None)


def sections(roadmap: Roadmap, today: date) -> list[SectionRows]:
    by_section: dict[int, SectionRows] = {}
    for section in roadmap.sections.all():
        by_section[section.pk] = SectionRows(section)
    for item in items_of(roadmap):
        by_section[item.section_id].rows.append(item_row(item, today))
    return list(by_section.values())


def summary(rows: list[ItemRow]) -> dict:
    counts = defaultdict(int)
    for row in rows:
        counts[row.item.status] += 1
    return {
        "total": len(rows),
        "done": counts[ItemStatus.DONE],
        "in_progress": counts[ItemStatus.IN_PROGRESS],
        "planned": counts[ItemStatus.PLANNED],
        "cancelled": counts[ItemStatus.CANCELLED],
        "overdue": sum(1 for row in rows if row.overdue),
        "undetermined": sum(1 for row in rows if row.undetermined),
    }


@dataclass
class TimelineRow:
    row: ItemRow
    cells: list[list[tuple[RoadmapDue, str]]]  # twelve months: the occurrences in each with their state


def timeline(roadmap: Roadmap, year: int, today: date) -> tuple[list[tuple[object, list[TimelineRow]]], list[ItemRow]]:
    """Per section, the items with an occurrence in `year` over its twelve months; and the items whose words give
    no date at all («срок не определяется»)."""
    grouped, undetermined = [], []
    for section_rows in sections(roadmap, today):
        lines = []
        for row in section_rows.rows:
            if row.undetermined:
                undetermined.append(row)
                continue
            cells = [[] for _ in range(12)]
            for due in row.dues:
                if due.due_on.year == year:
                    cells[due.due_on.month - 1].append((due, due_state(due, today)))
            if any(cells):
                lines.append(TimelineRow(row=row, cells=cells))
        if lines:
            grouped.append((section_rows.section, lines))
    return grouped, undetermined
