"""Reading, validating and loading catalogue files (catalogues/*.toml). See docs/indicators.md."""

import hashlib
import tomllib
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from . import vocabulary
from .models import (
    Catalogue,
    DataCard,
    DataElement,
    Indicator,
    IndicatorKind,
    Level,
    Unit,
    ValueType,
    period_year,
)

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogues"
TARGET_OPERATORS = {">=", ">", "<=", "<", "=="}
CARD_LEVELS = {Level.ORGANIZATION, Level.MUNICIPALITY, Level.REGION}
HEAD_FIELDS = {"code", "title", "document", "source", "adopted_by", "completeness_threshold"}
CARD_FIELDS = {"code", "title", "level", "organization_kinds", "respondent"}
INDICATOR_FIELDS = {
    "code", "number", "name", "group", "source", "kind", "unit", "population", "where", "denominator_where",
    "breakdowns", "targets", "scale", "method", "element", "numerator_element", "denominator_element",
    "parent", "score", "count_at",
}  # fmt: skip
COUNT_AT = {"home", "employment"}  # where an educator is counted: home organization, or every place of work
ELEMENT_FIELDS = {
    "code", "card", "name", "type", "required", "min", "max", "not_greater_than", "severity", "registry", "evidence",
}  # fmt: skip
ELEMENT_FIELDS |= {"integer"}  # a count of people (or of positions, programmes): whole numbers only
TARGET_FIELDS = {"op", "value", "trajectory", "periods", "from", "to", "label"}
# What the values of a card can count: an organization reports on itself, its people and its rates, never on
# municipalities; a municipality's card and the region's may report numbers of any unit.
CARD_UNITS = {
    Level.ORGANIZATION: {Unit.ORGANIZATIONS, Unit.EDUCATORS, Unit.STAFF_RATES},
    Level.MUNICIPALITY: set(Unit.values),
    Level.REGION: set(Unit.values),
}


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
    for key in ("code", "title", "document"):
        if not head.get(key):
            _fail(path, "[catalogue]", f"не задано поле «{key}»")
    if set(head) - HEAD_FIELDS:
        _fail(path, "[catalogue]", f"неизвестные поля {sorted(set(head) - HEAD_FIELDS)}")
    threshold = head.get("completeness_threshold")
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, int | float)
                                  or not 0 <= threshold <= 100):  # fmt: skip
        _fail(path, "[catalogue]", "completeness_threshold — доля принятых карт в процентах, от 0 до 100")
    cards = {card.get("code"): card for card in data.get("cards", [])}
    for code, card in cards.items():
        _check_card(path, code, card)
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
    earlier = {}
    for indicator in data.get("indicators", []):
        code = indicator.get("code")
        if code in earlier:
            _fail(path, f"показатель «{code}»", "код повторяется")
        _check_indicator(path, indicator, elements, cards, earlier)
        earlier[code] = indicator
    return {"head": head, "cards": cards, "elements": elements, "indicators": data.get("indicators", []),
            "version": hashlib.sha256(raw).hexdigest()}  # fmt: skip


def _check_card(path: Path, code, card: dict) -> None:
    where = f"карта «{code}»"
    if not code or not card.get("title"):
        _fail(path, where, "нужны code и title")
    if set(card) - CARD_FIELDS:
        _fail(path, where, f"неизвестные поля {sorted(set(card) - CARD_FIELDS)}")
    if card.get("level") not in CARD_LEVELS:
        _fail(path, where, f"level должен быть одним из {sorted(CARD_LEVELS)}")
    respondent = card.get("respondent")
    if respondent is not None:
        if not isinstance(respondent, dict) or set(respondent) != {"organization"} or not respondent["organization"]:
            _fail(path, where, 'respondent: { organization = "краткое наименование или ИНН организации" }')
        if card["level"] == Level.MUNICIPALITY:
            _fail(path, where, "карту муниципалитета заполняет каждый муниципалитет: respondent к ней не задаётся")


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
    if "evidence" in element and (element["evidence"] != "required_if_yes" or element["type"] != ValueType.BOOL):
        _fail(path, where, 'evidence = "required_if_yes" задаётся только элементу типа bool (ответ «да» с документом)')
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


