"""A fuller demo municipality on top of the cast, for the figures of the start page.

Every record below is annotated with what it adds to the figures of «Город N» on TODAY (15.01.2025);
the expectations in test_figures.py are computed by hand from these comments.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from metodist.orgs.models import OrganizationKind
from metodist.people.models import Category, EmploymentKind
from metodist.testing import factories as f


@dataclass
class Town:
    kindergarten: object
    closed_school: object
    deputy: object
    first_expired: object
    methodist: object
    szd: object
    kindergarten_educator: object


@pytest.fixture
def town(cast) -> Town:
    kindergarten = f.OrganizationFactory(
        municipality=cast.municipality, short_name="Детский сад № 5", kind=OrganizationKind.PRESCHOOL
    )
    # Closed: neither it nor the people still on its books count.
    closed_school = f.OrganizationFactory(municipality=cast.municipality, short_name="Школа № 9", is_active=False)

    # Managerial only (not pedagogical, not a teacher); highest category with no expiry; higher education;
    # a woman born in 1962 reached her pension age (55) in 2017.
    deputy = f.EducatorFactory(
        last_name="Зайцева",
        birth_date=date(1962, 6, 1),
        ped_work_start=date(1985, 9, 1),
        category=Category.HIGHEST,
        category_awarded_on=date(2024, 3, 1),
    )
    f.EducationFactory(educator=deputy)
    f.EmploymentFactory(
        educator=deputy, organization=cast.school2, position=f.position("deputy_head"), weekly_hours=Decimal("0")
    )

    # A teacher of Russian within her speciality, 20 h; her first category of 2019 expired on 01.02.2024.
    first_expired = f.EducatorFactory(
        last_name="Белова",
        category=Category.FIRST,
        category_awarded_on=date(2019, 2, 1),
        category_expires_on=date(2024, 2, 1),
    )
    f.EducationFactory(educator=first_expired, speciality=f.speciality("Русский язык и литература"))
    f.EmploymentFactory(
        educator=first_expired,
        organization=cast.school1,
        subjects=[f.subject("russian")],
        weekly_hours=Decimal("20"),
    )

    # A methodologist (pedagogical, not a teacher) with the category «педагог-методист» (counts as highest);
    # a woman born 01.06.1969 reaches 60 on 01.06.2029, so she is of pre-pension age since 01.06.2024.
    methodist = f.EducatorFactory(
        last_name="Соколова",
        birth_date=date(1969, 6, 1),
        category=Category.METHODIST,
        category_awarded_on=date(2024, 1, 10),
    )
    f.EducationFactory(educator=methodist)
    f.EmploymentFactory(
        educator=methodist, organization=cast.school1, position=f.position("methodist"), weekly_hours=Decimal("0")
    )

    # A psychologist of school 2 with СЗД until 2027, also an internal part-timer at school 1.
    szd = f.EducatorFactory(
        last_name="Фёдорова",
        category=Category.SZD,
        category_awarded_on=date(2022, 5, 1),
        category_expires_on=date(2027, 5, 1),
    )
    f.EmploymentFactory(educator=szd, organization=cast.school2, position=f.position("psychologist"))
    f.EmploymentFactory(
        educator=szd,
        organization=cast.school1,
        position=f.position("psychologist"),
        kind=EmploymentKind.INTERNAL,
        rate=Decimal("0.5"),
    )

    # The mentor also teaches physics at school 2 as an external part-timer: 18 + 10 = 28 h, a heavy load.
    f.EmploymentFactory(
        educator=cast.mentor_educator,
        organization=cast.school2,
        kind=EmploymentKind.EXTERNAL,
        subjects=[f.subject("physics")],
        weekly_hours=Decimal("10"),
    )

    # Young: 24 years old, in her first year of work; an educator of a kindergarten (pedagogical, not a teacher).
    kindergarten_educator = f.EducatorFactory(
        last_name="Егорова", birth_date=date(2001, 1, 1), ped_work_start=date(2024, 9, 1)
    )
    f.EmploymentFactory(
        educator=kindergarten_educator,
        organization=kindergarten,
        position=f.position("educator"),
        start_date=date(2024, 9, 1),
    )

    # Not counted: left on 31.12.2024, starts on 01.02.2025, works at the closed school.
    f.EmploymentFactory(organization=cast.school1, end_date=date(2024, 12, 31))
    f.EmploymentFactory(organization=cast.school1, start_date=date(2025, 2, 1))
    f.EmploymentFactory(organization=closed_school)

    # Staff lists: 4 + 1 + 2,5 + 3 = 10,5 rates in scope, of them 1,5 + 0,25 + 1 = 2,75 vacant.
    f.StaffPositionFactory(
        organization=cast.school1,
        subject=f.subject("mathematics"),
        rates=Decimal("4.00"),
        vacant_rates=Decimal("1.50"),
    )
    f.StaffPositionFactory(organization=cast.school1, position=f.position("psychologist"), rates=Decimal("1.00"))
    f.StaffPositionFactory(organization=cast.school2, rates=Decimal("2.50"), vacant_rates=Decimal("0.25"))
    f.StaffPositionFactory(
        organization=kindergarten, position=f.position("educator"), rates=Decimal("3.00"), vacant_rates=Decimal("1.00")
    )
    f.StaffPositionFactory(organization=cast.school3, rates=Decimal("10.00"), vacant_rates=Decimal("5.00"))
    f.StaffPositionFactory(organization=closed_school, rates=Decimal("5.00"), vacant_rates=Decimal("5.00"))

    return Town(
        kindergarten=kindergarten,
        closed_school=closed_school,
        deputy=deputy,
        first_expired=first_expired,
        methodist=methodist,
        szd=szd,
        kindergarten_educator=kindergarten_educator,
    )
