"""The vocabulary of catalogue definitions: named populations over the registered predicates, compiled to
database filters.

Predicates are declared by the domain apps in their own `predicates.py` and registered in
`metodist.lib.predicates` (imported at start-up by `MonitoringConfig.ready`); this module adds the
declarations of predicates whose modules are not built yet, the named populations, the checker of catalogue
terms and the compiler of terms into one `Q`. The computation combines those into aggregate queries, so
nothing is evaluated row by row in Python. It imports no domain app.
"""

import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Q

from metodist.lib.predicates import EDUCATORS as EDUCATOR
from metodist.lib.predicates import ORGANIZATIONS as ORGANIZATION
from metodist.lib.predicates import (
    PREDICATES,
    RECORDED,
    Context,
    Param,
    Predicate,
    over_facts,
    register,
)
from metodist.lib.predicates import (
    TRAINING_TOPICS as TOPICS,
)

from .models import Unit

__all__ = [
    "PREDICATES",
    "POPULATIONS",
    "BREAKDOWNS",
    "Context",
    "check_term",
    "compile_terms",
    "missing_modules",
    "unrecorded_modules",
]

LEVELS = ("federal", "regional", "municipal", "organization", "self")
COMPETITION_LEVELS = ("organization", "municipal", "regional", "federal", "any")

# Predicates of modules to come: declared now so that catalogues can name them; each module connects its own
# by registering the same code with a builder from its predicates.py. `module` names the module to build.
PENDING: dict[str, Predicate] = {
    "diagnosed": Predicate(
        EDUCATOR,
        "прошёл диагностику профессиональных компетенций данного уровня в отчётном периоде",
        {"level": Param(LEVELS + ("any",), doc="any — любого уровня, когда документ уровень не называет")},
        module="Диагностика профессиональных дефицитов",
    ),
    "has_route": Predicate(
        EDUCATOR,
        "имеет действующий ИОМ (ИППР) данной базы",
        {"base": Param(("cnppm", "organization", "municipality", "any"))},
        module="Индивидуальные образовательные маршруты",
    ),
    # Seed 002 counts plans made in an organization or a municipality together, and `where` has no OR.
    "has_local_route": Predicate(
        EDUCATOR,
        "имеет действующий ИППР, разработанный в образовательной организации или муниципалитете",
        module="Индивидуальные образовательные маршруты",
    ),
    "route_support": Predicate(
        EDUCATOR,
        "получил адресную методическую поддержку (тьютор, куратор ИОМ, методист)",
        {"by": Param(("tutor", "methodologist", "regional_methodologist", "any"), required=False)},
        module="Индивидуальные образовательные маршруты",
    ),
    "trained": Predicate(
        EDUCATOR,
        "прошёл обучение по ДПП в отчётном периоде (или за N лет)",
        {
            "topic": Param(TOPICS, required=False),
            "program_kind": Param(("pk", "pp", "any"), required=False),
            "federal_registry": Param(bool, required=False),
            "years": Param(int, required=False),
        },
        module="Повышение квалификации",
    ),
    "mentor": Predicate(EDUCATOR, "является наставником", module="Наставничество"),
    "mentee": Predicate(EDUCATOR, "имеет наставника (охвачен ЦМН)", module="Наставничество"),
    "competition": Predicate(
        EDUCATOR,
        "участвовал в конкурсе профессионального мастерства",
        {"level": Param(COMPETITION_LEVELS), "result": Param(("participant", "winner"), required=False)},
        module="Конкурсы",
    ),
    "event_participant": Predicate(
        EDUCATOR,
        "участвовал в методических мероприятиях",
        {"level": Param(LEVELS + ("any",), required=False), "network": Param(bool, required=False)},
        module="Методические мероприятия",
    ),
    "event_presenter": Predicate(
        EDUCATOR,
        "проводил стажировки, мастер-классы, выступал на мероприятиях",
        module="Методические мероприятия",
    ),
    "young_support": Predicate(
        EDUCATOR, "охвачен мероприятиями по поддержке молодых педагогов", module="Методические мероприятия"
    ),
    "association_member": Predicate(
        EDUCATOR,
        "член методического объединения (профессионального сообщества)",
        {"kind": Param(("any", "young", "mentors", "regional_association"), required=False)},
        module="Методические объединения",
    ),
    "expert": Predicate(
        EDUCATOR,
        "эксперт предметных или конкурсных комиссий, член жюри, методист-тьютор",
        {"level": Param(LEVELS + ("any",), required=False, doc="уровень комиссии; не задан — любой")},
        module="Методические объединения",
    ),
    # «Адресная поддержка и методическое сопровождение в различных формах» is wider than the support of an
    # individual route (route_support): mentoring, consultations, a tutor or a methodologist, whatever the form.
    "targeted_support": Predicate(
        EDUCATOR,
        "получил за отчётный период адресную поддержку и методическое сопровождение в любой форме "
        "(наставничество, сопровождение ИОМ, консультации методиста, тьютора)",
        module="Адресное методическое сопровождение",
    ),
    "practice_author": Predicate(
        EDUCATOR,
        "автор методической разработки, тиражируемой на муниципальном или региональном уровне",
        module="Лучшие практики",
    ),
    # Connected by metodist/attestation/predicates.py (the same parameter).
    "attested": Predicate(
        EDUCATOR,
        "прошёл аттестацию в отчётном периоде",
        {
            "kind": Param(
                ("any", "category", "szd", "first", "highest", "methodist", "mentor"),
                required=False,
                doc="any — любая аттестация (не задан — тоже), category — на квалификационную категорию",
            )
        },
        module="Аттестация",
    ),
    "org_mentoring_model": Predicate(
        ORGANIZATION, "в организации внедрена целевая модель наставничества", module="Наставничество"
    ),
    "org_competition": Predicate(
        ORGANIZATION, "организация участвовала в профессиональных конкурсах", module="Конкурсы"
    ),
    "org_practice": Predicate(
        ORGANIZATION, "организация представила актуальный опыт деятельности", module="Лучшие практики"
    ),
}
for _code, _predicate in PENDING.items():
    register(_predicate.module, {_code: _predicate})


