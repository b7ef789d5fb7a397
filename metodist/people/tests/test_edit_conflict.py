"""Two people edit one educator card: the second save is refused with what changed, nothing is lost."""

from decimal import Decimal

import pytest
from django.test import Client

from metodist.audit.models import AuditEntry
from metodist.people.models import Educator

from .test_edit import form_data

pytestmark = pytest.mark.usefixtures("on_today")


@pytest.fixture
def two_sessions(cast):
    """The methodologist and the coordinator, each with the teacher's card open in their own browser."""
    methodologist, coordinator = Client(), Client()
    methodologist.force_login(cast.methodologist)
    coordinator.force_login(cast.coordinator)
    url = f"/people/{cast.teacher.pk}/edit/"
    return url, (methodologist, form_data(methodologist.get(url))), (coordinator, form_data(coordinator.get(url)))


def test_second_save_of_a_card_opened_before_the_first_is_refused(cast, two_sessions):
    url, (methodologist, opened_first), (coordinator, opened_second) = two_sessions
    methodologist.post(url, {**opened_first, "phone": "+7 900 111-11-11"})

    response = coordinator.post(url, {**opened_second, "phone": "+7 900 222-22-22", "last_name": "Смирнова-Орлова"})

    assert response.status_code == 200
    cast.teacher.refresh_from_db()
    assert (cast.teacher.phone, cast.teacher.last_name) == ("+7 900 111-11-11", "Смирнова")
    assert AuditEntry.objects.for_object(cast.teacher).count() == 1


def test_refusal_names_who_saved_and_what_changed_and_keeps_the_input(cast, two_sessions):
    url, (methodologist, opened_first), (coordinator, opened_second) = two_sessions
    employment = cast.teacher.employments.get()
    methodologist.post(url, {**opened_first, "phone": "+7 900 111-11-11", "employments-0-weekly_hours": "20"})

    response = coordinator.post(url, {**opened_second, "last_name": "Смирнова-Орлова"})

    conflict = response.context["conflict"]
    assert conflict["by"] == cast.methodologist
    assert conflict["lines"] == [
        ("телефон", "", "+7 900 111-11-11"),
        (f"Место работы ({employment}): учебная нагрузка, часов в неделю", "18.0", "20.0"),
    ]
    page = response.content.decode()
    assert "Запись изменена другим пользователем" in page
    assert 'value="Смирнова-Орлова"' in page  # the coordinator's own input is still in the form


def test_saving_again_after_the_refusal_goes_through(cast, two_sessions):
    url, (methodologist, opened_first), (coordinator, opened_second) = two_sessions
    methodologist.post(url, {**opened_first, "phone": "+7 900 111-11-11"})
    refused = coordinator.post(url, {**opened_second, "last_name": "Смирнова-Орлова"})

    response = coordinator.post(url, {**form_data(refused), "phone": "+7 900 111-11-11"})  # adopts their change

    assert response.status_code == 302
    cast.teacher.refresh_from_db()
    assert (cast.teacher.phone, cast.teacher.last_name) == ("+7 900 111-11-11", "Смирнова-Орлова")


def test_each_save_moves_the_version_on(cast, two_sessions):
    url, (methodologist, opened_first), _ = two_sessions

    methodologist.post(url, {**opened_first, "employments-0-weekly_hours": "20"})

    cast.teacher.refresh_from_db()
    assert cast.teacher.version == 2
    assert cast.teacher.employments.get().weekly_hours == Decimal("20")


def test_the_version_is_checked_in_the_update_itself(cast):
    """The check and the write are one statement: a row moved on between reading and saving is not written."""
    from metodist.lib.versions import claim

    educator = Educator.objects.get(pk=cast.teacher.pk)
    Educator.objects.filter(pk=educator.pk).update(version=5)

    assert claim(educator, 1) is False
    assert claim(educator, 5) is True
    assert Educator.objects.get(pk=educator.pk).version == educator.version == 6


def test_own_contacts_move_the_version_on_so_an_open_card_learns_of_them(client, cast):
    url = f"/people/{cast.teacher.pk}/edit/"
    client.force_login(cast.methodologist)
    opened = form_data(client.get(url))
    teacher = Client()
    teacher.force_login(cast.teacher_user)
    teacher.post("/people/me/contacts/", {"email": "anna@example.org", "phone": "+7 900 333-33-33"})

    response = client.post(url, {**opened, "first_name": "Анна-Мария"})

    assert ("электронная почта", "", "anna@example.org") in response.context["conflict"]["lines"]
    cast.teacher.refresh_from_db()
    assert (cast.teacher.first_name, cast.teacher.email) == ("Анна", "anna@example.org")


def test_a_version_past_the_column_is_a_form_error_not_a_server_error(cast, two_sessions):
    url, (methodologist, opened_first), _ = two_sessions

    response = methodologist.post(url, {**opened_first, "lock-version": str(2**63), "phone": "+7 900 111-11-11"})

    assert response.status_code == 200
    cast.teacher.refresh_from_db()
    assert cast.teacher.phone != "+7 900 111-11-11"
