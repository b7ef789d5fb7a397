"""Imports of programs and trainings: checked first, Russian errors per row, nothing half-written."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from metodist.testing import growth as g
from metodist.training import imports
from metodist.training.models import Program, ProgramCohort, Review, Training, TrainingSource

PROGRAM_HEADER = ["Наименование", "Организация", "Вид организации", "Часов", "Вид программы", "В федеральном реестре",
                  "Темы", "Компетенции", "На основе диагностики дефицитов", "Потоки"]  # fmt: skip
TRAINING_HEADER = ["СНИЛС", "ФИО", "Дата рождения", "Программа", "Начало", "Окончание", "Номер удостоверения"]


def workbook(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, kind, content):
    name = "programs_import" if kind == "programs" else "trainings_import"
    return client.post(reverse(f"training:{name}"), {"file": SimpleUploadedFile("курсы.xlsx", content)})


def test_a_program_file_is_checked_then_committed(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.methodologist)
    content = workbook(PROGRAM_HEADER, [
        ["Функциональная грамотность", "ЦНППМ", "ЦНППМ", 36, "ПК", "да", "functional_literacy", "fl.reading; fl.math",
         "да", "01.03.2025-20.03.2025 25; 01.10.2025-20.10.2025"],
        ["Учитель физики", "ИРО", "иро", 300, "ПП", "нет", "", "", "нет", ""],
    ])  # fmt: skip

    checked = upload(client, "programs", content)

    assert checked.context["check"].ok and not Program.objects.exists()
    committed = client.post(reverse("training:programs_import"), {"token": checked.context["token"]})
    assert committed.status_code == 302
    literacy = Program.objects.get(title="Функциональная грамотность")
    assert (literacy.kind, literacy.hours, literacy.in_federal_registry, literacy.on_deficit_diagnostics) == (
        "pk", 36, True, True,
    )  # fmt: skip
    assert sorted(literacy.competencies.values_list("code", flat=True)) == ["fl.math", "fl.reading"]
    assert list(ProgramCohort.objects.filter(program=literacy).values_list("starts_on", "seats")) == [
        (date(2025, 3, 1), 25),
        (date(2025, 10, 1), None),
    ]
    assert literacy.region_id == cast.region.pk
    assert Program.objects.get(title="Учитель физики").provider_kind == "institute"


def test_a_bad_program_file_writes_nothing_and_names_each_row(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.methodologist)
    content = workbook(PROGRAM_HEADER, [
        ["Хорошая", "ЦНППМ", "ЦНППМ", 36, "ПК", "да", "", "", "", ""],
        ["", "ЦНППМ", "космодром", 8, "ПК", "может быть", "кулинария", "no.such", "", "20.03.2025-01.03.2025"],
        ["Хорошая", "ИРО", "ИРО", 300, "ПП", "", "", "", "", ""],
    ])  # fmt: skip

    check = upload(client, "programs", content).context["check"]

    errors = {row.number: row.errors for row in check.errors}
    assert errors[3] == [
        "столбец «Наименование»: не заполнено",
        "столбец «Вид организации»: «космодром» — нет такого значения; допустимо: ЦНППМ, Институт развития "
        "образования (ИРО, ИПК), Федеральный оператор, Муниципальная методическая служба, Другая организация",
        "столбец «В федеральном реестре»: «может быть»: ожидается «да» или «нет»",
        "столбец «Часов»: программа повышения квалификации — не менее 16 часов",
        "столбец «Темы»: тема «кулинария» не найден(а) в справочнике",
        "столбец «Компетенции»: нет в модели компетенций кодов no.such",
        "столбец «Потоки»: поток «20.03.2025-01.03.2025»: начало позже окончания",
    ]
    assert errors[4] == ["программа «Хорошая» повторяется в файле"]
    assert 2 not in errors
    assert not Program.objects.exists()


def test_a_file_without_a_required_column_is_refused(cast):
    check = imports.check_programs(workbook(["Наименование"], [["Курс"]]))

    assert check.file_errors[0] == "В файле нет обязательного столбца «Организация»: скачайте шаблон."


def test_a_file_that_is_not_a_workbook_is_refused(client, cast):
    client.force_login(cast.methodologist)

    response = upload(client, "programs", b"not a workbook at all")

    assert "Файл должен быть книгой Excel в формате .xlsx" in response.context["form"].errors["file"][0]


@pytest.fixture
def catalogue(cast):
    cast.teacher.snils = "11223344595"
    cast.teacher.save()
    return g.program(title="Формирующее оценивание", registry_number="ФР-1001")


def test_trainings_are_matched_by_snils_or_by_name_and_birth_date(
    client, cast, catalogue, settings, tmp_path, on_today
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.methodologist)
    content = workbook(TRAINING_HEADER, [
        ["112-233-445 95", "", "", "Формирующее оценивание", "01.10.2024", "20.10.2024", "001"],
        ["", "Кузнецов Павел Андреевич", "10.01.1970", "ФР-1001", "01.11.2024", "20.11.2024", "002"],
    ])  # fmt: skip

    checked = upload(client, "trainings", content)
    client.post(reverse("training:trainings_import"), {"token": checked.context["token"]})

    rows = Training.objects.order_by("ends_on").values_list("educator__last_name", "source", "review", "region_id")
    assert list(rows) == [
        ("Смирнова", TrainingSource.IMPORT, Review.VERIFIED, cast.region.pk),
        ("Кузнецов", TrainingSource.IMPORT, Review.VERIFIED, cast.region.pk),
    ]


def test_unknown_people_and_programs_are_listed_and_nothing_is_written(cast, catalogue):
    content = workbook(TRAINING_HEADER, [
        ["112-233-445 95", "", "", "Формирующее оценивание", "01.10.2024", "20.10.2024", ""],
        ["", "Волкова Ирина", "01.01.1980", "Формирующее оценивание", "01.10.2024", "20.10.2024", ""],  # other place
        ["", "Орлова Вера", "", "Нет такой программы", "20.10.2024", "01.10.2024", ""],
    ])  # fmt: skip

    check = imports.check_trainings(content, user=cast.school1_admin, today=date(2025, 1, 15))

    errors = {row.number: row.errors for row in check.errors}
    assert errors[3] == [
        f"педагог «Волкова Ирина», {cast.other_educator.birth_date:%d.%m.%Y} г. р., не найден среди педагогов ваших "
        "организаций"
    ] or errors[3][0].startswith("педагог «Волкова Ирина»")
    assert errors[4] == [
        "дата начала позже даты окончания",
        "укажите СНИЛС или ФИО и дату рождения педагога",
    ]
    assert len(check.unknown) == 1
    assert not check.ok and not Training.objects.exists()


def test_a_large_file_is_committed_by_a_job(client, cast, catalogue, settings, tmp_path, monkeypatch, on_today):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(imports, "JOB_ROWS", 1)
    client.force_login(cast.methodologist)
    content = workbook(TRAINING_HEADER, [
        ["112-233-445 95", "", "", "Формирующее оценивание", "01.10.2024", "20.10.2024", "001"],
        ["112-233-445 95", "", "", "Формирующее оценивание", "01.11.2023", "20.11.2023", "002"],
    ])  # fmt: skip

    checked = upload(client, "trainings", content)
    response = client.post(reverse("training:trainings_import"), {"token": checked.context["token"]})

    assert response.status_code == 302 and "/jobs/" in response.url
    assert Training.objects.count() == 2


def test_the_templates_describe_their_columns(client, cast):
    client.force_login(cast.methodologist)

    response = client.get(reverse("training:template", args=["trainings"]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
