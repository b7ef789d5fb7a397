"""Importing a procedure's results from the operator's .xlsx: check, report, atomic commit."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metodist.audit.models import AuditAction, AuditEntry
from metodist.diagnostics import importing
from metodist.diagnostics.models import Deficit, DiagnosticResult, ImportStatus, ResultImport
from metodist.jobs.models import Job, JobStatus
from metodist.testing import growth as g
from metodist.testing.diagnostics import snils_of, workbook

HEAD = ["СНИЛС", "Фамилия", "Имя", "Отчество", "Дата рождения", "Дата прохождения", "Максимальный балл"]
TODAY = date(2025, 1, 15)


@pytest.fixture
def procedure(cast):
    cast.teacher.snils = snils_of(123456789)
    cast.teacher.save(update_fields=["snils"])
    return g.diagnostic(cast.region, ends_on=date(2024, 11, 30), threshold=Decimal("50"))


def _import(procedure, user, rows, headers=None):
    content = workbook(headers or HEAD + ["subject.content", "methods.lesson"], rows)
    item = ResultImport.objects.create(diagnostic=procedure, file_name="итоги.xlsx", content=content, created_by=user)
    importing.check(item, by=user, today=TODAY)
    return item


TEACHER = [snils_of(123456789), "Смирнова", "Анна", "Игоревна", "02.03.1999", "15.11.2024", 10]
MENTOR_BY_NAME = [None, "Кузнецов", "Павел", "Андреевич", date(1970, 1, 10), None, 20]


def test_a_file_is_checked_matched_by_snils_or_by_name_and_birth_date_and_committed(cast, procedure):
    item = _import(procedure, cast.methodologist, [TEACHER + [4, 9], MENTOR_BY_NAME + [15, None]])

    assert item.status == ImportStatus.CHECKED
    assert (item.report["participants"], item.report["results"], item.report["error_count"]) == (2, 3, 0)
    assert not DiagnosticResult.objects.exists()  # the check writes nothing

    importing.commit(item, by=cast.methodologist)

    results = {
        (r.educator.last_name, r.competency.code): (r.score, r.max_score, r.taken_on, r.level.name)
        for r in DiagnosticResult.objects.select_related("educator", "competency", "level")
    }
    assert results == {
        ("Смирнова", "subject.content"): (Decimal("4"), Decimal("10"), date(2024, 11, 15), "Недостаточный"),
        ("Смирнова", "methods.lesson"): (Decimal("9"), Decimal("10"), date(2024, 11, 15), "Высокий"),
        ("Кузнецов", "subject.content"): (Decimal("15"), Decimal("20"), date(2024, 11, 30), "Повышенный"),
    }
    assert list(Deficit.objects.values_list("educator__last_name", "competency__code")) == [
        ("Смирнова", "subject.content")
    ]
    item.refresh_from_db()
    assert (item.status, bytes(item.content), bytes(item.rows)) == (ImportStatus.COMMITTED, b"", b"")
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT, model="diagnostics.diagnostic").count() == 1


def test_unknown_and_out_of_scope_educators_are_listed_and_nothing_is_written_for_them(cast, procedure):
    rows = [
        TEACHER + [4, 9],
        [None, "Петров", "Пётр", None, "01.01.1980", None, 10, 5, 5],
        [None, "Волкова", "Ирина", "Петровна", date(1980, 5, 17), None, 10, 5, 5],  # another municipality
    ]

    item = _import(procedure, cast.methodologist, rows)
    importing.commit(item, by=cast.methodologist)

    assert item.report["unknown"] == [
        "Строка 3: Петров Пётр, 01.01.1980 г. р. — не найден среди педагогов вашей территории",
        "Строка 4: Волкова Ирина Петровна, 17.05.1980 г. р. — не найден среди педагогов вашей территории",
    ]
    assert set(DiagnosticResult.objects.values_list("educator__last_name", flat=True)) == {"Смирнова"}


def test_bad_rows_are_reported_in_russian_and_nothing_can_be_committed(cast, procedure):
    rows = [
        TEACHER[:6] + [10, 11, 9],  # a score above the maximum
        [snils_of(123456789), "Смирнова", "Анна", "Игоревна", "02.03.1999", "15.11.2024", 10, 4, 4],  # twice
        MENTOR_BY_NAME[:5] + ["31.12.2024", 20, 5, 5],  # after the procedure ended
        MENTOR_BY_NAME[:5] + ["32.13.2024", 20, "пять", 5],
        ["123-456-789 00"] + MENTOR_BY_NAME[1:] + [5, 5],
    ]

    item = _import(procedure, cast.methodologist, rows)

    assert item.status == ImportStatus.REJECTED
    assert item.report["errors"] == [
        "Строка 2, столбец «subject.content»: балл 11 больше максимального 10.",
        "Строка 4, столбец «Дата прохождения»: 31.12.2024 вне сроков диагностики (01.11.2024 — 30.11.2024).",
        "Строка 5, столбец «Дата прохождения»: «32.13.2024» не является датой: ожидается дата в формате "
        "ДД.ММ.ГГГГ, например 01.09.2015.",
        "Строка 5, столбец «subject.content»: «пять» не является числом.",
        "Строка 6, столбец «СНИЛС»: неверное контрольное число.",
    ]
    with pytest.raises(importing.ImportRejected):
        importing.commit(item, by=cast.methodologist)
    assert not DiagnosticResult.objects.exists()


def test_a_participant_twice_is_an_error(cast, procedure):
    item = _import(procedure, cast.methodologist, [TEACHER + [4, 9], TEACHER + [5, 5]])

    assert item.report["errors"] == ["Строка 3: этот педагог уже указан в строке 2."]


def test_an_unknown_competency_code_or_a_block_in_the_header_rejects_the_file(cast, procedure):
    item = _import(procedure, cast.methodologist, [TEACHER + [4, 9]], headers=HEAD + ["subject.magic", "subject"])

    assert item.report["errors"] == [
        "Столбец «subject.magic»: такого кода компетенции нет в версии 1 модели «Профессиональные компетенции "
        "педагогических и управленческих кадров», и это не столбец шаблона.",
        "Столбец «subject»: это блок, а баллы ставятся по компетенциям блока.",
        "В заголовке нет ни одного столбца с кодом компетенции: скачайте шаблон этой диагностики.",
    ]


def test_a_competency_may_have_its_own_maximum_column(cast, procedure):
    headers = [h for h in HEAD if h != "Максимальный балл"] + ["subject.content", "subject.content макс"]
    item = _import(procedure, cast.methodologist, [TEACHER[:6] + [12, 40]], headers=headers)
    importing.commit(item, by=cast.methodologist)

    assert DiagnosticResult.objects.get().percent == Decimal("30.00")


def test_a_repeated_import_replaces_the_participants_results(cast, procedure):
    importing.commit(_import(procedure, cast.methodologist, [TEACHER + [4, 9]]), by=cast.methodologist)

    importing.commit(_import(procedure, cast.methodologist, [TEACHER + [8, None]]), by=cast.methodologist)

    assert list(DiagnosticResult.objects.values_list("competency__code", "score")) == [("subject.content", 8)]
    assert not Deficit.objects.exists()


def test_the_pages_run_the_check_and_the_commit_as_jobs(client, cast, procedure, on_today):
    client.force_login(cast.methodologist)
    upload = SimpleUploadedFile("итоги.xlsx", workbook(HEAD + ["subject.content"], [TEACHER + [3]]))

    response = client.post(reverse("diagnostics:import_new", args=[procedure.pk]), {"file": upload})

    job = Job.objects.get(kind="diagnostics.check")
    assert response.url == reverse("jobs:detail", args=[job.pk])
    item = ResultImport.objects.get()
    assert item.status == ImportStatus.CHECKED
    page = client.get(item.get_absolute_url())
    assert "Загрузить 1 результатов" in page.content.decode()
    client.post(reverse("diagnostics:import_commit", args=[item.pk]))
    assert Job.objects.get(kind="diagnostics.commit").status == JobStatus.DONE
    assert DiagnosticResult.objects.count() == 1
    client.force_login(cast.coordinator)  # another user never sees the file
    assert client.get(item.get_absolute_url()).status_code == 404


def test_the_template_has_the_columns_of_the_procedures_version(client, cast, procedure):
    client.force_login(cast.methodologist)

    response = client.get(reverse("diagnostics:import_template", args=[procedure.pk]))

    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert headers[:7] == HEAD
    assert headers[7:10] == ["subject.content", "subject.tasks", "subject.standards"]


def test_a_file_that_is_not_a_workbook_is_refused_by_the_form(client, cast, procedure):
    client.force_login(cast.methodologist)

    response = client.post(
        reverse("diagnostics:import_new", args=[procedure.pk]), {"file": SimpleUploadedFile("итоги.xlsx", b"hello")}
    )

    assert response.context["form"].errors["file"] == [
        "Файл должен быть книгой Excel в формате .xlsx; если он в другом формате, откройте его в Excel и сохраните "
        "как «Книга Excel (*.xlsx)»."
    ]
