"""Writes of road maps: adoption of a template by a municipality, an item's edit (the due dates re-derived from
its deadline words), an occurrence marked done. Audited: an adopted road map is an official plan."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from metodist.audit.actions import record_created, record_updated, snapshot
from metodist.lib.versions import EditConflict, claim

from .deadlines import period_dates
from .models import Roadmap, RoadmapDue, RoadmapItem, RoadmapSection

EDITED_FIELDS = ("status", "evidence", "executors", "deadline", "result", "responsible_user")


@transaction.atomic
def adopt(template: Roadmap, *, municipality, starts_year: int, ends_year: int, by, title: str = "",
          document: str | None = None) -> Roadmap:  # fmt: skip
    """A copy of the template for `municipality`, every item as the template words it, with its due dates over
    `starts_year`..`ends_year`; titled `title` and adopted by `document` (the template's when not given)."""
    roadmap = Roadmap.objects.create(
        title=title or template.title, document=template.document if document is None else document,
        source=template.source, municipality=municipality,
        adopted_from=template, starts_year=starts_year, ends_year=ends_year, adopted_at=timezone.now(), adopted_by=by,
    )  # fmt: skip
    for section in template.sections.prefetch_related("items"):
        copy = RoadmapSection.objects.create(
            roadmap=roadmap, number=section.number, title=section.title, order=section.order
        )
        items = RoadmapItem.objects.bulk_create(
            RoadmapItem(
                roadmap=roadmap,
                section=copy,
                number=item.number,
                direction=item.direction,
                activity=item.activity,
                executors=item.executors,
                deadline=item.deadline,
                result=item.result,
                order=item.order,
            )  # fmt: skip
            for item in section.items.all()
        )
        RoadmapDue.objects.bulk_create(
            RoadmapDue(item=item, due_on=day) for item in items for day in _dates(item, roadmap)
        )
    record_created(by, roadmap)
    return roadmap


def rederive(item: RoadmapItem) -> None:
    """The due dates of the item's deadline words now; an occurrence that stays keeps its «done» mark."""
    wanted = set(_dates(item, item.roadmap))
    item.dues.exclude(due_on__in=wanted).delete()
    have = set(item.dues.values_list("due_on", flat=True))
    RoadmapDue.objects.bulk_create(RoadmapDue(item=item, due_on=day) for day in sorted(wanted - have))


def state(item: RoadmapItem) -> dict:
    """What the edit form shows, by the fields' Russian names (listed after a refused save)."""
    shown = {}
    for name in EDITED_FIELDS:
        field = item._meta.get_field(name)
        value = item.get_status_display() if name == "status" else getattr(item, name)
        shown[str(field.verbose_name)] = "" if value is None else str(value)
    return shown


@transaction.atomic
def change_item(item: RoadmapItem, form, lock, *, by) -> RoadmapItem:
    """Saves the item's edit form; raises EditConflict (writing nothing) when someone saved the item since."""
    version, opened = lock.opened_version()
    if not claim(item, version):
        stored = RoadmapItem.objects.get(pk=item.pk)
        raise EditConflict(opened, state(stored), stored.version)
    before = snapshot(RoadmapItem.objects.get(pk=item.pk))
    changed = form.save()
    if before["deadline"] != changed.deadline:
        rederive(changed)
    record_updated(by, changed, before)
    return changed


@transaction.atomic
def mark_due(due: RoadmapDue, *, done_on: date | None, by) -> RoadmapDue:
    """Marks one occurrence done on `done_on` (None: not done after all)."""
    before = snapshot(due)
    due.done_on = done_on
    due.save(update_fields=["done_on"])
    record_updated(by, due, before)
    return due


def _dates(item: RoadmapItem, roadmap: Roadmap) -> list[date]:
    return period_dates(item.deadline, roadmap.starts_year, roadmap.ends_year) or []
