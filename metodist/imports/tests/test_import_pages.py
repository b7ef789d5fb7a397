"""The import pages: who may use them, the two steps (check, then commit), downloads and refusals."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from metodist.imports.models import ImportBatch
from metodist.imports.samples import snils_with_checksum
from metodist.jobs.models import Job, JobStatus
from metodist.people.models import Educator

from .helpers import SNILS_2, educator, format_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def fixed_day(time_machine, today):
    time_machine.move_to(datetime(today.year, today.month, today.day, 12, tzinfo=ZoneInfo("Europe/Moscow")))


def upload(client, user, content: bytes, name: str = "педагоги.xlsx", code: str = "educators"):
    client.force_login(user)
    return client.post(reverse("imports:index"), {"format": code, "file": SimpleUploadedFile(name, content)})


def batch_page() -> str:
    """The page of the latest batch: where the check job's result leads."""
    return reverse("imports:batch", args=[ImportBatch.objects.latest("pk").pk])


def workbook(response):
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def test_the_import_page_offers_the_formats_the_user_may_use(client, cast):
    client.force_login(cast.school1_admin)

    response = client.get(reverse("imports:index"))

    assert response.status_code == 200
    assert [fmt.code for fmt in response.context["formats"]] == ["educators", "staff_positions"]
    assert "Пример заполненного файла" in response.content.decode()


