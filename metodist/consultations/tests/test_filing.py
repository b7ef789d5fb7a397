"""Filing a request: an educator from their cabinet (their home organization copied), an organization's
administrator for the organization or a group of its staff; the topic is a scored competency or a kept topic;
attachments are checked by content; bad input comes back with Russian errors and nothing lost."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metodist.diagnostics.models import Competency
from metodist.testing.growth import framework_version

from ..models import HelpRequest, RequestEvent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _scored():
    return Competency.objects.filter(version=framework_version(), parent__isnull=False).order_by("pk").first()


def _post(client, **fields):
    data = {"topic": "", "description": "", "form_wanted": "individual", "urgency": "normal"} | fields
    return client.post(reverse("consultations:new"), data)


def test_an_educator_files_for_herself_from_her_home_organization(client, cast, topic):
    client.force_login(cast.teacher_user)
    upload = SimpleUploadedFile("конспект.pdf", PDF, content_type="application/pdf")

    response = _post(client, topic=f"t{topic.pk}", description="Не получается вовлечь родителей.", files=[upload])

    item = HelpRequest.objects.get()
    assert response.status_code == 302
    assert (item.educator, item.organization, item.municipality, item.region) == (
        cast.teacher,
        cast.school1,
        cast.municipality,
        cast.region,
    )
    assert (item.topic, item.competency, item.status, item.created_by) == (topic, None, "new", cast.teacher_user)
    assert item.attachments.get().name == "конспект.pdf"
    assert RequestEvent.objects.get(request=item).status_to == "new"


def test_the_topic_may_be_a_scored_competency_of_the_current_framework(client, cast):
    competency = _scored()
    client.force_login(cast.teacher_user)

    _post(client, topic=f"c{competency.pk}", description="Формирующее оценивание")

    item = HelpRequest.objects.get()
    assert (item.competency, item.topic) == (competency, None)


def test_a_block_is_not_offered_as_a_topic(client, cast):
    block = Competency.objects.filter(version=framework_version(), parent__isnull=True).first()
    client.force_login(cast.teacher_user)

    response = _post(client, topic=f"c{block.pk}", description="Вопрос")

    assert response.status_code == 200
    assert "Выберите тему из списка." in response.content.decode()
    assert f'value="c{block.pk}"' not in response.content.decode()


def test_bad_input_comes_back_in_russian_with_the_text_kept(client, cast):
    client.force_login(cast.teacher_user)
    fake = SimpleUploadedFile("акт.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = _post(client, description="Мой длинный вопрос о проектной деятельности", files=[fake])

    page = response.content.decode()
    assert response.status_code == 200
    assert "Выберите тему запроса." in page
    assert "не похож на документ .pdf" in page
    assert "Мой длинный вопрос о проектной деятельности" in page
    assert not HelpRequest.objects.exists()


def test_an_organization_files_for_a_group_of_its_staff(client, cast, topic):
    client.force_login(cast.school1_admin)

    _post(
        client,
        organization=cast.school1.pk,
        staff=[cast.teacher.pk, cast.mentor_educator.pk],
        topic=f"t{topic.pk}",
        description="Молодым учителям нужна помощь с рабочими программами.",
        form_wanted="school_visit",
    )

    item = HelpRequest.objects.get()
    assert (item.requester_kind, item.educator, item.organization) == ("organization", None, cast.school1)
    assert set(item.staff.all()) == {cast.teacher, cast.mentor_educator}


def test_an_organization_may_not_name_staff_of_another_school(client, cast, topic):
    client.force_login(cast.school1_admin)

    response = _post(
        client, organization=cast.school1.pk, staff=[cast.school2_educator.pk], topic=f"t{topic.pk}", description="x"
    )

    assert response.status_code == 200
    assert not HelpRequest.objects.exists()


def test_an_organization_may_not_file_for_another_school(client, cast, topic):
    client.force_login(cast.school2_admin)

    response = _post(client, organization=cast.school1.pk, topic=f"t{topic.pk}", description="x")

    assert response.status_code == 200
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize("who", ["coordinator", "methodologist"])
def test_the_service_does_not_file_requests(client, cast, who):
    client.force_login(getattr(cast, who))

    assert client.get(reverse("consultations:new")).status_code == 403
