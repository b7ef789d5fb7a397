from decimal import Decimal

import pytest

from metodist.accounts.models import Role
from metodist.home.figures import Share, municipal_figures, own_card
from metodist.people.models import EmploymentKind
from metodist.testing import factories as f


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 3, "33,3\u00a0%"),
        (2, 3, "66,7\u00a0%"),
        (1, 8, "12,5\u00a0%"),
        (1, 16, "6,3\u00a0%"),  # 6,25 rounds half up, not to the even 6,2
        (1, 80, "1,3\u00a0%"),  # 1,25
        (0, 5, "0,0\u00a0%"),
        (5, 5, "100,0\u00a0%"),
        (Decimal("2.75"), Decimal("10.50"), "26,2\u00a0%"),
        (0, 0, "нет данных"),
        (Decimal("0"), Decimal("0.00"), "нет данных"),
    ],
)
def test_share_is_a_percentage_with_one_decimal_rounded_half_up_and_a_comma(part, whole, expected):
    share = Share(part, whole)

    text = share.display

    assert text == expected


def test_share_of_nothing_has_no_percent():
    share = Share(0, 0)

    percent = share.percent

    assert percent is None


def test_coordinator_sees_the_figures_of_her_municipality(cast, town, today):
    figures = municipal_figures(cast.coordinator, today)

    assert figures.scope == "Город N"
    assert figures.organizations == 3
    assert figures.organizations_by_kind == [
        ("general", "Общеобразовательная организация", 2),
        ("preschool", "Дошкольная образовательная организация", 1),
    ]
    assert figures.educators == 8
    assert figures.pedagogical == Share(7, 8)
    assert figures.young == Share(2, 7)
    assert figures.young.display == "28,6\u00a0%"
    assert figures.higher_education == Share(3, 8)


def test_categories_are_shares_of_all_educators_and_an_expired_one_counts_as_none(cast, town, today):
    figures = municipal_figures(cast.coordinator, today)

    assert figures.category_highest == Share(2, 8)
    assert figures.category_first == Share(0, 8)
    assert figures.category_szd == Share(1, 8)
    assert figures.category_none == Share(5, 8)
    assert figures.category_none.display == "62,5\u00a0%"


def test_load_and_profile_are_shares_of_teachers(cast, town, today):
    figures = municipal_figures(cast.coordinator, today)

    assert figures.teachers == 4
    assert figures.heavy_load == Share(1, 4)
    assert figures.out_of_profile == Share(2, 4)
    assert figures.part_time == Share(2, 8)


def test_pre_pension_and_pension_age_are_counted_apart(cast, town, today):
    figures = municipal_figures(cast.coordinator, today)

    assert figures.pre_pension == Share(1, 8)
    assert figures.pension == Share(1, 8)


def test_staffing_deficit_is_vacant_rates_of_staff_rates_in_active_organizations(cast, town, today):
    figures = municipal_figures(cast.coordinator, today)

    assert figures.staff_rates == Decimal("10.50")
    assert figures.vacant_rates == Decimal("2.75")
    assert figures.deficit.display == "26,2\u00a0%"


def test_school_administrator_sees_the_figures_of_her_school_only(cast, town, today):
    figures = municipal_figures(cast.school1_admin, today)

    assert figures.scope == "Школа № 1"
    assert figures.organizations == 1
    assert figures.educators == 5
    assert figures.young == Share(1, 5)
    assert figures.staff_rates == Decimal("5.00")
    assert figures.deficit.display == "30,0\u00a0%"


def test_regional_operator_sees_both_municipalities(cast, town, today):
    figures = municipal_figures(cast.regional_operator, today)

    assert figures.scope == "Свердловская область"
    assert figures.organizations == 4
    assert figures.educators == 9
    assert figures.staff_rates == Decimal("20.50")


def test_figures_on_the_bare_cast_have_no_staffing_data(cast, today):
    figures = municipal_figures(cast.coordinator, today)

    assert figures.educators == 3
    assert figures.young == Share(1, 3)
    assert figures.out_of_profile == Share(2, 3)
    assert figures.deficit.display == "нет данных"


def test_an_empty_municipality_shows_no_data_rather_than_zero_percent(cast, today):
    empty = f.MunicipalityFactory(region=cast.region, name="Посёлок К")
    coordinator = f.UserFactory(role=Role.COORDINATOR, municipality=empty)

    figures = municipal_figures(coordinator, today)

    assert figures.organizations == 0
    assert figures.organizations_by_kind == []
    assert figures.educators == 0
    assert figures.young.display == "нет данных"
    assert figures.category_none.display == "нет данных"
    assert figures.heavy_load.display == "нет данных"
    assert figures.deficit.display == "нет данных"


def test_coordinator_without_a_municipality_sees_nothing(cast, town, today):
    coordinator = f.UserFactory(role=Role.COORDINATOR)

    figures = municipal_figures(coordinator, today)

    assert figures.scope == "Муниципалитет не указан"
    assert figures.organizations == 0
    assert figures.educators == 0


def test_a_person_is_described_by_all_their_current_work_even_outside_the_scope(cast, today):
    # Громова is a deputy head in «Город N» (external part-time, 8 h, managerial) and a teacher of physics in
    # «Город M» (main job, 20 h, no education on record, so out of profile). For the coordinator of «Город N»
    # she is one of 4 educators; her work in «Город M» makes her pedagogical, a teacher, a part-timer,
    # out of profile and heavily loaded (20 + 8 = 28 h), as on the bare cast plus her.
    gromova = f.EducatorFactory(last_name="Громова")
    f.EmploymentFactory(
        educator=gromova, organization=cast.school3, subjects=[f.subject("physics")], weekly_hours=Decimal("20")
    )
    f.EmploymentFactory(
        educator=gromova,
        organization=cast.school2,
        position=f.position("deputy_head"),
        kind=EmploymentKind.EXTERNAL,
        weekly_hours=Decimal("8"),
    )

    figures = municipal_figures(cast.coordinator, today)

    assert figures.educators == 4
    assert figures.pedagogical == Share(4, 4)
    assert figures.teachers == 4
    assert figures.heavy_load == Share(1, 4)
    assert figures.part_time == Share(1, 4)
    assert figures.out_of_profile == Share(3, 4)
    assert figures.young == Share(1, 4)


def test_figures_take_a_fixed_number_of_queries(cast, town, today, django_assert_num_queries):
    with django_assert_num_queries(4):  # organizations by kind, educator counts, staff rates, the scope label
        municipal_figures(cast.school1_admin, today)


def test_own_card_summarises_the_teachers_record(cast, today):
    card = own_card(cast.teacher_user, today)

    assert card.educator == cast.teacher
    assert [str(employment) for employment in card.employments] == ["Учитель, Школа № 1"]
    assert card.age == 25
    assert card.experience_years == 1
    assert card.category == "Без категории"
    assert card.category_expires_on is None
    assert card.weekly_hours == Decimal("18")
    assert card.is_young is True
    assert card.is_pre_pension is False


def test_own_card_counts_an_expired_category_as_none(cast, town, today):
    user = f.UserFactory(role=Role.EDUCATOR, educator=town.first_expired)

    card = own_card(user, today)

    assert card.category == "Без категории"
    assert card.category_expires_on is None


def test_own_card_of_an_account_without_an_educator_is_empty(cast, today):
    user = f.UserFactory(role=Role.TUTOR)

    card = own_card(user, today)

    assert card is None
