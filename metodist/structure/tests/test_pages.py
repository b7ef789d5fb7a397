"""The diagram page, the card and the editing by the methodological service: who sees, who edits, what is
kept on a conflict or a bad parent."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from metodist.accounts.models import Role
from metodist.audit.models import AuditEntry
from metodist.community.models import Association, AssociationKind, AssociationLevel, Membership
from metodist.lib.versions import CONFLICT
from metodist.structure.forms import CYCLE
from metodist.structure.models import SystemBody
from metodist.testing import factories as f

pytestmark = pytest.mark.usefixtures("on_today")


def edit_data(body, **changes):
    data = {
        "name": body.name, "level": body.level, "kind": body.kind, "parent": body.parent_id or "",
        "order": body.order, "functions": body.functions, "head_title": body.head_title, "phone": body.phone,
        "email": body.email, "address": body.address, "website": body.website, "public": "on" if body.public else "",
        "lock-version": body.version,
    }  # fmt: skip
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("who", ["coordinator", "methodologist", "regional_operator", "school1_admin", "teacher_user"])
def test_users_of_the_municipality_see_its_diagram(client, cast, structure, who):
    client.force_login(getattr(cast, who))

    page = client.get(reverse("structure:index"), {"municipality": cast.municipality.pk})

    assert page.status_code == 200
    assert page.content.decode().count('class="structure-box"') == 8
    assert ("load-template" in page.content.decode()) is False


def test_the_coordinator_loads_the_template_from_the_page(client, cast):
    client.force_login(cast.coordinator)
    assert "Загрузить шаблон положения (8)" in client.get(reverse("structure:index")).content.decode()

    response = client.post(reverse("structure:load"), {"municipality": cast.municipality.pk})

    assert response.status_code == 302
    assert SystemBody.objects.filter(municipality=cast.municipality).count() == 8


@pytest.mark.parametrize("who", ["regional_operator", "school1_admin", "teacher_user"])
def test_only_the_service_of_the_municipality_edits(client, cast, structure, who):
    client.force_login(getattr(cast, who))
    body = structure["service"]

    assert client.get(reverse("structure:edit", args=[body.pk])).status_code == 403
    assert client.post(reverse("structure:delete", args=[body.pk])).status_code == 403
    assert client.post(reverse("structure:load"), {"municipality": cast.municipality.pk}).status_code == 403
    assert "edit-body" not in client.get(reverse("structure:detail", args=[body.pk])).content.decode()


def test_another_municipality_sees_and_edits_nothing_of_it(client, cast, structure):
    stranger = f.UserFactory(role=Role.COORDINATOR, municipality=cast.other_municipality)
    body = structure["service"]

    for user in (stranger, cast.other_user):
        client.force_login(user)
        assert client.get(reverse("structure:detail", args=[body.pk])).status_code == 404
        assert client.get(reverse("structure:edit", args=[body.pk])).status_code == 404
        assert client.post(reverse("structure:delete", args=[body.pk])).status_code == 404
        assert client.get(reverse("structure:index"), {"municipality": cast.municipality.pk}).status_code == 404
        assert 'class="structure-box"' not in client.get(reverse("structure:index")).content.decode()
    assert SystemBody.objects.filter(pk=body.pk).exists()


def test_the_coordinator_edits_contacts_head_and_members_and_the_trail_records_it(client, cast, structure):
    client.force_login(cast.coordinator)
    body = structure["service"]

    response = client.post(
        reverse("structure:edit", args=[body.pk]),
        edit_data(
            body, phone="+7 (800) 000-00-00", email="imc@example.ru", head=cast.mentor_educator.pk,
            head_title="директор ИМЦ", members=[cast.teacher.pk, cast.school2_educator.pk],
        ),
    )  # fmt: skip

    body.refresh_from_db()
    assert response.status_code == 302
    assert (body.phone, body.head, body.version) == ("+7 (800) 000-00-00", cast.mentor_educator, 2)
    assert set(body.members.all()) == {cast.teacher, cast.school2_educator}
    entry = AuditEntry.objects.get(model="structure.systembody", action="update", object_id=str(body.pk))
    assert entry.actor == cast.coordinator and entry.changes["phone"] == ["", "+7 (800) 000-00-00"]


def test_an_educator_of_another_municipality_cannot_be_chosen(client, cast, structure):
    client.force_login(cast.coordinator)
    body = structure["service"]

    page = client.post(reverse("structure:edit", args=[body.pk]), edit_data(body, members=[cast.other_educator.pk]))

    assert page.status_code == 200
    assert "Выберите корректный вариант" in page.content.decode()
    assert "Волкова" not in page.content.decode()


def test_a_parent_under_the_body_itself_is_refused_in_russian_and_nothing_is_lost(client, cast, structure):
    client.force_login(cast.coordinator)
    council = structure["org-council"]

    page = client.post(
        reverse("structure:edit", args=[council.pk]),
        edit_data(council, parent=structure["pairs"].pk, phone="+7 999"),
    )

    assert page.status_code == 200
    assert CYCLE in page.content.decode()
    assert 'value="+7 999"' in page.content.decode()
    council.refresh_from_db()
    assert council.parent == structure["service"]


def test_a_second_save_from_a_stale_form_is_refused_with_the_conflict_message(client, cast, structure):
    client.force_login(cast.coordinator)
    body = structure["sites"]
    stale = client.get(reverse("structure:edit", args=[body.pk])).context["lock"]
    opened = {"lock-version": 1, "lock-opened": stale["opened"].value()}
    client.post(reverse("structure:edit", args=[body.pk]), {**edit_data(body, phone="1"), **opened})

    page = client.post(reverse("structure:edit", args=[body.pk]), {**edit_data(body, phone="2"), **opened})

    body.refresh_from_db()
    assert CONFLICT in page.content.decode()
    assert body.phone == "1"


def test_adding_and_deleting_a_body_keeps_its_children_attached(client, cast, structure):
    client.force_login(cast.methodologist)
    new = client.post(
        reverse("structure:new"),
        {**edit_data(structure["councils-associations"], name="Муниципальный методический совет", kind="council",
                     parent=structure["service"].pk), "municipality": cast.municipality.pk},
    )  # fmt: skip
    council = SystemBody.objects.get(name="Муниципальный методический совет")
    assert new.status_code == 302 and council.municipality == cast.municipality

    client.post(reverse("structure:delete", args=[structure["org-council"].pk]))

    assert SystemBody.objects.get(pk=structure["pairs"].pk).parent == structure["service"]
    assert AuditEntry.objects.filter(model="structure.systembody", action="delete").count() == 1


def test_members_are_listed_within_the_readers_scope(client, cast, structure):
    body = structure["pairs"]
    body.members.set([cast.teacher, cast.mentor_educator, cast.school2_educator])

    client.force_login(cast.school1_admin)
    school1 = client.get(reverse("structure:detail", args=[body.pk])).context["members"]
    client.force_login(cast.teacher_user)
    teacher = client.get(reverse("structure:detail", args=[body.pk])).context["members"]
    client.force_login(cast.coordinator)
    coordinator = client.get(reverse("structure:detail", args=[body.pk])).context["members"]

    assert set(school1) == {cast.teacher, cast.mentor_educator}
    assert teacher == [cast.teacher]
    assert len(coordinator) == 3


def test_the_associations_body_lists_the_municipalitys_associations_with_members_counted(client, cast, structure):
    association = Association.objects.create(
        title="ГМО учителей математики", kind=AssociationKind.DISTRICT, level=AssociationLevel.MUNICIPAL,
        municipality=cast.municipality, region=cast.region, head=cast.mentor_educator, founded_on="2024-09-01",
    )  # fmt: skip
    Membership.objects.create(association=association, educator=cast.teacher, joined_on="2024-09-01")
    Membership.objects.create(association=association, educator=cast.mentor_educator, joined_on="2024-09-01",
                              left_on="2024-12-31")  # fmt: skip
    Association.objects.create(
        title="РМО другого города", kind=AssociationKind.DISTRICT, level=AssociationLevel.MUNICIPAL,
        municipality=cast.other_municipality, region=cast.region, founded_on="2024-09-01",
    )  # fmt: skip
    client.force_login(cast.coordinator)

    page = client.get(reverse("structure:detail", args=[structure["councils-associations"].pk]))

    rows = page.context["linked"]["associations"]
    assert [(row.title, row.members_now) for row in rows] == [("ГМО учителей математики", 1)]


def test_the_sites_body_lists_the_organizations_whose_flags_hold_today(client, cast, structure):
    f.flag(cast.school1, "is_innovation_site", start=date(2024, 9, 1))
    f.flag(cast.school2, "is_resource_centre", start=date(2023, 9, 1), end=date(2024, 8, 31))
    f.flag(cast.school3, "is_internship_site")
    client.force_login(cast.coordinator)

    page = client.get(reverse("structure:detail", args=[structure["sites"].pk]))

    assert [(org.short_name, labels) for org, labels in page.context["linked"]["sites"]] == [
        ("Школа № 1", ["Инновационная площадка"])
    ]


def test_the_specialists_body_counts_methodologists_and_tutors_and_names_them_to_the_service(client, cast, structure):
    tutor = f.EducatorFactory(last_name="Тьюторова")
    f.EmploymentFactory(educator=tutor, organization=cast.school2)
    stranger = f.EducatorFactory(last_name="Чужая")
    f.EmploymentFactory(educator=stranger, organization=cast.school3)
    f.UserFactory(role=Role.TUTOR, educator=tutor)
    f.UserFactory(role=Role.TUTOR, educator=stranger)  # of another municipality
    body = structure["specialists"]

    client.force_login(cast.coordinator)
    service = client.get(reverse("structure:detail", args=[body.pk])).context["linked"]["specialists"]
    client.force_login(cast.teacher_user)
    teacher = client.get(reverse("structure:detail", args=[body.pk])).context["linked"]["specialists"]

    assert (service["methodologists"], service["tutors"], len(service["people"])) == (1, 1, 2)
    assert (teacher["methodologists"], teacher["tutors"], teacher["people"]) == (1, 1, [])


def test_the_diagram_page_reads_a_fixed_number_of_queries(client, cast, structure, django_assert_num_queries):
    client.force_login(cast.coordinator)
    client.get(reverse("structure:index"))
    for number in range(10):
        SystemBody.objects.create(
            municipality=cast.municipality, region=cast.region, kind="community", name=f"Сообщество {number}",
            functions="-", parent=structure["communities"],
        )  # fmt: skip

    with django_assert_num_queries(5):
        page = client.get(reverse("structure:index"))

    assert page.content.decode().count('class="structure-box"') == 18


def test_the_structure_downloads_as_a_docx_table_with_heads_only_where_the_reader_sees_them(client, cast, structure):
    service = structure["service"]
    service.head, service.head_title, service.phone = cast.mentor_educator, "директор ИМЦ", "+7 (4852) 45-12-30"
    service.save()

    client.force_login(cast.coordinator)
    coordinator = client.get(reverse("structure:export"))
    client.force_login(cast.school2_admin)
    school2 = client.get(reverse("structure:export"))

    table = Document(BytesIO(coordinator.content)).tables[0]
    assert coordinator["Content-Disposition"].endswith('.docx"')
    assert [cell.text for cell in table.rows[0].cells] == ["Субъект", "Уровень", "Функции", "Руководитель", "Контакты"]
    assert len(table.rows) == 1 + 8
    first = [cell.text for cell in table.rows[1].cells]
    assert first[3] == f"{cast.mentor_educator}\nдиректор ИМЦ" and first[4] == "+7 (4852) 45-12-30"
    assert first[2].startswith("Районный методический кабинет Управления образования обеспечивает:\n- фасилитацию")
    assert [cell.text for cell in Document(BytesIO(school2.content)).tables[0].rows[1].cells][3] == "директор ИМЦ"


def test_a_card_listing_associations_reads_the_same_queries_for_one_or_many(
    client, cast, structure, django_assert_max_num_queries
):
    body = structure["councils-associations"]
    client.force_login(cast.coordinator)

    def add(count):
        for number in range(count):
            association = Association.objects.create(
                title=f"РМО {number}", kind=AssociationKind.DISTRICT, level=AssociationLevel.MUNICIPAL,
                municipality=cast.municipality, region=cast.region, head=cast.mentor_educator, founded_on="2024-09-01",
            )  # fmt: skip
            Membership.objects.create(association=association, educator=cast.teacher, joined_on="2024-09-01")

    add(1)
    client.get(reverse("structure:detail", args=[body.pk]))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("structure:detail", args=[body.pk]))
    add(10)

    with django_assert_max_num_queries(len(one)):
        page = client.get(reverse("structure:detail", args=[body.pk]))

    assert len(page.context["linked"]["associations"]) == 11
