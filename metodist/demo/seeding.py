"""Loading a demo into the registry, and clearing the registry before a reload."""

import random
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date

from django.db import reset_queries, transaction
from django.db.models import ProtectedError

from metodist.accounts.models import User
from metodist.facts.signals import invalidate as invalidate_facts
from metodist.orgs.models import Municipality, Organization, Region, StaffPosition
from metodist.people.models import Education, Educator, Employment

from . import cycle, growth
from .biography import snils_number
from .catalog import Catalog, catalog
from .organizations import date_flags, plan_organizations, staff_slots
from .people import generate_people
from .reference import Reference, ReferenceError, load_reference
from .staffing import staff_list
from .territory import MunicipalityPlan, PlanError, plan_territory
from .users import create_demo_users, demo_users_q, thousands
from .writer import MunicipalityData, copy_available, keys_suspended, write

FLUSH_EDUCATORS = 5_000  # educators generated before a bulk insert: bounds memory at the nation scale
SNILS_START = 100_000_000  # SNILS numbers of the demo begin with 100-000-000
SNILS_BLOCK = 200_000  # numbers per municipality, so numbers are unique without a global registry
PROGRESS_STEP = 5  # percent of the educators between two progress lines


class SeedError(Exception):
    """The demo cannot be loaded; the message is for the user."""


@dataclass(frozen=True)
class SeedSummary:
    regions: int
    municipalities: int
    organizations: int
    educators: int
    seconds: float
    warnings: list[str]


def registry_counts() -> dict[str, int]:
    return {
        "регионов": Region.objects.count(),
        "организаций": Organization.objects.count(),
        "педагогов": Educator.objects.count(),
    }


@transaction.atomic
def clear_registry() -> None:
    """Deletes the registry (bottom up, so cascades stay small) and the demo users, or nothing at all."""
    try:
        for module in reversed(cycle.SEEDERS + growth.SEEDERS):
            module.clear()
        User.objects.filter(demo_users_q()).delete()
        Employment.subjects.through.objects.all().delete()
        for model in (Employment, Education, StaffPosition, Educator, Organization, Municipality, Region):
            model.objects.all().delete()
        invalidate_facts()
    except ProtectedError as error:
        blockers = sorted({obj._meta.verbose_name_plural for obj in error.protected_objects})
        raise SeedError(f"Данные не удалены: на них ссылаются другие записи ({', '.join(blockers)}).") from error


@transaction.atomic
def seed_demo(
    scale: str,
    seed: int,
    on: date,
    educators: int | None = None,
    progress: Callable[[str], None] = lambda line: None,
    copy: bool | None = None,
) -> SeedSummary:
    """Generates and saves the demo of `scale` for the reference date `on`; the same seed gives the same rows.

    `copy` writes with PostgreSQL's COPY (the default there) instead of bulk_create; the rows are the same.
    """
    started = time.monotonic()
    data = catalog()
    try:
        plans = plan_territory(scale, seed, educators)
        ref = load_reference(data)
    except (PlanError, ReferenceError) as error:
        raise SeedError(str(error)) from error
    total = sum(plan.educators for plan in plans)
    municipalities = sum(len(plan.municipalities) for plan in plans)
    progress(
        f"Масштаб {scale}: регионов {len(plans)}, муниципалитетов {thousands(municipalities)}, "
        f"педагогов {thousands(total)}; показатели на {on:%d.%m.%Y}"
    )
    copy = copy_available() if copy is None else copy
    batches = _Batches(ref, total, progress, started, copy)
    demo, demo_region = None, None
    with keys_suspended() if copy else nullcontext():
        for region_plan in plans:
            region = Region.objects.create(name=region_plan.name, code=region_plan.code)
            models = Municipality.objects.bulk_create(
                [Municipality(region=region, name=plan.name) for plan in region_plan.municipalities]
            )
            for plan, model in zip(region_plan.municipalities, models, strict=True):
                generated = generate_municipality(plan, model, seed, on, data, ref)
                batches.add(generated)
                if plan.is_demo:
                    demo, demo_region = generated, region
        batches.flush()
        restoring = time.monotonic()
    if copy:
        progress(f"Внешние ключи и индексы восстановлены за {time.monotonic() - restoring:.0f} с")
    invalidate_facts()  # neither bulk_create nor COPY sends the signals that mark the facts stale
    warnings = create_demo_users(demo_region, demo, on, seed)
    return SeedSummary(
        len(plans), municipalities, batches.organizations, batches.educators, time.monotonic() - started, warnings
    )


def generate_municipality(
    plan: MunicipalityPlan, model: Municipality, seed: int, on: date, data: Catalog, ref: Reference
) -> MunicipalityData:
    """Organizations, people and staff lists of one municipality, from its own random stream."""
    rng = random.Random(f"{seed}:municipality:{plan.ordinal}")
    orgs = plan_organizations(plan, rng, data)
    date_flags(orgs, on, data)
    slots = staff_slots(orgs, rng, data)
    first = SNILS_START + plan.ordinal * SNILS_BLOCK
    snils = [snils_number(first + offset) for offset in rng.sample(range(SNILS_BLOCK), len(slots))]
    people = generate_people(slots, orgs, on, rng, data, ref, snils)
    return MunicipalityData(plan, orgs, people, staff_list(people, orgs, rng, data), model)


class _Batches:
    """Municipalities waiting for an insert, and a progress line every PROGRESS_STEP percent of the educators."""

    def __init__(self, ref: Reference, total: int, progress: Callable[[str], None], started: float, copy: bool):
        self.ref, self.total, self.progress, self.started, self.copy = ref, total, progress, started, copy
        self.pending: list[MunicipalityData] = []
        self.educators = self.organizations = 0
        self.writing = 0.0  # seconds spent in the inserts, the rest is generation
        self.reported = 0  # percent of the last progress line

    def add(self, generated: MunicipalityData) -> None:
        self.pending.append(generated)
        if sum(len(m.people) for m in self.pending) >= FLUSH_EDUCATORS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        started = time.monotonic()
        write(self.pending, self.ref, copy=self.copy)
        reset_queries()  # with DEBUG on, Django keeps the SQL of every query: megabytes per batch
        self.writing += time.monotonic() - started
        self.educators += sum(len(m.people) for m in self.pending)
        self.organizations += sum(len(m.orgs) for m in self.pending)
        self.pending = []
        share = self.educators * 100 // self.total
        if share < self.reported + PROGRESS_STEP and self.educators < self.total:
            return
        self.reported = share
        seconds = time.monotonic() - self.started
        how = "COPY" if self.copy else "bulk_create"
        self.progress(
            f"Записано педагогов: {thousands(self.educators)} из {thousands(self.total)} ({share} %), {seconds:.0f} с "
            f"(из них запись в базу, {how}: {self.writing:.0f} с)"
        )
