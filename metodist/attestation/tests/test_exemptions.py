"""The calendar reads the registry's absences (order № 196, п. 23): an exempted educator is listed apart, with
why and until when, and not as due — nor in the export, the administrator's reminders or her own cabinet.

On TODAY (15.01.2025), without absences: the teacher (Смирнова, school 1 since 01.09.2010, never confirmed) is
overdue since 01.09.2012; her mentor (Кузнецов, СЗД of 10.03.2020) is due on 10.03.2025.
"""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from metodist.attestation import cabinet, schedule
from metodist.attestation.models import Kind
from metodist.people.models import AbsenceKind
from metodist.testing import factories as f
from metodist.testing.attestation import attestation

pytestmark = pytest.mark.usefixtures("on_today")


@pytest.fixture
def exempted(cast):
    """The teacher on childcare leave since 01.05.2023; her mentor ill from 06.05 to 15.10.2024 (over five
    months): his СЗД moves to a year after his return, 16.10.2025."""
    attestation(cast.mentor_educator, Kind.SZD, date(2020, 3, 10), organization=cast.school1)
    f.AbsenceFactory(educator=cast.teacher)
    ill = {"kind": AbsenceKind.ILLNESS, "started_on": date(2024, 5, 6), "ended_on": date(2024, 10, 15)}
    f.AbsenceFactory(educator=cast.mentor_educator, **ill)
    return cast


def test_the_calendar_lists_the_exempted_apart_with_why_and_until_when(client, exempted):
    client.force_login(exempted.school1_admin)

    page = client.get(reverse("attestation:calendar"))

    calendar = page.context["calendar"]
    assert calendar.overdue == [] and calendar.szd_count == 0
    assert [(row.last_name, row.due_on, row.exemption_text) for row in calendar.exempt] == [
        ("Смирнова", date(2012, 9, 1), "освобождена (отпуск по уходу за ребёнком), пока отсутствует"),
        ("Кузнецов", date(2025, 3, 10), "освобождён (болезнь более четырёх месяцев) до 16.10.2025"),
    ]
    html = page.content.decode()
    assert "Освобождены от СЗД на время отсутствия — 2" in html
    assert "освобождён (болезнь более четырёх месяцев) до 16.10.2025" in html
    assert "проверьте их сами" not in html and "график берёт" in html


def test_an_exemption_that_ends_within_the_period_moves_the_date_into_it(client, exempted):
    client.force_login(exempted.methodologist)

    calendar = client.get(reverse("attestation:calendar"), {"months": 12}).context["calendar"]  # to 15.01.2026

    october = next(month for month in calendar.months if month.month == date(2025, 10, 1))
    assert [(row.last_name, row.due_on, row.exemption) for row in october.szd] == [
        ("Кузнецов", date(2025, 10, 16), None)
    ]
    assert [row.last_name for row in calendar.exempt] == ["Смирнова"]


def test_an_absence_that_ended_long_ago_changes_nothing(client, cast):
    f.AbsenceFactory(educator=cast.teacher, started_on=date(2008, 3, 1), ended_on=date(2010, 8, 31))
    client.force_login(cast.school1_admin)

    calendar = client.get(reverse("attestation:calendar")).context["calendar"]

    assert [(row.last_name, row.due_on) for row in calendar.overdue] == [
        ("Кузнецов", date(2012, 9, 1)),
        ("Смирнова", date(2012, 9, 1)),
    ]
    assert calendar.exempt == []


def test_the_export_lists_the_exempted_apart_with_until_when_but_never_why(client, exempted):
    client.force_login(exempted.school1_admin)

    response = client.get(reverse("attestation:calendar_export"))

    workbook = load_workbook(BytesIO(response.content))
    due = " ".join(str(cell) for sheet in workbook if sheet.title != "Освобождены"
                   for row in sheet.iter_rows(values_only=True) for cell in row)  # fmt: skip
    assert "Смирнова" not in due and "Кузнецов" not in due
    sheet = workbook["Освобождены"].iter_rows(values_only=True)
    rows = [row[1:] for row in sheet if isinstance(row[0], int)]  # № first
    assert [(row[0].split()[0], row[3], row[4]) for row in rows] == [
        ("Смирнова", datetime(2012, 9, 1), "пока отсутствует"),
        ("Кузнецов", datetime(2025, 3, 10), datetime(2025, 10, 16)),
    ]
    text = " ".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)
    assert "отпуск" not in text and "болезн" not in text and "беремен" not in text


def test_reminders_and_the_cabinet_do_not_call_the_exempted_due(exempted, today):
    until = date(2025, 7, 15)

    assert schedule.szd_due(exempted.school1_admin, today, until) == []
    assert cabinet.next_attestation(exempted.teacher, today) is None  # not due while on leave
    assert cabinet.next_attestation(exempted.mentor_educator, today) == (
        date(2025, 10, 16),
        "подтверждение соответствия занимаемой должности",
    )


def test_another_organization_sees_nothing_of_the_exempted(client, exempted):
    client.force_login(exempted.school2_admin)

    html = client.get(reverse("attestation:calendar"), {"months": 12}).content.decode()

    assert "Смирнова" not in html and "Кузнецов" not in html
    assert "освобождена" not in html and "освобождён" not in html
