"""Creating and editing an educator card: who may, what is validated, what is saved and audited."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.audit.models import AuditAction, AuditEntry
from metodist.people.models import Educator, EmploymentKind
from metodist.testing import factories as f

pytestmark = pytest.mark.usefixtures("on_today")


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_card(organization, **changes) -> dict:
    """A new teacher of mathematics: Петрова Елена Сергеевна, first category awarded 20.05.2022."""
    data = {
        "last_name": "Петрова",
        "first_name": "Елена",
        "patronymic": "Сергеевна",
        "sex": "F",
        "birth_date": "1990-04-12",
        "snils": "112-233-445 95",
        "email": "petrova@example.org",
        "phone": "",
        "ped_work_start": "2012-09-01",
        "category": "first",
        "category_awarded_on": "2022-05-20",
        "category_expires_on": "",
        **management("educations", 1),
        "educations-0-level": "higher",
        "educations-0-is_pedagogical": "on",
        "educations-0-speciality": f.speciality("Математика").pk,
        "educations-0-institution": "УрГПУ",
        "educations-0-completed_on": "2012-06-30",
        **management("employments", 1),
        "employments-0-organization": organization.pk,
        "employments-0-position": f.position("teacher").pk,
        "employments-0-kind": "main",
        "employments-0-rate": "1.00",
        "employments-0-weekly_hours": "20",
        "employments-0-subjects": [f.subject("mathematics").pk, f.subject("algebra").pk],
        "employments-0-start_date": "2012-09-01",
        "employments-0-end_date": "",
    }
    data.update(changes)
    return data


def form_data(response) -> dict:
    """What the browser would send back for the form as shown, untouched."""
    forms = response.context["forms"]
    data = {}
    for formset in (forms.educations, forms.employments):
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
    lock = [forms.lock] if getattr(forms, "lock", None) else []  # the version the card was opened at
    for form in [*lock, forms.educator, *forms.educations.forms, *forms.employments.forms]:
        for field in form:
            value = field.value()
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list):
                data[field.html_name] = [getattr(item, "pk", item) for item in value]
            elif value is not None and value is not False:
                data[field.html_name] = str(value)
    return data


def test_methodologist_creates_an_educator_with_education_and_employment(client, cast):
    client.force_login(cast.methodologist)

    response = client.post("/people/new/", new_card(cast.school1))

    educator = Educator.objects.get(last_name="Петрова")
    assert response.status_code == 302
    assert response.url == f"/people/{educator.pk}/"
    assert (educator.snils, educator.category_expires_on) == ("11223344595", date(2027, 5, 20))
    assert educator.educations.get().speciality == f.speciality("Математика")
    employment = educator.employments.get()
    assert (employment.organization, employment.weekly_hours) == (cast.school1, Decimal("20"))
    assert set(employment.subjects.values_list("code", flat=True)) == {"mathematics", "algebra"}


def test_creation_is_audited_with_the_whole_card(client, cast):
    client.force_login(cast.methodologist)

    client.post("/people/new/", new_card(cast.school1))

    educator = Educator.objects.get(last_name="Петрова")
    entry = AuditEntry.objects.for_object(educator).get()
    employment, education = educator.employments.get(), educator.educations.get()
    assert (entry.action, entry.actor) == (AuditAction.CREATE, cast.methodologist)
    assert entry.changes["last_name"] == [None, "Петрова"]
    assert entry.changes["category"] == [None, "Первая"]
    assert entry.changes["category_expires_on"] == [None, "2027-05-20"]
    assert entry.changes[f"employment#{employment.pk}.organization"] == [None, "Школа № 1"]
    assert entry.changes[f"employment#{employment.pk}.subjects"] == [None, "Математика, Алгебра"]
    assert entry.changes[f"education#{education.pk}.speciality"] == [None, "Математика"]


def test_category_awarded_under_order_196_does_not_expire(client, cast):
    client.force_login(cast.methodologist)

    client.post("/people/new/", new_card(cast.school1, category_awarded_on="2024-02-01"))

    assert Educator.objects.get(last_name="Петрова").category_expires_on is None


@pytest.mark.parametrize(
    ("member", "choices"),
    [("methodologist", ["Школа № 1", "Школа № 2"]), ("school1_admin", ["Школа № 1"])],
)
def test_organizations_to_choose_are_those_of_the_scope(client, cast, member, choices):
    client.force_login(getattr(cast, member))

    response = client.get("/people/new/")

    form = response.context["forms"].employments.forms[0]
    assert [str(organization) for organization in form.fields["organization"].queryset] == choices


def test_school_admin_cannot_add_an_employment_in_another_school(client, cast):
    client.force_login(cast.school1_admin)

    response = client.post("/people/new/", new_card(cast.school2))

    errors = response.context["forms"].employments.forms[0].errors
    assert errors["organization"] == ["Выберите корректный вариант. Вашего варианта нет среди допустимых значений."]
    assert not Educator.objects.filter(last_name="Петрова").exists()


def test_educator_without_an_employment_is_refused(client, cast):
    client.force_login(cast.methodologist)
    untouched_row = {
        "employments-0-organization": "",
        "employments-0-position": "",
        "employments-0-weekly_hours": "0",
        "employments-0-subjects": [],
        "employments-0-start_date": "",
    }

    response = client.post("/people/new/", new_card(cast.school1, **untouched_row))

    assert response.status_code == 200
    assert "Укажите хотя бы одно место работы" in response.content.decode()
    assert not Educator.objects.filter(last_name="Петрова").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"snils": "112-233-445 94"},
            "snils",
            "СНИЛС указан неверно: должно быть 11 цифр с верным контрольным числом.",
        ),
        ({"snils": "112-233-445"}, "snils", "СНИЛС указан неверно: должно быть 11 цифр с верным контрольным числом."),
        (
            {"snils": "000-000-000 00"},
            "snils",
            "СНИЛС указан неверно: должно быть 11 цифр с верным контрольным числом.",
        ),  # a placeholder for an unknown SNILS: leave it empty instead
        ({"snils": "112-233-445 9х"}, "snils", "СНИЛС может содержать только цифры, пробелы и дефисы."),
        ({"category_awarded_on": ""}, "category_awarded_on", "Укажите дату присвоения категории."),
        ({"category": "none"}, "category_awarded_on", "Дата присвоения указана, а категория не выбрана."),
        (
            {"category": "methodist", "category_awarded_on": "2023-05-01"},
            "category_awarded_on",
            "Категории «педагог-методист» и «педагог-наставник» присваиваются с 01.09.2023.",
        ),
        ({"birth_date": "2030-01-01"}, "birth_date", "Дата рождения не может быть позже сегодняшнего дня."),
        ({"birth_date": "2020-02-31"}, "birth_date", "Введите правильную дату."),
        ({"ped_work_start": "2003-09-01"}, "ped_work_start", "Педагогическая работа не может начаться раньше 14 лет."),
        ({"last_name": "  "}, "last_name", "Обязательное поле."),
        ({"email": "petrova@"}, "email", "Введите правильный адрес электронной почты."),
    ],
)
def test_bad_educator_data_is_shown_again_with_the_message_and_nothing_saved(client, cast, changes, field, message):
    client.force_login(cast.methodologist)

    response = client.post("/people/new/", new_card(cast.school1, **changes))

    assert response.status_code == 200
    assert response.context["forms"].educator.errors[field] == [message]
    html = response.content.decode()
    assert "Запись не сохранена" in html
    assert 'value="Елена"' in html  # what was typed is kept
    assert Educator.objects.count() == 4  # the cast only


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"employments-0-end_date": "2012-08-31"}, "end_date", "Дата окончания раньше даты начала."),
        ({"employments-0-start_date": ""}, "start_date", "Обязательное поле."),
        ({"employments-0-weekly_hours": "70"}, "weekly_hours", "Убедитесь, что это значение меньше либо равно 60."),
        ({"employments-0-rate": "0"}, "rate", "Убедитесь, что это значение больше либо равно 0.05."),
    ],
)
def test_bad_employment_is_shown_again_with_the_message(client, cast, changes, field, message):
    client.force_login(cast.methodologist)

    response = client.post("/people/new/", new_card(cast.school1, **changes))

    form = response.context["forms"].employments.forms[0]
    assert form.errors[field] == [message]
    assert [subject.code for subject in form.cleaned_data["subjects"]] == ["mathematics", "algebra"]
    assert Educator.objects.count() == 4


def test_duplicate_snils_is_refused(client, cast):
    cast.mentor_educator.snils = "11223344595"
    cast.mentor_educator.save()
    client.force_login(cast.methodologist)

    response = client.post("/people/new/", new_card(cast.school1))

    assert response.context["forms"].educator.errors["snils"]
    assert not Educator.objects.filter(last_name="Петрова").exists()


def test_edit_saves_and_audits_only_what_changed(client, cast):
    client.force_login(cast.methodologist)
    data = form_data(client.get(f"/people/{cast.teacher.pk}/edit/"))
    employment = cast.teacher.employments.get()

    response = client.post(
        f"/people/{cast.teacher.pk}/edit/", {**data, "phone": "+7 900 000-00-00", "employments-0-weekly_hours": "20"}
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.for_object(cast.teacher).get()
    assert (entry.action, entry.actor) == (AuditAction.UPDATE, cast.methodologist)
    assert entry.changes == {
        "phone": ["", "+7 900 000-00-00"],
        f"employment#{employment.pk}.weekly_hours": ["18.0", "20.0"],
    }


def test_edit_without_changes_records_nothing(client, cast):
    client.force_login(cast.methodologist)
    data = form_data(client.get(f"/people/{cast.teacher.pk}/edit/"))

    response = client.post(f"/people/{cast.teacher.pk}/edit/", data)

    assert response.status_code == 302
    assert not AuditEntry.objects.exists()


def test_new_category_gets_a_new_term(client, cast):
    cast.teacher.category, cast.teacher.category_awarded_on = "szd", date(2019, 5, 20)
    cast.teacher.category_expires_on = date(2024, 5, 20)
    cast.teacher.save()
    client.force_login(cast.methodologist)
    data = form_data(client.get(f"/people/{cast.teacher.pk}/edit/"))

    client.post(f"/people/{cast.teacher.pk}/edit/", {**data, "category": "first", "category_awarded_on": "2024-06-01"})

    cast.teacher.refresh_from_db()
    assert (cast.teacher.category, cast.teacher.category_expires_on) == ("first", None)  # order № 196: no term


def test_expiry_typed_by_hand_is_kept(client, cast):
    client.force_login(cast.methodologist)
    data = form_data(client.get(f"/people/{cast.teacher.pk}/edit/"))

    client.post(
        f"/people/{cast.teacher.pk}/edit/",
        {**data, "category": "szd", "category_awarded_on": "2021-03-01", "category_expires_on": "2026-09-01"},
    )

    cast.teacher.refresh_from_db()
    assert cast.teacher.category_expires_on == date(2026, 9, 1)


def test_school_admin_edits_only_the_employment_of_her_school(client, cast):
    elsewhere = f.EmploymentFactory(
        educator=cast.mentor_educator, organization=cast.school2, kind=EmploymentKind.EXTERNAL, weekly_hours=6
    )
    client.force_login(cast.school1_admin)
    response = client.get(f"/people/{cast.mentor_educator.pk}/edit/")
    data = form_data(response)

    client.post(f"/people/{cast.mentor_educator.pk}/edit/", {**data, "employments-0-weekly_hours": "12"})

    assert [form.instance.organization for form in response.context["forms"].employments.initial_forms] == [
        cast.school1
    ]
    assert cast.mentor_educator.employments.get(organization=cast.school1).weekly_hours == Decimal("12")
    elsewhere.refresh_from_db()
    assert elsewhere.weekly_hours == Decimal("6")


def test_closing_an_employment_keeps_it_as_history(client, cast):
    client.force_login(cast.methodologist)
    data = form_data(client.get(f"/people/{cast.teacher.pk}/edit/"))

    client.post(f"/people/{cast.teacher.pk}/edit/", {**data, "employments-0-end_date": "2024-12-31"})

    employment = cast.teacher.employments.get()
    assert employment.end_date == date(2024, 12, 31)
    assert not employment.is_active(date(2025, 1, 15))


def test_removed_education_is_audited(client, cast):
    education = f.EducationFactory(educator=cast.teacher, speciality=f.speciality("Математика"))
    client.force_login(cast.methodologist)
    data = form_data(client.get(f"/people/{cast.teacher.pk}/edit/"))

    client.post(f"/people/{cast.teacher.pk}/edit/", {**data, "educations-0-DELETE": "on"})

    assert not cast.teacher.educations.exists()
    changes = AuditEntry.objects.for_object(cast.teacher).get().changes
    assert changes[f"education#{education.pk}.speciality"] == ["Математика", None]
    assert changes[f"education#{education.pk}.level"] == ["Высшее", None]


@pytest.mark.parametrize("member", ["teacher_user", "mentor_user", "other_user"])
def test_educators_cannot_create_or_edit(client, cast, member):
    client.force_login(getattr(cast, member))

    assert client.get("/people/new/").status_code == 403
    assert client.post("/people/new/", new_card(cast.school1)).status_code == 403
    assert client.get(f"/people/{cast.teacher.pk}/edit/").status_code == 403
    assert client.post(f"/people/{cast.teacher.pk}/edit/", {"last_name": "Взлом"}).status_code == 403
    assert Educator.objects.count() == 4


@pytest.mark.parametrize(("member", "educator"), [("school2_admin", "teacher"), ("coordinator", "other_educator")])
def test_editor_cannot_reach_a_card_outside_the_scope(client, cast, member, educator):
    client.force_login(getattr(cast, member))
    target = getattr(cast, educator)

    assert client.get(f"/people/{target.pk}/edit/").status_code == 404
    assert client.post(f"/people/{target.pk}/edit/", {"last_name": "Взлом"}).status_code == 404
    target.refresh_from_db()
    assert target.last_name != "Взлом"


def test_anonymous_visitor_cannot_create(client, cast):
    response = client.post("/people/new/", new_card(cast.school1))

    assert response.status_code == 302
    assert Educator.objects.count() == 4


def test_list_offers_adding_only_to_editors(client, cast):
    client.force_login(cast.teacher_user)
    assert "Добавить педагога" not in client.get("/people/").content.decode()

    client.force_login(cast.school1_admin)
    assert "Добавить педагога" in client.get("/people/").content.decode()


def test_edit_form_folds_the_subjects_into_a_summary(client, cast):
    cast.teacher.employments.get().subjects.add(f.subject("algebra"))
    client.force_login(cast.methodologist)

    response = client.get(f"/people/{cast.teacher.pk}/edit/")

    (form,) = response.context["forms"].employments.forms
    assert form.selected_subjects() == ["Математика", "Алгебра"]
    assert "Математика, Алгебра · " in response.content.decode()
