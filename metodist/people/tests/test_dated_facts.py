"""Dated facts of one educator and of the start page: a category from its award date, an education from its
completion date, a staff list valid for a period."""

from datetime import date
from decimal import Decimal

from metodist.home.figures import municipal_figures, municipality_rows, own_card
from metodist.people.models import Category, Educator
from metodist.testing import factories as f


def test_a_category_is_none_before_its_award_and_after_its_expiry(db):
    educator = f.EducatorFactory(
        category=Category.FIRST, category_awarded_on=date(2019, 6, 1), category_expires_on=date(2024, 6, 1)
    )

    before, held, after = (educator.category_on(day) for day in (date(2019, 5, 31), date(2024, 6, 1), date(2024, 6, 2)))

    assert (before, held, after) == (Category.NONE, Category.FIRST, Category.NONE)
    assert not Educator.objects.with_category([Category.FIRST], date(2019, 5, 31)).exists()
    assert Educator.objects.without_category(date(2019, 5, 31)).get() == educator


def test_higher_education_counts_from_its_completion_date_and_an_undated_one_always(db):
    dated = f.EducatorFactory(last_name="Датированная")
    f.EducationFactory(educator=dated, completed_on=date(2025, 6, 30))
    undated = f.EducatorFactory(last_name="Без даты")
    f.EducationFactory(educator=undated, completed_on=None)  # carried over from records without a date

    then = set(Educator.objects.with_higher_education(date(2025, 6, 29)))
    now = set(Educator.objects.with_higher_education(date(2025, 6, 30)))

    assert (then, now) == ({undated}, {dated, undated})


def test_start_page_staffing_counts_the_staff_list_valid_on_the_day(cast):
    f.StaffPositionFactory(organization=cast.school1, rates=Decimal("4"), vacant_rates=Decimal("2"),
                           valid_from=date(2023, 9, 1), valid_to=date(2024, 8, 31))  # fmt: skip
    f.StaffPositionFactory(organization=cast.school1, rates=Decimal("5"), vacant_rates=Decimal("1"),
                           valid_from=date(2024, 9, 1))  # fmt: skip

    then = municipal_figures(cast.coordinator, date(2024, 5, 31))
    now = municipal_figures(cast.coordinator, date(2025, 1, 15))

    assert (then.staff_rates, then.vacant_rates, then.deficit.display) == (4, 2, "50,0\u00a0%")
    assert (now.staff_rates, now.vacant_rates, now.deficit.display) == (5, 1, "20,0\u00a0%")


def test_own_card_shows_no_category_before_the_award_date(cast):
    cast.teacher.category, cast.teacher.category_awarded_on = Category.FIRST, date(2025, 3, 1)
    cast.teacher.save()

    card = own_card(cast.teacher_user, date(2025, 1, 15))

    assert (card.category, card.category_expires_on) == ("Без категории", None)


def test_municipality_comparison_counts_the_staff_list_valid_on_the_day(cast):
    f.StaffPositionFactory(organization=cast.school1, rates=Decimal("4"), valid_to=date(2024, 8, 31))
    f.StaffPositionFactory(organization=cast.school1, rates=Decimal("5"), valid_from=date(2024, 9, 1))

    rows = {row.municipality: row for row in municipality_rows(cast.regional_operator, date(2024, 5, 31))}

    assert rows[cast.municipality].staff_rates == 4


def test_organization_start_page_shows_the_flags_held_today(client, cast, on_today):
    f.flag(cast.school1, "is_low_results", start=date(2024, 9, 1))
    f.flag(cast.school1, "is_internship_site", date(2023, 9, 1), date(2024, 8, 31))
    client.force_login(cast.school1_admin)

    html = client.get("/").content.decode()

    assert '<span class="badge flag-badge">ШНОР</span>' in html
    assert "Стажировочная площадка" not in html
