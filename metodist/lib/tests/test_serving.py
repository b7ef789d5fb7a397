"""Serving in production: the server refuses to start on a wrong configuration instead of serving a debug page,
the production settings pass `check --deploy`, and no page or file of the application is cached."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metodist.accounts.models import ApiToken
from metodist.monitoring.tests.campaigns import campaign_fixture, card_of, catalogue_fixture  # noqa: F401 (fixtures)

STRONG_KEY = "k3Y-" + "0123456789abcdefghijklmnopqrstuvwxyz" * 2


def production_env(tmp_path: Path, **overrides) -> dict:
    # The environment of a deployment: nothing the test run set for itself (the browser tests' async switch).
    ignored = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in ignored}
    env.update(
        DJANGO_SETTINGS_MODULE="metodist.settings_production",
        SECRET_KEY=STRONG_KEY,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="metodist.example.ru",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def collected(tmp_path: Path) -> Path:
    """A STATIC_ROOT as collectstatic leaves it, reduced to the manifest the server looks for."""
    root = tmp_path / "static"
    root.mkdir()
    (root / "staticfiles.json").write_text('{"paths": {}, "version": "1.1", "hash": ""}')
    return root


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_wsgi_application_refuses_to_start_without_a_settings_module(tmp_path):
    result = run(["-c", "import metodist.wsgi"], production_env(tmp_path, DJANGO_SETTINGS_MODULE=None))

    assert result.returncode != 0
    assert "DJANGO_SETTINGS_MODULE is not set" in result.stderr


def test_production_settings_refuse_a_short_secret_key(tmp_path):
    result = run(["manage.py", "check"], production_env(tmp_path, SECRET_KEY="short-but-set"))

    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random string of at least 50 characters" in result.stderr


def test_production_settings_refuse_the_development_default_key(tmp_path):
    result = run(["manage.py", "check"], production_env(tmp_path, SECRET_KEY=None))

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_server_refuses_to_start_before_collectstatic(tmp_path):
    result = run(["-c", "import metodist.wsgi"], production_env(tmp_path))

    assert result.returncode != 0
    assert "run `manage.py collectstatic --noinput` before starting the server" in result.stderr


GUNICORN_CHECK = ["-m", "gunicorn", "-c", "gunicorn.conf.py", "--check-config"]  # loads the application, then exits


def test_gunicorn_starts_with_production_settings_after_collectstatic(tmp_path):
    collected(tmp_path)

    result = run(GUNICORN_CHECK, production_env(tmp_path))

    assert result.returncode == 0, result.stderr


def test_gunicorn_refuses_to_start_without_a_settings_module(tmp_path):
    collected(tmp_path)

    result = run(GUNICORN_CHECK, production_env(tmp_path, DJANGO_SETTINGS_MODULE=None))

    assert result.returncode != 0
    assert "DJANGO_SETTINGS_MODULE is not set" in result.stderr


def test_check_deploy_with_production_settings_finds_no_issues(tmp_path):
    collected(tmp_path)

    result = run(["manage.py", "check", "--deploy"], production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNINGS" not in result.stderr


def test_check_deploy_reports_static_files_not_collected(tmp_path):
    result = run(["manage.py", "check", "--deploy"], production_env(tmp_path))

    assert result.returncode != 0
    assert "metodist.E001" in result.stderr


@pytest.fixture
def registry_pages(client, cast):
    client.force_login(cast.coordinator)
    return {
        "educator card": reverse("people:detail", args=[cast.teacher.pk]),
        "list": reverse("people:list"),
        "export": reverse("people:export"),
        "API": "/api/v1/educators/",
    }


@pytest.mark.parametrize("page", ["educator card", "list", "export", "API"])
def test_pages_with_personal_data_are_never_stored_by_a_cache(client, registry_pages, page):
    response = client.get(registry_pages[page])

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_api_called_with_a_token_is_never_stored_by_a_cache(client, cast):
    _, raw = ApiToken.issue(cast.coordinator, "скрипт")

    response = client.get("/api/v1/educators/", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_keep_their_caching(client, db, settings):
    settings.WHITENOISE_USE_FINDERS = True  # WhiteNoise serves the source files, as without collectstatic in DEBUG

    response = client.get("/static/metodist.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_login_page_of_an_anonymous_visitor_is_not_stored_either(client, db):
    response = client.get(reverse("accounts:login"))

    assert "no-store" in response["Cache-Control"]


def test_an_evidence_file_is_never_stored_by_a_cache(client, cast, campaign, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    card = card_of(campaign, cast.municipality)
    client.force_login(cast.methodologist)
    upload = SimpleUploadedFile("act.pdf", b"%PDF-1.4 act", content_type="application/pdf")
    form = {"act_young": "True", "act_young__file": upload, "act_young__link": "", "action": "submit"}
    client.post(reverse("monitoring:card", args=[card.pk]), form)
    value = card.values.get()

    response = client.get(reverse("monitoring:evidence", args=[value.pk]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
