"""A practice's materials: who adds and removes them and while, a file or a link each, at most 20 of them, files
checked by their content, every change audited; a file downloaded only by those who see the practice."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from metodist.audit.models import AuditAction, AuditEntry
from metodist.practices.models import PracticeMaterial, Status

from .conftest import PDF, material, practice

VIDEO = {"title": "Видеозапись урока", "link": "https://example.org/video"}


@pytest.fixture
def of_school1(cast):
    """The teacher's practice, submitted: its authors may still change the materials. Its one material is the
    builder's link «Описание»."""
    return practice(cast.school1, [cast.teacher], status=Status.SUBMITTED, title="Практика школы 1")


def _add(client, of, data):
    return client.post(reverse("practices:add_material", args=[of.pk]), data)


def _remove(client, of, item):
    return client.post(reverse("practices:remove_material", args=[of.pk, item.pk]))


def _captions(of) -> list[str]:
    return list(of.materials.values_list("title", flat=True))


def _stored(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


def test_the_authors_and_their_schools_administrator_add_materials_and_no_one_else(
    client, cast, of_school1, other_methodologist
):
    # school 2's administrator, an educator who is not an author and another municipality's methodologist do not
    # see the practice (404); the methodologist sees it, but she reviews practices, she does not submit them (403)
    answers = {}
    for user in (cast.teacher_user, cast.school1_admin, cast.school2_admin, cast.mentor_user, cast.methodologist,
                 other_methodologist):  # fmt: skip
        client.force_login(user)
        answers[user.username] = _add(client, of_school1, {"title": user.username, "link": "https://example.org/v"})

    assert {name: response.status_code for name, response in answers.items()} == {
        "teacher": 302, "school1": 302, "school2": 404, "mentor": 404, "methodologist": 403,
        "other_methodologist": 404,
    }  # fmt: skip
    assert _captions(of_school1) == ["Описание", "teacher", "school1"]


def test_no_one_but_those_who_may_edit_removes_a_material(client, cast, of_school1, other_methodologist):
    slides = material(of_school1, order=2, title="Презентация", link="https://example.org/slides")

    answers = {}
    for user in (cast.school2_admin, cast.mentor_user, cast.methodologist, other_methodologist):
        client.force_login(user)
        answers[user.username] = _remove(client, of_school1, slides).status_code

    assert answers == {"school2": 404, "mentor": 404, "methodologist": 403, "other_methodologist": 404}
    assert _captions(of_school1) == ["Описание", "Презентация"]


@pytest.mark.parametrize(
    ("status", "answer"),
    [(Status.SUBMITTED, 302), (Status.RETURNED, 302), (Status.UNDER_REVIEW, 403), (Status.ACCEPTED, 403),
     (Status.REJECTED, 403)],
)  # fmt: skip
def test_materials_change_only_while_the_practice_is_submitted_or_returned(client, cast, status, answer):
    of = practice(cast.school1, [cast.teacher], status=status)
    slides = material(of, order=2, title="Презентация", link="https://example.org/slides")
    client.force_login(cast.teacher_user)

    added = _add(client, of, VIDEO)
    removed = _remove(client, of, slides)

    assert (added.status_code, removed.status_code) == (answer, answer)
    # added as the third, then the second removed; or, locked, as they were
    expected = ["Описание", "Видеозапись урока"] if answer == 302 else ["Описание", "Презентация"]
    assert _captions(of) == expected


def test_adding_and_removing_are_audited_on_the_practice_and_move_its_version(client, cast, of_school1, media):
    client.force_login(cast.teacher_user)

    _add(client, of_school1, {"title": "Конспект урока", "file": SimpleUploadedFile("конспект.pdf", PDF)})
    _remove(client, of_school1, of_school1.materials.get(title="Описание"))

    entries = AuditEntry.objects.for_object(of_school1).order_by("pk")
    assert [(e.actor, e.action, e.summary, e.changes) for e in entries] == [
        (cast.teacher_user, "update", "добавлен материал «Конспект урока»", {"materials": [None, "конспект.pdf"]}),
        (cast.teacher_user, "update", "удалён материал «Описание»", {"materials": ["https://example.org/p", None]}),
    ]
    plan = of_school1.materials.get()
    assert (plan.title, plan.order, plan.added_by, plan.file.read()) == ("Конспект урока", 2, cast.teacher_user, PDF)
    of_school1.refresh_from_db()
    assert of_school1.version == 3  # 1, then one step for each change: a review form opened before is refused


def test_a_material_is_a_file_or_a_link_never_both_nor_neither(cast, of_school1):
    both = PracticeMaterial(practice=of_school1, file="practices/2025/plan.pdf", link="https://example.org/plan")
    neither = PracticeMaterial(practice=of_school1)

    with pytest.raises(ValidationError) as both_refused:
        both.full_clean()
    with pytest.raises(ValidationError) as neither_refused:
        neither.full_clean()

    assert both_refused.value.message_dict == {
        "link": ["Материал — это файл или ссылка: добавьте их отдельными материалами."]
    }
    assert neither_refused.value.message_dict == {"file": ["Приложите файл или дайте ссылку."]}
    for row in (both, neither):  # and the database holds the rule for a write that skips the model's clean
        with pytest.raises(IntegrityError), transaction.atomic():
            row.save()
    assert _captions(of_school1) == ["Описание"]


def test_a_form_with_both_a_file_and_a_link_is_refused_and_nothing_is_written(client, cast, of_school1, media):
    client.force_login(cast.teacher_user)

    response = _add(client, of_school1, {"title": "Всё сразу", "file": SimpleUploadedFile("plan.pdf", PDF),
                                         "link": "https://example.org/plan"})  # fmt: skip

    assert response.status_code == 400
    assert "добавьте их отдельными материалами" in response.content.decode()
    assert _captions(of_school1) == ["Описание"] and _stored(media) == []


def test_the_twentieth_material_is_added_and_the_twenty_first_refused_in_russian(client, cast, of_school1):
    for order in range(2, 20):  # with the builder's one: 19
        material(of_school1, order=order, link=f"https://example.org/{order}")
    client.force_login(cast.teacher_user)

    twentieth = _add(client, of_school1, VIDEO)
    twenty_first = _add(client, of_school1, {"title": "Лишний", "link": "https://example.org/more"})

    assert twentieth.status_code == 302
    assert twenty_first.status_code == 400
    html = twenty_first.content.decode()
    assert "К практике можно приложить не более 20 материалов. Удалите ненужный, чтобы добавить новый." in html
    assert of_school1.materials.count() == 20 and not of_school1.materials.filter(title="Лишний").exists()


def test_a_file_whose_content_is_not_what_its_name_says_is_refused_and_nothing_is_written(
    client, cast, of_school1, media
):
    client.force_login(cast.teacher_user)

    response = _add(client, of_school1, {"title": "Конспект", "file": SimpleUploadedFile("конспект.pdf", b"MZ\x90")})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Файл «конспект.pdf» не похож на документ .pdf" in html
    assert "Приложите файл или дайте ссылку." not in html  # the refused file is explained once
    assert _captions(of_school1) == ["Описание"] and _stored(media) == []
    assert not AuditEntry.objects.for_object(of_school1).exists()


def test_the_last_material_is_not_removed(client, cast, of_school1):
    only = of_school1.materials.get()
    client.force_login(cast.teacher_user)

    response = client.post(reverse("practices:remove_material", args=[of_school1.pk, only.pk]), follow=True)

    assert "Это единственный материал практики: сначала добавьте другой, затем удалите этот." in (
        response.content.decode()
    )
    assert list(of_school1.materials.all()) == [only]


def test_a_file_is_given_to_those_who_see_the_practice_and_each_download_is_audited(
    client, cast, of_school1, media, other_methodologist
):
    plan = material(of_school1, order=2, title="Конспект", file=ContentFile(PDF, name="plan.pdf"))
    url = reverse("practices:material", args=[of_school1.pk, plan.pk])

    answers = {}
    for user in (cast.teacher_user, cast.school1_admin, cast.methodologist, cast.school2_admin, cast.mentor_user,
                 other_methodologist):  # fmt: skip
        client.force_login(user)
        response = client.get(url)
        answers[user.username] = (
            response.status_code,
            b"".join(response.streaming_content) if response.status_code == 200 else b"",
        )

    assert answers == {"teacher": (200, PDF), "school1": (200, PDF), "methodologist": (200, PDF),
                       "school2": (404, b""), "mentor": (404, b""), "other_methodologist": (404, b"")}  # fmt: skip
    downloads = AuditEntry.objects.for_object(of_school1).filter(action=AuditAction.DOWNLOAD)
    assert sorted((e.actor.username, e.changes["material"]) for e in downloads) == [
        ("methodologist", "plan.pdf"), ("school1", "plan.pdf"), ("teacher", "plan.pdf"),
    ]  # fmt: skip


def test_a_material_is_reached_only_through_its_own_practice_and_a_link_is_no_file(client, cast, of_school1, media):
    # the mentor's practice of the same school: the teacher is not its author and does not see it
    mentors = practice(cast.school1, [cast.mentor_educator], status=Status.SUBMITTED, title="Практика наставника")
    foreign = material(mentors, order=2, title="Чужой конспект", file=ContentFile(PDF, name="plan.pdf"))
    client.force_login(cast.teacher_user)

    downloaded = client.get(reverse("practices:material", args=[of_school1.pk, foreign.pk]))
    removed = _remove(client, of_school1, foreign)
    link = client.get(reverse("practices:material", args=[of_school1.pk, of_school1.materials.get().pk]))

    assert (downloaded.status_code, removed.status_code, link.status_code) == (404, 404, 404)
    assert _captions(mentors) == ["Описание", "Чужой конспект"]


def test_the_card_lists_the_materials_and_offers_changes_only_to_those_who_may(client, cast, of_school1, media):
    plan = material(of_school1, order=2, title="Конспект урока", file=ContentFile(PDF, name="plan.pdf"))

    client.force_login(cast.teacher_user)
    author = client.get(reverse("practices:detail", args=[of_school1.pk])).content.decode()
    client.force_login(cast.methodologist)
    expert = client.get(reverse("practices:detail", args=[of_school1.pk])).content.decode()

    download = reverse("practices:material", args=[of_school1.pk, plan.pk])
    for html in (author, expert):
        assert f'href="{download}">Конспект урока</a>' in html
        assert 'href="https://example.org/p" rel="noopener nofollow">Описание</a>' in html
    assert (
        "Добавить материал" in author and reverse("practices:remove_material", args=[of_school1.pk, plan.pk]) in author
    )
    assert "Добавить материал" not in expert and "/remove/" not in expert
