"""Changes made through the admin reach the audit trail: a user's role, scope, superuser flag and password (only
that it changed), campaigns, deletions of organizations and users, one by one and in bulk."""

import pytest
from django.forms import MultiWidget

from metodist.accounts.models import Role, User
from metodist.audit.models import AuditAction, AuditEntry
from metodist.monitoring.tests.campaigns import campaign_fixture, catalogue_fixture  # noqa: F401 (fixtures)
from metodist.testing import factories as f


@pytest.fixture
def root(cast):
    """The system administrator, the one who uses the admin."""
    return f.UserFactory(username="root", role=Role.ADMIN, is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(client, root):
    client.force_login(root)
    return client


def _values(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        key, value = form.add_prefix(name), form[name].value()
        if field.disabled:
            continue
        if isinstance(field.widget, MultiWidget):
            parts = field.widget.decompress(value)
            data |= {f"{key}_{i}": "" if part is None else str(part) for i, part in enumerate(parts)}
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = "" if value is None else str(getattr(value, "pk", value))
    return data


def _form_data(response) -> dict:
    """The change form's current values, inlines included, as its POST data: a test changes only what it names."""
    data = _values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data |= _values(inline.formset.management_form)
        for form in inline.formset.forms:
            data |= _values(form)
    return data


def _change(admin_client, url, **changes):
    data = _form_data(admin_client.get(url)) | changes
    for name, value in list(data.items()):
        if value is False:
            del data[name]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_role_scope_and_superuser_flag_changed_in_the_admin_are_recorded(admin_client, cast, root):
    user = cast.school2_admin

    _change(
        admin_client,
        f"/admin/accounts/user/{user.pk}/change/",
        role=Role.COORDINATOR,
        municipality=str(cast.municipality.pk),
        organizations=[str(cast.school1.pk)],
        is_superuser="on",
    )

    entry = AuditEntry.objects.for_object(user).get()
    assert (entry.actor, entry.action) == (root, AuditAction.UPDATE)
    assert entry.changes == {
        "role": ["org_admin", "coordinator"],
        "municipality": [None, str(cast.municipality.pk)],
        "organizations": [[str(cast.school2.pk)], [str(cast.school1.pk)]],
        "is_superuser": ["False", "True"],
    }
    assert "роль" in entry.summary


def test_a_password_set_in_the_admin_is_recorded_without_any_hash(admin_client, cast):
    user = cast.teacher_user
    old_hash = user.password

    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": "Nov0e-parol-2025", "password2": "Nov0e-parol-2025", "usable_password": "true"},
    )

    user.refresh_from_db()
    entry = AuditEntry.objects.for_object(user).get()
    assert response.status_code == 302
    assert entry.changes == {"password": [None, "пароль изменён"]}
    assert old_hash not in str(entry.changes) and user.password not in str(entry.changes)


def test_a_user_created_in_the_admin_is_recorded_without_the_password(admin_client, cast):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newcomer",
            "password1": "Nov0e-parol-2025",
            "password2": "Nov0e-parol-2025",
            "usable_password": "true",
            "role": Role.METHODOLOGIST,
        },
    )

    user = User.objects.get(username="newcomer")
    entry = AuditEntry.objects.for_object(user).get()
    assert response.status_code == 302
    assert entry.action == AuditAction.CREATE
    assert entry.changes["role"] == [None, "methodologist"]
    assert entry.changes["password"] == [None, "пароль изменён"]


def test_a_campaign_changed_in_the_admin_is_recorded(admin_client, root, campaign):
    _change(admin_client, f"/admin/monitoring/campaign/{campaign.pk}/change/", deadline="2025-03-31")

    entry = AuditEntry.objects.for_object(campaign).get(actor=root)
    assert entry.action == AuditAction.UPDATE
    assert entry.changes["deadline"][1] == "2025-03-31"


def test_an_organization_deleted_in_the_admin_is_recorded(admin_client, cast, root):
    school = f.OrganizationFactory(municipality=cast.municipality, short_name="Школа № 9")
    pk = school.pk

    response = admin_client.post(f"/admin/orgs/organization/{pk}/delete/", {"post": "yes"})

    entry = AuditEntry.objects.get(model="orgs.organization", object_id=str(pk), action=AuditAction.DELETE)
    assert response.status_code == 302
    assert entry.actor == root
    assert entry.changes["short_name"] == ["Школа № 9", None]


def test_users_deleted_in_bulk_in_the_admin_are_each_recorded_without_their_passwords(admin_client, cast):
    doomed = [cast.mentor_user, cast.other_user]

    admin_client.post(
        "/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": [str(user.pk) for user in doomed], "post": "yes"},
    )

    entries = AuditEntry.objects.filter(model="accounts.user", action=AuditAction.DELETE).order_by("object_id")
    assert [entry.object_id for entry in entries] == sorted(str(user.pk) for user in doomed)
    assert all(entry.changes["password"] == ["скрыто", None] for entry in entries)
    assert not User.objects.filter(pk__in=[user.pk for user in doomed]).exists()


def test_an_organization_saved_in_the_admin_is_recorded_once(admin_client, cast):
    _change(admin_client, f"/admin/orgs/organization/{cast.school1.pk}/change/", address="ул. Новая, 1")

    assert AuditEntry.objects.for_object(cast.school1).filter(action=AuditAction.UPDATE).count() == 1
