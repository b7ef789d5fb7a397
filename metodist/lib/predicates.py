"""The registry of indicator predicates: named conditions that a catalogue's definitions are built from.

Each domain app declares its own predicates in `<app>/predicates.py` and registers them here (the registry's
`people` and `orgs` now; diagnostics, training, mentoring, … as they arrive). The monitoring engine reads the
registry, checks catalogue terms against it and compiles them, and never imports a domain app itself. It lives
in `lib` because the apps that register and the engine that reads sit on both sides of it.

A predicate without a builder is a declaration of what a module to come will provide: indicators using it
report «нет данных: модуль ещё не подключён». The module connects it by registering the same code with a
builder; the declaration is then replaced.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

# The units a predicate can be about; the values of monitoring's `Unit` choices.
EDUCATORS = "educators"
ORGANIZATIONS = "organizations"
MUNICIPALITIES = "municipalities"


@dataclass(frozen=True)
class Context:
    """The period a campaign looks at; `on` is the date derived facts are computed for (its end).

    `organization` (an id) narrows the facts of employments (position, part-time, subjects, out of profile…)
    to the employments held in that organization: how one organization sees its own staff, for indicators
    counted at every employment (`count_at = "employment"`).

    `region` bounds what a predicate reads to one region (a module's subqueries should filter by it), and
    `facts` is the id of the region's facts build (metodist/facts) when the computation reads the facts layer:
    predicates are then compiled by their `facts` builder, over the facts rows.
    """

    start: date
    on: date
    organization: int | None = None
    region: int | None = None
    facts: int | None = None


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
    module: str = ""  # the module that provides it: named in «модуль ещё не подключён» and in the dictionary
    # The same condition over the facts layer (a Q over metodist.facts' rows, or for organizations and
    # municipalities over their own table reading the facts); None: the direct form, as a subquery.
    facts: Builder | None = None

    @property
    def connected(self) -> bool:
        return self.build is not None


PREDICATES: dict[str, Predicate] = {}

# The topics of the `trained` predicate (Track 3 of seed 002, and how a program was developed): shared by its
# declaration (monitoring/vocabulary.py) and the training module that connects it, so the two cannot drift.
TRAINING_TOPICS = (
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

# module → whether it holds records for a context's period and region. A module that recorded nothing for a
# period (it was not in use yet, or its data were never imported) gives «нет данных», never a count of 0.
Recorded = Callable[[Context], bool]
RECORDED: dict[str, Recorded] = {}


class RegistryError(ValueError):
    pass


def register(module: str, predicates: dict[str, Predicate], recorded: Recorded | None = None) -> None:
    """Adds a module's predicates; a connected predicate may replace a pending declaration, never another
    connected one (two modules claiming one code is a programming error, caught at start-up).

    `recorded(ctx)` says whether the module holds any record for the context's period (and region)."""
    if recorded is not None:
        RECORDED[module] = recorded
    for code, predicate in predicates.items():
        existing = PREDICATES.get(code)
        if existing is not None and existing.connected and predicate.connected and existing.module != module:
            raise RegistryError(f"predicate {code!r} is registered twice")
        if existing is not None and existing.connected and not predicate.connected:
            continue
        PREDICATES[code] = Predicate(
            predicate.unit, predicate.label, predicate.params, predicate.build, module, predicate.facts
        )


def educators_in(queryset) -> Q:
    """A condition on educators (or organizations): the primary key is one of `queryset`'s."""
    return Q(pk__in=queryset.values("pk"))


def over_facts(predicate: Predicate, ctx: Context, params: dict) -> Q:
    """The predicate as a condition on facts rows: its facts form, or else its direct form on educators as a
    subquery on the rows' educator (how the predicates of modules without facts columns are read)."""
    if predicate.facts is not None:
        return predicate.facts(ctx, params)
    if predicate.unit != EDUCATORS:
        return predicate.build(ctx, params)
    from django.apps import apps

    educators = apps.get_model("people", "Educator").objects.filter(predicate.build(ctx, params))
    return Q(educator_id__in=educators.values("pk"))
