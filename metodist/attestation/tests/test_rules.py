"""The rules of order № 196 as the module applies them; every date computed by hand."""

from datetime import date

import pytest

from metodist.attestation.models import Attestation, Decision, Kind
from metodist.attestation.rules import EXEMPTIONS, Exemption, postponed, szd_due
from metodist.people.models import Absence, AbsenceKind

D = date


@pytest.mark.parametrize(
    ("kind", "decision", "decided_on", "valid_until"),
    [
        (Kind.FIRST, Decision.AWARDED, D(2023, 8, 31), D(2028, 8, 31)),  # the last day of the old order: 5 years
        (Kind.FIRST, Decision.AWARDED, D(2023, 9, 1), None),  # order № 196 in force: no term
        (Kind.HIGHEST, Decision.AWARDED, D(2020, 2, 29), D(2025, 2, 28)),  # 29 February falls back to the 28th
        (Kind.HIGHEST, Decision.AWARDED, D(2024, 4, 10), None),
        (Kind.SZD, Decision.AWARDED, D(2024, 1, 10), D(2029, 1, 10)),  # СЗД: every 5 years, also after 01.09.2023
        (Kind.METHODIST, Decision.AWARDED, D(2024, 3, 1), None),
        (Kind.MENTOR, Decision.AWARDED, D(2025, 1, 9), None),
        (Kind.HIGHEST, Decision.REFUSED, D(2021, 5, 5), None),  # a refusal has no term
    ],
)
def test_the_term_of_an_award_follows_the_registry_rule(kind, decision, decided_on, valid_until):
    record = Attestation(kind=kind, decision=decision, decided_on=decided_on)

    assert record.derive_valid_until() == valid_until


TODAY = D(2025, 1, 15)


@pytest.mark.parametrize(
    ("case", "start", "last_szd", "category", "awarded", "expires", "due"),
    [
        ("never attested: two years after starting", D(2020, 9, 1), None, "none", None, None, D(2022, 9, 1)),
        ("new in the position: not before two years", D(2024, 3, 1), None, "none", None, None, D(2026, 3, 1)),
        ("five years after the last confirmation", D(2010, 9, 1), D(2021, 2, 10), "none", None, None, D(2026, 2, 10)),
        ("the later of two years in the position and five after the last", D(2024, 9, 2), D(2023, 1, 1), "none", None,
         None, D(2028, 1, 1)),
        ("an old-term first category: due the day after it ends", D(2010, 9, 1), None, "first", D(2021, 5, 20),
         D(2026, 5, 20), D(2026, 5, 21)),
        ("an expired category: due from the day after it ended", D(2010, 9, 1), None, "first", D(2019, 6, 30),
         D(2024, 6, 30), D(2024, 7, 1)),
        ("a category without a term: never due", D(2010, 9, 1), D(2019, 1, 1), "highest", D(2024, 1, 10), None, None),
        ("педагог-методист: never due", D(2010, 9, 1), None, "methodist", D(2024, 2, 1), None, None),
        ("an SZD is no category: its own term counts", D(2010, 9, 1), D(2019, 12, 1), "szd", D(2019, 12, 1),
         D(2024, 12, 1), D(2024, 12, 1)),
    ],
)  # fmt: skip
def test_szd_falls_due_by_order_196(case, start, last_szd, category, awarded, expires, due):
    assert (
        szd_due(
            on=TODAY,
            position_start=start,
            last_szd=last_szd,
            category=category,
            category_awarded_on=awarded,
            category_expires_on=expires,
        )
        == due
    ), case


def away(kind: str, started_on: date, ended_on: date | None = None) -> Absence:
    return Absence(kind=kind, started_on=started_on, ended_on=ended_on)


def due_with(absences, *, last_szd=None, category="none", awarded=None) -> date | None:
    """The СЗД date of a position started on 01.09.2020, seen on TODAY, with `absences`."""
    return szd_due(
        on=TODAY,
        position_start=D(2020, 9, 1),
        last_szd=last_szd,
        category=category,
        category_awarded_on=awarded,
        category_expires_on=None,
        absences=absences,
    )


PREGNANCY, MATERNITY, CHILDCARE, ILLNESS = (
    AbsenceKind.PREGNANCY, AbsenceKind.MATERNITY, AbsenceKind.CHILDCARE, AbsenceKind.ILLNESS,
)  # fmt: skip


