"""A small campaign world for the monitoring tests: a test catalogue file and hand-built people."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from metodist.lib.predicates import EDUCATORS, Predicate, register
from metodist.monitoring import catalogue
from metodist.monitoring.models import Campaign
from metodist.orgs.models import OrganizationKind
from metodist.people.models import EmploymentKind
from metodist.testing import factories as f

# A module no issue builds: the tests' example of «модуль ещё не подключён», which stays pending as the real
# modules connect their predicates (mentoring's `mentor` was the example until it was built).
PENDING_MODULE = "Модуль, которого нет"
register(PENDING_MODULE, {"not_built": Predicate(EDUCATORS, "условие модуля, которого ещё нет")})

PERIOD_START = date(2023, 9, 1)
ON = date(2024, 5, 31)

TEST_CATALOGUE = """
[catalogue]
code = "test"
title = "Тестовый каталог"
document = "Тестовое положение"
source = "test.txt"

[[cards]]
code = "org"
title = "Карта ОО"
level = "organization"

[[cards]]
code = "mun"
title = "Карта муниципалитета"
level = "municipality"

[[elements]]
code = "staff_total"
card = "org"
name = "Педагогических работников всего"
type = "number"
integer = true
min = 0
registry = { population = "pedagogical" }

[[elements]]
code = "sanatorium"
card = "org"
name = "Прошли санаторно-курортное лечение"
type = "number"
integer = true
min = 0
not_greater_than = "staff_total"

[[elements]]
code = "act_young"
card = "mun"
name = "Наличие акта о поддержке молодых педагогов"
type = "bool"

[[indicators]]
code = "young"
number = "1"
name = "доля молодых педагогов"
group = ["Трек 1", "1. молодые"]
source = "test.txt, п. 1"
kind = "share"
unit = "educators"
population = "pedagogical"
where = [{ predicate = "young" }]
targets = [{ op = ">=", value = 10 }]

[[indicators]]
code = "profile"
number = "2"
name = "доля учителей, имеющих образование, соответствующее профилю"
group = ["Трек 2", "2. кадры"]
source = "test.txt, п. 2"
kind = "share"
unit = "educators"
population = "teachers"
where = [{ predicate = "out_of_profile", negate = true }]
breakdowns = ["subject"]
targets = [{ op = ">=", value = 75 }]

[[indicators]]
code = "part_time"
number = "3"
name = "доля совместителей"
group = ["Трек 2", "2. кадры"]
source = "test.txt, п. 3"
kind = "share"
unit = "educators"
population = "pedagogical"
where = [{ predicate = "part_time" }]
targets = [{ op = "<", value = 10 }]

[[indicators]]
code = "load27"
number = "4"
name = "доля с нагрузкой 27 часов и более"
group = ["Трек 2", "2. кадры"]
source = "test.txt, п. 4"
kind = "share"
unit = "educators"
population = "teachers"
where = [{ predicate = "load_at_least", hours = 27 }]

[[indicators]]
code = "staffing"
number = "5"
name = "обеспеченность кадрами"
group = ["Трек 2", "2. кадры"]
source = "test.txt, п. 5"
kind = "share"
unit = "staff_rates"
population = "staff"
targets = [{ op = ">=", value = 90 }]

[[indicators]]
code = "schools30"
number = "6"
name = "доля ОО, в которых более 30% учителей преподают не по профилю"
group = ["Трек 2", "2. кадры"]
source = "test.txt, п. 6"
kind = "share"
unit = "organizations"
population = "general_schools"
where = [{ predicate = "out_of_profile_share_above", percent = 30 }]

[[indicators]]
code = "mentors"
number = "7"
name = "доля наставников"
group = ["Трек 1", "1. молодые"]
source = "test.txt, п. 7"
kind = "share"
unit = "educators"
population = "teachers"
where = [{ predicate = "not_built" }]

[[indicators]]
code = "sanatorium"
number = "8"
name = "доля прошедших санаторно-курортное лечение"
group = ["Трек 1", "1. молодые"]
source = "test.txt, п. 8"
kind = "share"
unit = "educators"
population = "pedagogical"
numerator_element = "sanatorium"

[[indicators]]
code = "act"
number = "9"
name = "наличие акта"
group = ["Трек 1", "1. молодые"]
source = "test.txt, п. 9"
kind = "presence"
unit = "municipalities"
element = "act_young"