@dataclass(frozen=True)
class Population:
    unit: str
    label: str
    terms: tuple[dict, ...] = ()


POPULATIONS: dict[str, Population] = {
    "educators": Population(EDUCATOR, "педагогические работники и управленческие кадры"),
    "pedagogical": Population(EDUCATOR, "педагогические работники", ({"predicate": "pedagogical"},)),
    "teachers": Population(EDUCATOR, "учителя", ({"predicate": "teacher"},)),
    "managers": Population(EDUCATOR, "управленческие кадры", ({"predicate": "manager"},)),
    "young": Population(EDUCATOR, "молодые педагоги", ({"predicate": "pedagogical"}, {"predicate": "young"})),
    # Seed 002, criteria 8.12–8.16: «в возрасте до 35 лет со стажем работы не более 3-х лет» — up to three full
    # years, one year more than the first three years of a young educator (0–2 full years).
    "young_up_to_3_years": Population(
        EDUCATOR,
        "педагогические работники в возрасте до 35 лет со стажем работы не более 3 лет",
        (
            {"predicate": "pedagogical"},
            {"predicate": "younger_than", "years": 35},
            {"predicate": "experience", "max": 3},
        ),
    ),
    "general_pedagogical": Population(
        EDUCATOR,
        "педагогические работники системы общего образования (без ДОО)",
        ({"predicate": "pedagogical"}, {"predicate": "works_in", "kind": "general"}),
    ),
    # «Система общего образования» by the law on education (273-ФЗ, ст. 10): preschool, primary, basic and
    # secondary general education, so kindergartens are in it unless a text excludes them.
    "general_system_pedagogical": Population(
        EDUCATOR,
        "педагогические работники системы общего образования (включая ДОО)",
        ({"predicate": "pedagogical"}, {"predicate": "works_in_one_of", "kinds": ["general", "preschool"]}),
    ),
    "preschool_pedagogical": Population(
        EDUCATOR,
        "педагогические работники дошкольных образовательных организаций",
        ({"predicate": "pedagogical"}, {"predicate": "works_in", "kind": "preschool"}),
    ),
    # Both positions of the nomenclature (№ 225) are «педагоги дополнительного образования».
    "additional_teachers": Population(
        EDUCATOR,
        "педагоги дополнительного образования (в том числе старшие)",
        ({"predicate": "position_one_of", "codes": ["additional_teacher", "senior_additional_teacher"]},),
    ),
    "low_results_pedagogical": Population(
        EDUCATOR,
        "педагогические работники ШНОР и ШССУ",
        (
            {"predicate": "pedagogical"},
            {"predicate": "works_in_flagged", "flags": ["is_low_results", "is_difficult_conditions"]},
        ),
    ),
    "mentors": Population(EDUCATOR, "педагоги-наставники", ({"predicate": "mentor"},)),
    "organizations": Population(ORGANIZATION, "образовательные организации"),
    "general_schools": Population(
        ORGANIZATION, "общеобразовательные организации", ({"predicate": "org_kind", "kind": "general"},)
    ),
    "municipalities": Population(Unit.MUNICIPALITIES, "муниципальные образования"),
    "staff": Population(Unit.STAFF_RATES, "ставки педагогических и руководящих работников по штатному расписанию"),
}

BREAKDOWNS = {
    "subject": "в разрезе учебных предметов",
    "org_kind": "в разрезе типов организаций",
    "municipality": "в разрезе муниципальных образований",
    "position": "в разрезе должностей",
    "age": "в разрезе возрастных групп",
    "experience": "в разрезе педагогического стажа",
}
# Breakdowns of people by bands of years: a catalogue may give its own bounds, `{ by = "age", bands = [30, 40] }`.
BANDED_BREAKDOWNS = {"age": (30, 40, 50, 60), "experience": (3, 5, 10, 20)}


