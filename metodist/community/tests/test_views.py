"""The pages: the list with filters and its export, the card, the forms of members, plan, meetings and
products; who must not see or change; queries that do not grow with the rows."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from metodist.accounts.models import Role
from metodist.community.models import AssociationKind, AssociationMeeting, AssociationProduct, Membership
from metodist.testing import factories as f
from metodist.testing.community import association

pytestmark = pytest.mark.usefixtures("on_today")  # 15.01.2025


@pytest.fixture
def head(cast):
    return f.UserFactory(username="assoc", role=Role.ASSOCIATION_HEAD, municipality=cast.municipality)


@pytest.fixture
def rmo(cast, head):
    return association(cast.municipality, title="РМО учителей математики", members=[cast.teacher], head_user=head,
                       subject=f.subject("mathematics"))  # fmt: skip


def test_the_list_filters_by_kind_and_theme(client, cast, rmo):
    association(cast.municipality, kind=AssociationKind.CREATIVE, title="Творческая группа ФГ",
                theme="Формирование функциональной грамотности")  # fmt: skip
    client.force_login(cast.methodologist)

    everything = client.get("/community/").content.decode()
    creative = client.get("/community/", {"kind": "creative"}).content.decode()
    literacy = client.get("/community/", {"theme": "функциональн"}).content.decode()

    assert "РМО учителей математики" in everything and "Творческая группа ФГ" in everything
    assert "РМО учителей математики" not in creative and "Творческая группа ФГ" in creative
    assert "РМО учителей математики" not in literacy


def test_another_municipality_and_another_school_see_nothing_of_it(client, cast, rmo):
    for user in (cast.other_user, cast.school2_admin):
        client.force_login(user)

        assert "РМО учителей математики" not in client.get("/community/").content.decode()
        assert client.get(f"/community/{rmo.pk}/").status_code == 404


def test_a_member_reads_the_card_and_may_not_change_it(client, cast, rmo):
    client.force_login(cast.teacher_user)

    page = client.get(f"/community/{rmo.pk}/").content.decode()
    refused = client.post(f"/community/{rmo.pk}/plan/", {"month": "2025-02-01", "topic": "Тема", "form": "meeting"})

    assert "РМО учителей математики" in page and "Провести заседание" not in page
    assert refused.status_code == 403
    assert client.post(f"/community/{rmo.pk}/members/", {}).status_code == 403


def test_the_head_adds_a_member_and_is_told_in_russian_about_overlapping_dates(client, cast, rmo, head):
    client.force_login(head)

    client.post(f"/community/{rmo.pk}/members/", {"educator": cast.mentor_educator.pk, "joined_on": "2024-09-01"})
    again = client.post(f"/community/{rmo.pk}/members/", {"educator": cast.mentor_educator.pk,
                                                          "joined_on": "2024-10-01"}, follow=True)  # fmt: skip

    assert Membership.objects.filter(educator=cast.mentor_educator).count() == 1
    assert "периоды членства не должны пересекаться" in again.content.decode()


def test_the_head_logs_a_meeting_with_minutes_and_a_checked_attachment(client, cast, rmo, head):
    client.force_login(head)
    fake = SimpleUploadedFile("протокол.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    real = SimpleUploadedFile("протокол.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", content_type="application/pdf")
    form = {"held_on": "2025-01-14", "topic": "Анализ ВПР", "minutes": "Слушали. Решили.",
            "attendees": [cast.teacher.pk]}  # fmt: skip

    refused = client.post(f"/community/{rmo.pk}/meetings/new/", {**form, "files": [fake]})
    saved = client.post(f"/community/{rmo.pk}/meetings/new/", {**form, "files": [real]})

    assert "не похож на документ .pdf" in refused.content.decode()
    assert saved.status_code == 302
    meeting = AssociationMeeting.objects.get()
    assert (meeting.minutes, list(meeting.attendees.all()), meeting.attachments.count()) == (
        "Слушали. Решили.", [cast.teacher], 1,
    )  # fmt: skip
    client.force_login(cast.teacher_user)
    page = client.get(f"/community/{rmo.pk}/meetings/{meeting.pk}/").content.decode()
    assert "Слушали. Решили." in page and "Присутствовали: 1 из 1" in page


def test_the_head_may_not_edit_the_association_record_itself(client, rmo, head):
    client.force_login(head)

    assert client.get(f"/community/{rmo.pk}/edit/").status_code == 403
    assert "Изменить</a>" not in client.get(f"/community/{rmo.pk}/").content.decode()


def test_a_product_without_a_file_or_a_link_is_refused(client, cast, rmo, head):
    client.force_login(head)

    product = {"title": "Сборник", "kind": "collection", "made_on": "2024-12-01"}

    refused = client.post(f"/community/{rmo.pk}/products/new/", product)
    saved = client.post(f"/community/{rmo.pk}/products/new/", {**product, "link": "https://example.org"})

    assert "Приложите файл продукта или укажите ссылку на него." in refused.content.decode()
    assert saved.status_code == 302 and AssociationProduct.objects.count() == 1


def test_a_methodologist_creates_an_association_and_an_edit_conflict_is_caught(client, cast):
    client.force_login(cast.methodologist)
    data = {"title": "ГМК", "kind": "city_council", "level": "municipal", "municipality": cast.municipality.pk,
            "founded_on": "2024-09-01"}  # fmt: skip

    client.post("/community/new/", data)
    created = cast.municipality.association_set.get()
    opened = client.get(f"/community/{created.pk}/edit/").context["lock"].initial
    lock = {"lock-version": opened["version"], "lock-opened": opened["opened"]}
    client.post(f"/community/{created.pk}/edit/", {**data, **lock, "title": "ГМК-1"})
    conflict = client.post(f"/community/{created.pk}/edit/", {**data, **lock, "title": "ГМК-2"})

    assert created.region_id == cast.region.pk
    assert "изменена другим пользователем" in conflict.content.decode()
    created.refresh_from_db()
    assert created.title == "ГМК-1"


def test_a_school_association_needs_its_school(client, cast):
    client.force_login(cast.methodologist)

    data = {"title": "ШМО", "kind": "school", "level": "organization", "municipality": cast.municipality.pk,
            "founded_on": "2024-09-01"}  # fmt: skip

    page = client.post("/community/new/", data)

    assert "Для ШМО укажите образовательную организацию." in page.content.decode()


def test_the_export_counts_members_now_and_ever(client, cast, rmo):
    Membership.objects.create(association=rmo, educator=cast.mentor_educator, joined_on=date(2021, 9, 1),
                              left_on=date(2023, 5, 31))  # fmt: skip
    client.force_login(cast.coordinator)

    response = client.get("/community/export.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(row for row in sheet.iter_rows(values_only=True) if "РМО учителей математики" in row)
    assert row[-2:] == (1, 2)  # the teacher now; the mentor left in 2023


def test_the_cabinet_panel_lists_the_educators_associations(client, cast, rmo):
    from metodist.community.cabinet import panel

    assert [m.association.title for m in panel(cast.teacher_user, date(2025, 1, 15))["memberships"]] == [
        "РМО учителей математики"
    ]
    assert panel(cast.other_user, date(2025, 1, 15)) is None


def _same_queries(client, url, grow, django_assert_num_queries):
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow()
    with django_assert_num_queries(len(few)):
        client.get(url)


@pytest.mark.parametrize("who", ["methodologist", "head"])
def test_the_list_costs_the_same_queries_for_few_and_many(client, cast, head, who, django_assert_num_queries):
    client.force_login(cast.methodologist if who == "methodologist" else head)

    def grow(count=15):
        for number in range(count):
            association(cast.municipality, title=f"РМО {number}", head_user=head,
                        members=[cast.teacher, cast.mentor_educator])  # fmt: skip

    grow(2)
    _same_queries(client, "/community/", grow, django_assert_num_queries)


def test_the_card_costs_the_same_queries_for_few_and_many_rows(client, cast, rmo, head, django_assert_num_queries):
    client.force_login(head)

    def grow(count=15):
        for number in range(count):
            educator = f.EducatorFactory()
            f.EmploymentFactory(educator=educator, organization=cast.school1)
            Membership.objects.create(association=rmo, educator=educator, joined_on=date(2021, 9, 1),
                                      left_on=date(2022, 5, 31) if number % 2 else None)  # fmt: skip
            meeting = AssociationMeeting.objects.create(association=rmo, held_on=date(2024, 10, 1), topic="Т")
            meeting.attendees.set([cast.teacher, educator])
            AssociationProduct.objects.create(association=rmo, title="П", made_on=date(2024, 5, 1), link="https://x.ru")

    grow(2)
    _same_queries(client, f"/community/{rmo.pk}/", grow, django_assert_num_queries)


def test_the_add_member_list_is_narrowed_by_a_search_and_never_lists_everyone(client, cast, monkeypatch):
    # a municipal association whose candidates are the municipality's educators; the list is capped at two
    monkeypatch.setattr("metodist.community.forms.SHOWN", 2)
    district = association(cast.municipality)
    client.force_login(cast.methodologist)
    url = f"/community/{district.pk}/"

    everyone = client.get(url).context["member_form"]
    kuznetsov = client.get(url, {"member_q": "кузнецов"}).context["member_form"]

    assert len(everyone.fields["educator"].queryset) == 2 and not everyone.shown_all
    assert [e.last_name for e in kuznetsov.fields["educator"].queryset] == ["Кузнецов"] and kuznetsov.shown_all
