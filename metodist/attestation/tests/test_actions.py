"""Recording and correcting decisions: the card follows, in one transaction, audited, facts marked stale."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from metodist.attestation import actions
from metodist.attestation.models import Attestation, Decision, Kind
from metodist.audit.models import AuditEntry
from metodist.facts.models import FactsBuild
from metodist.lib.versions import EditConflict
from metodist.people.models import Category, Educator
from metodist.testing import factories as f
from metodist.testing.attestation import attestation

TODAY = date(2025, 1, 15)
HIGHEST_REQUIRED = (
    "Категории «педагог-методист» и «педагог-наставник» устанавливаются только педагогам, имеющим высшую "
    "квалификационную категорию: на {} высшая категория у педагога не действует."
)


def new(educator, organization, kind, decided_on, decision=Decision.AWARDED, **extra) -> Attestation:
    extra.setdefault("applied_on", None if kind == Kind.SZD else date(decided_on.year, 1, 1))
    if extra["applied_on"] and extra["applied_on"] > decided_on:
        extra["applied_on"] = decided_on
    return Attestation(
        educator=educator,
        kind=kind,
        decided_on=decided_on,
        decision=decision,
        organization=organization,
        position=f.position("teacher"),
        **extra,
    )


def test_an_award_updates_the_card_with_its_term_and_leaves_two_audit_entries(cast):
    stale = FactsBuild.objects.create(region=cast.region, start=date(2024, 1, 1), on=TODAY, stale=False)

    record = actions.record_attestation(
        new(cast.mentor_educator, cast.school1, Kind.FIRST, date(2023, 5, 10)), today=TODAY, by=cast.methodologist
    )

    educator = Educator.objects.get(pk=cast.mentor_educator.pk)
    assert (educator.category, educator.category_awarded_on) == (Category.FIRST, date(2023, 5, 10))
    assert educator.category_expires_on == date(2028, 5, 10) == record.valid_until  # before 01.09.2023: 5 years
    assert record.region == cast.region
    assert AuditEntry.objects.for_object(record).count() == 1
    assert AuditEntry.objects.for_object(educator).get().changes["category"] == ["Без категории", "Первая"]
    stale.refresh_from_db()
    assert stale.stale


def test_a_refusal_is_kept_and_leaves_the_card_alone(cast):
    actions.record_attestation(
        new(cast.mentor_educator, cast.school1, Kind.HIGHEST, date(2024, 11, 1), Decision.REFUSED),
        today=TODAY,
        by=cast.methodologist,
    )

    educator = Educator.objects.get(pk=cast.mentor_educator.pk)
    assert educator.category == Category.NONE
    assert Attestation.objects.current().filter(educator=educator).count() == 1


def test_an_szd_does_not_replace_a_first_category_in_force(cast):
    actions.record_attestation(
        new(cast.mentor_educator, cast.school1, Kind.FIRST, date(2024, 2, 1)), today=TODAY, by=cast.methodologist
    )

    actions.record_attestation(
        new(cast.mentor_educator, cast.school1, Kind.SZD, date(2024, 12, 1)), today=TODAY, by=cast.methodologist
    )

    assert Educator.objects.get(pk=cast.mentor_educator.pk).category == Category.FIRST


def test_methodist_needs_the_highest_category_in_force_on_the_decision_date(cast):
    # the highest of 10.01.2019 (old term) ended on 10.01.2024
    attestation(cast.mentor_educator, Kind.HIGHEST, date(2019, 1, 10), organization=cast.school1)

    with pytest.raises(ValidationError) as refused:
        actions.record_attestation(
            new(cast.mentor_educator, cast.school1, Kind.METHODIST, date(2024, 6, 3)), today=TODAY, by=None
        )

    assert refused.value.message_dict["kind"] == [HIGHEST_REQUIRED.format("03.06.2024")]
    assert not Attestation.objects.filter(kind=Kind.METHODIST).exists()


def test_methodist_is_awarded_to_a_holder_of_the_highest_from_the_history(cast):
    attestation(cast.mentor_educator, Kind.HIGHEST, date(2020, 3, 1), organization=cast.school1)  # until 01.03.2025

    actions.record_attestation(
        new(cast.mentor_educator, cast.school1, Kind.METHODIST, date(2024, 6, 3)), today=TODAY, by=None
    )

    educator = Educator.objects.get(pk=cast.mentor_educator.pk)
    assert (educator.category, educator.category_expires_on) == (Category.METHODIST, None)


def test_methodist_is_awarded_to_a_holder_of_the_highest_on_the_registry_card(cast):
    Educator.objects.filter(pk=cast.mentor_educator.pk).update(
        category=Category.HIGHEST, category_awarded_on=date(2023, 10, 1), category_expires_on=None
    )

    record = actions.record_attestation(
        new(cast.mentor_educator, cast.school1, Kind.MENTOR, date(2024, 6, 3)), today=TODAY, by=None
    )

    assert record.pk and Educator.objects.get(pk=cast.mentor_educator.pk).category == Category.MENTOR


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"decided_on": date(2025, 1, 16)}, "decided_on", "Дата решения не может быть позже сегодняшнего дня."),
        (
            {"applied_on": date(2024, 5, 2), "decided_on": date(2024, 5, 1)},
            "applied_on",
            "Дата заявления позже даты решения аттестационной комиссии.",
        ),
        (
            {"order_date": date(2024, 4, 30)},
            "order_date",
            "Приказ не может быть издан раньше решения аттестационной комиссии.",
        ),
        (
            {"kind": Kind.MENTOR, "decided_on": date(2023, 8, 31)},
            "kind",
            "Категории «педагог-методист» и «педагог-наставник» устанавливаются с 01.09.2023.",
        ),
        (
            {"applied_on": None},
            "applied_on",
            "Укажите дату заявления педагога: квалификационная категория устанавливается по его заявлению.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_russian_message_and_nothing_written(cast, changes, field, message):
    record = new(cast.mentor_educator, cast.school1, Kind.FIRST, date(2024, 5, 1), applied_on=date(2024, 3, 1))
    for name, value in changes.items():
        setattr(record, name, value)

    with pytest.raises(ValidationError) as refused:
        actions.record_attestation(record, today=TODAY, by=None)

    assert refused.value.message_dict[field] == [message]
    assert not Attestation.objects.exists()
    assert Educator.objects.get(pk=cast.mentor_educator.pk).category == Category.NONE


def test_a_form_opened_before_another_save_of_the_card_is_refused(cast):
    opened = actions.card_state(cast.mentor_educator)
    version = cast.mentor_educator.version
    actions.record_attestation(
        new(cast.mentor_educator, cast.school1, Kind.SZD, date(2024, 1, 9)), today=TODAY, by=None
    )

    with pytest.raises(EditConflict) as refused:
        actions.record_attestation(
            new(cast.mentor_educator, cast.school1, Kind.FIRST, date(2024, 6, 1)),
            today=TODAY,
            by=None,
            version=version,
            opened=opened,
        )

    assert ("category", "Без категории", "Соответствие занимаемой должности") in refused.value.changed()
    assert Attestation.objects.count() == 1


def test_a_correction_keeps_the_original_and_the_card_follows_the_history(cast):
    szd = actions.record_attestation(
        new(cast.mentor_educator, cast.school1, Kind.SZD, date(2020, 1, 9)), today=TODAY, by=None
    )
    first = actions.record_attestation(
        new(cast.mentor_educator, cast.school1, Kind.FIRST, date(2024, 6, 1)), today=TODAY, by=None
    )

    corrected = actions.correct_attestation(
        first,
        new(cast.mentor_educator, cast.school1, Kind.FIRST, date(2024, 6, 1), Decision.REFUSED),
        reason="Комиссия отказала, внесено по ошибке",
        today=TODAY,
        by=cast.methodologist,
    )

    educator = Educator.objects.get(pk=cast.mentor_educator.pk)
    assert list(Attestation.objects.current().filter(educator=educator).order_by("pk")) == [szd, corrected]
    assert Attestation.objects.get(pk=first.pk).replaced_by == corrected
    assert (educator.category, educator.category_awarded_on) == (Category.SZD, date(2020, 1, 9))
    assert AuditEntry.objects.for_object(corrected).get().changes["decision"] == ["awarded", "refused"]


def test_a_corrected_record_cannot_be_corrected_again(cast):
    first = attestation(cast.mentor_educator, Kind.FIRST, date(2024, 6, 1), organization=cast.school1)
    actions.correct_attestation(
        first,
        new(cast.mentor_educator, cast.school1, Kind.FIRST, date(2024, 6, 2)),
        reason="дата",
        today=TODAY,
        by=None,
    )

    with pytest.raises(ValidationError):
        actions.correct_attestation(
            first, new(cast.mentor_educator, cast.school1, Kind.FIRST, date(2024, 6, 3)), reason="ещё", today=TODAY,
            by=None,
        )  # fmt: skip
