"""Creating and editing organizations: who may, what they may change, validation and the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from metodist.audit.models import AuditAction, AuditEntry
from metodist.orgs import actions
from metodist.orgs.models import Organization

CREATE = reverse("orgs:create")


def edit_url(organization) -> str:
    return reverse("orgs:edit", args=[organization.pk])


def organization_data(municipality, **overrides) -> dict:
    data = {
        "municipality": municipality.pk,
        "short_name": "Лицей № 10",
        "full_name": "Муниципальное автономное общеобразовательное учреждение «Лицей № 10»",
        "kind": "general",
        "inn": "6601000013",  # 6·2+6·4+0+1·3+0+0+0+0+1·8 = 47; 47 mod 11 = 3
        "address": "ул. Мира, 10",
        "is_active": "on",
    }
    return data | overrides


def test_coordinator_creates_an_organization_in_her_municipality(client, cast):
    client.force_login(cast.coordinator)

    response = client.post(CREATE, organization_data(cast.municipality))

    lyceum = Organization.objects.get(short_name="Лицей № 10")
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:detail", args=[lyceum.pk])
    assert lyceum.municipality == cast.municipality
    entry = AuditEntry.objects.for_object(lyceum).get()
    assert entry.action == AuditAction.CREATE
    assert entry.actor == cast.coordinator
    assert entry.changes["short_name"] == [None, "Лицей № 10"]


def test_create_form_offers_only_the_coordinators_municipality_preselected(client, cast):
    client.force_login(cast.coordinator)

    response = client.get(CREATE)

    field = response.context["form"].fields["municipality"]
    assert list(field.queryset) == [cast.municipality]
    assert field.initial == cast.municipality.pk


def test_coordinator_cannot_create_an_organization_in_another_municipality(client, cast):
    client.force_login(cast.coordinator)

    response = client.post(CREATE, organization_data(cast.other_municipality))

    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert not Organization.objects.filter(short_name="Лицей № 10").exists()


def test_regional_operator_may_create_in_any_municipality_of_the_region(client, cast):
    client.force_login(cast.regional_operator)

    response = client.post(CREATE, organization_data(cast.other_municipality))

    assert response.status_code == 302
    assert Organization.objects.get(short_name="Лицей № 10").municipality == cast.other_municipality


@pytest.mark.parametrize("user_name", ["school1_admin", "teacher_user", "mentor_user", "other_user"])
def test_only_municipal_editors_may_create_organizations(client, cast, user_name):
    client.force_login(getattr(cast, user_name))

    get = client.get(CREATE)
    post = client.post(CREATE, organization_data(cast.municipality))

    assert get.status_code == 403
    assert post.status_code == 403
    assert not Organization.objects.filter(short_name="Лицей № 10").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"short_name": ""}, "short_name", "Обязательное поле."),
        ({"kind": "castle"}, "kind", "Выберите корректный вариант. castle нет среди допустимых значений."),
        ({"inn": "66010"}, "inn", "ИНН состоит из 10 цифр (организация) или 12 цифр (индивидуальный предприниматель)."),
        (
            {"inn": "66010000ab"},
            "inn",
            "ИНН состоит из 10 цифр (организация) или 12 цифр (индивидуальный предприниматель).",
        ),
        ({"inn": "6601000010"}, "inn", "Неверное контрольное число ИНН."),
        ({"ogrn": "102770013219"}, "ogrn", "ОГРН состоит из 13 цифр (ОГРНИП индивидуального предпринимателя — из 15)."),
        ({"ogrn": "1027700132194"}, "ogrn", "Неверное контрольное число ОГРН."),
        (
            {"short_name": "Школа № 1"},
            "short_name",
            "Организация с таким кратким наименованием в этом муниципалитете уже есть.",
        ),
    ],
)
def test_bad_input_is_shown_again_with_a_russian_message_and_nothing_saved(client, cast, overrides, field, message):
    client.force_login(cast.coordinator)
    count = Organization.objects.count()

    response = client.post(CREATE, organization_data(cast.municipality, **overrides))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "ул. Мира, 10" in html  # what was typed is kept
    assert 'aria-invalid="true"' in html
    assert Organization.objects.count() == count


def test_coordinator_edits_the_kind_and_the_change_is_audited(client, cast):
    client.force_login(cast.coordinator)
    data = organization_data(cast.municipality, short_name="Школа № 1", full_name=cast.school1.full_name, inn="")
    data["kind"] = "additional"

    response = client.post(edit_url(cast.school1), data)

    cast.school1.refresh_from_db()
    assert response.status_code == 302
    assert cast.school1.kind == "additional"
    entry = AuditEntry.objects.for_object(cast.school1).get()
    assert entry.action == AuditAction.UPDATE
    assert entry.changes["kind"] == ["general", "additional"]
    assert "short_name" not in entry.changes


def test_saving_without_changes_records_nothing(client, cast):
    client.force_login(cast.coordinator)
    data = organization_data(
        cast.municipality, short_name="Школа № 1", full_name=cast.school1.full_name, inn="", address=""
    )

    client.post(edit_url(cast.school1), data)

    assert not AuditEntry.objects.for_object(cast.school1).exists()


def test_school_administrator_edits_only_the_requisites_of_her_school(client, cast):
    client.force_login(cast.school1_admin)

    form = client.get(edit_url(cast.school1)).context["form"]
    response = client.post(
        edit_url(cast.school1),
        {
            "short_name": "Школа № 1",
            "full_name": "МАОУ «Средняя школа № 1»",
            "inn": "6601000006",
            "ogrn": "1027700132195",
            "address": "ул. Ленина, 1",
            "is_low_results": "on",
            "kind": "preschool",
        },
    )

    cast.school1.refresh_from_db()
    assert list(form.fields) == ["short_name", "full_name", "inn", "ogrn", "address"]
    assert response.status_code == 302
    assert cast.school1.full_name == "МАОУ «Средняя школа № 1»"
    assert (cast.school1.inn, cast.school1.ogrn) == ("6601000006", "1027700132195")
    assert not cast.school1.flag_periods.exists()
    assert cast.school1.kind == "general"


@pytest.mark.parametrize(
    ("user_name", "status"),
    [
        ("school2_admin", 404),
        ("other_user", 404),
        ("teacher_user", 403),
        ("mentor_user", 403),
    ],
)
def test_others_cannot_edit_school1(client, cast, user_name, status):
    client.force_login(getattr(cast, user_name))

    get = client.get(edit_url(cast.school1))
    post = client.post(edit_url(cast.school1), {"short_name": "Захвачено", "full_name": "Захвачено"})

    cast.school1.refresh_from_db()
    assert get.status_code == status
    assert post.status_code == status
    assert cast.school1.short_name == "Школа № 1"


def test_methodologist_cannot_edit_a_school_of_another_municipality(client, cast):
    client.force_login(cast.methodologist)

    response = client.get(edit_url(cast.school3))

    assert response.status_code == 404


def test_action_refuses_a_classification_change_by_a_school_administrator(cast):
    cast.school1.kind = "preschool"

    with pytest.raises(PermissionDenied):
        actions.update_organization(cast.school1, by=cast.school1_admin)

    cast.school1.refresh_from_db()
    assert cast.school1.kind == "general"


def test_action_refuses_to_create_for_a_school_administrator(cast):
    organization = Organization(municipality=cast.municipality, short_name="Новая", full_name="Новая", kind="general")

    with pytest.raises(PermissionDenied):
        actions.create_organization(organization, by=cast.school1_admin)

    assert organization.pk is None


def test_action_refuses_to_place_an_organization_outside_the_editors_municipality(cast):
    organization = Organization(
        municipality=cast.other_municipality, short_name="Новая", full_name="Новая", kind="general"
    )

    with pytest.raises(PermissionDenied):
        actions.create_organization(organization, by=cast.coordinator)

    assert organization.pk is None