[[indicators]]
code = "young_count"
number = "10"
name = "количество молодых педагогов"
group = ["Трек 1", "1. молодые"]
source = "test.txt, п. 10"
kind = "count"
unit = "educators"
population = "young"
"""


def load_test_catalogue(tmp_path: Path, text: str = TEST_CATALOGUE):
    path = tmp_path / "test.toml"
    path.write_text(text, encoding="utf-8")
    return catalogue.load(path)


def build_world():
    """Municipality A: school X and kindergarten Y; municipality B: school Z (outside the campaign)."""
    region = f.RegionFactory(name="Тестовая область", code="T")
    mun_a = f.MunicipalityFactory(region=region, name="Город А")
    mun_b = f.MunicipalityFactory(region=region, name="Город Б")
    school = f.OrganizationFactory(municipality=mun_a, short_name="Школа X")
    kindergarten = f.OrganizationFactory(municipality=mun_a, short_name="Детсад Y", kind=OrganizationKind.PRESCHOOL)
    other = f.OrganizationFactory(municipality=mun_b, short_name="Школа Z")
    maths, russian = f.speciality("Математика"), f.speciality("Русский язык и литература")

    def person(name, birth, start, speciality=None, **employment):
        educator = f.EducatorFactory(last_name=name, birth_date=birth, ped_work_start=start)
        if speciality:
            f.EducationFactory(educator=educator, speciality=speciality)
        if employment:
            f.EmploymentFactory(educator=educator, **employment)
        return educator

    people = {
        # young teacher of mathematics, in profile, 18 h
        "e1": person("Е1", date(1999, 1, 1), date(2022, 9, 1), maths, organization=school,
                     subjects=[f.subject("mathematics")]),
        # teaches mathematics and physics with a maths diploma: out of profile; 30 h
        "e2": person("Е2", date(1980, 1, 1), date(2005, 9, 1), maths, organization=school,
                     subjects=[f.subject("mathematics"), f.subject("physics")], weekly_hours=Decimal("30")),
        # teacher of Russian, 27 h, and part-time educator in the kindergarten
        "e3": person("Е3", date(1975, 1, 1), date(2000, 9, 1), russian, organization=school,
                     subjects=[f.subject("russian")], weekly_hours=Decimal("27")),
        # the head: managerial only
        "e4": person("Е4", date(1970, 1, 1), date(1995, 9, 1), organization=school, position=f.position("head"),
                     weekly_hours=Decimal("0")),
        # educators of the kindergarten; e5 started recently but is 40: not young
        "e5": person("Е5", date(1984, 1, 1), date(2023, 1, 9), organization=kindergarten,
                     position=f.position("educator"), weekly_hours=Decimal("0")),
        "e6": person("Е6", date(1990, 1, 1), date(2012, 9, 1), organization=kindergarten,
                     position=f.position("educator"), weekly_hours=Decimal("0")),
        # young teacher in municipality B: outside the campaign
        "e7": person("Е7", date(2000, 1, 1), date(2023, 9, 1), maths, organization=other,
                     subjects=[f.subject("mathematics")]),
    }  # fmt: skip
    f.EmploymentFactory(
        educator=people["e3"], organization=kindergarten, position=f.position("educator"),
        kind=EmploymentKind.EXTERNAL, rate=Decimal("0.5"), weekly_hours=Decimal("0"),
    )  # fmt: skip
    f.StaffPositionFactory(organization=school, rates=Decimal("10"), vacant_rates=Decimal("2"))
    f.StaffPositionFactory(organization=school, position=f.position("head"), rates=Decimal("1"))
    f.StaffPositionFactory(organization=kindergarten, position=f.position("educator"), rates=Decimal("4"),
                           vacant_rates=Decimal("1"))  # fmt: skip
    f.StaffPositionFactory(organization=other, rates=Decimal("5"), vacant_rates=Decimal("5"))
    return {"region": region, "mun_a": mun_a, "mun_b": mun_b, "school": school, "kindergarten": kindergarten,
            "other": other, **people}  # fmt: skip


def make_campaign(catalogue_row, world, period="2023/24", start=PERIOD_START, end=ON) -> Campaign:
    return Campaign.objects.create(
        catalogue=catalogue_row, title=f"Мониторинг {period}", period=period, period_start=start,
        period_end=end, region=world["region"], municipality=world["mun_a"], deadline=end,
    )  # fmt: skip
