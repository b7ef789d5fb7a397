"""Rows of an organization's staff list: add, edit, delete, validation, permissions, audit trail."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metodist.audit.models import AuditAction, AuditEntry
from metodist.orgs.models import StaffPosition
from metodist.testing import factories as f


def add_url(organization) -> str:
    return reverse("orgs:staff_add", args=[organization.pk])


def row(position="teacher", subject="mathematics", rates="2", vacant_rates="0", valid_from="2024-09-01", valid_to=""):
    return {
        "position": f.position(position).pk,
        "subject": f.subject(subject).pk if subject else "",
        "rates": rates,
        "vacant_rates": vacant_rates,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }


@pytest.mark.parametrize("user_name", ["coordinator", "methodologist", "school1_admin"])
def test_editor_adds_a_row_with_decimal_commas_and_it_is_audited(client, cast, user_name):
    user = getattr(cast, user_name)
    client.force_login(user)

    response = client.post(add_url(cast.school1), row(rates="2,5", vacant_rates="0,75"))

    staff = StaffPosition.objects.get(organization=cast.school1)
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:detail", args=[cast.school1.pk])
    assert (staff.position.code, staff.subject.code) == ("teacher", "mathematics")
    assert (staff.rates, staff.vacant_rates) == (Decimal("2.50"), Decimal("0.75"))
    entry = AuditEntry.objects.for_object(staff).get()
    assert (entry.action, entry.actor) == (AuditAction.CREATE, user)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"rates": "1", "vacant_rates": "1,5"},
            "vacant_rates",
            "Вакантных ставок не может быть больше, чем ставок в штате.",
        ),
        ({"rates": "-1"}, "rates", "Убедитесь, что это значение больше либо равно 0."),
        ({"rates": "много"}, "rates", "Введите число."),
        ({"rates": ""}, "rates", "Обязательное поле."),
        ({"position": ""}, "position", "Обязательное поле."),
        ({"valid_from": ""}, "valid_from", "Обязательное поле."),
        ({"valid_to": "2024-08-31"}, "valid_to", "Дата окончания раньше даты начала."),
    ],
)
def test_bad_row_is_shown_again_with_a_russian_message_and_nothing_saved(client, cast, overrides, field, message):
    data = row() | overrides
    client.force_login(cast.coordinator)

    response = client.post(add_url(cast.school1), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert f'value="{data["rates"]}"' in response.content.decode()
    assert not StaffPosition.objects.exists()


@pytest.mark.parametrize("subject", ["mathematics", None])
def test_same_position_and_subject_cannot_appear_twice(client, cast, subject):
    f.StaffPositionFactory(organization=cast.school1, subject=f.subject(subject) if subject else None)
    client.force_login(cast.coordinator)

    response = client.post(add_url(cast.school1), row(subject=subject))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Эта должность с этим предметом уже есть в штатном расписании в этот период: закройте прежнюю строку "
        "датой «действует по» или измените её."
    ]
    assert StaffPosition.objects.count() == 1


def test_a_closed_row_is_continued_by_a_new_one_and_the_card_shows_the_rows_of_today(client, cast, time_machine):
    time_machine.move_to(datetime(2025, 1, 15, 9, 0, tzinfo=UTC), tick=False)
    f.StaffPositionFactory(
        organization=cast.school1, subject=f.subject("mathematics"), rates=Decimal("3"), valid_to=date(2024, 8, 31)
    )
    client.force_login(cast.coordinator)

    response = client.post(add_url(cast.school1), row(rates="4", vacant_rates="1"))
    card = client.get(reverse("orgs:detail", args=[cast.school1.pk]))

    assert response.status_code == 302
    assert [(r.rates, r.valid_from) for r in card.context["staff"]] == [(Decimal("4.00"), date(2024, 9, 1))]
    assert [r.rates for r in card.context["staff_other_periods"]] == [Decimal("3.00")]
    assert (card.context["organization"].staff_rates, card.context["organization"].vacant_rates) == (4, 1)


def test_same_position_and_subject_is_allowed_in_another_school(client, cast):
    f.StaffPositionFactory(organization=cast.school2, subject=f.subject("mathematics"))
    client.force_login(cast.coordinator)

    response = client.post(add_url(cast.school1), row())

    assert response.status_code == 302
    assert StaffPosition.objects.count() == 2


def test_editing_a_row_records_what_changed(client, cast):
    staff = f.StaffPositionFactory(
        organization=cast.school1, subject=f.subject("mathematics"), rates=Decimal("3"), valid_from=date(2024, 9, 1)
    )
    client.force_login(cast.school1_admin)

    response = client.post(reverse("orgs:staff_edit", args=[staff.pk]), row(rates="3", vacant_rates="1"))

    staff.refresh_from_db()
    assert response.status_code == 302
    assert staff.vacant_rates == Decimal("1")
    entry = AuditEntry.objects.for_object(staff).get()
    assert entry.action == AuditAction.UPDATE
    assert entry.changes == {"vacant_rates": ["0.00", "1.00"]}


def test_editing_a_row_keeps_it_unique_but_not_against_itself(client, cast):
    staff = f.StaffPositionFactory(organization=cast.school1, subject=f.subject("mathematics"))
    f.StaffPositionFactory(organization=cast.school1, subject=f.subject("physics"))
    client.force_login(cast.coordinator)

    itself = client.post(reverse("orgs:staff_edit", args=[staff.pk]), row(rates="5"))
    clash = client.post(reverse("orgs:staff_edit", args=[staff.pk]), row(subject="physics"))

    assert itself.status_code == 302
    assert clash.status_code == 200
    assert clash.context["form"].non_field_errors()


def test_delete_asks_first_and_deletes_on_post_with_an_audit_entry(client, cast):
    staff = f.StaffPositionFactory(organization=cast.school1, rates=Decimal("2"))
    staff_pk = staff.pk
    client.force_login(cast.coordinator)
    url = reverse("orgs:staff_delete", args=[staff_pk])

    confirmation = client.get(url)
    response = client.post(url)

    assert confirmation.status_code == 200
    assert "Удалить строку штатного расписания?" in confirmation.content.decode()
    assert response.status_code == 302
    assert not StaffPosition.objects.filter(pk=staff_pk).exists()
    entry = AuditEntry.objects.get(model="orgs.staffposition", object_id=str(staff_pk))
    assert entry.action == AuditAction.DELETE
    assert entry.changes["rates"] == ["2.00", None]
    assert entry.summary == "Школа № 1: Учитель: 2.00"


@pytest.mark.parametrize(("user_name", "status"), [("school2_admin", 404), ("other_user", 404), ("teacher_user", 403)])
def test_others_can_neither_add_nor_change_nor_delete_rows_of_school1(client, cast, user_name, status):
    staff = f.StaffPositionFactory(organization=cast.school1, rates=Decimal("2"))
    client.force_login(getattr(cast, user_name))

    add = client.post(add_url(cast.school1), row())
    edit = client.post(reverse("orgs:staff_edit", args=[staff.pk]), row(rates="9"))
    delete = client.post(reverse("orgs:staff_delete", args=[staff.pk]))

    staff.refresh_from_db()
    assert (add.status_code, edit.status_code, delete.status_code) == (status, status, status)
    assert staff.rates == Decimal("2.00")
    assert StaffPosition.objects.count() == 1
    assert not AuditEntry.objects.exists()
