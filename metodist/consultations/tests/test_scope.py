"""Who sees a request: the service its territory, an organization's administrator its organizations', an educator
their own, an executor what is assigned to them — and who must NOT see it (list, card, attachment, export)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ..models import HelpRequest, RequestAttachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def teachers_request(cast, build, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = build()
    RequestAttachment.objects.create(
        request=item, file=ContentFile(PDF, name="plan.pdf"), name="план урока.pdf", uploaded_by=cast.teacher_user
    )
    return item


def _sees(client, user, item) -> bool:
    client.force_login(user)
    listed = item.pk in [row.pk for row in client.get(reverse("consultations:index")).context["page"].object_list]
    card = client.get(reverse("consultations:detail", args=[item.pk])).status_code
    assert card in (200, 404)
    assert listed == (card == 200)
    return listed


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("coordinator", True),
        ("methodologist", True),
        ("regional_operator", True),
        ("school1_admin", True),
        ("teacher_user", True),
        ("school2_admin", False),
        ("mentor_user", False),
        ("other_user", False),
    ],
)
def test_a_teachers_request_is_seen_by_her_her_school_and_the_service_only(client, cast, teachers_request, who, sees):
    assert _sees(client, getattr(cast, who), teachers_request) is sees


def test_an_executor_sees_the_requests_assigned_to_them(client, cast, teachers_request, tutor_user):
    assert not _sees(client, tutor_user, teachers_request)

    HelpRequest.objects.filter(pk=teachers_request.pk).update(assignee=tutor_user, status="assigned")

    assert _sees(client, tutor_user, teachers_request)


def test_a_service_of_another_municipality_sees_nothing(client, cast, teachers_request):
    from metodist.testing import factories as f

    stranger = f.UserFactory(role="methodologist", municipality=cast.other_municipality)

    assert not _sees(client, stranger, teachers_request)


def test_the_attachment_is_served_in_scope_only(client, cast, teachers_request):
    url = reverse("consultations:attachment", args=[teachers_request.pk, teachers_request.attachments.get().pk])

    client.force_login(cast.school2_admin)
    assert client.get(url).status_code == 404
    client.force_login(cast.other_user)
    assert client.get(url).status_code == 404
    client.force_login(cast.school1_admin)
    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]


def test_the_export_is_the_services_and_holds_its_territory_only(client, cast, build, teachers_request):
    from io import BytesIO

    from openpyxl import load_workbook

    build(educator=cast.other_educator, description="Чужой запрос")
    client.force_login(cast.teacher_user)
    assert client.get(reverse("consultations:export")).status_code == 403
    client.force_login(cast.school1_admin)
    assert client.get(reverse("consultations:export")).status_code == 403
    client.force_login(cast.methodologist)

    response = client.get(reverse("consultations:export"))

    text = " ".join(
        str(cell) for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True) for cell in row
    )
    assert "Смирнова Анна Игоревна" in text
    assert "Волкова" not in text
