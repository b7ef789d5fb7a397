"""The audit page: only the system administrator opens it or its export; filters by who, what, object and days;
pages of 50; the export holds what the page shows, writes no formula, and is recorded itself."""

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from metodist.accounts.models import Role
from metodist.audit.actions import record
from metodist.audit.models import AuditAction, AuditEntry
from metodist.testing import factories as f

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture
def root(db):
    """The superuser of the installation."""
    return f.UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def system_admin(db):
    """The administrator of the system by role, without the superuser flag."""
    return f.UserFactory(username="sysadmin", role=Role.ADMIN)


def _at(entry, day: int, hour: int = 12):
    AuditEntry.objects.filter(pk=entry.pk).update(at=datetime(2025, 1, day, hour, tzinfo=MOSCOW))


@pytest.fixture
def trail(cast):
    """Three entries on three days of January 2025: the coordinator edits Смирнова on the 10th, the school 1
    administrator exports on the 14th (late in the evening), the coordinator deletes school 2 on the 15th."""
    edited = record(cast.coordinator, AuditAction.UPDATE, cast.teacher, {"phone": ["", "+7 900"]}, "Карточка")
    exported = record(cast.school1_admin, AuditAction.EXPORT, cast.teacher, summary='=HYPERLINK("http://x")')
    deleted = record(cast.coordinator, AuditAction.DELETE, cast.school2, summary="Удалено в администрировании")
    _at(edited, 10)
    _at(exported, 14, hour=23)
    _at(deleted, 15)
    return {"edited": edited, "exported": exported, "deleted": deleted}


OTHERS = ["coordinator", "methodologist", "regional_operator", "school1_admin", "school2_admin", "teacher_user",
          "mentor_user", "other_user"]  # fmt: skip


@pytest.mark.parametrize("user", OTHERS)
@pytest.mark.parametrize("name", ["audit:entries", "audit:export"])
def test_nobody_but_the_administrator_opens_the_trail(client, trail, cast, user, name):
    client.force_login(getattr(cast, user))

    response = client.get(reverse(name))

    assert response.status_code == 403
    assert "Смирнова" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.ASSOCIATION_HEAD, Role.TUTOR])
def test_a_staff_member_without_the_administrator_role_is_refused(client, db, role):
    client.force_login(f.UserFactory(role=role, is_staff=True))

    assert client.get(reverse("audit:entries")).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(reverse("audit:entries"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["root", "system_admin"])
def test_the_administrator_sees_every_entry_newest_first(client, trail, who, request):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("audit:entries"))

    assert response.status_code == 200
    assert [entry.pk for entry in response.context["page"]] == [
        trail["deleted"].pk,
        trail["exported"].pk,
        trail["edited"].pk,
    ]
    assert "phone:  → +7 900" not in response.content.decode()  # an empty old value reads «—»
    assert "phone: — → +7 900" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "coordinator"}, ["deleted", "edited"]),
        ({"action": AuditAction.EXPORT}, ["exported"]),
        ({"model": "orgs.organization"}, ["deleted"]),
        # the day is the Moscow day: 23:00 on the 14th is still the 14th
        ({"start": "2025-01-14", "end": "2025-01-14"}, ["exported"]),
        ({"start": "2025-01-11"}, ["deleted", "exported"]),
        ({"end": "2025-01-10"}, ["edited"]),
        ({"actor": "coordinator", "start": "2025-01-11"}, ["deleted"]),
    ],
)
def test_the_trail_is_filtered_by_who_what_object_and_days(client, root, cast, trail, params, expected):
    if "actor" in params:
        params = {**params, "actor": getattr(cast, params["actor"]).pk}
    client.force_login(root)

    response = client.get(reverse("audit:entries"), params)

    assert [entry.pk for entry in response.context["page"]] == [trail[name].pk for name in expected]


def test_a_period_that_ends_before_it_starts_is_shown_as_an_error(client, root, trail):
    client.force_login(root)

    response = client.get(reverse("audit:entries"), {"start": "2025-01-15", "end": "2025-01-10"})

    assert "Конец периода раньше начала." in response.content.decode()


def test_the_filters_offer_only_who_and_what_the_trail_holds(client, root, cast, trail):
    client.force_login(root)

    form = client.get(reverse("audit:entries")).context["form"]

    assert {user.username for user in form.fields["actor"].queryset} == {"coordinator", "school1"}
    assert dict(form.fields["model"].choices) == {
        "": "Все объекты",
        "orgs.organization": "образовательная организация",
        "people.educator": "педагогический работник",
    }


def test_the_trail_comes_in_pages_of_50_that_keep_the_filters(client, root, cast):
    for _ in range(51):
        record(cast.coordinator, AuditAction.UPDATE, cast.teacher)
    client.force_login(root)

    first = client.get(reverse("audit:entries"), {"action": AuditAction.UPDATE})
    second = client.get(reverse("audit:entries"), {"action": AuditAction.UPDATE, "page": 2})

    assert (len(first.context["page"]), len(second.context["page"])) == (50, 1)
    assert "?action=update&amp;page=2" in first.content.decode()


def test_the_page_runs_no_inline_script(client, root, trail):
    client.force_login(root)

    html = client.get(reverse("audit:entries")).content.decode()

    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []


def test_the_menu_offers_the_trail_to_the_administrator_only(client, root, cast):
    client.force_login(root)
    seen_by_root = client.get(reverse("home:home")).content.decode()
    client.force_login(cast.coordinator)
    seen_by_coordinator = client.get(reverse("home:home")).content.decode()

    assert reverse("audit:entries") in seen_by_root
    assert reverse("audit:entries") not in seen_by_coordinator


def test_the_export_holds_the_filtered_entries_as_text_and_is_recorded(client, root, trail):
    client.force_login(root)

    response = client.get(reverse("audit:export"), {"start": "2025-01-14"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows() if isinstance(row[0].value, int)]
    assert [row[3] for row in rows] == ["Удаление", "Выгрузка"]
    formula = next(cell for row in sheet.iter_rows() for cell in row if cell.value and "HYPERLINK" in str(cell.value))
    assert formula.data_type == "s"
    assert any("с 14.01.2025" in str(cell.value) for row in sheet.iter_rows(max_row=6) for cell in row)
    recorded = AuditEntry.objects.filter(actor=root, action=AuditAction.EXPORT).get()
    assert recorded.summary == "Выгрузка журнала аудита в Excel: записей — 2"


def test_the_details_of_a_read_are_said_in_russian(cast):
    entry = AuditEntry(changes={"filters": {"young": True, "q": "(поиск по ФИО)"}, "page": 1, "count": 39, "shown": 5})

    assert entry.changes_text() == "отбор: young=да, q=(поиск по ФИО); страница: 1; найдено: 39; показано: 5"
