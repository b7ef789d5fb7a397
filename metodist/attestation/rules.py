"""The rules of attestation by order № 196 of 24.03.2023 (Минпросвещения России, «Порядок проведения
аттестации педагогических работников организаций, осуществляющих образовательную деятельности»), as this
system reads them. The terms of the categories themselves are the registry's (people/rules.py,
people.models.category_expiry); this module adds who must confirm соответствие занимаемой должности (СЗД).

Our reading of the order for the calendar (docs/attestation.md says the same to the user):
- СЗД is confirmed once every five years: the next is due when the last confirmation expires, its
  decision date + 5 years (the registry's term of an SZD record);
- СЗД is not for those who hold a qualification category: while a first, highest, педагог-методист
  or педагог-наставник is in force the educator is not due; an old-term category that expires makes them due
  on the day after it expires;
- nor for those who have worked in the position less than two years in the organization: never
  attested there, an educator is due two years after starting in that position in that organization;
- nor for those absent for the reasons of п. 23 «в»–«е», as the registry keeps them (people.absences.Absence;
  the rule set is EXEMPTIONS below): while such an absence lasts the educator is not due; after it, two years
  after the return from a maternity or a childcare leave («г», «д»), one year after more than four months of
  illness («е»), and from the day after a pregnancy with no delay («в»: the order sets none; in practice a
  maternity leave follows it, and its two years count). The return is the day after the last day of absence.
  An illness counts only when longer than four months («более четырех месяцев подряд»): an open one from the
  day it passes four months;
- the later of the normal due date and the date an absence gives wins; an absence that begins after the day the
  educator would be attested changes nothing (they are due before it);
- only pedagogical positions: managers are attested by their founder under other rules.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from metodist.lib.dates import add_years
from metodist.people.absences import illness_long_enough
from metodist.people.models import AbsenceKind, Category, Sex
from metodist.people.rules import CATEGORY_TERM_YEARS

SZD_TERM_YEARS = CATEGORY_TERM_YEARS  # «один раз в пять лет»
SZD_MIN_YEARS_IN_POSITION = 2  # «проработавшие в занимаемой должности менее двух лет»
QUALIFICATION_CATEGORIES = (Category.FIRST, Category.HIGHEST, Category.METHODIST, Category.MENTOR)

HIGHEST_REQUIRED = (
    "Категории «педагог-методист» и «педагог-наставник» устанавливаются только педагогам, имеющим высшую "
    "квалификационную категорию: на {date} высшая категория у педагога не действует."
)


@dataclass(frozen=True)
class AbsenceRule:
    subitem: str  # the letter of п. 23
    wording: str  # the order's words for who is not attested
    short: str  # how the calendar names the reason
    years_after: int  # years after the return before the educator may be attested (0: from the return)
    illness: bool = False  # counts only when longer than four months


# Order № 196, п. 23: «Аттестации в целях подтверждения соответствия занимаемой должности не подлежат …» (the
# subitems below), and: «Аттестация педагогических работников, предусмотренных подпунктами "г" и "д" настоящего
# пункта, возможна не ранее чем через два года после их выхода из указанных отпусков. Аттестация педагогических
# работников, предусмотренных подпунктом "е" настоящего пункта, возможна не ранее чем через год после их выхода
# на работу».
EXEMPTIONS = {
    AbsenceKind.PREGNANCY: AbsenceRule("в", "беременные женщины", "беременность", 0),
    AbsenceKind.MATERNITY: AbsenceRule(
        "г", "женщины, находящиеся в отпуске по беременности и родам", "отпуск по беременности и родам", 2
    ),
    AbsenceKind.CHILDCARE: AbsenceRule(
        "д",
        "лица, находящиеся в отпуске по уходу за ребенком до достижения им возраста трех лет",
        "отпуск по уходу за ребёнком",
        2,
    ),
    AbsenceKind.ILLNESS: AbsenceRule(
        "е",
        "отсутствовавшие на рабочем месте более четырех месяцев подряд в связи с заболеванием",
        "болезнь более четырёх месяцев",
        1,
        illness=True,
    ),
}


@dataclass(frozen=True)
class Exemption:
    """Why an educator is not due: the kind of absence and the day they may be attested from (None: while it
    lasts)."""

    kind: str
    until: date | None

    def text(self, sex: str) -> str:
        word = "освобождена" if sex == Sex.FEMALE else "освобождён"
        reason = EXEMPTIONS[self.kind].short
        return f"{word} ({reason}) до {self.until:%d.%m.%Y}" if self.until else f"{word} ({reason}), пока отсутствует"


def _counts(absence, on: date) -> bool:
    if not EXEMPTIONS[absence.kind].illness:
        return True
    return illness_long_enough(absence.started_on, absence.ended_on or on)


def postponed(due: date, absences: Iterable, *, on: date) -> Exemption | None:
    """The exemption that moves `due` (seen on `on`) latest, or that holds while an absence lasts; None when no
    absence moves it. `absences` have kind, started_on and ended_on (the last day; None: still absent).

    Moving the day may bring it into another absence (a childcare leave after a maternity leave), so the
    absences are read again until the day stays."""
    absences = [absence for absence in absences if _counts(absence, on)]
    found = None
    moved = True
    while moved:
        moved = False
        for absence in absences:
            if absence.started_on > max(due, on):
                continue  # due before it begins
            if absence.ended_on is None:
                return Exemption(absence.kind, None)
            free_from = add_years(absence.ended_on + timedelta(days=1), EXEMPTIONS[absence.kind].years_after)
            if free_from > due:
                due, found, moved = free_from, Exemption(absence.kind, free_from), True
    return found


def szd_due(
    *,
    on: date,
    position_start: date,
    last_szd: date | None,
    category: str,
    category_awarded_on: date | None,
    category_expires_on: date | None,
    absences: Iterable = (),
) -> date | None:
    """The day an educator is (or was) due to confirm соответствие занимаемой должности in one position they
    started in that organization on `position_start`, seen on `on`: given the decision date of their last
    confirmation there and their category as the registry keeps it. None: not due while a qualification
    category without a term is held, or while an absence of п. 23 lasts.

    A qualification category awarded by that day (or by today, for a day already past) moves it to the day
    after the category expires: its attestation stands in for the confirmation. Then the educator's `absences`
    (see `postponed`) may move it later, or to None while one lasts.
    """
    due = add_years(position_start, SZD_MIN_YEARS_IN_POSITION)
    if last_szd is not None:
        due = max(due, add_years(last_szd, SZD_TERM_YEARS))
    seen = max(due, on)
    if category in QUALIFICATION_CATEGORIES and category_awarded_on is not None and category_awarded_on <= seen:
        # held at or before the day: while it lasts the educator is not due, then from the day after it ends
        if category_expires_on is None:
            return None
        due = max(due, category_expires_on + timedelta(days=1))
    exemption = postponed(due, absences, on=on) if absences else None
    return exemption.until if exemption else due
