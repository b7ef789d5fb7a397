"""Adoption, the due dates of an adopted road map, re-derivation on an edit, the overdue logic on a fixed day."""

from datetime import date as d

import pytest

from metodist.audit.models import AuditEntry
from metodist.lib.versions import EditConflict, VersionForm
from metodist.roadmaps import actions
from metodist.roadmaps.forms import ItemForm
from metodist.roadmaps.models import ItemStatus, RoadmapDue, RoadmapItem

from .conftest import item

TODAY = d(2025, 1, 15)


def dues(roadmap, number):
    return list(item(roadmap, number).dues.values_list("due_on", flat=True))


def test_adopt_copies_the_words_and_derives_the_dues_for_the_years(cast, template, adopted):
    # Then the copy belongs to the municipality, with the template's words
    assert adopted.municipality == cast.municipality and adopted.adopted_from == template
    assert [(i.section.number, i.number, i.deadline) for i in adopted.items.all()] == [
        (i.section.number, i.number, i.deadline) for i in template.items.all()
    ]
    # and the due dates of each item over 2024–2026
    assert dues(adopted, "1.1.") == [d(2024, 9, 30), d(2025, 9, 30), d(2026, 9, 30)]
    assert dues(adopted, "1.2.") == [d(2024, 5, 31)]
    assert dues(adopted, "2.1.") == []
    assert dues(adopted, "2.2.") == [d(2024, 7, 31), d(2025, 7, 31), d(2026, 7, 31)]
    # the template has none, and the adoption is audited
    assert not RoadmapDue.objects.filter(item__roadmap=template).exists()
    assert AuditEntry.objects.for_object(adopted).filter(action="create").exists()


def test_overdue_is_a_past_date_not_done_of_an_item_not_closed(cast, adopted):
    # Given 2.2.'s occurrence of July 2024 done, 1.2. done as a whole, 1.1. untouched
    item(adopted, "2.2.").dues.filter(due_on=d(2024, 7, 31)).update(done_on=d(2024, 7, 20))
    RoadmapItem.objects.filter(pk=item(adopted, "1.2.").pk).update(status=ItemStatus.DONE)
    # Then on 2025-01-15 only 1.1. is overdue (September 2024), and 2.1. has no date
    assert list(RoadmapItem.objects.overdue(TODAY).values_list("number", flat=True)) == ["1.1."]
    assert list(RoadmapDue.objects.overdue(TODAY).values_list("due_on", flat=True)) == [d(2024, 9, 30)]
    assert list(adopted.items.undetermined().values_list("number", flat=True)) == ["2.1."]
    # and on the due day itself nothing is overdue yet
    assert not RoadmapItem.objects.overdue(d(2024, 9, 30)).filter(number="1.1.").exists()
    # When 1.1. is cancelled, it is not overdue either
    RoadmapItem.objects.filter(pk=item(adopted, "1.1.").pk).update(status=ItemStatus.CANCELLED)
    assert not RoadmapItem.objects.overdue(TODAY).exists()
    assert not item(adopted, "1.1.").dues.first().is_overdue(TODAY)


def edit(target, by, **changes):
    data = {"status": target.status, "evidence": target.evidence, "executors": target.executors,
            "deadline": target.deadline, "result": target.result, "responsible_user": ""}  # fmt: skip
    data.update(changes)
    form = ItemForm(data, instance=target)
    shown = VersionForm.of(target.version, actions.state(target))  # the hidden part of the form as opened
    lock = VersionForm({f"lock-{key}": value for key, value in shown.initial.items()}, prefix="lock")
    assert form.is_valid(), form.errors
    assert lock.is_valid(), lock.errors
    return actions.change_item(target, form, lock, by=by)


def test_new_deadline_words_rederive_the_dues_keeping_the_done_marks(cast, adopted):
    # Given July 2024 of 2.2. marked done
    target = item(adopted, "2.2.")
    actions.mark_due(target.dues.get(due_on=d(2024, 7, 31)), done_on=d(2024, 7, 25), by=cast.methodologist)
    # When its words become «2024-2025 (июль)» (the same day each year, one year fewer)
    edit(target, cast.methodologist, deadline="2024-2025 (июль)", status=ItemStatus.IN_PROGRESS)
    # Then the dues are July 2024 (still done) and July 2025
    assert list(target.dues.values_list("due_on", "done_on")) == [(d(2024, 7, 31), d(2024, 7, 25)),
                                                                   (d(2025, 7, 31), None)]  # fmt: skip
    # and the change is audited with the words before and after
    entry = AuditEntry.objects.for_object(target).filter(action="update").latest("pk")
    assert entry.changes["deadline"] == ["2024-2026 (июнь-июль)", "2024-2025 (июль)"]
    # When the words stop naming a time, the item has no dues and is «не определяется»
    edit(RoadmapItem.objects.get(pk=target.pk), cast.methodologist, deadline="по мере необходимости")
    assert not target.dues.exists()


def test_a_second_save_from_a_stale_form_is_refused(cast, adopted):
    # Given two people opened 1.1. at version 1
    opened = item(adopted, "1.1.")
    stale = RoadmapItem.objects.get(pk=opened.pk)
    edit(opened, cast.coordinator, evidence="Приказ № 12")
    # When the second saves from the form opened at version 1
    with pytest.raises(EditConflict) as refused:
        edit(stale, cast.methodologist, evidence="Протокол № 3")
    # Then nothing of theirs is written, and they learn what changed
    assert RoadmapItem.objects.get(pk=opened.pk).evidence == "Приказ № 12"
    assert ("подтверждение выполнения", "", "Приказ № 12") in refused.value.changed()


def test_mark_due_done_and_undone(cast, adopted):
    occurrence = item(adopted, "1.1.").dues.get(due_on=d(2024, 9, 30))
    actions.mark_due(occurrence, done_on=d(2024, 9, 28), by=cast.coordinator)
    assert not RoadmapItem.objects.overdue(TODAY).filter(number="1.1.").exists()
    actions.mark_due(occurrence, done_on=None, by=cast.coordinator)
    assert RoadmapItem.objects.overdue(TODAY).filter(number="1.1.").exists()
