"""The educator card: personal data, derived facts on today, employments, education and the audit trail."""

from datetime import date

import pytest

from metodist.audit.models import AuditAction, AuditEntry
from metodist.people.models import EmploymentKind
from metodist.testing import factories as f

pytestmark = pytest.mark.usefixtures("on_today")


def card(client, user, educator):
    client.force_login(user)
    return client.get(f"/people/{educator.pk}/")


def test_card_shows_the_derived_facts_on_today(client, cast):
    response = card(client, cast.methodologist, cast.teacher)

    assert response.status_code == 200
    assert response.context["facts"] == {
        "age": 25,
        "experience": 1,
        "young": True,
        "pre_pension": False,
        "pension": False,
    }
    html = response.content.decode()
    assert '<h1 class="h3 mb-1">Смирнова Анна Игоревна</h1>' in html
    assert "молодой педагог" in html


def test_card_names_the_subjects_taught_out_of_profile(client, cast):
    # His speciality «Физика» covers physics, not informatics.
    f.EducationFactory(educator=cast.mentor_educator, speciality=f.speciality("Физика"))
    employment = cast.mentor_educator.employments.get()
    employment.subjects.add(f.subject("informatics"))

    response = card(client, cast.methodologist, cast.mentor_educator)

    ((shown, uncovered),) = response.context["active_employments"]
    assert shown == employment
    assert [subject.name for subject in uncovered] == ["Информатика"]
    assert "вне профиля образования: Информатика" in response.content.decode()


def test_card_separates_past_employments(client, cast):
    past = f.EmploymentFactory(
        educator=cast.teacher, organization=cast.school2, start_date=date(2021, 9, 1), end_date=date(2023, 6, 30)
    )

    response = card(client, cast.methodologist, cast.teacher)

    assert response.context["past_employments"] == [past]
    assert "Школа № 2 — учитель, основное место работы: 01.09.2021 – 30.06.2023" in response.content.decode()


def test_card_shows_an_expired_category_as_none(client, cast):
    cast.school2_educator.category = "first"
    cast.school2_educator.category_awarded_on = date(2019, 12, 20)
    cast.school2_educator.category_expires_on = date(2024, 12, 20)
    cast.school2_educator.save()

    response = card(client, cast.methodologist, cast.school2_educator)

    assert response.context["category"] == "none"
    assert "истекла 20.12.2024 (первая)" in response.content.decode()


@pytest.fixture
def snils(cast):
    cast.teacher.snils = "11223344595"
    cast.teacher.save()


def test_editor_sees_the_whole_snils(client, cast, snils):
    response = card(client, cast.school1_admin, cast.teacher)

    assert "112-233-445 95" in response.content.decode()


def test_educator_sees_her_own_snils_masked(client, cast, snils):
    response = card(client, cast.teacher_user, cast.teacher)

    html = response.content.decode()
    assert "***-***-*** 95" in html
    assert "112-233" not in html


@pytest.mark.parametrize(
    ("member", "educator", "status"),
    [
        ("school2_admin", "teacher", 404),
        ("other_user", "teacher", 404),
        ("teacher_user", "mentor_educator", 404),
        ("mentor_user", "teacher", 404),
        ("school1_admin", "school2_educator", 404),
        ("coordinator", "other_educator", 404),
        ("teacher_user", "teacher", 200),
        ("school1_admin", "teacher", 200),
        ("regional_operator", "other_educator", 200),
    ],
)
def test_card_is_seen_only_within_the_scope(client, cast, member, educator, status):
    response = card(client, getattr(cast, member), getattr(cast, educator))

    assert response.status_code == status


def test_anonymous_visitor_is_sent_to_log_in(client, cast):
    assert client.get(f"/people/{cast.teacher.pk}/").status_code == 302


def test_school_admin_sees_only_the_employments_of_her_school(client, cast):
    f.EmploymentFactory(educator=cast.mentor_educator, organization=cast.school2, kind=EmploymentKind.EXTERNAL)

    response = card(client, cast.school1_admin, cast.mentor_educator)

    assert [employment.organization for employment, _ in response.context["active_employments"]] == [cast.school1]
    assert "Школа № 2" not in response.content.decode()


def test_audit_trail_is_shown_to_editors(client, cast):
    AuditEntry.objects.create(
        actor=cast.methodologist,
        action=AuditAction.UPDATE,
        model="people.educator",
        object_id=str(cast.teacher.pk),
        changes={"phone": ["", "+7 900 000-00-00"]},
    )

    response = card(client, cast.school1_admin, cast.teacher)

    ((item),) = response.context["audit"]
    assert item["lines"] == [("телефон", "", "+7 900 000-00-00")]
    assert "Журнал изменений" in response.content.decode()


def test_audit_trail_is_hidden_from_the_educator_herself(client, cast):
    AuditEntry.objects.create(
        action=AuditAction.UPDATE, model="people.educator", object_id=str(cast.teacher.pk), changes={"phone": ["", "1"]}
    )

    response = card(client, cast.teacher_user, cast.teacher)

    assert response.context["audit"] is None
    assert "Журнал изменений" not in response.content.decode()


def test_audit_trail_hides_changes_of_another_schools_employment(client, cast):
    other = f.EmploymentFactory(educator=cast.mentor_educator, organization=cast.school2)
    own = cast.mentor_educator.employments.get(organization=cast.school1)
    AuditEntry.objects.create(
        action=AuditAction.UPDATE,
        model="people.educator",
        object_id=str(cast.mentor_educator.pk),
        changes={
            f"employment#{other.pk}.weekly_hours": ["18.0", "20.0"],
            f"employment#{own.pk}.weekly_hours": ["18.0", "12.0"],
        },
    )

    response = card(client, cast.school1_admin, cast.mentor_educator)

    ((item),) = response.context["audit"]
    assert item["lines"] == [("Место работы (Учитель, Школа № 1): учебная нагрузка, часов в неделю", "18.0", "12.0")]
    assert item["hidden"] == 1


def test_card_shows_no_load_of_a_post_without_teaching_as_a_dash(client, cast):
    director = f.EducatorFactory(last_name="Андреева")
    f.EmploymentFactory(educator=director, organization=cast.school1, position=f.position("head"), weekly_hours=0)

    html = card(client, cast.methodologist, director).content.decode()

    assert '<td class="text-end">—</td>' in html
    assert '<td class="text-end">0' not in html
