"""The demo history agrees with the registry cards and is the same on every run."""

from datetime import date

from metodist.accounts.models import Role
from metodist.attestation import actions, demo, schedule
from metodist.attestation.models import Attestation, Decision, Kind
from metodist.people.models import Absence, AbsenceKind, Category, Educator, category_expiry
from metodist.testing import factories as f

TODAY = date(2025, 1, 15)


def award(educator, category, awarded_on):
    Educator.objects.filter(pk=educator.pk).update(
        category=category, category_awarded_on=awarded_on, category_expires_on=category_expiry(category, awarded_on)
    )


def history():
    return list(
        Attestation.objects.order_by("pk").values_list("educator_id", "kind", "decision", "decided_on", "valid_until")
    )


def test_every_card_category_has_the_award_it_shows_and_replaying_the_history_gives_the_card(cast):
    award(cast.mentor_educator, Category.METHODIST, date(2024, 3, 1))
    award(cast.school2_educator, Category.FIRST, date(2020, 6, 1))
    award(cast.other_educator, Category.SZD, date(2019, 11, 5))

    lines = demo.seed(today=TODAY, progress=lambda line: None)

    assert lines[0].startswith("Аттестация: записей — ")
    for educator in Educator.objects.all():
        assert actions.replay(educator) == (
            educator.category,
            educator.category_awarded_on,
        ), educator
    methodist = Attestation.objects.filter(educator=cast.mentor_educator, decision=Decision.AWARDED)
    highest = methodist.get(kind=Kind.HIGHEST)
    assert highest.in_force_on(date(2024, 3, 1))  # the highest it was awarded on
    assert demo.seed(today=TODAY, progress=lambda line: None) == [
        "Аттестация: история уже заполнена — пропущено.",
        "Отсутствие (для аттестации): нет демонстрационного методиста — пропущено.",
    ]


def test_the_demo_is_deterministic_and_clears(cast):
    award(cast.school2_educator, Category.HIGHEST, date(2021, 2, 1))
    demo.seed(today=TODAY, progress=lambda line: None)
    first = history()

    demo.clear()
    assert not Attestation.objects.exists()
    demo.seed(today=TODAY, progress=lambda line: None)

    assert [row[1:] for row in history()] == [row[1:] for row in first]


def test_the_demo_exempts_the_first_educator_due_in_the_methodologists_calendar(cast):
    # the demo's methodologist; the teacher and her mentor are behind logins, so Орлова of school 2 is the first
    methodist = f.UserFactory(username="methodist", role=Role.METHODOLOGIST, municipality=cast.municipality)
    Educator.objects.filter(pk=cast.school2_educator.pk).update(birth_date=date(1990, 1, 1))  # 32 in 2022: a mother

    lines = demo.seed(today=TODAY, progress=lambda line: None)

    assert lines[1] == "Отсутствие (для аттестации): записей — 1 (освобождены от СЗД в графике методиста)."
    assert Absence.objects.values_list("educator", "kind", "started_on", "ended_on", "created_by").get() == (
        cast.school2_educator.pk,
        AbsenceKind.CHILDCARE,
        date(2022, 7, 15),
        None,
        methodist.pk,
    )
    calendar = schedule.calendar(methodist, TODAY)
    assert [row.exemption_text for row in calendar.exempt] == [
        "освобождена (отпуск по уходу за ребёнком), пока отсутствует"
    ]
    assert demo.seed(today=TODAY, progress=lambda line: None)[1] == (
        "Отсутствие (для аттестации): сведения уже есть — пропущено."
    )
    demo.clear()
    assert not Absence.objects.exists()


def test_the_demo_gives_parental_leave_only_to_the_young_and_an_older_educator_an_illness(cast):
    f.UserFactory(username="methodist", role=Role.METHODOLOGIST, municipality=cast.municipality)
    Educator.objects.filter(pk=cast.school2_educator.pk).update(birth_date=date(1962, 3, 1))  # 60 in 2022

    demo.seed(today=TODAY, progress=lambda line: None)

    assert Absence.objects.values_list("educator", "kind", "started_on", "ended_on").get() == (
        cast.school2_educator.pk,
        AbsenceKind.ILLNESS,
        date(2024, 4, 15),
        date(2024, 11, 14),
    )
