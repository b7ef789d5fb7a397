"""Reading, validating and loading catalogue files (catalogues/*.toml). See docs/indicators.md."""

import hashlib
import tomllib
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from . import vocabulary
from .models import Catalogue, DataCard, DataElement, Indicator, IndicatorKind, Level, Unit, ValueType

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogues"
TARGET_OPERATORS = {">=", ">", "<=", "<", "=="}
CARD_LEVELS = {Level.ORGANIZATION, Level.MUNICIPALITY}
INDICATOR_FIELDS = {
    "code", "number", "name", "group", "source", "kind", "unit", "population", "where", "denominator_where",
    "breakdowns", "targets", "scale", "method", "element", "numerator_element", "denominator_element",
    "count_at",
}  # fmt: skip
COUNT_AT = {"home", "employment"}  # where an educator is counted: home organization, or every place of work
ELEMENT_FIELDS = {"code", "card", "name", "type", "required", "min", "max", "not_greater_than", "severity", "registry"}
ELEMENT_FIELDS |= {"integer"}  # a count of people (or of positions, programmes): whole numbers only


class CatalogueError(ValueError):
    """A problem in a catalogue file; the message names the file, the item and the problem."""


def _fail(path: Path, where: str, problem: str):
    raise CatalogueError(f"{path.name}: {where}: {problem}")


def read(path: Path) -> dict:
    """Parses and validates one catalogue file; returns its data with the version (SHA-256 of the bytes)."""
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CatalogueError(f"{path.name}: файл не читается как TOML: {error}") from error
    head = data.get("catalogue") or {}
    for key in ("code", "title", "document", "source"):
        if not head.get(key):
            _fail(path, "[catalogue]", f"не задано поле «{key}»")
    threshold = head.get("completeness_threshold")
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, int | float)
                                  or not 0 <= threshold <= 100):  # fmt: skip
        _fail(path, "[catalogue]", "completeness_threshold — доля принятых карт в процентах, от 0 до 100")
    cards = {card.get("code"): card for card in data.get("cards", [])}
    for code, card in cards.items():
        if not code or not card.get("title"):
            _fail(path, f"карта «{code}»", "нужны code и title")
        if card.get("level") not in CARD_LEVELS:
            _fail(path, f"карта «{code}»", f"level должен быть одним из {sorted(CARD_LEVELS)}")
    elements = {}
    for element in data.get("elements", []):
        code = element.get("code")
        _check_element(path, element, cards)
        if code in elements:
            _fail(path, f"элемент «{code}»", "код повторяется")
        elements[code] = element
    for element in elements.values():
        other = element.get("not_greater_than")
        if other and other not in elements:
            _fail(path, f"элемент «{element['code']}»", f"not_greater_than ссылается на неизвестный элемент «{other}»")
    codes = set()
    for indicator in data.get("indicators", []):
        code = indicator.get("code")
        if code in codes:
            _fail(path, f"показатель «{code}»", "код повторяется")
        codes.add(code)
        _check_indicator(path, indicator, elements, cards)
    return {"head": head, "cards": cards, "elements": elements, "indicators": data.get("indicators", []),
            "version": hashlib.sha256(raw).hexdigest()}  # fmt: skip


def _check_element(path: Path, element: dict, cards: dict) -> None:
    where = f"элемент «{element.get('code')}»"
    unknown = set(element) - ELEMENT_FIELDS
    if unknown:
        _fail(path, where, f"неизвестные поля {sorted(unknown)}")
    for key in ("code", "card", "name", "type"):
        if not element.get(key):
            _fail(path, where, f"не задано поле «{key}»")
    if element["card"] not in cards:
        _fail(path, where, f"неизвестная карта «{element['card']}»")
    if element["type"] not in ValueType.values:
        _fail(path, where, f"type должен быть одним из {ValueType.values}")
    if element.get("severity", "error") not in ("error", "warning"):
        _fail(path, where, "severity должно быть error или warning")
    if "integer" in element and (element["type"] != ValueType.NUMBER or not isinstance(element["integer"], bool)):
        _fail(path, where, 'integer = true допустимо только для числа (type = "number")')
    registry = element.get("registry")
    if registry:
        _check_definition(path, where, registry.get("population"), registry.get("where", []))


def _check_definition(path: Path, where: str, population: str | None, terms: list) -> str:
    if population not in vocabulary.POPULATIONS:
        _fail(path, where, f"неизвестная совокупность «{population}»")
    unit = vocabulary.POPULATIONS[population].unit
    for term in terms:
        try:
            vocabulary.check_term(term, unit)
        except vocabulary.VocabularyError as error:
            _fail(path, where, str(error))
    return unit


