"""The shell of every page: login, logout, the navigation menu filtered for the user."""

import pytest
from django.urls import reverse

from metodist.accounts.models import Role
from metodist.home.context_processors import NAVIGATION, visible_entries
from metodist.testing import factories as f


def menu_labels(response) -> list[str]:
    """The main menu's labels, a dropdown's children after it."""
    labels = []
    for entry in response.context["navigation"]:
        labels.append(entry["label"])
        labels.extend(child["label"] for child in entry.get("children", ()))
    return labels


@pytest.mark.parametrize("url_name", ["home:home", "orgs:list", "orgs:create", "orgs:export"])
def test_anonymous_visitor_is_sent_to_the_login_page(client, db, url_name):
    url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_login_page_is_in_russian_with_labels_bound_to_inputs(client, db):
    response = client.get(reverse("accounts:login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Вход в систему" in html
    assert '<label class="form-label" for="id_username">Имя пользователя</label>' in html
    assert 'id="id_password"' in html
    assert "navbar-nav" not in html


def test_bad_credentials_are_refused_with_a_russian_message_and_the_username_kept(client, cast):
    response = client.post(reverse("accounts:login"), {"username": "coordinator", "password": "wrong"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Пожалуйста, введите правильные имя пользователя и пароль" in html
    assert 'value="coordinator"' in html
    assert "_auth_user_id" not in client.session


def test_good_credentials_lead_to_the_start_page(client, cast):
    response = client.post(reverse("accounts:login"), {"username": "coordinator", "password": "pass-12345"})

    assert response.status_code == 302
    assert response["Location"] == reverse("home:home")


def test_logout_is_a_post_that_ends_the_session(client, cast):
    client.force_login(cast.coordinator)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_editor_sees_the_import_item(client, cast):
    client.force_login(cast.methodologist)

    response = client.get(reverse("home:home"))

    assert menu_labels(response) == [
        "Главная",
        "Организации",
        "Педагоги",
        "Профессиональный рост",
        "Диагностика",
        "Маршруты (ИОМ)",
        "Курсы (ДПП)",
        "Аттестация",
        "Сообщество",
        "Наставничество",
        "Методические объединения",
        "Мероприятия",
        "Конкурсы",
        "Лучшие практики",
        "Экспертиза и активность",
        "Сопровождение",
        "Запросы и консультации",
        "Банк затруднений",
        "Анкетирование",
        "Структура системы",
        "Управление",
        "Мониторинг",
        "Аналитические справки",
        "Кластеры ОО",
        "Адресные рекомендации",
        "Решения и меры",
        "Дорожные карты",
        "Импорт",
    ]


@pytest.mark.parametrize("user_name", ["teacher_user", "mentor_user"])
def test_non_editor_does_not_see_the_import_item(client, cast, user_name):
    client.force_login(getattr(cast, user_name))

    response = client.get(reverse("home:home"))

    assert menu_labels(response) == [
        "Главная",
        "Организации",
        "Педагоги",
        "Профессиональный рост",
        "Диагностика",
        "Маршруты (ИОМ)",
        "Курсы (ДПП)",
        "Сообщество",
        "Наставничество",
        "Методические объединения",
        "Мероприятия",
        "Конкурсы",
        "Лучшие практики",
        "Экспертиза и активность",
        "Сопровождение",
        "Запросы и консультации",
        "Анкетирование",
        "Структура системы",
        "Управление",
        "Адресные рекомендации",
    ]
    assert reverse("imports:index") not in response.content.decode()


def test_current_section_is_marked_for_assistive_technology(client, cast):
    client.force_login(cast.coordinator)

    response = client.get(reverse("orgs:list"))

    active = [entry["label"] for entry in response.context["navigation"] if entry["active"]]
    assert active == ["Организации"]
    assert f'href="{reverse("orgs:list")}" aria-current="page"' in response.content.decode()


def test_user_menu_shows_name_role_jobs_password_tokens_and_a_logout_form(client, cast):
    cast.coordinator.first_name, cast.coordinator.last_name = "Елена", "Миронова"
    cast.coordinator.save(update_fields=["first_name", "last_name"])
    client.force_login(cast.coordinator)

    response = client.get(reverse("home:home"))

    html = response.content.decode()
    assert "Елена Миронова" in html
    assert "Муниципальный координатор (УО / ММС)" in html
    labels = [entry["label"] for entry in response.context["user_menu"]]
    assert labels == ["Напоминания", "Мои задания", "Смена пароля", "API-токены"]
    assert f'<form method="post" action="{reverse("accounts:logout")}">' in html


def test_staff_member_also_sees_the_audit_trail_and_the_administration_link(client, cast):
    admin = f.UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get(reverse("home:home"))

    labels = [entry["label"] for entry in response.context["user_menu"]]
    assert labels == ["Напоминания", "Мои задания", "Смена пароля", "API-токены", "Журнал аудита", "Администрирование"]


def test_an_entry_requiring_a_missing_attribute_is_hidden(cast):
    entries = [*NAVIGATION, {"label": "Будущий раздел", "url": "home:home", "requires": "can_use_the_future"}]

    visible = visible_entries(entries, cast.coordinator)

    assert "Будущий раздел" not in [entry["label"] for entry in visible]


@pytest.mark.parametrize(
    ("who", "sees"), [("coordinator", True), ("school2_admin", True), ("teacher_user", False), ("mentor_user", False)]
)
def test_monitoring_is_in_the_menu_of_those_who_work_with_organizations(cast, who, sees):
    entries = visible_entries(NAVIGATION, getattr(cast, who))
    labels = [child["label"] for entry in entries for child in entry.get("children", [entry])]

    assert ("Мониторинг" in labels) is sees


def test_a_page_of_a_growth_module_marks_its_dropdown_and_its_entry(client, cast):
    client.force_login(cast.methodologist)

    response = client.get(reverse("attestation:index"))

    growth = next(entry for entry in response.context["navigation"] if entry.get("children"))
    assert growth["active"] is True
    assert [child["label"] for child in growth["children"] if child["active"]] == ["Аттестация"]
    assert f'href="{reverse("attestation:index")}" aria-current="page"' in response.content.decode()