# Started 01.09.2020 and never confirmed: due 01.09.2022 without absences (unless the case says otherwise). A
# return is the day after the last day of absence: a leave that ended on 30.06.2024 returns on 01.07.2024.
@pytest.mark.parametrize(
    ("case", "last_szd", "absences", "due"),
    [
        ("no absence: two years after starting", None, [], D(2022, 9, 1)),
        ("childcare leave ended: two years after the return", None,
         [away(CHILDCARE, D(2021, 7, 1), D(2024, 6, 30))], D(2026, 7, 1)),
        ("maternity leave ended: two years after the return", None,
         [away(MATERNITY, D(2023, 9, 20), D(2024, 3, 10))], D(2026, 3, 11)),
        ("pregnancy ended: due from the next day, no delay after it", None,
         [away(PREGNANCY, D(2024, 4, 1), D(2024, 11, 30))], D(2024, 12, 1)),
        ("illness of more than four months ended: one year after the return", None,
         [away(ILLNESS, D(2024, 1, 10), D(2024, 6, 20))], D(2025, 6, 21)),
        ("childcare leave still open: not due while it lasts", None, [away(CHILDCARE, D(2023, 5, 1))], None),
        ("pregnancy still open: not due while it lasts", None, [away(PREGNANCY, D(2024, 9, 1))], None),
        ("an absence that ended long ago: no effect (free from 01.01.2017)", None,
         [away(CHILDCARE, D(2012, 1, 1), D(2014, 12, 31))], D(2022, 9, 1)),
        ("an illness of three months: no effect", None, [away(ILLNESS, D(2024, 3, 1), D(2024, 5, 31))],
         D(2022, 9, 1)),
        ("an illness of four months exactly: not «более четырех», no effect", None,
         [away(ILLNESS, D(2024, 2, 1), D(2024, 5, 31))], D(2022, 9, 1)),
        ("an illness of four months and a day: one year after the return", None,
         [away(ILLNESS, D(2024, 2, 1), D(2024, 6, 1))], D(2025, 6, 2)),
        ("an open illness not four months long yet: no effect", None, [away(ILLNESS, D(2024, 11, 1))],
         D(2022, 9, 1)),
        ("an open illness past four months: not due while it lasts", None, [away(ILLNESS, D(2024, 9, 1))], None),
        ("overlapping pregnancy and maternity leave: the later date wins", None,
         [away(PREGNANCY, D(2023, 3, 1), D(2023, 9, 25)), away(MATERNITY, D(2023, 7, 20), D(2023, 12, 6))],
         D(2025, 12, 7)),
        ("overlapping illness and childcare leave: the later date wins", None,
         [away(ILLNESS, D(2023, 1, 1), D(2023, 6, 30)), away(CHILDCARE, D(2023, 5, 1), D(2023, 11, 30))],
         D(2025, 12, 1)),
        ("a leave that begins before the date the first one moved to: not due while it lasts", None,
         [away(MATERNITY, D(2022, 11, 1), D(2023, 3, 20)), away(CHILDCARE, D(2025, 2, 1))], None),
        ("a confirmation due 10.03.2025, a leave from 01.06.2025: due before the leave", D(2020, 3, 10),
         [away(CHILDCARE, D(2025, 6, 1))], D(2025, 3, 10)),
        ("a confirmation due 10.03.2025 after an illness of five months: one year after the return",
         D(2020, 3, 10), [away(ILLNESS, D(2024, 5, 6), D(2024, 10, 15))], D(2025, 10, 16)),
    ],
)  # fmt: skip
def test_absences_postpone_szd_by_order_196_p23(case, last_szd, absences, due):
    assert due_with(absences, last_szd=last_szd) == due, case


def test_a_category_without_a_term_stays_never_due_whatever_the_absences():
    absences = [away(CHILDCARE, D(2021, 7, 1), D(2024, 6, 30))]

    assert due_with(absences, category="highest", awarded=D(2024, 1, 10)) is None


def test_the_exemption_names_the_absence_that_moved_the_date_last():
    absences = [away(ILLNESS, D(2023, 1, 1), D(2023, 6, 30)), away(CHILDCARE, D(2023, 5, 1), D(2023, 11, 30))]

    assert postponed(D(2022, 9, 1), absences, on=TODAY) == Exemption(CHILDCARE, D(2025, 12, 1))
    assert postponed(D(2026, 1, 10), absences, on=TODAY) is None  # due after both: nothing to postpone


def test_every_kind_of_absence_has_its_rule():
    assert set(EXEMPTIONS) == set(AbsenceKind.values)


@pytest.mark.parametrize(
    ("kind", "until", "sex", "text"),
    [
        (CHILDCARE, D(2026, 7, 1), "F", "освобождена (отпуск по уходу за ребёнком) до 01.07.2026"),
        (CHILDCARE, None, "M", "освобождён (отпуск по уходу за ребёнком), пока отсутствует"),
        (MATERNITY, D(2026, 3, 11), "F", "освобождена (отпуск по беременности и родам) до 11.03.2026"),
        (PREGNANCY, None, "F", "освобождена (беременность), пока отсутствует"),
        (ILLNESS, D(2025, 6, 21), "M", "освобождён (болезнь более четырёх месяцев) до 21.06.2025"),
    ],
)
def test_the_calendar_says_why_and_until_when(kind, until, sex, text):
    assert Exemption(kind, until).text(sex) == text
