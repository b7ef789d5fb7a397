"""Proposed steps of a route: the programs of the catalogue whose competencies match the route's deficits, ranked,
each with a one-line reason and the measured effect of that program on that deficit where it is known; a step of
self-education for every deficit no program covers.

`rank` is a pure function of plain data (table-driven tests in tests/test_proposals.py); `propose` reads the
database for one route with a fixed handful of queries, whatever the size of the region.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class DeficitInfo:
    code: str
    name: str
    key: int = 0  # the RouteDeficit id, when there is one


@dataclass(frozen=True)
class ProgramInfo:
    id: int
    title: str
    codes: frozenset  # competency codes it addresses
    federal: bool = False  # in the federal registry of ДПП
    subjects: frozenset = frozenset()  # subject ids; empty: for any subject
    for_managers: bool = False
    next_cohort: date | None = None  # start of the nearest cohort from today; None: no cohort announced
    cohort_id: int | None = None
    hours: int = 0


@dataclass(frozen=True)
class Profile:
    subjects: frozenset = frozenset()  # subject ids the educator teaches
    subject_names: dict = field(default_factory=dict)  # id → name, for the reason
    manager: bool = False  # holds a managerial position


@dataclass(frozen=True)
class Proposal:
    program: ProgramInfo | None  # None: self-education
    deficits: tuple  # DeficitInfo covered
    reason: str
    effect: str  # «+6,2 п.п. у 34 участников», «мало данных» or ""
    score: tuple = ()


def participants(count: int) -> str:
    """«у 1 участника», «у 34 участников» (genitive after «у»)."""
    word = "участника" if count % 10 == 1 and count % 100 != 11 else "участников"
    return f"у {count} {word}"


def effect_text(effect) -> str:
    """An Effect of training.effectiveness as a proposal shows it; "" when there is none."""
    if effect is None:
        return ""
    if not effect.enough:
        return "мало данных"
    value = Decimal(effect.difference).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{str(abs(value)).replace('.', ',')} п.п. {participants(effect.participants)}"


def _fits(program: ProgramInfo, profile: Profile) -> bool:
    """A course for managers only for managers; a course of particular subjects only for their teachers."""
    if program.for_managers and not profile.manager:
        return False
    return not program.subjects or bool(program.subjects & profile.subjects)


def _score(program: ProgramInfo, covered: int, effect, today: date) -> tuple:
    """Higher is better, compared in this order: federal registry, matched to the educator's subject, a cohort
    ahead, a measured positive effect, more deficits covered, the sooner cohort, then fewer hours."""
    upcoming = program.next_cohort is not None and program.next_cohort >= today
    measured = effect is not None and effect.enough and effect.difference > 0
    return (
        program.federal,
        bool(program.subjects),
        upcoming,
        measured,
        covered,
        -(program.next_cohort - today).days if upcoming else -100000,
        -program.hours,
        -program.id,
    )


def _reason(program: ProgramInfo, deficits, profile: Profile, today: date) -> str:
    parts = ["федеральный реестр ДПП" if program.federal else "региональный каталог ДПП"]
    subjects = sorted(profile.subject_names.get(pk, "") for pk in program.subjects & profile.subjects)
    if subjects:
        parts.append("по предмету «" + "», «".join(name for name in subjects if name) + "»")
    if program.for_managers:
        parts.append("для управленческих кадров")
    if program.next_cohort is not None and program.next_cohort >= today:
        parts.append(f"ближайший поток с {program.next_cohort:%d.%m.%Y}")
    else:
        parts.append("поток не объявлен")
    names = ", ".join(f"«{deficit.name}»" for deficit in deficits)
    return f"Закрывает дефицит{'ы' if len(deficits) > 1 else ''} {names}: " + "; ".join(parts)


def rank(deficits, programs, profile: Profile, effects: dict, today: date) -> list[Proposal]:
    """The proposals for `deficits`: for each deficit the best-ranked fitting program (a program that is best
    for several deficits is proposed once, covering them all), best first; then self-education for the
    deficits no fitting program covers. `effects` {(program id, code): Effect}."""
    fitting = [program for program in programs if _fits(program, profile)]
    codes = {deficit.code for deficit in deficits}
    chosen: dict[int, tuple] = {}
    uncovered = []
    for deficit in deficits:
        candidates = []
        for program in fitting:
            if deficit.code not in program.codes:
                continue
            covered = len(program.codes & codes)
            candidates.append((_score(program, covered, effects.get((program.id, deficit.code)), today), program))
        if not candidates:
            uncovered.append(deficit)
            continue
        score, best = max(candidates, key=lambda pair: pair[0])
        if best.id not in chosen or score > chosen[best.id][0]:
            chosen[best.id] = (score, best)
    proposals = []
    for score, program in chosen.values():
        covered = tuple(deficit for deficit in deficits if deficit.code in program.codes)
        effect = "; ".join(
            f"{deficit.name}: {text}" if len(covered) > 1 else text
            for deficit in covered
            if (text := effect_text(effects.get((program.id, deficit.code))))
        )
        proposals.append(Proposal(program, covered, _reason(program, covered, profile, today), effect, score))
    proposals.sort(key=lambda proposal: proposal.score, reverse=True)
    for deficit in uncovered:
        reason = f"Нет подходящей программы в каталоге по дефициту «{deficit.name}»: самообразование с тьютором"
        proposals.append(Proposal(None, (deficit,), reason, ""))
    return proposals


# ---- reading the database


def profile_of(educator, on: date) -> Profile:
    from metodist.people.models import Employment, PositionKind

    jobs = Employment.objects.active(on).filter(educator=educator).select_related("position")
    subjects, names, manager = set(), {}, False
    for job in jobs.prefetch_related("subjects"):
        manager = manager or job.position.kind == PositionKind.MANAGERIAL
        for subject in job.subjects.all():
            subjects.add(subject.pk)
            names[subject.pk] = subject.name
    return Profile(frozenset(subjects), names, manager)


def programs_for(codes, region_id, today: date) -> list[ProgramInfo]:
    """Active programs of the region (or of no region) addressing one of `codes`, with their nearest cohort.

    Read as plain values (five queries whatever the catalogue's size): model instances and prefetching cost
    more than the ranking itself for the hundreds of programs a region's catalogue matches."""
    from django.db.models import Q

    from metodist.training.models import Program, ProgramCohort

    matching = Program.objects.filter(is_active=True, competencies__code__in=codes).filter(
        Q(region__isnull=True) | Q(region_id=region_id)
    )
    rows = list(
        Program.objects.filter(pk__in=matching.values("pk")).values_list(
            "pk", "title", "in_federal_registry", "for_managers", "hours"
        )
    )
    ids = [row[0] for row in rows]
    covered, subjects, cohorts = defaultdict(set), defaultdict(set), {}
    for program_id, code in Program.competencies.through.objects.filter(program_id__in=ids).values_list(
        "program_id", "competency__code"
    ):
        covered[program_id].add(code)
    for program_id, subject_id in Program.subjects.through.objects.filter(program_id__in=ids).values_list(
        "program_id", "subject_id"
    ):
        subjects[program_id].add(subject_id)
    upcoming = ProgramCohort.objects.filter(program_id__in=ids, starts_on__gte=today).order_by("starts_on", "pk")
    for program_id, cohort_id, starts_on in upcoming.values_list("program_id", "pk", "starts_on"):
        cohorts.setdefault(program_id, (cohort_id, starts_on))
    return [
        ProgramInfo(
            id=pk,
            title=title,
            codes=frozenset(covered[pk]),
            federal=federal,
            subjects=frozenset(subjects[pk]),
            for_managers=for_managers,
            next_cohort=cohorts[pk][1] if pk in cohorts else None,
            cohort_id=cohorts[pk][0] if pk in cohorts else None,
            hours=hours,
        )
        for pk, title, federal, for_managers, hours in rows
    ]


def propose(route, today: date, effect_table: dict | None = None) -> list[Proposal]:
    """The ranked proposals for `route`; `effect_table` is `effects(route.region_id)` when the caller proposes for
    many routes of one region at once (the table takes seconds at region scale), computed here otherwise."""
    from metodist.training.effectiveness import effects

    deficits = [
        DeficitInfo(row.code, row.competency.name, row.pk) for row in route.deficits.select_related("competency")
    ]
    if not deficits:
        return []
    programs = programs_for({deficit.code for deficit in deficits}, route.region_id, today)
    if effect_table is None:
        effect_table = effects(route.region_id)
    return rank(deficits, programs, profile_of(route.educator, today), effect_table, today)
