"""The OpenAPI schema describes every path; the interactive docs load only local static files."""

import json
import re

from django.contrib.staticfiles import finders

PATHS = {
    "/api/v1/organizations/",
    "/api/v1/organizations/{organization_id}/",
    "/api/v1/staff-positions/",
    "/api/v1/staff-positions/{staff_position_id}/",
    "/api/v1/educators/",
    "/api/v1/educators/{educator_id}/",
    "/api/v1/employments/",
    "/api/v1/employments/{employment_id}/",
    "/api/v1/campaigns/",
    "/api/v1/campaigns/{campaign_id}/",
    "/api/v1/campaigns/{campaign_id}/results/",
    "/api/v1/cards/",
    "/api/v1/cards/{card_id}/",
    "/api/v1/cards/{card_id}/values/",
    "/api/v1/cards/{card_id}/submit/",
}


def test_openapi_schema_is_json_with_every_path_and_both_ways_in(client, db):
    response = client.get("/api/v1/openapi.json")

    schema = json.loads(response.content)
    assert schema["info"]["title"] == "Методист API"
    assert set(schema["paths"]) == PATHS
    assert {scheme["type"] for scheme in schema["components"]["securitySchemes"].values()} == {"http", "apiKey"}


def test_openapi_schema_describes_fields_in_russian(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    facts = schema["components"]["schemas"]["EducatorFactsOut"]["properties"]
    assert facts["is_young"]["description"].startswith("Молодой педагог")


def test_docs_page_loads_only_local_assets(client, db):
    response = client.get("/api/v1/docs")

    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert all(source.startswith("/static/") for source in sources), sources
    assert '"validatorUrl": null' in html


def test_docs_assets_are_found_by_staticfiles(db):
    missing = [name for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css") if not finders.find(name)]

    assert missing == [], 'add "ninja" to INSTALLED_APPS so collectstatic and runserver serve the docs assets'


def test_every_operation_declares_the_errors_it_can_answer(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    declared = {
        (method, path): set(operation["responses"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }

    for (method, path), statuses in declared.items():
        expected = {"200", "401", "422"}
        if path.endswith("}/") or "{" in path:
            expected |= {"404"}
        if method == "post":
            expected |= {"400", "403"}
        if path.endswith("/values/"):
            expected |= {"409"}  # a card saved by someone else since the version read
        assert statuses == expected, (method, path)
