"""Editing the competency framework: a published version never changes, an edit makes the next version's draft."""

from datetime import date

from django.urls import reverse

from metodist.audit.models import AuditEntry
from metodist.diagnostics import actions, framework
from metodist.diagnostics.models import Competency, DiagnosticResult, FrameworkVersion
from metodist.testing import growth as g


def test_editing_a_published_version_makes_a_draft_copy_of_the_tree_and_the_scale(cast):
    published = g.framework_version()
    shape = (published.competencies.count(), published.levels.count())

    node = actions.save_competency(published, by=cast.methodologist, node=g.competency("subject.tasks"), name="Задачи")

    draft = node.version
    assert (draft.number, draft.is_draft) == (2, True)
    assert (draft.competencies.count(), draft.levels.count()) == shape
    assert draft.competencies.get(code="subject.tasks").parent.version == draft
    assert g.competency("subject.tasks").name == "Решение предметных задач повышенной сложности"  # version 1 kept
    assert AuditEntry.objects.filter(model="diagnostics.competency", object_id=str(node.pk)).exists()


def test_a_second_edit_goes_to_the_same_draft(cast):
    published = g.framework_version()
    first = actions.save_competency(
        published, by=cast.methodologist, code="digital.ai", name="ИИ в обучении", parent_code="digital", order=99
    )

    second = actions.save_competency(published, by=cast.methodologist, node=first, parent_code="methodological")

    assert second.version == first.version
    assert FrameworkVersion.objects.count() == 2
    assert (second.parent.code, second.group) == ("methodological", "methodological")  # moved, takes its block's group


def test_publishing_makes_the_draft_current_and_results_keep_their_version(cast):
    diagnostic = g.diagnostic(cast.region)
    g.results(diagnostic, cast.teacher, {"subject.content": 3})
    published = g.framework_version()
    actions.remove_competency(published, "subject.standards", by=cast.methodologist)
    draft = published.framework.draft()

    actions.publish_version(draft, by=cast.methodologist, on=date(2025, 1, 15))

    assert published.framework.current() == draft
    result = DiagnosticResult.objects.get()
    assert result.competency.version == published
    assert Competency.objects.filter(version=published, code="subject.standards").exists()
    assert not Competency.objects.filter(version=draft, code="subject.standards").exists()


def test_a_competency_with_results_or_a_full_block_cannot_be_removed(cast):
    published = g.framework_version()
    draft = framework.editable(published)

    try:
        framework.remove(draft.competencies.get(code="subject"))
    except framework.FrameworkError as error:
        assert str(error) == "В блоке есть компетенции: удалите или перенесите их в другой блок."
    else:
        raise AssertionError("a block with competencies was removed")
    try:
        framework.remove(published.competencies.get(code="subject.content"))
    except framework.FrameworkError as error:
        assert str(error) == "Опубликованную версию изменить нельзя."


def test_the_scale_is_edited_in_the_draft_with_russian_validation(client, cast):
    published = g.framework_version()
    client.force_login(cast.coordinator)
    url = reverse("diagnostics:levels", args=[published.pk])
    data = {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "0"}
    bad = {**data, "form-0-name": "Низкий", "form-0-min_percent": "10", "form-1-name": "Высокий",
           "form-1-min_percent": "60", "form-1-mastered": "on"}  # fmt: skip

    response = client.post(url, bad)

    assert list(response.context["formset"].non_form_errors()) == [
        "Нижний уровень шкалы должен начинаться с 0 %, иначе часть результатов не получит уровня."
    ]
    client.post(url, {**bad, "form-0-min_percent": "0"})
    draft = published.framework.draft()
    assert [(lv.name, lv.min_percent, lv.mastered) for lv in draft.levels.all()] == [
        ("Низкий", 0, False), ("Высокий", 60, True),
    ]  # fmt: skip
    assert published.levels.count() == 4


def test_educators_and_organization_admins_only_read_the_framework(client, cast):
    published = g.framework_version()
    for user in (cast.teacher_user, cast.school1_admin):
        client.force_login(user)

        assert client.get(reverse("diagnostics:version", args=[published.pk])).status_code == 200
        assert client.get(reverse("diagnostics:competency_add", args=[published.pk])).status_code == 403
        assert client.post(reverse("diagnostics:publish", args=[published.pk])).status_code == 403
    assert FrameworkVersion.objects.count() == 1


def test_a_methodologist_adds_a_competency_through_the_page(client, cast):
    published = g.framework_version()
    client.force_login(cast.methodologist)

    response = client.post(
        reverse("diagnostics:competency_add", args=[published.pk]),
        {"code": "digital.ai", "name": "Искусственный интеллект в обучении", "parent_code": "digital", "order": "70"},
    )

    draft = published.framework.draft()
    assert response.status_code == 302
    assert draft.competencies.get(code="digital.ai").parent.code == "digital"
    duplicate = client.post(
        reverse("diagnostics:competency_add", args=[published.pk]),
        {"code": "digital.ai", "name": "Ещё раз", "parent_code": "digital", "order": "71"},
    )
    assert duplicate.context["form"].errors["code"] == ["Компетенция или блок с таким кодом уже есть."]
