"""The staff positions format: matched by organization, position and subject."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.imports import actions
from metodist.imports.formats import FORMATS
from metodist.orgs.models import StaffPosition
from metodist.testing import factories as f

from .helpers import format_file

STAFF = FORMATS["staff_positions"]


def staff(**values) -> dict:
    return {
        "organization": "Школа № 1",
        "position": "Учитель",
        "subject": "Математика",
        "rates": 4.5,
        "vacant_rates": "0,5",
    } | values


@pytest.fixture
def dry_run(cast, context_of):
    def run(rows, user=None):
        return STAFF.plan(format_file("staff_positions", rows), context_of(user or cast.school1_admin))

    return run


def commit(user, rows, today):
    batch = actions.create_batch(STAFF, "штаты.xlsx", format_file("staff_positions", rows), by=user)
    return actions.commit_batch(batch, by=user, today=today)


def test_staff_positions_are_created_with_and_without_a_subject(cast, today):
    commit(
        cast.school1_admin,
        [staff(), staff(position="Педагог-психолог", subject=None, rates=1, vacant_rates=None)],
        today,
    )

    assert sorted(
        StaffPosition.objects.filter(organization=cast.school1).values_list(
            "position__name", "subject__name", "rates", "vacant_rates"
        )
    ) == [
        ("Педагог-психолог", None, Decimal("1.00"), Decimal("0.00")),
        ("Учитель", "Математика", Decimal("4.50"), Decimal("0.50")),
    ]


def test_a_staff_position_starting_on_the_same_date_is_updated(cast, dry_run):
    f.StaffPositionFactory(
        organization=cast.school1, subject=f.subject("mathematics"), rates=Decimal("4"), valid_from=date(2024, 9, 1)
    )

    plan = dry_run([staff(valid_from="01.09.2024")])

    (change,) = plan.rows[0].changes
    assert change.lines() == [
        ("ставок по штатному расписанию", "4", "4,5"),
        ("из них вакантных", "0", "0,5"),
    ]


def test_changed_rates_close_the_earlier_row_and_continue_it_from_the_date(cast, today):
    earlier = f.StaffPositionFactory(
        organization=cast.school1, subject=f.subject("mathematics"), rates=Decimal("4"), valid_from=date(2023, 9, 1)
    )

    commit(cast.school1_admin, [staff(valid_from="01.09.2024")], today)

    rows = StaffPosition.objects.filter(organization=cast.school1).order_by("valid_from")
    assert [(r.rates, r.vacant_rates, r.valid_from, r.valid_to) for r in rows] == [
        (Decimal("4.00"), Decimal("0.00"), date(2023, 9, 1), date(2024, 8, 31)),
        (Decimal("4.50"), Decimal("0.50"), date(2024, 9, 1), None),
    ]
    assert rows[0].pk == earlier.pk


def test_without_a_date_the_row_starts_on_the_import_date(cast, today):
    commit(cast.school1_admin, [staff()], today)

    assert StaffPosition.objects.get(organization=cast.school1).valid_from == today


def test_a_row_that_starts_later_than_the_file_date_is_an_error(cast, dry_run):
    f.StaffPositionFactory(organization=cast.school1, subject=f.subject("mathematics"), valid_from=date(2024, 9, 1))

    plan = dry_run([staff(valid_from="01.09.2023")])

    assert [str(p) for p in plan.problems] == [
        "Строка 2, столбец «Действует с»: эта строка штатного расписания уже задана с 01.09.2024: "
        "измените её в карточке организации"
    ]


def test_reimporting_staff_positions_changes_nothing(cast, dry_run, today):
    commit(cast.school1_admin, [staff()], today)

    assert dry_run([staff()]).rows[0].status == "unchanged"


def test_more_vacant_rates_than_rates_is_an_error(dry_run):
    plan = dry_run([staff(rates=1, vacant_rates=2)])

    assert [str(p) for p in plan.problems] == [
        "Строка 2, столбец «Из них вакантных»: вакантных ставок (2) больше, чем ставок в штате (1)"
    ]


def test_the_same_staff_position_twice_is_an_error(dry_run):
    plan = dry_run([staff(), staff(rates=2)])

    assert [str(p) for p in plan.problems] == [
        "Строка 3, столбец «Должность»: эта должность и предмет уже указаны в строке 2"
    ]


def test_school2_admin_cannot_import_staff_of_school1(cast, dry_run):
    plan = dry_run([staff()], user=cast.school2_admin)

    assert [p.column for p in plan.problems] == ["Организация"]
    assert plan.rows[0].changes == []
