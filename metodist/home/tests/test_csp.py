"""The Content-Security-Policy: every page allows scripts and styles from our own files only, so no template may
carry inline code. The API documentation needs no exception: django-ninja's Swagger UI loads its code from
files and reads its settings from a JSON element (e2e/test_pages_under_csp.py renders it)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = sorted(
    path
    for root in [settings.BASE_DIR / "metodist"]
    for path in root.glob("**/templates/**/*.html")
    if "node_modules" not in path.parts
)
SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def policy(response) -> dict[str, list[str]]:
    directives = (part.strip().split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: values for name, *values in directives}


def test_the_scan_sees_the_templates():
    assert len(TEMPLATES) > 50
    assert any(path.name == "base.html" for path in TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_no_template_has_inline_code(template: Path):
    text = template.read_text()

    inline_scripts = [
        match.group(0)
        for match in SCRIPT.finditer(text)
        if "src=" not in match.group("attrs") and "application/json" not in match.group("attrs")
    ]
    assert inline_scripts == []
    assert HANDLER.findall(text) == []
    assert STYLE.findall(text) == []


@pytest.mark.parametrize("page", ["accounts:login", "accounts:password_reset"])
def test_pages_of_an_anonymous_visitor_send_the_policy(client, db, page):
    response = client.get(reverse(page))

    assert policy(response)["script-src"] == ["'self'"]


def test_a_registry_page_allows_scripts_and_styles_from_our_files_only(client, cast):
    client.force_login(cast.coordinator)

    rules = policy(client.get(reverse("people:list")))

    assert rules["default-src"] == ["'self'"]
    assert rules["script-src"] == ["'self'"]
    assert rules["style-src"] == ["'self'"]
    assert rules["img-src"] == ["'self'", "data:"]
    assert rules["object-src"] == ["'none'"]
    assert rules["frame-ancestors"] == ["'none'"]
    assert rules["form-action"] == ["'self'"]


def test_the_api_documentation_has_the_same_strict_policy(client, cast):
    client.force_login(cast.coordinator)

    rules = policy(client.get("/api/v1/docs"))

    assert rules["script-src"] == ["'self'"]
    assert rules["style-src"] == ["'self'"]
