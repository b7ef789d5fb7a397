"""An educator's absences that matter to attestation on the card: who sees and changes them (the card's editors,
the educator read-only, nobody else), what is validated, what is audited, and where they never appear.

The cast on TODAY (15.01.2025): Смирнова (the teacher, a woman) and Кузнецов (a man) work at school 1, Орлова at
school 2, Волкова at school 3 of another municipality.
"""

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from metodist.accounts.models import ApiToken, Role
from metodist.audit.models import AuditAction, AuditEntry
from metodist.people.models import Absence, AbsenceKind
from metodist.testing import factories as f

pytestmark = pytest.mark.usefixtures("on_today")

DOCUMENT = "приказ № 12-к от 28.04.2023"


def childcare(educator, **fields) -> Absence:
    """A childcare leave of `educator` from 01.05.2023 on DOCUMENT, still open unless `ended_on` is given."""
    return f.AbsenceFactory(educator=educator, **fields)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def new(**changes) -> dict:
    return {"kind": "childcare", "started_on": "2023-05-01", "ended_on": "", "document": DOCUMENT, **changes}


def opened(response) -> dict:
    """The hidden version fields of the edit page as the browser sends them back."""
    lock = response.context["lock"]
    return {lock["version"].html_name: lock["version"].value(), lock["opened"].html_name: lock["opened"].value()}


