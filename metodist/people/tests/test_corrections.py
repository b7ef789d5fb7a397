"""An educator corrects their own contacts and asks for a correction of other facts; an administrator decides."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.accounts.models import Role
from metodist.audit.models import AuditAction, AuditEntry
from metodist.people.models import Category, CorrectionRequest, CorrectionStatus
from metodist.testing import factories as f


def card_values(educator, **changes) -> dict:
    """The correction form as the teacher sends it: the card's values with `changes` typed over them."""
    values = {
        "last_name": educator.last_name,
        "first_name": educator.first_name,
        "patronymic": educator.patronymic,
        "birth_date": educator.birth_date.isoformat(),
        "ped_work_start": educator.ped_work_start.isoformat(),
        "category": educator.category,
        "category_awarded_on": educator.category_awarded_on.isoformat() if educator.category_awarded_on else "",
        "comment": "Вышла замуж; категорию присвоили в марте, приказ № 12.",
    }
    return values | changes


@pytest.fixture
def correction(cast) -> CorrectionRequest:
    """Смирнова of school 1 asks for her new surname and the first category awarded on 20.03.2024."""
    return CorrectionRequest.objects.create(
        educator=cast.teacher,
        proposed={"last_name": "Петрова", "category": "first", "category_awarded_on": "2024-03-20"},
        comment="Вышла замуж; категорию присвоили в марте.",
        requested_by=cast.teacher_user,
    )


def test_a_teacher_changes_her_email_and_phone_herself_and_it_is_audited(client, cast):
    client.force_login(cast.teacher_user)

    response = client.post(reverse("people:own_contacts"), {"email": "smirnova@school1.ru", "phone": "+7 900 1"})

    assert response.status_code == 302
    cast.teacher.refresh_from_db()
    assert (cast.teacher.email, cast.teacher.phone) == ("smirnova@school1.ru", "+7 900 1")
    entry = AuditEntry.objects.for_object(cast.teacher).get()
    assert (entry.actor, entry.action) == (cast.teacher_user, AuditAction.UPDATE)
    assert entry.changes["email"] == ["", "smirnova@school1.ru"]


def test_a_bad_email_is_refused_in_russian(client, cast):
    client.force_login(cast.teacher_user)

    response = client.post(reverse("people:own_contacts"), {"email": "не почта", "phone": ""})

    assert response.status_code == 200
    assert "Введите правильный адрес электронной почты." in response.content.decode()


def test_a_request_keeps_only_the_changed_values_and_leaves_the_card_as_it_is(client, cast):
    client.force_login(cast.teacher_user)

    response = client.post(reverse("people:correction_create"), card_values(cast.teacher, last_name="Петрова"))

    correction = CorrectionRequest.objects.get()
    assert response["Location"] == reverse("people:correction", args=[correction.pk])
    assert (correction.proposed, correction.previous) == ({"last_name": "Петрова"}, {"last_name": "Смирнова"})
    assert correction.status == CorrectionStatus.PENDING
    cast.teacher.refresh_from_db()
    assert cast.teacher.last_name == "Смирнова"
    assert AuditEntry.objects.for_object(correction).get().action == AuditAction.CREATE


def test_a_request_is_checked_by_the_rules_of_the_card(client, cast):
    client.force_login(cast.teacher_user)

    response = client.post(reverse("people:correction_create"), card_values(cast.teacher, category="first"))

    assert "Укажите дату присвоения категории." in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_a_request_needs_a_comment(client, cast):
    client.force_login(cast.teacher_user)

    response = client.post(reverse("people:correction_create"), card_values(cast.teacher, comment=""))

    assert "Обязательное поле." in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_the_school_administrator_applies_the_request_and_both_are_audited(client, cast, correction):
    client.force_login(cast.school1_admin)

    client.post(reverse("people:correction_apply", args=[correction.pk]), {"note": "Сверено с приказом"})

    cast.teacher.refresh_from_db()
    correction.refresh_from_db()
    assert (cast.teacher.last_name, cast.teacher.category) == ("Петрова", Category.FIRST)
    assert cast.teacher.category_awarded_on == date(2024, 3, 20)
    assert cast.teacher.category_expires_on is None  # awarded after 01.09.2023: no term (order № 196)
    assert (correction.status, correction.decided_by, correction.reason) == (
        CorrectionStatus.APPLIED,
        cast.school1_admin,
        "Сверено с приказом",
    )
    card_entry = AuditEntry.objects.for_object(cast.teacher).get()
    assert card_entry.actor == cast.school1_admin
    assert card_entry.changes["last_name"] == ["Смирнова", "Петрова"]
    assert card_entry.summary == f"Исправление по запросу педагога № {correction.pk}"
    assert AuditEntry.objects.for_object(correction).get().changes["status"] == ["Ожидает решения", "Подтверждён"]