def breakdown_spec(item) -> tuple[str, tuple[int, ...]]:
    """A catalogue's breakdown ("subject" or { by = "age", bands = [...] }) → (code, band bounds)."""
    if isinstance(item, dict):
        return item.get("by"), tuple(item.get("bands") or BANDED_BREAKDOWNS.get(item.get("by"), ()))
    return item, BANDED_BREAKDOWNS.get(item, ())


def year_bands(bounds: tuple[int, ...]) -> list[tuple[str, int | None, int | None]]:
    """Bounds (30, 40) → [("менее 30 лет", None, 29), ("от 30 до 39 лет", 30, 39), ("40 лет и более", 40, None)]:
    full years, both ends inclusive; the label is also the key of the breakdown row."""
    bands, low = [], None
    for bound in bounds:
        label = f"менее {bound} лет" if low is None else f"от {low} до {bound - 1} лет"
        bands.append((label, low, bound - 1))
        low = bound
    bands.append((f"{low} лет и более", low, None))
    return bands


class VocabularyError(ValueError):
    pass


GROUPS = {"any_of": "или", "all_of": "и"}  # a group term: OR (any_of) / AND (all_of) of nested terms


def check_term(term: dict, unit: str) -> None:
    """Raises VocabularyError naming what is wrong with one term of a definition (groups checked recursively)."""
    if not isinstance(term, dict):
        raise VocabularyError(f"условие должно быть таблицей {{ predicate = … }}, а не «{term}»")
    group = [key for key in GROUPS if key in term]
    if group:
        _check_group(term, group, unit)
        return
    code = term.get("predicate")
    if code not in PREDICATES:
        raise VocabularyError(f"неизвестный предикат «{code}»")
    predicate = PREDICATES[code]
    if predicate.unit != unit:
        raise VocabularyError(f"предикат «{code}» относится к «{predicate.unit}», а показатель считает «{unit}»")
    given = {key: value for key, value in term.items() if key not in ("predicate", "negate")}
    unknown = set(given) - set(predicate.params)
    if unknown:
        raise VocabularyError(f"у предиката «{code}» нет параметров {sorted(unknown)}")
    for name, param in predicate.params.items():
        if name not in given:
            if param.required:
                raise VocabularyError(f"у предиката «{code}» не задан параметр «{name}»")
            continue
        value = given[name]
        if isinstance(param.kind, tuple) and value not in param.kind:
            raise VocabularyError(f"параметр «{name}» предиката «{code}»: «{value}» не из {list(param.kind)}")
        if isinstance(param.kind, type) and not isinstance(value, param.kind):
            raise VocabularyError(f"параметр «{name}» предиката «{code}» должен быть типа {param.kind.__name__}")
    if "negate" in term and not isinstance(term["negate"], bool):
        raise VocabularyError("negate должно быть true или false")


def _check_group(term: dict, group: list[str], unit: str) -> None:
    if len(group) > 1 or "predicate" in term:
        raise VocabularyError("в одном условии можно задать только одно из: predicate, any_of, all_of")
    key = group[0]
    extra = set(term) - {key, "negate"}
    if extra:
        raise VocabularyError(f"у группы {key} нет полей {sorted(extra)}")
    items = term[key]
    if not isinstance(items, list) or not items:
        raise VocabularyError(f"{key}: нужен непустой список условий")
    for item in items:
        check_term(item, unit)
    if "negate" in term and not isinstance(term["negate"], bool):
        raise VocabularyError("negate должно быть true или false")


def leaves(terms):
    """The predicate terms of a definition, inside any_of / all_of groups too."""
    for term in terms:
        group = next((key for key in GROUPS if key in term), None)
        if group:
            yield from leaves(term[group])
        else:
            yield term


def missing_modules(terms) -> list[str]:
    """The modules whose predicates these terms need and that are not connected yet."""
    used = [PREDICATES[term["predicate"]] for term in leaves(terms)]
    return sorted({predicate.module for predicate in used if not predicate.connected})


def unrecorded_modules(terms, ctx: Context) -> list[str]:
    """The connected modules these terms read that hold no record for the context's period and region: their
    indicators say «нет данных» for that period rather than count nobody."""
    used = {PREDICATES[term["predicate"]].module for term in leaves(terms)}
    return sorted(module for module in used if module in RECORDED and not RECORDED[module](ctx))


def compile_terms(terms, ctx: Context, combine: str = "all_of") -> Q:
    """AND of the terms (OR with combine="any_of"); a term is a predicate or a nested any_of / all_of group,
    and each may be negated with negate = true. With `ctx.facts` set, people's terms are conditions on the
    facts rows of that build (metodist/facts), otherwise on educators."""
    parts = []
    for term in terms:
        group = next((key for key in GROUPS if key in term), None)
        if group:
            q = compile_terms(term[group], ctx, group)
        else:
            predicate = PREDICATES[term["predicate"]]
            params = {k: v for k, v in term.items() if k not in ("predicate", "negate")}
            q = over_facts(predicate, ctx, params) if ctx.facts else predicate.build(ctx, params)
        parts.append(~q if term.get("negate") else q)
    if combine == "any_of":
        return reduce(operator.or_, parts)
    return reduce(operator.and_, parts, Q())
