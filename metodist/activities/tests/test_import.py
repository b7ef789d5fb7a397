"""Importing activity records from .xlsx: the check, the report with rows and columns, the all-or-nothing and
rerun-safe commit, the template, and who may import."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from metodist.activities import importing
from metodist.activities.models import (
    ActivityImport,
    ActivityRecord,
    ExpertRole,
    ImportStatus,
    RecordKind,
    TargetContract,
)
from metodist.audit.models import AuditAction, AuditEntry
from metodist.jobs.models import Job, JobStatus
from metodist.testing.diagnostics import snils_of, workbook

from .conftest import activity

TODAY = date(2025, 1, 15)
RECORDS = ["Организация", "Вид", "СНИЛС", "ФИО", "Дата рождения", "Проект, мероприятие, программа", "Дата начала",
           "Дата окончания", "Реквизиты документа"]  # fmt: skip
TEACHER_SNILS, SCHOOL2_SNILS, OTHER_SNILS, NOBODY_SNILS = (snils_of(n) for n in (123456789, 223456789, 323456789,
                                                                               423456789))  # fmt: skip
STAY = ["Школа № 1", "Санаторий", TEACHER_SNILS, None, None, "Профилакторий «Юбилейный»", "01.02.2024", "14.02.2024",
        "Путёвка № 5"]  # fmt: skip
TOUR = ["Школа № 1", "Сетевой проект", None, "Кузнецов Павел Андреевич", date(1970, 1, 10), "Образовательный тур",
        date(2024, 3, 1), None, None]  # fmt: skip
CLASS = ["Школа № 1", "Психолого-педагогический класс", None, None, None, "10 «П»", "01.09.2024", None, None]


@pytest.fixture
def snils(cast):
    """The teacher of school 1, the educator of school 2 and the educator of another municipality have SNILS."""
    for educator, number in ((cast.teacher, TEACHER_SNILS), (cast.school2_educator, SCHOOL2_SNILS),
                             (cast.other_educator, OTHER_SNILS)):  # fmt: skip
        educator.snils = number
        educator.save(update_fields=["snils"])


def _checked(user, rows, tab="records", headers=RECORDS) -> ActivityImport:
    item = ActivityImport.objects.create(tab=tab, file_name="записи.xlsx", content=workbook(headers, rows),
                                         created_by=user)  # fmt: skip
    importing.check_import(item, by=user, today=TODAY)
    return item


def test_a_good_file_creates_exactly_its_records_each_audited_like_one_entered_by_hand(cast, snils):
    item = _checked(cast.methodologist, [STAY, TOUR, CLASS])

    assert (item.status, item.report["create"], item.report["error_count"]) == (ImportStatus.CHECKED, 3, 0)
    assert not ActivityRecord.objects.exists()  # the check writes nothing

    importing.commit(item, by=cast.methodologist, today=TODAY)

    records = ActivityRecord.objects.order_by("started_on")
    fields = [(r.kind, r.educator, r.organization, r.title, r.started_on, r.ended_on, r.document_ref) for r in records]
    assert fields == [
        (RecordKind.SANATORIUM, cast.teacher, cast.school1, "Профилакторий «Юбилейный»", date(2024, 2, 1),
         date(2024, 2, 14), "Путёвка № 5"),
        (RecordKind.NETWORK_PROJECT, cast.mentor_educator, cast.school1, "Образовательный тур", date(2024, 3, 1), None,
         ""),
        (RecordKind.TEACHER_CLASS, None, cast.school1, "10 «П»", date(2024, 9, 1), None, ""),
    ]  # fmt: skip
    assert {(r.created_by, r.municipality, r.region) for r in records} == {
        (cast.methodologist, cast.municipality, cast.region)
    }
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, model="activities.activityrecord")
    assert sorted(int(e.object_id) for e in created) == sorted(r.pk for r in records)
    assert AuditEntry.objects.get(action=AuditAction.IMPORT).summary == (
        "Импорт из «записи.xlsx»: создано записей 3, уже были 0"
    )
    item.refresh_from_db()
    assert (item.status, bytes(item.content)) == (ImportStatus.COMMITTED, b"")  # the personal data is erased


def test_a_file_with_bad_rows_writes_nothing_and_names_each_row_and_column(client, cast, snils):
    late = [*STAY[:6], "10.02.2024", "01.02.2024", None]
    bad_snils = ["Школа № 1", "Санаторий", "123-456-789 00", None, None, "Санаторий", "01.02.2024", None, None]
    unknown_kind = ["Школа № 1", "Экскурсия", TEACHER_SNILS, None, None, "Музей", "01.02.2024", None, None]
    nobody = ["Школа № 1", "Санаторий", None, None, None, "Санаторий", "01.02.2024", None, None]

    item = _checked(cast.methodologist, [TOUR, late, bad_snils, unknown_kind, nobody])

    assert item.status == ImportStatus.REJECTED
    assert item.report["errors"] == [
        "Строка 3, столбец «Дата окончания»: дата окончания раньше даты начала",
        "Строка 4, столбец «СНИЛС»: неверное контрольное число",
        "Строка 5, столбец «Вид»: недопустимое значение «Экскурсия»: ожидается «Участие в сетевом проекте региона», "
        "«Участие в клубе, фестивале, проекте (профилактика выгорания)», «Санаторно-курортное лечение», "
        "«Психолого-педагогический (педагогический) класс»",
        "Строка 6, столбец «СНИЛС»: укажите педагога: СНИЛС или ФИО и дату рождения",
    ]
    assert bytes(item.content) == b""
    client.force_login(cast.methodologist)
    assert item.report["errors"][0] in client.get(item.get_absolute_url()).content.decode()
    with pytest.raises(importing.ImportRejected):
        importing.commit(item, by=cast.methodologist, today=TODAY)
    assert not ActivityRecord.objects.exists()


def test_a_snils_outside_the_scope_is_reported_exactly_like_an_unknown_one(cast, snils):
    rows = [[*STAY[:2], SCHOOL2_SNILS, *STAY[3:]], [*STAY[:2], NOBODY_SNILS, *STAY[3:]]]

    item = _checked(cast.school1_admin, rows)

    assert item.report["unknown"] == [
        "Строка 2, столбец «СНИЛС»: педагог с этим СНИЛС не найден среди педагогов вашей территории",
        "Строка 3, столбец «СНИЛС»: педагог с этим СНИЛС не найден среди педагогов вашей территории",
    ]
    assert (item.status, item.report["errors"]) == (ImportStatus.REJECTED, [])


def test_an_educator_of_another_municipality_is_not_found_by_name_either(cast, snils):
    row = [*TOUR[:3], "Волкова Ирина", cast.other_educator.birth_date, *TOUR[5:]]

    item = _checked(cast.methodologist, [row])

    birth = f"{cast.other_educator.birth_date:%d.%m.%Y}"
    assert item.report["unknown"] == [
        f"Строка 2, столбец «ФИО»: педагог «Волкова Ирина», {birth} г. р., не найден среди педагогов вашей территории"
    ]


def test_a_rerun_creates_nothing_new_and_lists_what_is_already_there(cast, snils):
    activity(RecordKind.TEACHER_CLASS, cast.school1, started_on=date(2024, 9, 1), title="Класс, внесённый вручную")
    importing.commit(_checked(cast.methodologist, [STAY, TOUR]), by=cast.methodologist, today=TODAY)

    again = _checked(cast.methodologist, [STAY, TOUR, CLASS])
    importing.commit(again, by=cast.methodologist, today=TODAY)

    assert ActivityRecord.objects.count() == 3
    assert (again.report["create"], again.report["created"], again.report["existing_count"]) == (0, 0, 3)
    assert again.report["existing"] == [
        "Строка 2: Смирнова Анна Игоревна: санаторно-курортное лечение, 01.02.2024–14.02.2024 — уже есть, пропущена.",
        "Строка 3: Кузнецов Павел Андреевич: участие в сетевом проекте региона, 01.03.2024 — уже есть, пропущена.",
        f"Строка 4: {cast.school1}: психолого-педагогический (педагогический) класс, 01.09.2024 — уже есть, пропущена.",
    ]


def test_a_record_twice_in_the_file_and_a_class_with_an_educator_are_errors(cast, snils):
    with_educator = [*CLASS[:2], TEACHER_SNILS, *CLASS[3:]]

    item = _checked(cast.methodologist, [STAY, STAY, with_educator])

    assert item.report["errors"] == [
        "Строка 3: эта запись уже указана в строке 2",
        "Строка 4, столбец «Вид»: для психолого-педагогического класса педагог не указывается: очистите СНИЛС, ФИО и "
        "дату",
    ]


def test_expert_roles_and_contracts_are_imported_with_their_form_rules(cast, snils):
    experts = _checked(cast.school1_admin, [["Школа № 1", TEACHER_SNILS, None, None, "Член жюри (конкурсной комиссии)",
                                             "ОО", "Учитель года", "01.10.2024", None, None, None]], tab="experts",
                       headers=["Организация", "СНИЛС", "ФИО", "Дата рождения", "Роль", "Уровень",
                                "Комиссия, конкурс, актив", "Дата начала", "Дата окончания", "Реквизиты документа",
                                "Примечание"])  # fmt: skip
    contract_headers = ["Обучающийся (Ф. И. О.)", "Колледж или вуз", "Направившая организация", "Договор заключён",
                        "Окончил обучение", "Трудоустроен", "Организация трудоустройства", "СНИЛС"]  # fmt: skip
    employed = ["Петров Пётр", "ПК", "Школа № 1", "01.09.2021", "30.06.2024", "01.09.2024", "Школа № 1", TEACHER_SNILS]
    no_employer = ["Иванов Иван", "ПК", "Школа № 1", "01.09.2021", None, "01.09.2024", None, None]

    rejected = _checked(cast.school1_admin, [employed, no_employer], tab="contracts", headers=contract_headers)
    contracts = _checked(cast.school1_admin, [employed], tab="contracts", headers=contract_headers)
    importing.commit(experts, by=cast.school1_admin, today=TODAY)
    importing.commit(contracts, by=cast.school1_admin, today=TODAY)

    assert rejected.report["errors"] == [
        "Строка 3, столбец «Окончил обучение»: укажите дату окончания обучения: трудоустройство — после него",
        "Строка 3, столбец «Организация трудоустройства»: укажите, в какую организацию трудоустроен выпускник",
    ]
    role = ExpertRole.objects.get()
    assert (role.educator, role.kind, role.level, role.body) == (cast.teacher, "jury", "organization", "Учитель года")
    contract = TargetContract.objects.get()
    assert (contract.student, contract.graduated_on, contract.employed_on, contract.employer, contract.educator) == (
        "Петров Пётр", date(2024, 6, 30), date(2024, 9, 1), cast.school1, cast.teacher
    )  # fmt: skip


def test_an_administrator_imports_only_into_their_organization(cast, snils):
    row = [*STAY[:2], SCHOOL2_SNILS, *STAY[3:]]

    item = _checked(cast.school2_admin, [row])

    assert item.report["errors"] == [
        "Строка 2, столбец «Организация»: организация «Школа № 1» не найдена среди доступных вам организаций: "
        "выберите значение из листа «Справочники» шаблона"
    ]


def test_the_pages_check_and_commit_the_file_as_jobs(client, cast, snils, on_today):
    client.force_login(cast.school1_admin)
    assert "Скачать шаблон" in client.get(reverse("activities:import_new", args=["records"])).content.decode()
    upload = SimpleUploadedFile("записи.xlsx", workbook(RECORDS, [STAY, CLASS]))

    response = client.post(reverse("activities:import_new", args=["records"]), {"file": upload})

    assert response.url == reverse("jobs:detail", args=[Job.objects.get(kind="activities.check").pk])
    item = ActivityImport.objects.get()
    assert "Загрузить: создать записей — 2" in client.get(item.get_absolute_url()).content.decode()
    client.post(reverse("activities:import_commit", args=[item.pk]))
    assert Job.objects.get(kind="activities.commit").status == JobStatus.DONE
    assert ActivityRecord.objects.filter(created_by=cast.school1_admin).count() == 2
    client.force_login(cast.methodologist)  # another user never sees the file
    assert client.get(item.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("tab", "headers"),
    [
        ("records", ["Организация *", "Вид *", "СНИЛС", "ФИО", "Дата рождения", "Проект, мероприятие, программа *",
                     "Дата начала *", "Дата окончания", "Реквизиты документа", "Примечание"]),
        ("experts", ["Организация *", "СНИЛС", "ФИО", "Дата рождения", "Роль *", "Уровень *",
                     "Комиссия, конкурс, актив", "Дата начала *", "Дата окончания", "Реквизиты документа",
                     "Примечание"]),
        ("contracts", ["Обучающийся (Ф. И. О.) *", "Колледж или вуз *", "Направившая организация *",
                       "Договор заключён *", "Окончил обучение", "Трудоустроен", "Организация трудоустройства",
                       "СНИЛС", "Договор расторгнут", "Реквизиты документа", "Примечание"]),
    ],
)  # fmt: skip
def test_the_template_has_the_header_and_an_example_row(client, cast, tab, headers):
    client.force_login(cast.methodologist)

    response = client.get(reverse("activities:import_template", args=[tab]))

    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == headers
    assert len(rows) == 2
    assert rows[1][0] == ("Петров Пётр Ильич" if tab == "contracts" else "МАОУ СОШ № 1")  # the example row
    assert book.sheetnames[1:] == ["Справочники", "Описание столбцов"]


def test_the_template_of_a_regional_operator_asks_for_the_municipality(client, cast):
    client.force_login(cast.regional_operator)

    response = client.get(reverse("activities:import_template", args=["records"]))

    header = next(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert header[:2] == ("Муниципалитет *", "Организация *")


def test_a_teacher_may_not_import(client, cast, snils):
    item = _checked(cast.methodologist, [STAY])
    client.force_login(cast.teacher_user)

    statuses = [
        client.get(reverse("activities:import_new", args=["records"])).status_code,
        client.get(reverse("activities:import_template", args=["records"])).status_code,
        client.post(reverse("activities:import_new", args=["records"]),
                    {"file": SimpleUploadedFile("записи.xlsx", workbook(RECORDS, [STAY]))}).status_code,
        client.post(reverse("activities:import_commit", args=[item.pk])).status_code,
        client.get(reverse("activities:import_new", args=["unknown"])).status_code,
    ]  # fmt: skip

    assert statuses == [403, 403, 403, 403, 404]
    assert not ActivityRecord.objects.exists() and ActivityImport.objects.count() == 1


def test_the_documentation_lists_every_column_of_every_template():
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / "docs" / "activities.md").read_text()

    missing = [(fmt.title, column.header) for fmt in importing.FORMATS.values() for column in fmt.columns
               if f"| {column.header} | {'да' if column.required else ''} | {column.help} |" not in text]  # fmt: skip
    assert missing == []


def test_a_regional_operator_names_the_municipality_of_each_organization(cast, snils):
    headers = ["Муниципалитет", *RECORDS]

    missing = _checked(cast.regional_operator, [STAY])
    item = _checked(cast.regional_operator, [["Город N", *STAY]], headers=headers)
    importing.commit(item, by=cast.regional_operator, today=TODAY)

    assert missing.report["errors"] == [
        "В файле нет обязательных столбцов: «Муниципалитет». Скачайте шаблон формата «Записи о деятельности» и "
        "перенесите данные в него."
    ]
    assert list(ActivityRecord.objects.values_list("educator__last_name", "organization__short_name")) == [
        ("Смирнова", "Школа № 1")
    ]


def test_two_checks_of_one_file_committed_one_after_the_other_create_the_records_once(cast, snils):
    first, second = _checked(cast.methodologist, [STAY, CLASS]), _checked(cast.methodologist, [STAY, CLASS])

    importing.commit(first, by=cast.methodologist, today=TODAY)
    report = importing.commit(second, by=cast.methodologist, today=TODAY)

    assert ActivityRecord.objects.count() == 2
    assert (report["created"], report["existing_count"]) == (0, 2)
