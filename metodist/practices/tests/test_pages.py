"""The practices' pages: who sees what, submission, the expert review."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metodist.audit.models import AuditEntry
from metodist.practices.models import Practice, Status

from .conftest import PDF, practice


@pytest.fixture
def of_school1(cast):
    return practice(cast.school1, [cast.teacher], status=Status.SUBMITTED, title="Практика школы 1")


def test_the_list_shows_the_practices_of_the_scope_only(client, cast, of_school1, other_methodologist):
    # the methodologist and the school's administrator see it; school 2's administrator, the other municipality's
    # methodologist and an educator who is not an author do not
    seen = {}
    for user in (cast.methodologist, cast.school1_admin, cast.teacher_user, cast.school2_admin, other_methodologist,
                 cast.mentor_user):  # fmt: skip
        client.force_login(user)
        seen[user.username] = "Практика школы 1" in client.get(reverse("practices:index")).content.decode()

    assert seen == {"methodologist": True, "school1": True, "teacher": True, "school2": False,
                    "other_methodologist": False, "mentor": False}  # fmt: skip


def test_a_card_out_of_scope_is_not_found(client, cast, of_school1):
    client.force_login(cast.school2_admin)

    assert client.get(reverse("practices:detail", args=[of_school1.pk])).status_code == 404


def test_an_educator_submits_a_practice_with_themself_as_author(client, cast, on_today):
    client.force_login(cast.teacher_user)

    response = client.post(reverse("practices:submit"), {
        "title": "Функциональная грамотность на уроках математики", "kind": "pedagogical",
        "annotation": "Задания PISA на каждом уроке.", "organization": cast.school1.pk, "level": "organization",
        "link": "https://example.org/m", "authors": [cast.teacher.pk, cast.mentor_educator.pk],
    })  # fmt: skip

    made = Practice.objects.get()
    assert response.status_code == 302
    assert (made.status, made.municipality_id, str(made.submitted_on)) == (
        "submitted",
        cast.municipality.pk,
        "2025-01-15",
    )
    assert [a.educator_id for a in made.authors.all()] == [cast.teacher.pk, cast.mentor_educator.pk]
    assert list(made.materials.values_list("order", "file", "link", "added_by")) == [
        (1, "", "https://example.org/m", cast.teacher_user.pk)
    ]
    created = AuditEntry.objects.for_object(made).get()
    assert created.changes["materials"] == [None, ["https://example.org/m"]]


def test_a_practice_submitted_with_a_file_and_a_link_has_both_as_materials_the_file_first(
    client, cast, on_today, media
):
    client.force_login(cast.teacher_user)

    client.post(reverse("practices:submit"), {
        "title": "Смысловое чтение", "kind": "pedagogical", "annotation": "Приёмы работы с текстом.",
        "organization": cast.school1.pk, "level": "organization", "authors": [cast.teacher.pk],
        "material": SimpleUploadedFile("приёмы.pdf", PDF), "link": "https://example.org/video",
    })  # fmt: skip

    materials = Practice.objects.get().materials.all()
    assert [(m.order, m.reference()) for m in materials] == [(1, "приёмы.pdf"), (2, "https://example.org/video")]
    assert materials[0].file.read() == PDF


def test_submission_without_materials_or_with_a_fake_file_is_refused_in_russian(client, cast):
    client.force_login(cast.school1_admin)
    data = {"title": "Практика", "kind": "managerial", "annotation": "Текст", "organization": cast.school1.pk,
            "level": "organization", "authors": [cast.teacher.pk]}  # fmt: skip

    missing = client.post(reverse("practices:submit"), data)
    fake = client.post(reverse("practices:submit"), {**data, "material": SimpleUploadedFile("a.pdf", b"not a pdf")})

    assert "Приложите файл материалов или дайте ссылку на них." in missing.content.decode()
    assert "не похож на документ .pdf" in fake.content.decode()
    assert not Practice.objects.exists()


def test_an_educator_cannot_submit_a_practice_of_someone_else(client, cast):
    client.force_login(cast.teacher_user)

    response = client.post(reverse("practices:submit"), {
        "title": "Чужая", "kind": "pedagogical", "annotation": "Текст", "organization": cast.school1.pk,
        "level": "organization", "link": "https://example.org", "authors": [cast.mentor_educator.pk],
    })  # fmt: skip

    assert "укажите себя среди авторов" in response.content.decode()


def test_a_methodologist_accepts_a_practice_and_it_enters_the_public_registry(client, cast, of_school1, on_today):
    client.force_login(cast.methodologist)

    client.post(reverse("practices:take", args=[of_school1.pk]))
    client.post(reverse("practices:review", args=[of_school1.pk]),
                {"conclusion": "accepted", "level": "municipal", "remarks": "", "version": 1})  # fmt: skip

    of_school1.refresh_from_db()
    assert (of_school1.status, of_school1.level, str(of_school1.decided_on)) == ("accepted", "municipal", "2025-01-15")
    assert of_school1.reviews.get().expert == cast.methodologist
    client.logout()
    assert "Практика школы 1" in client.get(reverse("practices:public")).content.decode()


def test_returning_needs_remarks_and_a_stale_form_is_refused(client, cast, of_school1):
    client.force_login(cast.methodologist)
    url = reverse("practices:review", args=[of_school1.pk])

    silent = client.post(url, {"conclusion": "returned", "level": "organization", "remarks": "", "version": 1})
    Practice.objects.filter(pk=of_school1.pk).update(version=2)  # someone else concluded meanwhile
    stale = client.post(url, {"conclusion": "rejected", "level": "organization", "remarks": "Нет", "version": 1})

    assert "Напишите замечания" in silent.content.decode()
    assert "Запись изменена другим пользователем" in stale.content.decode()
    of_school1.refresh_from_db()
    assert of_school1.status == Status.SUBMITTED


def test_an_educator_or_an_administrator_cannot_review(client, cast, of_school1):
    for user in (cast.teacher_user, cast.school1_admin):
        client.force_login(user)
        response = client.post(reverse("practices:review", args=[of_school1.pk]),
                               {"conclusion": "accepted", "level": "regional", "version": 1})  # fmt: skip
        assert response.status_code == 403


def test_the_authors_correct_a_returned_practice_and_submit_it_again(client, cast, of_school1, on_today):
    Practice.objects.filter(pk=of_school1.pk).update(status=Status.RETURNED)
    client.force_login(cast.teacher_user)

    client.post(reverse("practices:edit", args=[of_school1.pk]), {
        "title": "Исправленная", "kind": "pedagogical", "annotation": "Исправлено", "organization": cast.school1.pk,
        "level": "organization", "authors": [cast.teacher.pk], "version": 1,
    })  # fmt: skip

    of_school1.refresh_from_db()
    assert (of_school1.title, of_school1.status) == ("Исправленная", Status.SUBMITTED)
    assert of_school1.materials.count() == 1  # the materials are changed on the card, not by the form


def test_the_list_is_read_in_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    for number in range(6):
        practice(cast.school1, [cast.teacher, cast.mentor_educator], title=f"П{number}")
    client.force_login(cast.methodologist)
    client.get(reverse("practices:index"))

    # session, user, count, page, authors, waiting, navigation
    with django_assert_num_queries(7):
        client.get(reverse("practices:index"))


def test_the_cabinet_panel_lists_the_authors_practices(cast, of_school1, today):
    from metodist.practices.cabinet import panel

    assert panel(cast.teacher_user, today)["practices"] == [of_school1]
    assert panel(cast.school2_admin, today) is None
