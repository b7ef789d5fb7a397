"""Attendance from .xlsx: by SNILS or by full name and birth date among the registered; unknown rows listed and
nothing written; the template; only an organizer."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metodist.events.models import Participation
from metodist.events.models import RegistrationStatus as S
from metodist.lib.xlsx import Sheet, workbook_bytes
from metodist.testing.diagnostics import snils_of

from .conftest import make_event


@pytest.fixture
def held(cast, time_machine):
    """A seminar that started an hour ago, with the teacher (SNILS known), her mentor and a colleague of school 2."""
    cast.teacher.snils = snils_of(1234567)
    cast.teacher.save(update_fields=["snils"])
    event = make_event(cast, days=-1)
    for educator in (cast.teacher, cast.mentor_educator, cast.school2_educator):
        Participation.objects.create(event=event, educator=educator)
    time_machine.move_to(event.starts_at + timedelta(hours=1), tick=False)
    return event


def upload(client, event, rows):
    content = workbook_bytes([Sheet("Посещение", ["СНИЛС", "ФИО", "Дата рождения"], rows)])
    return client.post(reverse("events:attendance", args=[event.pk]),
                       {"file": SimpleUploadedFile("посещение.xlsx", content)})  # fmt: skip


def statuses(event):
    return dict(event.participations.values_list("educator__last_name", "status"))


def test_attendance_is_imported_by_snils_or_by_name_and_birth_date(client, cast, held):
    client.force_login(cast.methodologist)

    response = upload(client, held, [(snils_of(1234567), "", ""), ("", "Кузнецов Павел Андреевич", "10.01.1970")])

    assert response.status_code == 302
    assert statuses(held) == {"Смирнова": S.ATTENDED, "Кузнецов": S.ATTENDED, "Орлова": S.ABSENT}


def test_unknown_rows_are_listed_and_nothing_is_written(client, cast, held):
    client.force_login(cast.methodologist)

    response = upload(client, held, [(snils_of(1234567), "", ""), ("", "Волкова Ирина", "17.05.1980"), ("", "", "")])
    page = response.content.decode()

    assert "Строка 3: «Волкова Ирина», 17.05.1980 г. р. нет среди зарегистрированных на мероприятие" in page
    assert set(statuses(held).values()) == {S.REGISTERED}


def test_the_template_and_the_import_are_for_the_organizer_only(client, cast, held):
    client.force_login(cast.school1_admin)
    assert client.get(reverse("events:attendance_template", args=[held.pk])).status_code == 403
    assert upload(client, held, [(snils_of(1234567), "", "")]).status_code == 403

    client.force_login(cast.methodologist)
    template = client.get(reverse("events:attendance_template", args=[held.pk]))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