def card(user, educator) -> str:
    response = signed_in(user).get(f"/people/{educator.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def left_school1(cast):
    """Кузнецов left school 1 on 30.06.2024 for school 2: school 1's administrator still sees his card, read-only."""
    cast.mentor_educator.employments.update(end_date=date(2024, 6, 30))
    f.EmploymentFactory(educator=cast.mentor_educator, organization=cast.school2, start_date=date(2024, 9, 1))
    return cast.mentor_educator


@pytest.fixture
def other_region_operator(cast):
    """The regional operator of another region: must see nothing of «Свердловская область»."""
    region = f.RegionFactory(name="Пермский край", code="59")
    return f.UserFactory(username="other_region", role=Role.REGIONAL_OPERATOR, region=region)


# Adding, editing, ending


def test_a_methodologist_adds_an_absence_and_the_card_shows_it(cast):
    client = signed_in(cast.methodologist)

    response = client.post(f"/people/{cast.teacher.pk}/absences/new/", new())

    assert response.status_code == 302
    assert response.url == f"/people/{cast.teacher.pk}/#absences"
    absence = Absence.objects.get()
    assert (absence.educator, absence.kind, absence.started_on, absence.ended_on, absence.created_by) == (
        cast.teacher,
        AbsenceKind.CHILDCARE,
        date(2023, 5, 1),
        None,
        cast.methodologist,
    )
    page = card(cast.methodologist, cast.teacher)
    assert "Отсутствие (для аттестации)" in page
    assert "Отпуск по уходу за ребёнком до достижения им возраста трёх лет" in page
    assert DOCUMENT in page and "по сей день" in page
    assert f"/people/absences/{absence.pk}/end/" in page


def test_adding_is_audited_on_the_educators_card(cast):
    signed_in(cast.school1_admin).post(f"/people/{cast.teacher.pk}/absences/new/", new())

    absence = Absence.objects.get()
    entry = AuditEntry.objects.for_object(cast.teacher).get()
    assert (entry.action, entry.actor) == (AuditAction.UPDATE, cast.school1_admin)
    assert entry.changes == {
        f"absence#{absence.pk}.kind": [None, "Отпуск по уходу за ребёнком до достижения им возраста трёх лет"],
        f"absence#{absence.pk}.started_on": [None, "2023-05-01"],
        f"absence#{absence.pk}.document": [None, DOCUMENT],
    }
    assert "Отсутствие (для аттестации) (Отпуск по уходу" in card(cast.school1_admin, cast.teacher)  # the trail


def test_an_editor_changes_an_absence_and_the_change_is_audited(cast):
    absence = childcare(cast.teacher)
    client = signed_in(cast.school1_admin)
    url = f"/people/absences/{absence.pk}/edit/"

    response = client.post(url, {**opened(client.get(url)), **new(document="приказ № 13-к от 28.04.2023")})

    assert response.status_code == 302
    absence.refresh_from_db()
    assert (absence.document, absence.version) == ("приказ № 13-к от 28.04.2023", 2)
    entry = AuditEntry.objects.for_object(cast.teacher).get()
    assert entry.changes == {f"absence#{absence.pk}.document": [DOCUMENT, "приказ № 13-к от 28.04.2023"]}


def test_an_open_absence_is_ended_with_its_last_day(cast):
    absence = childcare(cast.teacher)
    client = signed_in(cast.methodologist)
    url = f"/people/absences/{absence.pk}/end/"

    response = client.post(url, {**opened(client.get(url)), "ended_on": "2024-12-31"})

    assert response.status_code == 302
    absence.refresh_from_db()
    assert absence.ended_on == date(2024, 12, 31)
    entry = AuditEntry.objects.for_object(cast.teacher).get()
    assert entry.changes == {f"absence#{absence.pk}.ended_on": [None, "2024-12-31"]}
    assert "/end/" not in card(cast.methodologist, cast.teacher)  # ended: nothing left to end


def test_the_second_save_of_an_absence_opened_before_the_first_is_refused(cast):
    absence = childcare(cast.teacher)
    url = f"/people/absences/{absence.pk}/edit/"
    methodologist, coordinator = signed_in(cast.methodologist), signed_in(cast.coordinator)
    first, second = opened(methodologist.get(url)), opened(coordinator.get(url))
    methodologist.post(url, {**first, **new(ended_on="2024-10-31")})

    response = coordinator.post(url, {**second, **new(document="приказ № 99")})

    assert response.status_code == 200
    assert response.context["conflict"]["lines"] == [("окончание", None, "2024-10-31")]
    assert "Запись изменена другим пользователем" in response.content.decode()
    absence.refresh_from_db()
    assert (absence.ended_on, absence.document) == (date(2024, 10, 31), DOCUMENT)
    assert AuditEntry.objects.for_object(cast.teacher).count() == 1


# Bad input: Russian errors, nothing written


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (new(ended_on="2023-04-30"), "ended_on", "Дата окончания раньше даты начала."),
        (new(kind="illness", started_on="2024-03-01", ended_on="2024-05-31"), "ended_on",
         "Болезнь освобождает от аттестации, только если отсутствие длилось более четырёх месяцев подряд: "
         "более короткую не вносите."),
        (new(kind="illness", started_on="2024-02-01", ended_on="2024-05-31"), "ended_on",  # four months exactly
         "Болезнь освобождает от аттестации, только если отсутствие длилось более четырёх месяцев подряд: "
         "более короткую не вносите."),
        (new(kind="illness", started_on="2024-11-01"), "started_on",
         "Болезнь освобождает от аттестации, только если отсутствие длится более четырёх месяцев подряд: на "
         "сегодня их ещё не прошло — внесите её позже."),
        (new(kind="illness", started_on="2024-06-01", ended_on="2025-02-01"), "ended_on",
         "Окончание болезни не может быть позже сегодняшнего дня: укажите его, когда педагог выйдет на работу."),
        (new(document=""), "document", "Обязательное поле."),
        (new(started_on="01.05.2023x"), "started_on", "Введите правильную дату."),
    ],
)  # fmt: skip
def test_bad_input_is_refused_in_russian_and_nothing_is_written(cast, data, field, message):
    response = signed_in(cast.methodologist).post(f"/people/{cast.teacher.pk}/absences/new/", data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Absence.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_form_says_a_short_illness_does_not_count(cast):
    page = signed_in(cast.methodologist).get(f"/people/{cast.teacher.pk}/absences/new/").content.decode()

    assert "более короткая от аттестации не освобождает" in page


def test_pregnancy_and_maternity_leave_are_a_womans(cast):
    response = signed_in(cast.methodologist).post(
        f"/people/{cast.mentor_educator.pk}/absences/new/", new(kind="maternity", ended_on="2023-09-15")
    )

    assert response.context["form"].errors["kind"] == [
        "«Отпуск по беременности и родам» указывается только в карточке женщины."
    ]
    assert not Absence.objects.exists()


def test_the_same_kind_cannot_be_recorded_twice_for_the_same_days(cast):
    childcare(cast.teacher, ended_on=date(2024, 6, 30))

    response = signed_in(cast.methodologist).post(
        f"/people/{cast.teacher.pk}/absences/new/", new(started_on="2024-06-01")
    )

    assert response.context["form"].errors["started_on"] == [
        "Отсутствие этого вида на эти даты уже записано: измените ту запись."
    ]
    assert Absence.objects.count() == 1


def test_ending_before_the_start_is_refused(cast):
    absence = childcare(cast.teacher)
    client = signed_in(cast.methodologist)
    url = f"/people/absences/{absence.pk}/end/"

    response = client.post(url, {**opened(client.get(url)), "ended_on": "2023-04-01"})

    assert response.context["form"].errors["ended_on"] == ["Дата окончания раньше даты начала."]
    absence.refresh_from_db()
    assert absence.ended_on is None


# Who may see and change them


def test_the_educator_sees_her_own_absences_read_only(cast):
    absence = childcare(cast.teacher)
    client = signed_in(cast.teacher_user)

    page = card(cast.teacher_user, cast.teacher)

    assert DOCUMENT in page and "Отсутствие (для аттестации)" in page
    assert "/absences/new/" not in page and f"/people/absences/{absence.pk}/" not in page
    assert "/people/me/correction/" in page
    assert client.get(f"/people/{cast.teacher.pk}/absences/new/").status_code == 403
    assert client.post(f"/people/{cast.teacher.pk}/absences/new/", new()).status_code == 403
    assert client.get(f"/people/absences/{absence.pk}/edit/").status_code == 403
    assert client.post(f"/people/absences/{absence.pk}/end/", {"ended_on": "2024-12-31"}).status_code == 403
    assert Absence.objects.get().ended_on is None


def test_an_editor_linked_to_her_own_card_does_not_change_her_own_absences(cast):
    herself = f.EducatorFactory(last_name="Зайцева")
    f.EmploymentFactory(educator=herself, organization=cast.school1)
    absence = childcare(herself)
    cast.school1_admin.educator = herself
    cast.school1_admin.save()
    client = signed_in(cast.school1_admin)

    page = card(cast.school1_admin, herself)

    assert DOCUMENT in page and "/absences/new/" not in page
    assert client.get(f"/people/{herself.pk}/absences/new/").status_code == 403
    assert client.get(f"/people/absences/{absence.pk}/edit/").status_code == 403


@pytest.fixture
def other_methodologist(cast):
    """A methodologist of the other municipality: must see nothing of «Город N»."""
    return f.UserFactory(username="other_methodologist", role=Role.METHODOLOGIST, municipality=cast.other_municipality)


# the card's codes: out of the user's scope 404; not an editor of the registry 403, as for the card's edit page
@pytest.mark.parametrize(
    ("who", "change"),
    [("school2_admin", 404), ("other_methodologist", 404), ("other_region_operator", 404), ("mentor_user", 403)],
)
def test_those_outside_the_educators_scope_get_nothing(cast, request, who, change):
    user = getattr(cast, who, None) or request.getfixturevalue(who)
    absence = childcare(cast.teacher)
    client = signed_in(user)

    assert client.get(f"/people/{cast.teacher.pk}/").status_code == 404
    assert client.get(f"/people/absences/{absence.pk}/edit/").status_code == change
    assert client.post(f"/people/absences/{absence.pk}/end/", {"ended_on": "2024-12-31"}).status_code == change
    assert client.post(f"/people/{cast.teacher.pk}/absences/new/", new()).status_code == change
    assert Absence.objects.get().ended_on is None and Absence.objects.count() == 1


def test_an_anonymous_visitor_is_sent_to_log_in(cast, client):
    absence = childcare(cast.teacher)

    for url in (f"/people/{cast.teacher.pk}/absences/new/", f"/people/absences/{absence.pk}/edit/"):
        response = client.post(url, new())
        assert response.status_code == 302 and "/login" in response.url
    assert Absence.objects.count() == 1


def test_the_organization_an_educator_left_sees_neither_his_absences_nor_their_trail(cast, left_school1):
    absence = childcare(left_school1, kind=AbsenceKind.ILLNESS, started_on=date(2023, 1, 9), ended_on=date(2023, 8, 1))
    signed_in(cast.methodologist).post(
        f"/people/absences/{absence.pk}/edit/", new(kind="illness", started_on="2023-01-09", ended_on="2023-08-02")
    )
    client = signed_in(cast.school1_admin)

    page = card(cast.school1_admin, left_school1)

    assert AuditEntry.objects.for_object(left_school1).count() == 1  # the methodologist's change
    assert "Отсутствие (для аттестации)" not in page and "заболеванием" not in page
    assert client.get(f"/people/{left_school1.pk}/absences/new/").status_code == 403  # the card's read-only rule
    assert client.get(f"/people/absences/{absence.pk}/edit/").status_code == 404
    assert "заболеванием" in card(cast.school2_admin, left_school1)  # his organization now


@pytest.mark.parametrize("who", ["methodologist", "coordinator", "regional_operator", "school1_admin"])
def test_those_who_may_change_the_card_see_and_change_absences(cast, who):
    childcare(cast.teacher)

    page = card(getattr(cast, who), cast.teacher)

    assert DOCUMENT in page and f"/people/{cast.teacher.pk}/absences/new/" in page


# Where they never appear


def test_absences_stay_out_of_the_list_its_export_and_the_api(cast):
    childcare(cast.teacher)
    client = signed_in(cast.methodologist)
    _, token = ApiToken.issue(cast.methodologist, "тесты")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    listing = client.get("/people/").content.decode()
    workbook = load_workbook(BytesIO(client.get("/people/export/").content))
    exported = " ".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)
    api = [
        client.get("/api/v1/educators/", **bearer).content.decode(),
        client.get(f"/api/v1/educators/{cast.teacher.pk}/", **bearer).content.decode(),
        client.get("/api/v1/employments/", **bearer).content.decode(),
    ]

    assert "Смирнова" in listing and "Смирнова" in exported and "Смирнова" in api[1]
    for text in (listing, exported, *api):
        assert DOCUMENT not in text
        assert "уходу за ребёнком" not in text and "absence" not in text.lower()