def _check_indicator(path: Path, indicator: dict, elements: dict, cards: dict, earlier: dict) -> None:
    where = f"показатель «{indicator.get('code')}»"
    unknown = set(indicator) - INDICATOR_FIELDS
    if unknown:
        _fail(path, where, f"неизвестные поля {sorted(unknown)}")
    for key in ("code", "number", "name", "group", "source", "kind", "unit"):
        if not indicator.get(key):
            _fail(path, where, f"не задано поле «{key}»")
    kind, unit = indicator["kind"], indicator["unit"]
    if kind not in IndicatorKind.values:
        _fail(path, where, f"kind должен быть одним из {IndicatorKind.values}")
    if unit not in Unit.values:
        _fail(path, where, f"unit должен быть одним из {Unit.values}")
    parent = indicator.get("parent")
    if parent is not None and parent not in earlier:
        _fail(path, where, f"parent: показатель «{parent}» должен быть описан в файле выше")
    if kind == IndicatorKind.SCORE or "score" in indicator:
        _check_score(path, where, indicator, elements, cards, earlier)
        _check_targets(path, where, indicator)
        return
    used_elements = [indicator.get(k) for k in ("element", "numerator_element", "denominator_element")]
    for code in filter(None, used_elements):
        if code not in elements:
            _fail(path, where, f"неизвестный элемент данных «{code}»")
        level = cards[elements[code]["card"]]["level"]
        if unit not in CARD_UNITS[level]:
            _fail(path, where, f"единицу «{unit}» нечем посчитать: элемент «{code}» из карты уровня «{level}»")
    population = indicator.get("population")
    if population:
        population_unit = _check_definition(
            path, where, population, indicator.get("where", []) + indicator.get("denominator_where", [])
        )
        if population_unit != unit:
            _fail(path, where, f"совокупность «{population}» считает «{population_unit}», а unit = «{unit}»")
        if kind == IndicatorKind.VALUE and not any(used_elements):
            _fail(path, where, f"вид value (значение) не считается по совокупности «{population}»: "
                               "людей и организации считают count (количество) или share (доля)")  # fmt: skip
    elif not any(used_elements):
        _fail(path, where, f"единицу «{unit}» нечем посчитать: нужна совокупность (population) "
                           "или элемент информационной карты (element)")  # fmt: skip
    if kind == IndicatorKind.SHARE and not population and not indicator.get("denominator_element"):
        _fail(path, where, "для доли нужен знаменатель: population или denominator_element")
    count_at = indicator.get("count_at", "home")
    if count_at not in COUNT_AT:
        _fail(path, where, f"count_at должен быть одним из {sorted(COUNT_AT)}")
    if count_at == "employment" and (indicator["unit"] != Unit.EDUCATORS or indicator.get("breakdowns")):
        _fail(path, where, "count_at = employment — только для показателей по педагогам и без разрезов")
    _check_breakdowns(path, where, indicator)
    _check_targets(path, where, indicator)
    _check_scale(path, where, indicator.get("scale", []))


