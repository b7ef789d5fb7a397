"""The municipality's own record of incentives for mentors (criterion 8.6, a municipal act): the coordinator and
the methodologists of the municipality see, add and correct it with its document; an organization's administrator
and a teacher get 403, a coordinator of another municipality 404; bad input is refused in Russian, losing nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from metodist.accounts.models import Role
from metodist.mentoring.models import MentorIncentive
from metodist.testing import factories as f

pytestmark = pytest.mark.usefixtures("on_today")


def pdf(name="act.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def url(municipality, tail=""):
    return f"/mentoring/incentives/municipality/{municipality.pk}/{tail}"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def recorded(cast, media):
    """The municipal act of Город N, saved once (version 1), with its file."""
    return MentorIncentive.objects.create(municipality=cast.municipality, region=cast.region, has_incentives=True,
                                          act="Постановление № 12", document=pdf("first.pdf"))  # fmt: skip


def test_the_coordinator_records_the_municipal_act_with_its_document(client, cast, media):
    client.force_login(cast.coordinator)

    form = client.get(url(cast.municipality))
    saved = client.post(url(cast.municipality), {"has_incentives": "on", "act": "Постановление администрации № 45",
                                                 "adopted_on": "2024-02-01", "document": pdf()})  # fmt: skip

    assert form.status_code == 200
    assert saved.status_code == 302
    incentive = MentorIncentive.objects.municipal().get(municipality=cast.municipality)
    assert (incentive.region, incentive.has_incentives) == (cast.region, True)
    assert incentive.act == "Постановление администрации № 45"
    assert incentive.document.name.endswith(".pdf")
    assert client.get(url(cast.municipality, "document/")).status_code == 200


def test_the_methodologist_corrects_the_record_and_the_list_links_it(client, cast, recorded,
                                                                      django_assert_num_queries):  # fmt: skip
    client.force_login(cast.methodologist)

    corrected = client.post(url(cast.municipality), {"version": 1, "has_incentives": "on",
                                                     "act": "Постановление № 12 (в ред. № 30)"})  # fmt: skip
    with django_assert_num_queries(6):  # the session, the user, the organizations (2), municipalities and acts (2)
        listed = client.get("/mentoring/incentives/")

    assert corrected.status_code == 302
    recorded.refresh_from_db()
    assert (recorded.act, recorded.version) == ("Постановление № 12 (в ред. № 30)", 2)
    assert recorded.document.name  # kept: a correction without a new file keeps the old one
    page = listed.content.decode()
    assert (
        "Муниципальный акт" in page and url(cast.municipality) in page and url(cast.municipality, "document/") in page
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("school1_admin", 403),  # an organization's administrator: the municipal act is not hers
        ("teacher_user", 403),
        ("mentor_user", 403),
        ("stranger", 404),  # the coordinator of Город M, the same region: Город N is outside her scope
    ],
)
def test_who_may_not_open_or_post_the_municipal_act(client, cast, recorded, who, status):
    stranger = f.UserFactory(username="coordinator_m", role=Role.COORDINATOR, municipality=cast.other_municipality)
    client.force_login(stranger if who == "stranger" else getattr(cast, who))

    answers = [client.get(url(cast.municipality)).status_code,
               client.post(url(cast.municipality), {"version": 1, "act": "Чужая правка"}).status_code,
               client.get(url(cast.municipality, "document/")).status_code]  # fmt: skip

    assert answers == [status, status, status]
    recorded.refresh_from_db()
    assert (recorded.act, recorded.version) == ("Постановление № 12", 1)
    assert url(cast.municipality) not in client.get("/mentoring/incentives/").content.decode()


def test_a_municipal_act_without_its_file_is_refused_in_russian(client, cast, media):
    client.force_login(cast.coordinator)

    refused = client.post(url(cast.municipality), {"has_incentives": "on", "act": "Постановление № 45"})

    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Приложите файл муниципального акта" in page
    assert 'value="Постановление № 45"' in page  # what was entered is shown again
    assert not MentorIncentive.objects.municipal().exists()


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (SimpleUploadedFile("act.exe", b"MZ\x90\x00"), "Расширение файлов “exe” не поддерживается"),
        (SimpleUploadedFile("act.pdf", b"not a pdf at all"), "не похож на документ .pdf"),  # not what it says
    ],
)
def test_a_file_of_the_wrong_type_is_refused_and_the_record_is_kept(client, cast, recorded, upload, error):
    client.force_login(cast.coordinator)
    upload.seek(0)

    refused = client.post(url(cast.municipality), {"version": 1, "has_incentives": "on",
                                                   "act": "Постановление № 99", "document": upload})  # fmt: skip

    page = refused.content.decode()
    assert refused.status_code == 200
    assert error in page
    assert 'value="Постановление № 99"' in page
    assert "Приложите файл" not in page  # the file's own error, not a second one
    recorded.refresh_from_db()
    assert (recorded.act, recorded.version) == ("Постановление № 12", 1)
    assert recorded.document.name.startswith("mentoring/") and "first" in recorded.document.name
