"""Export of the filtered educators list to .xlsx: contents, scope and the audit entry."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils.http import content_disposition_header

from metodist.audit.models import AuditAction, AuditEntry
from metodist.people.models import EmploymentKind
from metodist.testing import factories as f
from metodist.testing.xlsx import Table, formula_cells, read_table

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


def exported(response) -> Table:
    assert response.status_code == 200
    return read_table(response.content)


def exported_names(response) -> list[str]:
    return [row[0] for row in exported(response).rows]


def filters_line(response) -> str:
    (line,) = [line for line in exported(response).lines if line.startswith("Отбор: ")]
    return line


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

    table = exported(client.get("/people/export/"))

    assert table.lines == [
        "Педагогические работники на 15.01.2025",
        "Территория: Город N",
        "Отбор: нет",
        "Выгрузил(а): methodologist, 15.01.2025 12:00 (МСК)",
        "Педагогов: 3; строк: 4.",
    ]
    assert table.headers == HEADERS
    assert table.numbers == [1, 2, 3, 4]
    assert table.rows == [
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

    (row,) = exported(client.get("/people/export/", {"young": "1"})).rows

    assert row[4:6] == ["Соответствие занимаемой должности", datetime(2029, 5, 20)]


def test_export_applies_the_filters_and_names_them(client, cast):
    client.force_login(cast.methodologist)

    response = client.get("/people/export/", {"young": "1", "organization": cast.school1.pk, "q": "смир"})

    assert filters_line(response) == "Отбор: Организация: Школа № 1; Молодой педагог; Поиск по ФИО или СНИЛС: «смир»"
    assert exported_names(response) == ["Смирнова Анна Игоревна"]


def test_educator_without_an_active_employment_gets_one_row(client, cast):
    retired = f.EducatorFactory(last_name="Андреева", first_name="Зоя", patronymic="")
    f.EmploymentFactory(educator=retired, organization=cast.school1, end_date=date(2024, 6, 30))
    client.force_login(cast.school1_admin)

    row = exported(client.get("/people/export/", {"former": "1"})).rows[0]

    assert row[0] == "Андреева Зоя"
    assert row[7:13] == [None] * 6


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
    # «Педагоги_Город-N_2025-01-15.xlsx», percent-encoded as RFC 6266 asks for a name that is not ASCII
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%9F%D0%B5%D0%B4%D0%B0%D0%B3%D0%BE%D0%B3%D0%B8_"
        "%D0%93%D0%BE%D1%80%D0%BE%D0%B4-N_2025-01-15.xlsx"
    )


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

    rows = exported(client.get("/people/export/")).rows

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

    assert filters_line(client.get("/people/export/", params)) == f"Отбор: {phrase}"


def test_notes_name_the_chosen_position_and_subject(client, cast):
    client.force_login(cast.methodologist)

    response = client.get("/people/export/", {"position": f.position("teacher").pk, "subject": f.subject("physics").pk})

    assert filters_line(response) == "Отбор: Должность: Учитель; Предмет: Физика"


def test_weekly_hours_of_a_post_without_teaching_read_not_applicable(client, cast):
    director = f.EducatorFactory(last_name="Андреева", first_name="Зоя", patronymic="")
    f.EmploymentFactory(educator=director, organization=cast.school1, position=f.position("head"), weekly_hours=0)
    deputy = f.EducatorFactory(last_name="Борисова", first_name="Яна", patronymic="")
    f.EmploymentFactory(educator=deputy, organization=cast.school1, position=f.position("deputy_head"), weekly_hours=6)
    client.force_login(cast.methodologist)

    rows = exported(client.get("/people/export/", {"q": "а"})).rows

    hours = {row[0]: row[11] for row in rows}
    assert hours["Андреева Зоя"] == "—"  # a director who does not teach: no load, not 0
    assert hours["Борисова Яна"] == 6  # a deputy who also teaches six hours
    assert hours["Смирнова Анна Игоревна"] == 18


def test_a_school_named_like_a_formula_is_exported_as_text(client, cast):
    cast.school1.short_name = '=HYPERLINK("http://evil.example/","Школа № 1")'
    cast.school1.save()
    client.force_login(cast.coordinator)

    response = client.get("/people/export/", {"organization": cast.school1.pk})

    assert {row[7] for row in exported(response).rows} == {'=HYPERLINK("http://evil.example/","Школа № 1")'}
    assert formula_cells(response.content) == []


@pytest.mark.parametrize(
    ("member", "territory", "file_place"),
    [
        ("coordinator", "Город N", "Город-N"),
        ("school1_admin", "Город N, Школа № 1", "Город-N-Школа-№-1"),
        ("regional_operator", "Свердловская область", "Свердловская-область"),
        ("teacher_user", "собственные данные", "собственные-данные"),
    ],
)
def test_title_block_and_file_name_name_the_scope_of_the_user(client, cast, member, territory, file_place):
    client.force_login(getattr(cast, member))

    response = client.get("/people/export/")

    assert exported(response).lines[1] == f"Территория: {territory}"
    assert response["Content-Disposition"] == content_disposition_header(
        as_attachment=True, filename=f"Педагоги_{file_place}_2025-01-15.xlsx"
    )