def _check_breakdowns(path: Path, where: str, indicator: dict) -> None:
    for item in indicator.get("breakdowns", []):
        code, bands = vocabulary.breakdown_spec(item)
        if code not in vocabulary.BREAKDOWNS:
            _fail(path, where, f"неизвестный разрез «{code}»")
        if code != "municipality" and (indicator["unit"] != Unit.EDUCATORS or "population" not in indicator):
            _fail(path, where, f"разрез «{code}» делит педагогов: нужны unit = educators и совокупность population")
        if isinstance(item, dict) and (
            code not in vocabulary.BANDED_BREAKDOWNS
            or not all(isinstance(bound, int) and bound > 0 for bound in bands)
            or list(bands) != sorted(set(bands))
        ):
            _fail(path, where, f"разрез «{code}»: bands — возрастающие целые числа лет (только для age и experience)")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_targets(path: Path, where: str, indicator: dict) -> None:
    for target in indicator.get("targets", []):
        if set(target) - TARGET_FIELDS:
            _fail(path, where, f"целевое значение: неизвестные поля {sorted(set(target) - TARGET_FIELDS)}")
        if target.get("op") not in TARGET_OPERATORS:
            _fail(path, where, f"целевое значение: op должен быть одним из {sorted(TARGET_OPERATORS)}")
        if ("value" in target) == ("trajectory" in target):
            _fail(path, where, "целевое значение: нужно одно из value (число) или trajectory (период = число)")
        if "trajectory" in target and not isinstance(target["trajectory"], dict):
            _fail(path, where, 'целевое значение: trajectory = { "2023/24" = 40, "2024/25" = 45 }')
        values = list(target["trajectory"].values()) if "trajectory" in target else [target["value"]]
        if not values or not all(_is_number(value) for value in values):
            _fail(path, where, "целевое значение: value (и каждое значение trajectory) должно быть числом")
        if indicator["kind"] == IndicatorKind.SHARE and not all(0 <= value <= 100 for value in values):
            _fail(path, where, "целевое значение доли должно быть от 0 до 100")
        periods = [*target.get("periods", []), *target.get("trajectory", {})]
        bounds = [target[key] for key in ("from", "to") if key in target]
        for period in periods + bounds:
            if period_year(period) is None:
                _fail(path, where, f"целевое значение: «{period}» — не период (например, 2023/24 или 2024)")
        if len(bounds) == 2 and period_year(bounds[0]) > period_year(bounds[1]):
            _fail(path, where, f"целевое значение: from = «{bounds[0]}» позже, чем to = «{bounds[1]}»")


def _check_scale(path: Path, where: str, scale: list) -> None:
    for band in scale:
        if not {"min", "label", "color"} <= set(band) or band["color"] not in ("red", "yellow", "green"):
            _fail(path, where, "шкала: нужны min, label и color (red, yellow или green)")
    lows = [band["min"] for band in scale]
    for low in sorted({low for low in lows if lows.count(low) > 1}):
        _fail(path, where, f"шкала: порог min = {low} задан дважды")


def _check_score(path: Path, where: str, indicator: dict, elements: dict, cards: dict, earlier: dict) -> None:
    """kind = "score": a checklist of card answers worth points (capped by max), or bands of the value of an
    earlier indicator mapped to points. See docs/indicators.md, «Баллы»."""
    score = indicator.get("score")
    if indicator["kind"] != IndicatorKind.SCORE or not isinstance(score, dict):
        _fail(path, where, 'баллы задаются парой kind = "score" и таблицей score = { … }')
    extra = {"population", "where", "denominator_where", "element", "numerator_element", "denominator_element",
             "breakdowns"} & set(indicator)  # fmt: skip
    if extra:
        _fail(path, where, f"у баллов нет полей {sorted(extra)}: считаются только пункты score")
    if ("checklist" in score) == ("bands" in score):
        _fail(path, where, "score: нужно одно из checklist (пункты с баллами) или bands (диапазоны значения)")
    if "checklist" in score:
        _check_checklist(path, where, indicator, score, elements, cards)
    else:
        _check_bands(path, where, score, earlier)


