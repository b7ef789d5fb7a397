"""An educator who has left school 1: its administrator sees the card read-only; the municipality still edits."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.people.models import CorrectionRequest, Educator
from metodist.testing import factories as f

from .test_edit import form_data

pytestmark = pytest.mark.usefixtures("on_today")


@pytest.fixture
def left(cast):
    """Кузнецов left school 1 on 31.08.2024 (today is 15.01.2025) and works nowhere the school sees."""
    employment = cast.mentor_educator.employments.get()
    employment.end_date = date(2024, 8, 31)
    employment.save()
    return cast.mentor_educator


def test_the_school_administrator_sees_the_card_of_one_who_left_read_only(client, cast, left):
    client.force_login(cast.school1_admin)

    response = client.get(f"/people/{left.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Педагог больше не работает в вашей организации: последнее место работы закрыто 31.08.2024." in page
    assert f"/people/{left.pk}/edit/" not in page


def test_the_school_administrator_can_no_longer_change_that_card(client, cast, left):
    client.force_login(cast.school1_admin)
    url = f"/people/{left.pk}/edit/"

    assert client.get(url).status_code == 403
    response = client.post(url, {"last_name": "Взлом"})

    assert response.status_code == 403
    assert "больше не работает в вашей организации" in response.content.decode()
    left.refresh_from_db()
    assert left.last_name == "Кузнецов"


@pytest.mark.parametrize("member", ["methodologist", "coordinator"])
def test_the_municipality_still_edits_the_card(client, cast, left, member):
    client.force_login(getattr(cast, member))
    url = f"/people/{left.pk}/edit/"
    data = form_data(client.get(url))

    response = client.post(url, {**data, "phone": "+7 900 444-44-44"})

    assert response.status_code == 302
    left.refresh_from_db()
    assert left.phone == "+7 900 444-44-44"
    assert "больше не работает" not in client.get(f"/people/{left.pk}/").content.decode()


@pytest.mark.parametrize(
    ("end_date", "start_date"),
    [(None, date(2010, 9, 1)), (date(2025, 1, 15), date(2010, 9, 1)), (None, date(2025, 2, 1))],
    ids=["works", "last-day-today", "starts-next-month"],
)
def test_the_school_administrator_edits_one_who_works_or_is_to_start_there(client, cast, end_date, start_date):
    employment = cast.mentor_educator.employments.get()
    employment.end_date, employment.start_date = end_date, start_date
    employment.save()
    client.force_login(cast.school1_admin)

    assert client.get(f"/people/{cast.mentor_educator.pk}/edit/").status_code == 200


def test_one_who_came_back_is_editable_again(client, cast, left):
    f.EmploymentFactory(educator=left, organization=cast.school1, start_date=date(2024, 12, 1))
    client.force_login(cast.school1_admin)

    assert client.get(f"/people/{left.pk}/edit/").status_code == 200


def test_a_current_job_at_another_school_does_not_reopen_the_card_to_the_school_he_left(client, cast, left):
    f.EmploymentFactory(educator=left, organization=cast.school2, start_date=date(2024, 9, 1))

    assert not Educator.objects.editable_by(cast.school1_admin, date(2025, 1, 15)).filter(pk=left.pk).exists()
    assert Educator.objects.editable_by(cast.school2_admin, date(2025, 1, 15)).filter(pk=left.pk).exists()


def test_the_school_administrator_cannot_apply_a_correction_for_one_who_left(client, cast, left):
    correction = CorrectionRequest.objects.create(
        educator=left, proposed={"last_name": "Кузнецов-Ли"}, comment="Сменил фамилию.", requested_by=cast.mentor_user
    )
    client.force_login(cast.school1_admin)

    response = client.post(reverse("people:correction_apply", args=[correction.pk]))

    assert response.status_code == 403
    left.refresh_from_db()
    assert left.last_name == "Кузнецов"
