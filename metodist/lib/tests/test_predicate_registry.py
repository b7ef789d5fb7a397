"""The predicate registry: domain apps register their own predicates; monitoring reads them without importing them."""

import ast
from pathlib import Path

import pytest
from django.db.models import Q

from metodist.lib import predicates as registry
from metodist.lib.predicates import EDUCATORS, Predicate, RegistryError, register

PACKAGE = Path(__file__).resolve().parents[2]


@pytest.fixture
def clean_registry(monkeypatch):
    monkeypatch.setattr(registry, "PREDICATES", {})
    return registry


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_registry_predicates_come_from_their_domain_apps():
    from metodist.monitoring import vocabulary

    assert vocabulary.PREDICATES["young"].module == "Реестр педагогических работников"
    assert vocabulary.PREDICATES["org_kind"].module == "Реестр образовательных организаций"
    assert vocabulary.PREDICATES["young"].connected
    assert vocabulary.PREDICATES["mentor"].module == "Наставничество"


def test_a_connected_predicate_replaces_a_pending_declaration(clean_registry):
    register("Наставничество", {"mentor": Predicate(EDUCATORS, "является наставником")})

    register("Наставничество", {"mentor": Predicate(EDUCATORS, "является наставником", build=lambda c, p: Q())})

    assert clean_registry.PREDICATES["mentor"].connected


def test_a_pending_declaration_does_not_undo_a_connected_predicate(clean_registry):
    register("Наставничество", {"mentor": Predicate(EDUCATORS, "является наставником", build=lambda c, p: Q())})

    register("Наставничество", {"mentor": Predicate(EDUCATORS, "является наставником")})

    assert clean_registry.PREDICATES["mentor"].connected


def test_two_modules_cannot_connect_one_code(clean_registry):
    register("Реестр", {"young": Predicate(EDUCATORS, "молодой", build=lambda c, p: Q())})

    with pytest.raises(RegistryError):
        register("Другой модуль", {"young": Predicate(EDUCATORS, "молодой", build=lambda c, p: Q())})


@pytest.mark.parametrize("name", ["vocabulary.py", "catalogue.py"])
def test_the_monitoring_vocabulary_and_checker_import_no_domain_app(name):
    imported = _imported_modules(PACKAGE / "monitoring" / name)

    assert not {m for m in imported if m.startswith(("metodist.people", "metodist.orgs"))}


@pytest.mark.parametrize("app", ["orgs", "people"])
def test_the_registry_apps_import_nothing_from_the_apps_above_them(app):
    above = ("metodist.monitoring", "metodist.home", "metodist.imports", "metodist.api", "metodist.demo")

    offending = {
        (path.name, module)
        for path in (PACKAGE / app).rglob("*.py")
        if "tests" not in path.parts
        for module in _imported_modules(path)
        if module.startswith(above)
    }

    assert offending == set()