def _check_checklist(path: Path, where: str, indicator: dict, score: dict, elements: dict, cards: dict) -> None:
    if set(score) - {"checklist", "max"}:
        _fail(path, where, f"score: неизвестные поля {sorted(set(score) - {'checklist', 'max'})}")
    items = score["checklist"]
    if not isinstance(items, list) or not items:
        _fail(path, where, "score.checklist: нужен непустой список пунктов { element = …, points = … }")
    used_cards = set()
    for item in items:
        code = item.get("element") if isinstance(item, dict) else None
        if code not in elements:
            _fail(path, where, f"score.checklist: неизвестный элемент данных «{code}»")
        if set(item) != {"element", "points"} or not _is_number(item["points"]) or item["points"] <= 0:
            _fail(path, where, f"score.checklist: у пункта «{code}» нужны element и points (число больше 0)")
        used_cards.add(elements[code]["card"])
    if len(used_cards) > 1:
        _fail(path, where, f"score.checklist: все пункты должны быть из одной карты, а здесь {sorted(used_cards)}")
    level = cards[used_cards.pop()]["level"]
    respondent_unit = {Level.ORGANIZATION: Unit.ORGANIZATIONS, Level.MUNICIPALITY: Unit.MUNICIPALITIES}.get(level)
    if respondent_unit and indicator["unit"] != respondent_unit:
        _fail(path, where, f"единицу «{indicator['unit']}» нечем посчитать: баллы карты уровня «{level}» "
                           f"начисляются тому, кто её заполняет (unit = «{respondent_unit}»)")  # fmt: skip
    if "max" in score and (not _is_number(score["max"]) or score["max"] <= 0):
        _fail(path, where, "score.max: наибольшая сумма баллов — число больше 0")


def _check_bands(path: Path, where: str, score: dict, earlier: dict) -> None:
    if set(score) - {"of", "bands"}:
        _fail(path, where, f"score: неизвестные поля {sorted(set(score) - {'of', 'bands'})}")
    if score.get("of") not in earlier:
        _fail(path, where, f"score.of: показатель «{score.get('of')}» должен быть описан в файле выше")
    if earlier[score["of"]]["kind"] == IndicatorKind.SCORE:
        _fail(path, where, "score.of: диапазоны баллов берутся от значения показателя, а не от других баллов")
    bands = score["bands"]
    if not isinstance(bands, list) or not bands:
        _fail(path, where, "score.bands: нужен непустой список { min = …, max = …, points = … }")
    for band in bands:
        if not isinstance(band, dict) or not {"min", "points"} <= set(band) <= {"min", "max", "points"}:
            _fail(path, where, "score.bands: у диапазона нужны min и points (max — необязательно)")
        if not all(_is_number(band[key]) for key in band):
            _fail(path, where, "score.bands: min, max и points — числа")
        if "max" in band and band["max"] <= band["min"]:
            _fail(path, where, f"score.bands: диапазон от {band['min']} до {band['max']} пуст (max не больше min)")
    ordered = sorted(bands, key=lambda band: band["min"])
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        if lower["min"] == upper["min"]:
            _fail(path, where, f"score.bands: диапазон с min = {lower['min']} задан дважды")
        if "max" not in lower or lower["max"] > upper["min"]:
            _fail(path, where, f"score.bands: диапазоны с min = {lower['min']} и min = {upper['min']} пересекаются")


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
            "source": head.get("source", ""),
            "adopted_by": head.get("adopted_by", ""),
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
                "respondent": (card.get("respondent") or {}).get("organization", ""),
                "order": order,
            },  # fmt: skip
        )
    for order, (code, element) in enumerate(data["elements"].items()):
        rules = {
            k: element[k]
            for k in ("min", "max", "not_greater_than", "severity", "registry", "integer", "evidence")
            if k in element
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
    rows = {}
    for order, indicator in enumerate(data["indicators"]):
        definition = {k: indicator[k] for k in ("population", "where", "denominator_where", "element",
                      "numerator_element", "denominator_element", "score", "count_at") if k in indicator}  # fmt: skip
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
                "parent": rows[indicator["parent"]] if "parent" in indicator else None,
                "order": order,
            },
        )
        rows[row.code] = row
    catalogue.indicators.exclude(pk__in=[row.pk for row in rows.values()]).delete()
    return catalogue


def load_all() -> list[Catalogue]:
    return [load(path) for path in catalogue_paths()]
