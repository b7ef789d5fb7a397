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
- the other exemptions of the same list (pregnancy, maternity and childcare leave, more than four months of illness)
  are not kept in the registry: the calendar cannot see them and says so;
- only pedagogical positions: managers are attested by their founder under other rules.
"""

from datetime import date, timedelta

from metodist.lib.dates import add_years
from metodist.people.models import Category
from metodist.people.rules import CATEGORY_TERM_YEARS

SZD_TERM_YEARS = CATEGORY_TERM_YEARS  # «один раз в пять лет»
SZD_MIN_YEARS_IN_POSITION = 2  # «проработавшие в занимаемой должности менее двух лет»
QUALIFICATION_CATEGORIES = (Category.FIRST, Category.HIGHEST, Category.METHODIST, Category.MENTOR)

HIGHEST_REQUIRED = (
    "Категории «педагог-методист» и «педагог-наставник» устанавливаются только педагогам, имеющим высшую "
    "квалификационную категорию: на {date} высшая категория у педагога не действует."
)


def szd_due(
    *,
    on: date,
    position_start: date,
    last_szd: date | None,
    category: str,
    category_awarded_on: date | None,
    category_expires_on: date | None,
) -> date | None:
    """The day an educator is (or was) due to confirm соответствие занимаемой должности in one position they
    started in that organization on `position_start`, seen on `on`: given the decision date of their last
    confirmation there and their category as the registry keeps it. None: not due while a qualification
    category without a term is held.

    A qualification category awarded by that day (or by today, for a day already past) moves it to the day
    after the category expires: its attestation stands in for the confirmation.
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
    return due
