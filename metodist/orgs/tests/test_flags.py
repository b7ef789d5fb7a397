"""Flag periods on the organization's card: who may add and close them, validation, the audit trail, the history."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from metodist.audit.models import AuditAction, AuditEntry
from metodist.orgs.models import FlagPeriod
from metodist.testing import factories as f


@pytest.fixture
def on_today(time_machine):
    time_machine.move_to(datetime(2025, 1, 15, 9, 0, tzinfo=UTC), tick=False)


def add_url(organization) -> str:
    return reverse("orgs:flag_add", args=[organization.pk])


def close_url(period) -> str:
    return reverse("orgs:flag_close", args=[period.pk])


def test_coordinator_adds_a_flag_period_with_its_basis_and_it_is_audited(client, cast, on_today):
    client.force_login(cast.coordinator)
    data = {"flag": "is_low_results", "start_date": "2024-09-01", "basis": "Приказ УО от 25.08.2024 № 112"}

    response = client.post(add_url(cast.school1), data)

    period = FlagPeriod.objects.get(organization=cast.school1)
    assert response.status_code == 302
    assert (period.flag, period.start_date, period.end_date) == ("is_low_results", date(2024, 9, 1), None)
    entry = AuditEntry.objects.for_object(period).get()
    assert (entry.action, entry.actor) == (AuditAction.CREATE, cast.coordinator)
    assert entry.changes["basis"] == [None, "Приказ УО от 25.08.2024 № 112"]


def test_closing_a_period_sets_its_last_day_and_the_flag_is_gone_after_it(client, cast, on_today):
    period = f.flag(cast.school1, "is_internship_site", start=date(2023, 9, 1))
    client.force_login(cast.coordinator)

    response = client.post(close_url(period), {"end_date": "2024-08-31"})

    period.refresh_from_db()
    assert response.status_code == 302
    assert period.end_date == date(2024, 8, 31)
    assert cast.school1.flags_on(date(2024, 5, 31)) == ["is_internship_site"]
    assert cast.school1.flags_on(date(2025, 1, 15)) == []
    entry = AuditEntry.objects.for_object(period).get()
    assert entry.changes["end_date"] == [None, "2024-08-31"]


def test_a_period_overlapping_one_of_the_same_flag_is_refused_in_russian(client, cast, on_today):
    f.flag(cast.school1, "is_low_results", start=date(2023, 9, 1), end=date(2024, 8, 31))
    client.force_login(cast.coordinator)

    response = client.post(add_url(cast.school1), {"flag": "is_low_results", "start_date": "2024-05-01"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Этот признак у организации уже действует в указанный период."
    ]
    assert FlagPeriod.objects.count() == 1


def test_a_start_date_is_required_and_an_end_before_it_is_refused(client, cast, on_today):
    client.force_login(cast.coordinator)

    missing = client.post(add_url(cast.school1), {"flag": "is_low_results"})
    backwards = client.post(
        add_url(cast.school1), {"flag": "is_low_results", "start_date": "2024-09-01", "end_date": "2024-08-31"}
    )

    assert missing.context["form"].errors["start_date"] == ["Обязательное поле."]
    assert backwards.context["form"].errors["end_date"] == ["Дата окончания раньше даты начала."]
    assert not FlagPeriod.objects.exists()


def test_a_close_date_before_the_start_is_refused(client, cast, on_today):
    period = f.flag(cast.school1, "is_low_results", start=date(2024, 9, 1))
    client.force_login(cast.coordinator)

    response = client.post(close_url(period), {"end_date": "2024-08-31"})

    assert response.context["form"].errors["end_date"] == ["Период начался 01.09.2024: дата окончания раньше."]


@pytest.mark.parametrize(
    ("user_name", "status"),
    [("school1_admin", 403), ("teacher_user", 403), ("school2_admin", 404), ("other_user", 404)],
)
def test_only_municipal_editors_add_or_close_flag_periods(client, cast, on_today, user_name, status):
    period = f.flag(cast.school1, "is_low_results", start=date(2024, 9, 1))
    client.force_login(getattr(cast, user_name))

    add = client.post(add_url(cast.school1), {"flag": "is_minpros_school", "start_date": "2024-09-01"})
    close = client.post(close_url(period), {"end_date": "2024-12-31"})

    period.refresh_from_db()
    assert (add.status_code, close.status_code) == (status, status)
    assert period.end_date is None
    assert FlagPeriod.objects.count() == 1


def test_the_card_shows_todays_flags_and_the_whole_history(client, cast, on_today):
    f.flag(cast.school1, "is_low_results", start=date(2023, 9, 1), end=date(2024, 8, 31))
    f.flag(cast.school1, "is_minpros_school", start=date(2024, 9, 1))
    client.force_login(cast.coordinator)

    response = client.get(reverse("orgs:detail", args=[cast.school1.pk]))

    html = response.content.decode()
    assert response.context["flags"] == ["Школа Минпросвещения России"]
    assert "31.08.2024" in html and "ШНОР" in html  # the closed period stays in the history
    assert reverse("orgs:flag_add", args=[cast.school1.pk]) in html


def test_the_school_administrator_sees_the_history_but_no_buttons(client, cast, on_today):
    period = f.flag(cast.school1, "is_low_results", start=date(2024, 9, 1))
    client.force_login(cast.school1_admin)

    html = client.get(reverse("orgs:detail", args=[cast.school1.pk])).content.decode()

    assert "ШНОР" in html
    assert close_url(period) not in html
    assert add_url(cast.school1) not in html