def test_the_request_shows_the_values_as_they_were_when_it_was_sent(client, cast):
    client.force_login(cast.teacher_user)
    client.post(
        reverse("people:correction_create"),
        card_values(cast.teacher, category="first", category_awarded_on="2024-03-20"),
    )
    correction = CorrectionRequest.objects.get()
    client.force_login(cast.school1_admin)
    client.post(reverse("people:correction_apply", args=[correction.pk]))

    correction.refresh_from_db()
    lines = correction.proposed_lines()

    assert lines == [
        ("квалификационная категория", "Без категории", "Первая"),
        ("дата присвоения категории", "—", "20.03.2024"),
    ]


def test_the_methodologist_declines_with_a_reason_the_teacher_then_reads(client, cast, correction):
    client.force_login(cast.methodologist)

    client.post(reverse("people:correction_decline", args=[correction.pk]), {"reason": "Нет приказа о категории"})

    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.DECLINED
    client.force_login(cast.teacher_user)
    page = client.get(reverse("people:correction", args=[correction.pk])).content.decode()
    assert "Нет приказа о категории" in page
    cast.teacher.refresh_from_db()
    assert cast.teacher.last_name == "Смирнова"


def test_declining_without_a_reason_is_refused(client, cast, correction):
    client.force_login(cast.school1_admin)

    response = client.post(reverse("people:correction_decline", args=[correction.pk]), {"reason": ""}, follow=True)

    assert "Укажите причину отказа" in response.content.decode()
    correction.refresh_from_db()
    assert correction.is_pending


def test_a_decided_request_cannot_be_decided_again(client, cast, correction):
    client.force_login(cast.school1_admin)
    client.post(reverse("people:correction_decline", args=[correction.pk]), {"reason": "Нет документов"})

    response = client.post(reverse("people:correction_apply", args=[correction.pk]), follow=True)

    assert "решение уже принято" in response.content.decode()
    cast.teacher.refresh_from_db()
    assert cast.teacher.last_name == "Смирнова"


@pytest.mark.parametrize("who", ["school2_admin", "other_user", "mentor_user"])
def test_another_school_and_other_teachers_neither_see_nor_decide(client, cast, correction, who):
    user = getattr(cast, who)
    client.force_login(user)

    listed = client.get(reverse("people:corrections")).context["page"].object_list
    shown = client.get(reverse("people:correction", args=[correction.pk]))
    applied = client.post(reverse("people:correction_apply", args=[correction.pk]))
    declined = client.post(reverse("people:correction_decline", args=[correction.pk]), {"reason": "нет"})

    assert list(listed) == []
    assert [shown.status_code, applied.status_code, declined.status_code] == [404, 404, 404]
    correction.refresh_from_db()
    assert correction.is_pending


def test_the_teacher_sees_her_request_but_cannot_confirm_it(client, cast, correction):
    client.force_login(cast.teacher_user)

    page = client.get(reverse("people:correction", args=[correction.pk]))
    applied = client.post(reverse("people:correction_apply", args=[correction.pk]))

    assert "Подтвердить и исправить" not in page.content.decode()
    assert applied.status_code == 403
    correction.refresh_from_db()
    assert correction.is_pending


def test_an_administrator_cannot_confirm_a_request_about_herself(client, cast):
    deputy = f.EducatorFactory(last_name="Гусева")
    f.EmploymentFactory(educator=deputy, organization=cast.school1, position=f.position("deputy_head"))
    head = f.UserFactory(role=Role.ORG_ADMIN, organizations=[cast.school1], educator=deputy)
    own = CorrectionRequest.objects.create(educator=deputy, proposed={"last_name": "Орлова"}, comment="Фамилия")
    client.force_login(head)

    response = client.post(reverse("people:correction_apply", args=[own.pk]))

    assert response.status_code == 403


def test_pending_requests_come_first_in_the_administrators_list(client, cast, correction):
    older = CorrectionRequest.objects.create(
        educator=cast.mentor_educator, comment="Стаж", status=CorrectionStatus.DECLINED, requested_by=cast.mentor_user
    )
    client.force_login(cast.school1_admin)

    listed = list(client.get(reverse("people:corrections")).context["page"].object_list)

    assert listed == [correction, older]


def test_an_account_without_an_educator_card_cannot_ask(client, cast):
    client.force_login(cast.coordinator)

    response = client.get(reverse("people:correction_create"))

    assert response.status_code == 403


def test_the_educator_card_tells_an_administrator_of_a_pending_request(client, cast, correction):
    client.force_login(cast.school1_admin)

    page = client.get(reverse("people:detail", args=[cast.teacher.pk])).content.decode()

    assert reverse("people:correction", args=[correction.pk]) in page


def test_the_list_of_requests_takes_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    for educator in (cast.teacher, cast.mentor_educator, cast.school2_educator):
        for _ in range(3):
            CorrectionRequest.objects.create(educator=educator, comment="Стаж", requested_by=cast.teacher_user)
    client.force_login(cast.methodologist)

    with django_assert_max_num_queries(5):  # session, user, count, page
        response = client.get(reverse("people:corrections"))

    assert len(response.context["page"].object_list) == 9
