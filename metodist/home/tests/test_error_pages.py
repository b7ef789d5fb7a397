"""The error pages are the project's own, in Russian and in the site's layout (tests run with DEBUG off)."""

from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

DJANGO_TECHNICAL_PAGE = ("Traceback", "Page not found at", "You're seeing this error because", "Forbidden (403)")


def assert_own_error_page(response, status: int, heading: str):
    html = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="h3 mb-3" id="error-title">{heading}</h1>' in html
    assert f'href="{reverse("home:home")}">На главную</a>' in html
    assert '<html lang="ru">' in html
    assert not [marker for marker in DJANGO_TECHNICAL_PAGE if marker in html]


def test_tests_run_with_debug_off(settings):
    assert settings.DEBUG is False


def test_an_unknown_address_gives_the_russian_404_page_inside_the_menu(client, cast):
    client.force_login(cast.coordinator)

    response = client.get("/no-such-page/")

    assert_own_error_page(response, 404, "Страница не найдена")
    assert "Педагоги" in response.content.decode()  # the navigation of a signed-in user is kept


def test_an_anonymous_visitor_gets_the_same_404_page(client, db):
    response = client.get("/no-such-page/")

    assert_own_error_page(response, 404, "Страница не найдена")


def test_an_object_out_of_scope_gives_the_russian_404_page(client, cast):
    client.force_login(cast.school2_admin)

    response = client.get(reverse("orgs:detail", args=[cast.school1.pk]))

    assert_own_error_page(response, 404, "Страница не найдена")


def test_a_forbidden_action_gives_the_russian_403_page_with_its_reason(client, cast):
    client.force_login(cast.teacher_user)

    response = client.get(reverse("imports:index"))

    assert_own_error_page(response, 403, "Доступ запрещён")
    assert "Импорт доступен только тем, кто ведёт реестр." in response.content.decode()


def test_a_form_without_its_csrf_token_gives_the_russian_403_page(cast):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accounts:login"), {"username": "coordinator", "password": "x"})

    assert_own_error_page(response, 403, "Форма устарела")


def test_an_unknown_host_gives_the_russian_400_page(client, db):
    response = client.get("/", HTTP_HOST="evil.example")

    assert_own_error_page(response, 400, "Неверный запрос")


def test_the_500_page_renders_without_a_request_context_or_the_database():
    # no `db` fixture: any query would fail the test
    response = server_error(RequestFactory().get("/"))

    assert_own_error_page(response, 500, "Ошибка на сервере")
    assert "navbar-nav" not in response.content.decode()


def test_with_debug_off_the_app_serves_the_collected_static_files_itself(db, tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--noinput", verbosity=0)
    client = Client()  # a new client builds its middleware, so WhiteNoise sees the new STATIC_ROOT

    responses = {
        path: client.get(static(path), HTTP_ACCEPT_ENCODING="gzip")
        for path in ("vendor/bootstrap/css/bootstrap.min.css", "vendor/htmx/htmx.min.js", "metodist.css")
    }

    assert {path: r.status_code for path, r in responses.items()} == dict.fromkeys(responses, 200)
    assert responses["vendor/bootstrap/css/bootstrap.min.css"]["Content-Encoding"] == "gzip"
    assert client.get(static("vendor/chartjs/chart.umd.min.js")).status_code == 200
