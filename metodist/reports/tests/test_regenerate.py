"""Regeneration after the data were corrected and approved again: an edit survives where its numbers did not
change, is flagged «числа изменились» (with the old and new numbers and the new wording) where they did, and
an unedited sentence is replaced."""

import pytest
from django.core.exceptions import ValidationError

from metodist.audit.models import AuditEntry
from metodist.reports import actions

from .test_generate import TRACK_1, TRACK_2
from .world import VALUES, approve_values


def corrected(**changes) -> dict:
    """VALUES with some indicators' municipal values replaced."""
    values = {code: dict(spec) for code, spec in VALUES.items()}
    for code, fields in changes.items():
        values[code].update(fields)
    return values


@pytest.fixture
def report(cast, approved):
    return actions.generate(approved, by=cast.methodologist)


def edit(report, key, text, by):
    return actions.edit(report.sentences.get(key=key), text, by=by)


def test_an_edit_whose_numbers_did_not_change_keeps_its_wording(cast, approved, report):
    edit(report, f"{TRACK_1}/value-met/young", "Доля молодых педагогов (25,0 %) выше цели в 10 %.", cast.methodologist)
    approve_values(cast, approved, corrected(profile={"value": "55.0"}))

    actions.regenerate(report, by=cast.methodologist)

    sentence = report.sentences.get(key=f"{TRACK_1}/value-met/young")
    assert sentence.text == "Доля молодых педагогов (25,0 %) выше цели в 10 %."
    assert not sentence.numbers_changed


def test_an_edit_whose_numbers_changed_is_kept_and_flagged_with_old_and_new(cast, approved, report):
    edit(report, f"{TRACK_2}/value-below/profile", "Профильных учителей 50,0 % — далеко до 75 %.", cast.methodologist)
    approve_values(cast, approved, corrected(profile={"value": "55.0"}))

    actions.regenerate(report, by=cast.methodologist)

    sentence = report.sentences.get(key=f"{TRACK_2}/value-below/profile")
    assert sentence.text == "Профильных учителей 50,0 % — далеко до 75 %."
    assert sentence.numbers_changed
    assert sentence.number_changes() == [("значение", "50,0\u00a0%", "55,0\u00a0%")]
    assert "составил 55,0\u00a0% при целевом значении не менее 75\u00a0%" in sentence.generated
    with pytest.raises(ValidationError, match="изменились числа"):
        actions.approve(report, by=cast.coordinator)


def test_an_unedited_sentence_is_replaced(cast, approved, report):
    approve_values(cast, approved, corrected(sanatorium={"value": "12.0"}))

    actions.regenerate(report, by=cast.methodologist)

    assert report.sentences.get(key=f"{TRACK_1}/value/sanatorium").text == (
        "Показатель 8 «доля прошедших санаторно-курортное лечение» составил 12,0\u00a0%."
    )
    assert report.snapshot == approved.approvals.get(reopened_at__isnull=True).snapshot


def test_a_flag_is_settled_by_keeping_the_edit_or_by_taking_the_new_wording(cast, approved, report):
    young, profile = f"{TRACK_1}/value-met/young", f"{TRACK_2}/value-below/profile"
    edit(report, young, "Молодых 25,0 %.", cast.methodologist)
    edit(report, profile, "Профильных 50,0 %.", cast.methodologist)
    approve_values(cast, approved, corrected(young={"value": "30.0"}, profile={"value": "55.0"}))
    actions.regenerate(report, by=cast.methodologist)

    kept = actions.settle(report.sentences.get(key=young), keep_edit=True, by=cast.methodologist)
    taken = actions.settle(report.sentences.get(key=profile), keep_edit=False, by=cast.methodologist)

    assert (kept.text, kept.numbers_changed) == ("Молодых 25,0 %.", False)
    assert (taken.is_edited, taken.text) == (False, taken.generated)
    actions.approve(report, by=cast.coordinator)


def test_an_edited_sentence_the_rules_no_longer_give_is_flagged_then_removed(cast, approved, report):
    key = f"{TRACK_2}/value-below/part_time"
    edit(report, key, "Совместителей слишком много.", cast.methodologist)
    approve_values(cast, approved, corrected(part_time={"value": "8.0", "target_status": "met"}))

    actions.regenerate(report, by=cast.methodologist)

    sentence = report.sentences.get(key=key)
    assert (sentence.is_dropped, sentence.numbers_changed) == (True, True)
    assert report.sentences.filter(key=f"{TRACK_2}/value-met/part_time").exists()
    assert actions.settle(sentence, keep_edit=False, by=cast.methodologist) is None
    assert not report.sentences.filter(key=key).exists()


def test_edits_and_regeneration_are_audited(cast, approved, report):
    edit(report, f"{TRACK_1}/value-met/young", "Молодых 25,0 %.", cast.methodologist)
    actions.regenerate(report, by=cast.methodologist)

    summaries = list(AuditEntry.objects.values_list("summary", flat=True))
    assert any(summary.startswith("Предложение справки исправлено") for summary in summaries)
    assert any(summary.startswith("Справка пересформирована") for summary in summaries)


def test_an_approved_report_is_read_only_until_reopened_with_a_reason(cast, approved, report):
    actions.approve(report, by=cast.coordinator)
    sentence = report.sentences.first()

    with pytest.raises(ValidationError, match="утверждена"):
        actions.edit(sentence, "Другое.", by=cast.methodologist)
    with pytest.raises(ValidationError, match="утверждена"):
        actions.regenerate(report, by=cast.methodologist)
    with pytest.raises(ValidationError, match="причину"):
        actions.reopen(report, " ", by=cast.coordinator)

    actions.reopen(report, "Уточнены формулировки", by=cast.coordinator)
    report.refresh_from_db()
    assert (report.status, report.reopen_reason, report.approved_at) == ("draft", "Уточнены формулировки", None)
    actions.edit(sentence, "Другое.", by=cast.methodologist)