def _check_indicator(path: Path, indicator: dict, elements: dict, cards: dict) -> None:
    where = f"показатель «{indicator.get('code')}»"
    unknown = set(indicator) - INDICATOR_FIELDS
    if unknown:
        _fail(path, where, f"неизвестные поля {sorted(unknown)}")
    for key in ("code", "number", "name", "group", "source", "kind", "unit"):
        if not indicator.get(key):
            _fail(path, where, f"не задано поле «{key}»")
    if indicator["kind"] not in IndicatorKind.values:
        _fail(path, where, f"kind должен быть одним из {IndicatorKind.values}")
    if indicator["unit"] not in Unit.values:
        _fail(path, where, f"unit должен быть одним из {Unit.values}")
    used_elements = [indicator.get(k) for k in ("element", "numerator_element", "denominator_element")]
    for code in filter(None, used_elements):
        if code not in elements:
            _fail(path, where, f"неизвестный элемент данных «{code}»")
    population = indicator.get("population")
    if population:
        unit = _check_definition(
            path, where, population, indicator.get("where", []) + indicator.get("denominator_where", [])
        )
        if unit != indicator["unit"]:
            _fail(path, where, f"совокупность «{population}» считает «{unit}», а unit = «{indicator['unit']}»")
    elif not any(used_elements):
        _fail(path, where, "нужна совокупность (population) или элемент информационной карты (element)")
    if indicator["kind"] == IndicatorKind.SHARE and not population and not indicator.get("denominator_element"):
        _fail(path, where, "для доли нужен знаменатель: population или denominator_element")
    count_at = indicator.get("count_at", "home")
    if count_at not in COUNT_AT:
        _fail(path, where, f"count_at должен быть одним из {sorted(COUNT_AT)}")
    if count_at == "employment" and (indicator["unit"] != Unit.EDUCATORS or indicator.get("breakdowns")):
        _fail(path, where, "count_at = employment — только для показателей по педагогам и без разрезов")
    for breakdown in indicator.get("breakdowns", []):
        if breakdown not in vocabulary.BREAKDOWNS:
            _fail(path, where, f"неизвестный разрез «{breakdown}»")
    for target in indicator.get("targets", []):
        if target.get("op") not in TARGET_OPERATORS:
            _fail(path, where, f"целевое значение: op должен быть одним из {sorted(TARGET_OPERATORS)}")
        if not isinstance(target.get("value"), int | float) or isinstance(target.get("value"), bool):
            _fail(path, where, "целевое значение: value должно быть числом")
        if indicator["kind"] == IndicatorKind.SHARE and not 0 <= target["value"] <= 100:
            _fail(path, where, "целевое значение доли должно быть от 0 до 100")
    for band in indicator.get("scale", []):
        if not {"min", "label", "color"} <= set(band) or band["color"] not in ("red", "yellow", "green"):
            _fail(path, where, "шкала: нужны min, label и color (red, yellow или green)")


def _decimal(number) -> Decimal | None:
    return None if number is None else Decimal(str(number))


def catalogue_paths() -> list[Path]:
    return sorted(CATALOGUE_DIR.glob("*.toml"))


@transaction.atomic
def load(path: Path) -> Catalogue:
    """Creates or updates the catalogue of a file; rerun-safe. Indicators dropped from the file are removed."""
    data = read(path)
    head = data["head"]
    catalogue, _ = Catalogue.objects.update_or_create(
        code=head["code"],
        defaults={
            "title": head["title"],
            "document": head["document"],
            "source": head["source"],
            "version": data["version"],
            "completeness_threshold": _decimal(head.get("completeness_threshold")),
        },  # fmt: skip
    )
    cards = {}
    for order, (code, card) in enumerate(data["cards"].items()):
        cards[code], _ = DataCard.objects.update_or_create(
            catalogue=catalogue,
            code=code,
            defaults={
                "title": card["title"],
                "level": card["level"],
                "organization_kinds": card.get("organization_kinds", []),
                "order": order,
            },  # fmt: skip
        )
    for order, (code, element) in enumerate(data["elements"].items()):
        rules = {
            k: element[k] for k in ("min", "max", "not_greater_than", "severity", "registry", "integer") if k in element
        }
        DataElement.objects.update_or_create(
            card=cards[element["card"]],
            code=code,
            defaults={
                "name": element["name"],
                "value_type": element["type"],
                "required": element.get("required", True),
                "rules": rules,
                "order": order,
            },  # fmt: skip
        )
    kept = []
    for order, indicator in enumerate(data["indicators"]):
        definition = {k: indicator[k] for k in ("population", "where", "denominator_where", "element",
                      "numerator_element", "denominator_element", "count_at") if k in indicator}  # fmt: skip
        row, _ = Indicator.objects.update_or_create(
            catalogue=catalogue,
            code=indicator["code"],
            defaults={
                "number": indicator["number"],
                "name": indicator["name"],
                "group": indicator["group"],
                "source": indicator["source"],
                "kind": indicator["kind"],
                "unit": indicator["unit"],
                "definition": definition,
                "breakdowns": indicator.get("breakdowns", []),
                "targets": indicator.get("targets", []),
                "scale": indicator.get("scale", []),
                "method": indicator.get("method", ""),
                "order": order,
            },
        )
        kept.append(row.pk)
    catalogue.indicators.exclude(pk__in=kept).delete()
    return catalogue


def load_all() -> list[Catalogue]:
    return [load(path) for path in catalogue_paths()]