@pytest.mark.parametrize("name", ["teacher_user", "mentor_user", "other_user"])
def test_users_who_do_not_keep_the_registry_get_403_on_every_import_page(client, cast, name):
    client.force_login(getattr(cast, name))
    batch = ImportBatch.objects.create(format="educators", file_name="x.xlsx", sha256="0", created_by=cast.teacher_user)

    responses = [
        client.get(reverse("imports:index")),
        client.get(reverse("imports:template", args=["educators"])),
        client.get(reverse("imports:sample", args=["educators_sample"])),
        client.get(reverse("imports:batch", args=[batch.pk])),
        client.post(reverse("imports:commit", args=[batch.pk])),
    ]

    assert [response.status_code for response in responses] == [403] * 5


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("imports:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_template_has_the_header_the_reference_lists_and_the_column_descriptions(client, cast):
    client.force_login(cast.school2_admin)

    book = workbook(client.get(reverse("imports:template", args=["educators"])))

    assert book.sheetnames == ["Педагоги и места работы", "Справочники", "Описание столбцов"]
    header = [cell.value for cell in book.worksheets[0][1]]
    assert header[:3] == ["Фамилия *", "Имя *", "Отчество"]
    assert "Муниципалитет" not in header
    references = book["Справочники"]
    columns = [cell.value for cell in references[1]]
    assert columns == [
        "Организации",
        "Должности",
        "Учебные предметы",
        "Специальности",
        "Категории",
        "Уровни образования",
        "Виды занятости",
    ]
    organizations = [row[0].value for row in references.iter_rows(min_row=2) if row[0].value]
    assert organizations == ["Школа № 2"]  # nothing of school 1 for its neighbour's administrator
    assert references.cell(row=2, column=5).value == "Без категории"


def test_a_regional_operator_gets_the_municipality_column_and_list(client, cast):
    client.force_login(cast.regional_operator)

    book = workbook(client.get(reverse("imports:template", args=["staff_positions"])))

    assert [cell.value for cell in book.worksheets[0][1]][0] == "Муниципалитет *"
    assert [cell.value for cell in book["Справочники"][1]][:3] == [
        "Муниципалитеты",
        "Организации",
        "Муниципалитет организации",
    ]


@pytest.mark.parametrize(("name", "code"), [("school1_admin", "organizations"), ("methodologist", "nonsense")])
def test_a_format_the_user_may_not_use_has_no_template(client, cast, name, code):
    client.force_login(getattr(cast, name))

    assert client.get(reverse("imports:template", args=[code])).status_code == 404


def test_a_good_file_is_checked_then_committed(client, cast):
    response = upload(client, cast.methodologist, format_file("educators", [educator()]))

    batch = ImportBatch.objects.get()
    check = Job.objects.get(kind="imports.check")
    assert response.status_code == 302
    assert response["Location"] == check.get_absolute_url()  # a job: its page shows the progress
    assert (check.status, check.result["url"]) == (JobStatus.DONE, reverse("imports:batch", args=[batch.pk]))
    assert check.result["summary"].startswith("Проверено строк: 1: с новыми записями — 1")
    preview = client.get(check.result["url"])
    assert preview.context["counts"] == {"create": 1, "update": 0, "unchanged": 0, "error": 0}
    assert "Загрузить в реестр" in preview.content.decode()
    assert not Educator.objects.filter(last_name="Лебедева").exists()

    committed = client.post(reverse("imports:commit", args=[batch.pk]))

    assert Educator.objects.filter(last_name="Лебедева").count() == 1
    job = Job.objects.get(kind="imports.commit")
    assert committed["Location"] == job.get_absolute_url()
    totals = "педагогические работники: 1 (новых 1); образование: 1 (новых 1); места работы: 1 (новых 1)"
    assert (job.result["summary"], job.result["url"]) == (f"Загружено в реестр: {totals}.", check.result["url"])
    page = client.get(job.result["url"]).content.decode()
    assert totals in page
    assert reverse("people:list") in page


def test_a_file_with_errors_shows_every_error_and_no_commit_button(client, cast):
    rows = [educator(), educator(snils=SNILS_2, first_name="Вера", position="Учитель математики")]

    upload(client, cast.methodologist, format_file("educators", rows))
    preview = client.get(batch_page())

    page = preview.content.decode()
    assert "Файл нельзя загрузить: найдено ошибок — 1." in page
    assert "Строка 3, столбец «Должность»: должность «Учитель математики» не найдена" in page
    assert "Загрузить в реестр" not in page
    assert client.post(reverse("imports:commit", args=[ImportBatch.objects.get().pk])).status_code == 302
    assert not Educator.objects.filter(last_name="Лебедева").exists()


def test_the_preview_can_show_only_the_rows_with_errors(client, cast):
    rows = [educator(), educator(snils=SNILS_2, first_name="Вера", position="Учитель математики")]
    upload(client, cast.methodologist, format_file("educators", rows))

    preview = client.get(batch_page() + "?show=errors")

    assert [row.number for row in preview.context["rows"]] == [3]


def test_an_unchanged_file_says_there_is_nothing_to_load(client, cast):
    content = format_file("educators", [educator()])
    first = upload(client, cast.methodologist, content)
    client.post(reverse("imports:commit", args=[ImportBatch.objects.get().pk]))

    second = upload(client, cast.methodologist, content, name="ещё раз.xlsx")
    page = client.get(batch_page()).content.decode()
    committed = client.post(reverse("imports:commit", args=[ImportBatch.objects.latest("pk").pk]), follow=True)

    assert first.status_code == second.status_code == 302
    assert "Все строки без изменений: реестр уже содержит эти данные, загружать нечего." in page
    assert "без изменений" in page
    assert "Загружать нечего: все строки файла совпадают с данными реестра." in committed.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("педагоги.xlsx", b"", "Файл пустой."),
        ("педагоги.csv", "Фамилия;Имя".encode(), "Файл должен быть книгой Excel в формате .xlsx"),
        ("педагоги.xlsx", "Фамилия;Имя".encode(), "Файл должен быть книгой Excel в формате .xlsx"),
        ("педагоги.xlsx", b"PK\x03\x04garbage", "Файл повреждён или сохранён несовместимой программой"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_on_the_upload_page(client, cast, name, content, message):
    response = upload(client, cast.methodologist, content, name=name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_size_limit_is_refused_on_the_upload_page(client, cast, settings):
    settings.IMPORT_MAX_BYTES = 1024

    response = upload(client, cast.methodologist, format_file("educators", [educator()] * 5))

    assert "допускается не больше 0,0 МБ" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_file_without_required_columns_is_refused_on_the_upload_page(client, cast):
    response = upload(client, cast.methodologist, format_file("educators", [{"last_name": "Лебедева"}]))

    assert "В файле нет обязательных столбцов: «Имя», «Дата рождения»" in response.content.decode()


def test_another_users_batch_is_not_found(client, cast):
    upload(client, cast.methodologist, format_file("educators", [educator()]))
    batch = ImportBatch.objects.get()
    client.force_login(cast.school2_admin)

    assert client.get(reverse("imports:batch", args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:commit", args=[batch.pk])).status_code == 404
    assert not Educator.objects.filter(last_name="Лебедева").exists()


def test_commit_accepts_only_post(client, cast):
    upload(client, cast.methodologist, format_file("educators", [educator()]))

    assert client.get(reverse("imports:commit", args=[ImportBatch.objects.get().pk])).status_code == 405


def test_the_import_page_lists_recent_batches_in_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    for index in range(8):
        ImportBatch.objects.create(
            format="educators", file_name=f"{index}.xlsx", sha256="0", created_by=cast.methodologist
        )
    client.force_login(cast.methodologist)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("imports:index"))

    assert len(response.context["batches"]) == 8


@pytest.mark.parametrize("people", [2, 8])
def test_the_preview_of_changes_takes_a_fixed_number_of_queries(client, cast, people, django_assert_max_num_queries):
    existing = [
        educator(snils=snils_with_checksum(f"{500000000 + index * 11:09d}"), last_name=f"Лебедева{index}")
        for index in range(people)
    ]
    upload(client, cast.methodologist, format_file("educators", existing))
    client.post(reverse("imports:commit", args=[ImportBatch.objects.get().pk]))
    changed = [row | {"weekly_hours": 20, "subjects": "Геометрия", "completed_on": 2013} for row in existing]
    upload(client, cast.methodologist, format_file("educators", changed), name="изменения.xlsx")

    with django_assert_max_num_queries(15):
        preview = client.get(batch_page())

    assert preview.context["counts"]["update"] == people


def test_an_org_admin_cannot_post_the_organizations_format(client, cast):
    response = upload(client, cast.school1_admin, b"PK\x03\x04", code="organizations")

    assert response.status_code == 200
    assert response.context["form"].errors["format"]
    assert not ImportBatch.objects.exists()


def dropdowns(sheet) -> dict[str, str]:
    """Header of the data sheet → the source of its drop-down list."""
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    return {
        headers[str(validation.sqref).split(":")[0].rstrip("0123456789")]: validation.formula1
        for validation in sheet.data_validations.dataValidation
    }


def test_coded_columns_of_the_template_offer_drop_down_lists_from_the_reference_sheet(client, cast):
    client.force_login(cast.school1_admin)

    book = workbook(client.get(reverse("imports:template", args=["educators"])))

    lists = dropdowns(book.worksheets[0])
    references = [cell.value for cell in book["Справочники"][1]]
    assert references[:3] == ["Организации", "Должности", "Учебные предметы"]
    assert lists["Организация *"] == "'Справочники'!$A$2:$A$2"  # school 1 only
    assert lists["Должность *"].startswith("'Справочники'!$B$2:$B$")
    assert lists["Предметы"].startswith("'Справочники'!$C$2:$C$")
    assert lists["Категория"] == "'Справочники'!$E$2:$E$7"  # the six categories
    assert lists["Вид занятости"] == "'Справочники'!$G$2:$G$4"
    assert lists["Пол"] == '"М,Ж"'
    assert lists["Педагогическое"] == '"да,нет"'
    assert "Фамилия *" not in lists


def test_the_organizations_template_offers_types_and_yes_no_flags(client, cast):
    client.force_login(cast.regional_operator)

    book = workbook(client.get(reverse("imports:template", args=["organizations"])))

    lists = dropdowns(book.worksheets[0])
    assert lists["Муниципалитет *"] == "'Справочники'!$A$2:$A$3"  # Город M, Город N
    assert lists["Тип *"] == "'Справочники'!$B$2:$B$7"
    assert lists["ШНОР"] == lists["Действующая"] == '"да,нет"'
