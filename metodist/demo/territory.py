"""The territorial plan of a demo: regions, their municipalities and how many educators each one gets.

Every scale starts with the same two municipalities of «Демонстрационная область»: the demo municipality with
the exact figures of seed 002 and a small second one that shows scope isolation. Each municipality has a
global ordinal that fixes its random stream and its block of SNILS numbers, so the demo municipality is the
same at every scale for a given seed.
"""

import random
from dataclasses import dataclass

from .catalog import catalog
from .quotas import apportion

SCALES = ("municipality", "region", "nation")
REGION_EDUCATORS = 50_000  # «about 50,000 educators in about 30 municipalities»
MUNICIPALITY_EDUCATORS = 1_667  # the average municipality: 50,000 / 30
SECOND_MUNICIPALITY_EDUCATORS = 60
MAX_MUNICIPALITIES = 4_500  # SNILS blocks of 200,000 numbers fit in nine digits


class PlanError(ValueError):
    """A scale and a number of educators that cannot make a demo; the message is for the user."""


@dataclass(frozen=True)
class MunicipalityPlan:
    ordinal: int
    name: str
    settlement: str  # prefix of addresses: «г. Энск»
    educators: int

    @property
    def is_demo(self) -> bool:
        return self.ordinal == 0


@dataclass(frozen=True)
class RegionPlan:
    name: str
    code: str
    municipalities: tuple[MunicipalityPlan, ...]

    @property
    def educators(self) -> int:
        return sum(m.educators for m in self.municipalities)


def fixed_educators() -> int:
    """Educators of the two municipalities every scale starts with."""
    return catalog().figures.educators + SECOND_MUNICIPALITY_EDUCATORS


def plan_territory(scale: str, seed: int, educators: int | None = None) -> list[RegionPlan]:
    if scale not in SCALES:
        raise PlanError(f"Неизвестный масштаб «{scale}»: допустимы {', '.join(SCALES)}.")
    rng = random.Random(f"{seed}:territory")
    if scale == "municipality":
        if educators is not None:
            raise PlanError("Для масштаба municipality численность задана программой (757 + 60); --educators не нужен.")
        return [_demo_region(rng, extra=0)]
    if scale == "region":
        total = REGION_EDUCATORS if educators is None else educators
        _check_total(total, fixed_educators())
        return [_demo_region(rng, extra=total - fixed_educators())]
    if educators is None:
        raise PlanError("Для масштаба nation укажите численность: --educators N.")
    regions = max(2, round(educators / REGION_EDUCATORS))
    _check_total(educators, fixed_educators() + regions - 1)
    extra = apportion(educators - fixed_educators(), [rng.uniform(0.5, 1.5) for _ in range(regions)])
    plans = [_demo_region(rng, extra=extra[0])]
    names = _region_names(rng)
    for index, size in enumerate(extra[1:], start=1):
        first = sum(len(plan.municipalities) for plan in plans)
        plans.append(RegionPlan(names[index - 1], f"D{index + 1:02d}", _municipalities(rng, size, first)))
    if sum(len(plan.municipalities) for plan in plans) > MAX_MUNICIPALITIES:
        raise PlanError(f"Слишком много муниципалитетов: не больше {MAX_MUNICIPALITIES}.")
    return plans


def _check_total(total: int, minimum: int) -> None:
    if total < minimum:
        raise PlanError(f"Слишком мало педагогов: нужно не меньше {minimum}.")


def _demo_region(rng: random.Random, extra: int) -> RegionPlan:
    data = catalog().territories
    demo, second = data["demo_municipality"], data["second_municipality"]
    fixed = (
        MunicipalityPlan(0, demo["name"], f"г. {demo['town']}", catalog().figures.educators),
        MunicipalityPlan(1, second["name"], f"г. {second['town']}", SECOND_MUNICIPALITY_EDUCATORS),
    )
    others = _municipalities(rng, extra, first_ordinal=len(fixed)) if extra else ()
    return RegionPlan(data["demo_region"]["name"], data["demo_region"]["code"], fixed + others)


def _municipalities(rng: random.Random, educators: int, first_ordinal: int) -> tuple[MunicipalityPlan, ...]:
    """Municipalities of uneven size (a few large towns, many small districts) with `educators` in all."""
    count = max(1, round(educators / MUNICIPALITY_EDUCATORS))
    sizes = apportion(educators, [rng.lognormvariate(0, 0.6) for _ in range(count)])
    names = _municipality_names(rng)
    if count > len(names):
        raise PlanError(f"В одном регионе не больше {len(names)} муниципалитетов.")
    return tuple(
        MunicipalityPlan(
            ordinal=first_ordinal + index,
            name=kind["name"].format(**town),
            settlement=kind["settlement"].format(**town),
            educators=size,
        )
        for index, (size, (town, kind)) in enumerate(zip(sizes, names, strict=False))
    )


def _municipality_names(rng: random.Random) -> list[tuple[dict, dict]]:
    """(town, kind) pairs, each town once before any repeats, its kind of municipality drawn at random."""
    data = catalog().territories
    towns, kinds = list(data["towns"]), data["municipality_kinds"]
    rng.shuffle(towns)
    offsets = [rng.randrange(len(kinds)) for _ in towns]
    return [
        (town, kinds[(offset + lap) % len(kinds)])
        for lap in range(len(kinds))
        for town, offset in zip(towns, offsets, strict=True)
    ]


def _region_names(rng: random.Random) -> list[str]:
    adjectives = list(catalog().territories["region_adjectives"])
    rng.shuffle(adjectives)
    names = [f"{feminine} область" for feminine, _ in adjectives] + [f"{masculine} край" for _, masculine in adjectives]
    # Past the list, numbered copies: the nation scale of a benchmark may need more regions than names.
    return names + [f"{name} № {n}" for n in range(2, 100) for name in names]
