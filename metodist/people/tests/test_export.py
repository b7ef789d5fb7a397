"""Export of the filtered educators list to .xlsx: contents, scope and the audit entry."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from metodist.audit.models import AuditAction, AuditEntry
from metodist.people.models import EmploymentKind
from metodist.testing import factories as f

pytestmark = pytest.mark.usefixtures("on_today")

HEADERS = [
    "ФИО",
    "Дата рождения",
    "Возраст",
    "Стаж",
    "Категория",
    "Действует до",
    "Образование",
    "Организация",
    "Должность",
    "Вид занятости",
    "Ставка",
    "Нагрузка, ч/нед",
    "Предметы",
    "Молодой педагог",
    "Вне профиля",
]


def sheet_rows(response) -> list[list]:
    assert response.status_code == 200
    worksheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in worksheet.iter_rows(values_only=True)]


def exported_names(response) -> list[str]:
    return [row[0] for row in sheet_rows(response)[2:]]


def test_export_has_notes_headers_and_one_row_per_educator_and_employment(client, cast):
    f.EducationFactory(educator=cast.mentor_educator, speciality=f.speciality("Физика"), completed_on=date(1992, 6, 30))
    f.EmploymentFactory(
        educator=cast.mentor_educator,
        organization=cast.school2,
        kind=EmploymentKind.INTERNAL,
        rate=Decimal("0.5"),
        weekly_hours=Decimal("9"),
        subjects=[f.subject("informatics")],
    )
    client.force_login(cast.methodologist)

    rows = sheet_rows(client.get("/people/export/"))

    assert rows[0][0] == "Педагогические работники на 15.01.2025. Фильтры: нет. Педагогов: 3."
    assert rows[1] == HEADERS
    assert rows[2:] == [
        [
            "Кузнецов Павел Андреевич",
            datetime(1970, 1, 10),
            55,
            21,
            "Без категории",
            None,
            "Высшее, педагогическое, Физика, окончено 30.06.1992",
            "Школа № 1",
            "Учитель",
            "Основное место работы",
            1,
            18,
            "Физика",
            "нет",
            "нет",
        ],
        [
            "Кузнецов Павел Андреевич",
            datetime(1970, 1, 10),
            55,
            21,
            "Без категории",
            None,
            "Высшее, педагогическое, Физика, окончено 30.06.1992",
            "Школа № 2",
            "Учитель",
            "Внутреннее совместительство",
            0.5,
            9,
            "Информатика",
            "нет",
            "да",  # his speciality «Физика» does not cover informatics
        ],
        [
            "Орлова Вера Петровна",
            datetime(1980, 5, 17),
            44,
            21,
            "Без категории",
            None,
            None,
            "Школа № 2",
            "Учитель",
            "Основное место работы",
            1,
            18,
            None,
            "нет",
            "нет",
        ],
        [
            "Смирнова Анна Игоревна",
            datetime(1999, 3, 2),
            25,
            1,
            "Без категории",
            None,
            None,
            "Школа № 1",
            "Учитель",
            "Основное место работы",
            1,
            18,
            "Математика",
            "да",
            "да",
        ],
    ]


def test_export_shows_the_category_in_force_and_its_term(client, cast):
    cast.teacher.category = "szd"
    cast.teacher.category_awarded_on = date(2024, 5, 20)
    cast.teacher.category_expires_on = date(2029, 5, 20)
    cast.teacher.save()
    client.force_login(cast.methodologist)

    (row,) = sheet_rows(client.get("/people/export/", {"young": "1"}))[2:]

    assert row[4:6] == ["Соответствие занимаемой должности", datetime(2029, 5, 20)]


def test_export_applies_the_filters_and_names_them(client, cast):
    client.force_login(cast.methodologist)

    rows = sheet_rows(client.get("/people/export/", {"young": "1", "organization": cast.school1.pk, "q": "смир"}))

    assert rows[0][0] == (
        "Педагогические работники на 15.01.2025. "
        "Фильтры: Организация: Школа № 1; Молодой педагог; Поиск по ФИО: «смир». Педагогов: 1."
    )
    assert [row[0] for row in rows[2:]] == ["Смирнова Анна Игоревна"]


def test_educator_without_an_active_employment_gets_one_row(client, cast):
    retired = f.EducatorFactory(last_name="Андреева", first_name="Зоя", patronymic="")
    f.EmploymentFactory(educator=retired, organization=cast.school1, end_date=date(2024, 6, 30))
    client.force_login(cast.school1_admin)

    rows = sheet_rows(client.get("/people/export/", {"former": "1"}))

    assert rows[2][0] == "Андреева Зоя"
    assert rows[2][7:13] == [None] * 6


def test_export_records_an_audit_entry_without_personal_data(client, cast):
    client.force_login(cast.methodologist)

    client.get("/people/export/", {"q": "Смирнова"})

    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.model) == (cast.methodologist, AuditAction.EXPORT, "people.educator")
    assert entry.summary == "Выгрузка списка педагогов в Excel: педагогов — 1, строк — 1"
    assert entry.changes == {}


def test_export_is_an_xlsx_attachment(client, cast):
    client.force_login(cast.methodologist)

    response = client.get("/people/export/")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="pedagogi-2025-01-15.xlsx"'


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("school2_admin", ["Орлова Вера Петровна"]),
        ("teacher_user", ["Смирнова Анна Игоревна"]),
        ("other_user", ["Волкова Ирина Петровна"]),
    ],
)
def test_export_holds_only_the_scope(client, cast, member, expected):
    client.force_login(getattr(cast, member))

    assert exported_names(client.get("/people/export/")) == expected


def test_part_timer_is_exported_to_another_school_with_that_school_only(client, cast):
    f.EmploymentFactory(educator=cast.mentor_educator, organization=cast.school2, kind=EmploymentKind.EXTERNAL)
    client.force_login(cast.school2_admin)

    rows = sheet_rows(client.get("/people/export/"))[2:]

    assert [(row[0], row[7]) for row in rows] == [
        ("Кузнецов Павел Андреевич", "Школа № 2"),
        ("Орлова Вера Петровна", "Школа № 2"),
    ]


def test_anonymous_visitor_cannot_export(client, cast):
    response = client.get("/people/export/")

    assert response.status_code == 302
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("params", "phrase"),
    [
        ({"kind": "preschool"}, "Тип организации: Дошкольная образовательная организация"),
        ({"category": "none"}, "Категория: Без категории (в т. ч. истекшей)"),
        ({"category": "highest"}, "Категория: Высшая (в т. ч. педагог-методист, педагог-наставник)"),
        ({"experience_min": "3", "experience_max": "10"}, "Стаж от, лет: 3; Стаж до, лет: 10"),
        ({"load_min": "27"}, "Нагрузка от, ч/нед: 27"),
        ({"pension": "pre"}, "Возраст: Предпенсионный"),
        ({"pension": "pension"}, "Возраст: Пенсионный"),
        ({"part_time": "1", "out_of_profile": "1"}, "Совместитель; Преподаёт вне профиля"),
        ({"sort": "-name", "page": "2"}, "нет"),  # sorting and paging are not filters
    ],
)
def test_notes_name_every_filter(client, cast, params, phrase):
    client.force_login(cast.methodologist)

    notes = sheet_rows(client.get("/people/export/", params))[0][0]

    assert notes.startswith(f"Педагогические работники на 15.01.2025. Фильтры: {phrase}. Педагогов: ")


def test_notes_name_the_chosen_position_and_subject(client, cast):
    client.force_login(cast.methodologist)

    rows = sheet_rows(
        client.get("/people/export/", {"position": f.position("teacher").pk, "subject": f.subject("physics").pk})
    )

    assert "Фильтры: Должность: Учитель; Предмет: Физика. Педагогов: 1." in rows[0][0]
