"""The vocabulary of catalogue definitions: named populations and predicates, compiled to database filters.

A predicate is implemented once here and turned into a `Q` over its unit's model (Educator for
"educators", Organization for "organizations"); the computation combines them into aggregate queries,
so nothing is evaluated row by row in Python. A predicate without a builder belongs to a module that
does not exist yet: indicators using it report «нет данных: модуль ещё не подключён». Later modules
wire their predicates by adding a builder here, nothing else.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, OuterRef, Q

from metodist.orgs.models import ORGANIZATION_FLAGS, Organization, OrganizationKind
from metodist.people.models import HIGHEST_OR_ABOVE, Category, Educator, Employment, PositionKind

from .models import Unit


@dataclass(frozen=True)
class Context:
    """The period a campaign looks at; `on` is the date derived facts are computed for (its end)."""

    start: date
    on: date


Builder = Callable[[Context, dict], Q]


@dataclass(frozen=True)
class Param:
    kind: type | tuple  # a type, or a tuple of allowed values
    required: bool = True
    doc: str = ""


@dataclass(frozen=True)
class Predicate:
    unit: str
    label: str
    params: dict[str, Param] = field(default_factory=dict)
    build: Builder | None = None
    module: str = ""  # the module that will connect it, named in «модуль ещё не подключён»

    @property
    def connected(self) -> bool:
        return self.build is not None


def _educators(queryset) -> Q:
    return Q(pk__in=queryset.values("pk"))


def _employed_where(ctx: Context, **conditions) -> Q:
    """Has an active employment matching `conditions` on the context date.

    An uncorrelated `pk IN (…)` rather than a correlated EXISTS: the database evaluates it once per query
    instead of once per educator row, which matters when many indicators are counted in one pass.
    """
    return Q(pk__in=Employment.objects.active(ctx.on).filter(**conditions).values("educator_id"))


CATEGORY_GROUPS = {
    "highest": HIGHEST_OR_ABOVE,
    "first": (Category.FIRST,),
    "szd": (Category.SZD,),
    "first_or_highest": (Category.FIRST, *HIGHEST_OR_ABOVE),
    "any": (Category.SZD, Category.FIRST, *HIGHEST_OR_ABOVE),
}


def _out_of_profile_share_above(ctx: Context, params: dict) -> Q:
    """Organizations where more than `percent` % of the teachers teach out of profile (counted in SQL)."""
    teachers = Employment.objects.active(ctx.on).filter(organization=OuterRef("pk"), position__is_teacher=True)
    out = teachers.out_of_profile()
    count_teachers = teachers.values("organization").annotate(n=Count("educator", distinct=True)).values("n")
    count_out = out.values("organization").annotate(n=Count("educator", distinct=True)).values("n")
    above = Organization.objects.annotate(teachers=count_teachers, out=count_out).filter(
        teachers__gt=0, out__gt=F("teachers") * params["percent"] / 100.0
    )
    return Q(pk__in=above.values("pk"))


EDUCATOR = Unit.EDUCATORS
ORGANIZATION = Unit.ORGANIZATIONS
LEVELS = ("federal", "regional", "municipal", "organization", "self")
COMPETITION_LEVELS = ("organization", "municipal", "regional", "federal", "any")
TOPICS = (
    "any",
    "fgos",
    "digital",
    "functional_literacy",
    "quality_assessment",
    "talents",
    "subject_methods",
    "inclusive",
    "career_guidance",
    "upbringing",
    "preschool_quality",
    "tech_sovereignty",
    "deficit_based",
    "route_based",
    "municipal_need",
    "tutoring",
)

PREDICATES: dict[str, Predicate] = {
    # --- the registry (connected) ---
    "pedagogical": Predicate(
        EDUCATOR,
        "занимает педагогическую должность",
        build=lambda ctx, p: _employed_where(ctx, position__kind=PositionKind.PEDAGOGICAL),
    ),
    "manager": Predicate(
        EDUCATOR,
        "занимает руководящую должность",
        build=lambda ctx, p: _employed_where(ctx, position__kind=PositionKind.MANAGERIAL),
    ),
    "teacher": Predicate(
        EDUCATOR,
        "учитель (преподаватель) учебного предмета",
        build=lambda ctx, p: _employed_where(ctx, position__is_teacher=True),
    ),
    "position": Predicate(
        EDUCATOR,
        "занимает должность с кодом из справочника должностей",
        {"code": Param(str, doc="код должности, например additional_teacher")},
        build=lambda ctx, p: _employed_where(ctx, position__code=p["code"]),
    ),
    "works_in": Predicate(
        EDUCATOR,
        "работает в организации данного типа",
        {"kind": Param(tuple(OrganizationKind.values))},
        build=lambda ctx, p: _employed_where(ctx, organization__kind=p["kind"]),
    ),
    "works_in_flagged": Predicate(
        EDUCATOR,
        "работает в организации с признаком (ШНОР, ШССУ, …)",
        {"flags": Param(list, doc=f"одно или несколько из: {', '.join(ORGANIZATION_FLAGS)}")},
        build=lambda ctx, p: _employed_where_any_flag(ctx, p["flags"]),
    ),
    "young": Predicate(
        EDUCATOR,
        "молодой педагог: до 35 лет и первые три года педагогической работы",
        build=lambda ctx, p: _educators(Educator.objects.young(ctx.on)),
    ),
    "experience": Predicate(
        EDUCATOR,
        "педагогический стаж в полных годах в пределах [min, max]",
        {"min": Param(int, required=False), "max": Param(int, required=False)},
        build=lambda ctx, p: _educators(Educator.objects.experience_between(ctx.on, p.get("min"), p.get("max"))),
    ),
    "younger_than": Predicate(
        EDUCATOR,
        "моложе заданного возраста",
        {"years": Param(int)},
        build=lambda ctx, p: _educators(Educator.objects.younger_than(p["years"], ctx.on)),
    ),
    "pre_pension": Predicate(
        EDUCATOR, "предпенсионный возраст", build=lambda ctx, p: _educators(Educator.objects.pre_pension(ctx.on))
    ),
    "pension_age": Predicate(
        EDUCATOR, "пенсионный возраст", build=lambda ctx, p: _educators(Educator.objects.pension_age(ctx.on))
    ),
    "category": Predicate(
        EDUCATOR,
        "имеет действующую квалификационную категорию",
        {"group": Param(tuple(CATEGORY_GROUPS))},
        build=lambda ctx, p: _educators(Educator.objects.with_category(CATEGORY_GROUPS[p["group"]], ctx.on)),
    ),
    "higher_education": Predicate(
        EDUCATOR, "имеет высшее образование", build=lambda ctx, p: _educators(Educator.objects.with_higher_education())
    ),
    "part_time": Predicate(
        EDUCATOR,
        "работает по совместительству (внутреннему или внешнему)",
        build=lambda ctx, p: _educators(Educator.objects.part_time(ctx.on)),
    ),
    "out_of_profile": Predicate(
        EDUCATOR,
        "преподаёт предмет, не соответствующий полученному образованию",
        build=lambda ctx, p: _educators(Educator.objects.out_of_profile(ctx.on)),
    ),
    "load_at_least": Predicate(
        EDUCATOR,
        "учебная нагрузка не менее N часов в неделю",
        {"hours": Param(int)},
        build=lambda ctx, p: _educators(Educator.objects.load_at_least(p["hours"], ctx.on)),
    ),
    "org_kind": Predicate(
        ORGANIZATION,
        "организация данного типа",
        {"kind": Param(tuple(OrganizationKind.values))},
        build=lambda ctx, p: Q(kind=p["kind"]),
    ),
    "org_flag": Predicate(
        ORGANIZATION,
        "организация с признаком",
        {"flags": Param(list, doc="одно или несколько полей-признаков организации")},
        build=lambda ctx, p: _any_flag(p["flags"]),
    ),
    "out_of_profile_share_above": Predicate(
        ORGANIZATION,
        "более N% учителей преподают не в соответствии с образованием",
        {"percent": Param(int)},
        build=_out_of_profile_share_above,
    ),
    # --- modules to come (defined now, connected by later issues) ---
    "diagnosed": Predicate(
        EDUCATOR,
        "прошёл диагностику профессиональных компетенций данного уровня в отчётном периоде",
        {"level": Param(LEVELS)},
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
        module="Методические объединения",
    ),
    "practice_author": Predicate(
        EDUCATOR,
        "автор методической разработки, тиражируемой на муниципальном или региональном уровне",
        module="Лучшие практики",
    ),
    "attested": Predicate(EDUCATOR, "прошёл аттестацию в отчётном периоде", module="Аттестация"),
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


def _any_flag(flags: list[str]) -> Q:
    condition = Q(pk__in=[])
    for flag in flags:
        condition |= Q(**{flag: True})
    return condition


def _employed_where_any_flag(ctx: Context, flags: list[str]) -> Q:
    condition = Q(pk__in=[])
    for flag in flags:
        condition |= _employed_where(ctx, **{f"organization__{flag}": True})
    return condition


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
    "general_pedagogical": Population(
        EDUCATOR,
        "педагогические работники системы общего образования (без ДОО)",
        ({"predicate": "pedagogical"}, {"predicate": "works_in", "kind": "general"}),
    ),
    "preschool_pedagogical": Population(
        EDUCATOR,
        "педагогические работники дошкольных образовательных организаций",
        ({"predicate": "pedagogical"}, {"predicate": "works_in", "kind": "preschool"}),
    ),
    "additional_teachers": Population(
        EDUCATOR, "педагоги дополнительного образования", ({"predicate": "position", "code": "additional_teacher"},)
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

BREAKDOWNS = {"subject": "в разрезе учебных предметов"}


class VocabularyError(ValueError):
    pass


def check_term(term: dict, unit: str) -> None:
    """Raises VocabularyError naming what is wrong with one term of a definition."""
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


def missing_modules(terms) -> list[str]:
    """The modules whose predicates these terms need and that are not connected yet."""
    return sorted({PREDICATES[t["predicate"]].module for t in terms if not PREDICATES[t["predicate"]].connected})


def compile_terms(terms, ctx: Context) -> Q:
    """AND of the terms; each may be negated with negate = true."""
    condition = Q()
    for term in terms:
        predicate = PREDICATES[term["predicate"]]
        params = {k: v for k, v in term.items() if k not in ("predicate", "negate")}
        q = predicate.build(ctx, params)
        condition &= ~q if term.get("negate") else q
    return condition
