"""A direct count of registry indicators in Python, the oracle of test_property_registry.py.

It is written from the rules as documented (docs/indicators.md «Правила расчёта», the docstrings of
people/models.py, people/predicates.py, orgs/predicates.py and monitoring/compute.py), with the models' own
one-object methods (`Educator.age`, `is_young`, `experience_years`, `category_on`, `Employment.is_active`,
`FlagPeriod.holds_on`) and plain loops over the rows the test built — never with the querysets the
computation runs, so that it stays a second opinion and not a copy of the implementation.

The meanings it encodes, each from the documentation:
- an educator's facts are taken on the period's end; an employment is active on that day;
- «home» organization: the main active employment's, else the earliest active one (by start date, then id);
  an educator whose home is not one of the campaign's organizations (a closed one, a methodological centre,
  another region) is counted nowhere; the facts of employments (position, part-time, subjects, profile, kind and
  flags of the organization) are read from every active employment, wherever it is;
- `count_at = "employment"`: each organization of the campaign counts everyone holding an active employment in
  it, with the facts of employments read from the employments there; the educator's own facts (age, experience,
  category, education, the load summed over all active employments) do not depend on the place;
- organizations of the campaign: active, of the campaign's territory, not methodological centres;
- a municipality's value sums its organizations', and is «no value» (no numerator) when it has none to sum;
  the region sums its municipalities';
- breakdowns are municipal rows, only for the groups that have somebody in the denominator.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from metodist.monitoring import vocabulary
from metodist.monitoring.models import IndicatorKind, Level, ResultStatus, Unit
from metodist.orgs.models import FlagPeriod, Municipality, Organization, OrganizationKind, StaffPosition
from metodist.people.models import (
    Category,
    Education,
    EducationLevel,
    Educator,
    Employment,
    EmploymentKind,
    PositionKind,
)

HIGHEST_AND_ABOVE = {Category.HIGHEST, Category.METHODIST, Category.MENTOR}  # order № 196: both presuppose highest
CATEGORY_GROUPS = {
    "highest": HIGHEST_AND_ABOVE,
    "first": {Category.FIRST},
    "szd": {Category.SZD},
    "first_or_highest": {Category.FIRST} | HIGHEST_AND_ABOVE,
    "any": {Category.SZD, Category.FIRST} | HIGHEST_AND_ABOVE,
}


@dataclass
class Job:
    """One employment with what the oracle reads of it."""

    row: Employment
    organization: Organization
    subjects: frozenset[str]


@dataclass
class Person:
    educator: Educator
    educations: list[Education] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)


@dataclass
class Registry:
    """Everything the test built, kept in Python."""

    start: date
    on: date
    municipalities: list[Municipality]
    organizations: list[Organization]
    flags: dict[int, list[FlagPeriod]]  # organization id → its flag periods
    staff: list[StaffPosition]
    people: list[Person]
    covers: dict[int, set[str]]  # speciality id → codes of the subjects it qualifies one to teach


@dataclass(frozen=True)
class Outcome:
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    status: str


def share(numerator: int, denominator: int) -> Decimal:
    """numerator / denominator × 100, half up to one decimal (docs/indicators.md)."""
    return (Decimal(numerator * 100) / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def outcome(kind: str, numerator, denominator) -> Outcome:
    if numerator is None:
        return Outcome(None, None, None, ResultStatus.NO_DATA)
    numerator, denominator = Decimal(numerator), Decimal(denominator)
    if kind == IndicatorKind.COUNT:
        return Outcome(numerator, denominator, numerator, ResultStatus.OK)
    if kind == IndicatorKind.SCORE:
        return Outcome(numerator, denominator, numerator / denominator, ResultStatus.OK)
    if not denominator:
        return Outcome(numerator, denominator, None, ResultStatus.NO_DATA)
    return Outcome(numerator, denominator, share(numerator, denominator), ResultStatus.OK)


def year_bands(bounds) -> list[tuple[str, int | None, int | None]]:
    """Bounds [30, 40] → «менее 30 лет», «от 30 до 39 лет», «40 лет и более» (full years, ends included)."""
    bands, low = [], None
    for bound in bounds:
        bands.append((f"менее {bound} лет" if low is None else f"от {low} до {bound - 1} лет", low, bound - 1))
        low = bound
    bands.append((f"{low} лет и более", low, None))
    return bands


DEFAULT_BANDS = {"age": (30, 40, 50, 60), "experience": (3, 5, 10, 20)}


def within(value: int, low: int | None, high: int | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


class Oracle:
    def __init__(self, registry: Registry, campaign):
        self.registry = registry
        self.on, self.start = registry.on, registry.start
        region, municipality = campaign.region_id, campaign.municipality_id
        self.campaign_orgs = {
            org.pk: org
            for org in registry.organizations
            if org.is_active
            and org.kind != OrganizationKind.METHODOLOGICAL
            and org.municipality.region_id == region
            and municipality in (None, org.municipality_id)
        }
        self.municipality_ids = [
            m.pk for m in registry.municipalities if m.region_id == region and municipality in (None, m.pk)
        ]

    # ---- facts of one educator, one organization
    def active_jobs(self, person: Person, at: int | None = None) -> list[Job]:
        return [j for j in person.jobs if j.row.is_active(self.on) and (at is None or j.organization.pk == at)]

    def home(self, person: Person) -> Job | None:
        active = self.active_jobs(person)
        pool = [j for j in active if j.row.kind == EmploymentKind.MAIN] or active
        return min(pool, key=lambda j: (j.row.start_date, j.row.pk)) if pool else None

    def completed(self, education: Education) -> bool:
        return education.completed_on is None or education.completed_on <= self.on

    def uncovered(self, person: Person, job: Job) -> set[str]:
        """The subjects of a job that no education completed by the period's end qualifies one to teach."""
        covered = set()
        for education in person.educations:
            if education.speciality_id and self.completed(education):
                covered |= self.registry.covers[education.speciality_id]
        return set(job.subjects) - covered

    def flagged(self, organization: Organization, flags, during: bool = False) -> bool:
        for period in self.registry.flags.get(organization.pk, ()):
            if period.flag not in flags:
                continue
            if during:
                if (period.start_date is None or period.start_date <= self.on) and (
                    period.end_date is None or period.end_date >= self.start
                ):
                    return True
            elif period.holds_on(self.on):
                return True
        return False

    def educator_fact(self, code: str, params: dict, person: Person, jobs: list[Job]) -> bool:
        """One educator predicate; `jobs` are the active employments it reads (all, or those of one place)."""
        educator, on = person.educator, self.on
        if code == "pedagogical":
            return any(j.row.position.kind == PositionKind.PEDAGOGICAL for j in jobs)
        if code == "manager":
            return any(j.row.position.kind == PositionKind.MANAGERIAL for j in jobs)
        if code == "teacher":
            return any(j.row.position.is_teacher for j in jobs)
        if code == "position":
            return any(j.row.position.code == params["code"] for j in jobs)
        if code == "position_one_of":
            return any(j.row.position.code in params["codes"] for j in jobs)
        if code == "works_in":
            return any(j.organization.kind == params["kind"] for j in jobs)
        if code == "works_in_one_of":
            return any(j.organization.kind in params["kinds"] for j in jobs)
        if code == "works_in_flagged":
            return any(self.flagged(j.organization, params["flags"], params.get("during", False)) for j in jobs)
        if code == "teaches":
            return any(j.subjects & set(params["subjects"]) for j in jobs)
        if code == "part_time":
            return any(j.row.kind != EmploymentKind.MAIN for j in jobs)
        if code == "out_of_profile":
            return any(self.uncovered(person, j) for j in jobs)
        if code == "young":
            return educator.is_young(on)
        if code == "experience":
            started = educator.ped_work_start <= on
            return started and within(educator.experience_years(on), params.get("min"), params.get("max"))
        if code == "younger_than":
            return educator.age(on) < params["years"]
        if code == "pre_pension":
            return educator.is_pre_pension(on)
        if code == "pension_age":
            return educator.is_pension_age(on)
        if code == "category":
            return educator.category_on(on) in CATEGORY_GROUPS[params["group"]]
        if code == "higher_education":
            return any(e.level == EducationLevel.HIGHER and self.completed(e) for e in person.educations)
        if code == "load_at_least":  # the educator's whole load, wherever counted
            return sum(j.row.weekly_hours for j in self.active_jobs(person)) >= params["hours"]
        raise AssertionError(f"the oracle does not know the predicate {code!r}")

    def teachers_of(self, organization: Organization) -> tuple[set[int], set[int]]:
        """Educators holding an active teacher's post in the organization, and those of them teaching there out
        of profile."""
        teachers, out = set(), set()
        for person in self.registry.people:
            for job in self.active_jobs(person, at=organization.pk):
                if job.row.position.is_teacher:
                    teachers.add(person.educator.pk)
                    if self.uncovered(person, job):
                        out.add(person.educator.pk)
        return teachers, out

    def organization_fact(self, code: str, params: dict, organization: Organization) -> bool:
        if code == "org_kind":
            return organization.kind == params["kind"]
        if code == "org_flag":
            return self.flagged(organization, params["flags"], params.get("during", False))
        if code == "out_of_profile_share_above":
            teachers, out = self.teachers_of(organization)
            return bool(teachers) and len(out) * 100 > len(teachers) * params["percent"]
        raise AssertionError(f"the oracle does not know the predicate {code!r}")

    def municipality_fact(self, code: str, params: dict, municipality_id: int) -> bool:
        assert code == "municipality_has_organization", code
        return any(
            org.municipality_id == municipality_id
            and org.is_active
            and ("kind" not in params or org.kind == params["kind"])
            and ("flags" not in params or self.flagged(org, params["flags"]))
            for org in self.registry.organizations
        )

    @staticmethod
    def holds(terms, fact, combine: str = "all_of") -> bool:
        """AND (or OR) of terms; a term is a predicate or an any_of / all_of group, each may be negated."""
        results = []
        for term in terms:
            group = next((key for key in ("any_of", "all_of") if key in term), None)
            if group:
                result = Oracle.holds(term[group], fact, group)
            else:
                result = fact(term["predicate"], {k: v for k, v in term.items() if k not in ("predicate", "negate")})
            results.append(result != bool(term.get("negate", False)))
        return any(results) if combine == "any_of" else all(results)

    # ---- counting
    @staticmethod
    def parts(spec: dict) -> tuple[list, list]:
        base = list(vocabulary.POPULATIONS[spec["population"]].terms) + spec.get("denominator_where", [])
        return base, base + spec.get("where", [])

    def counted_people(self, spec: dict):
        """(organization id, person, in numerator, in denominator) for every person the indicator looks at."""
        base, full = self.parts(spec)
        at_employment = spec.get("count_at") == "employment"
        for person in self.registry.people:
            if at_employment:
                places = sorted({j.organization.pk for j in self.active_jobs(person)} & set(self.campaign_orgs))
            else:
                home = self.home(person)
                places = [home.organization.pk] if home and home.organization.pk in self.campaign_orgs else []
            for org_id in places:
                jobs = self.active_jobs(person, at=org_id if at_employment else None)

                def fact(code, params, person=person, jobs=jobs):
                    return self.educator_fact(code, params, person, jobs)

                yield org_id, person, self.holds(full, fact), self.holds(base, fact)

    def expected(self, indicator_specs: list[dict]) -> dict:
        """(code, level, organization id, municipality id, breakdown) → Outcome, for every registry indicator."""
        rows = {}
        for spec in indicator_specs:
            if "score" in spec:
                continue
            unit, kind = spec["unit"], spec["kind"]
            by_org, by_municipality = {}, {}
            if unit == Unit.EDUCATORS:
                by_org = {pk: [0, 0] for pk in self.campaign_orgs}
                for org_id, _, numerator, denominator in self.counted_people(spec):
                    by_org[org_id][0] += numerator
                    by_org[org_id][1] += denominator
            elif unit == Unit.STAFF_RATES:
                by_org = {pk: [Decimal(0), Decimal(0)] for pk in self.campaign_orgs}
                for row in self.registry.staff:
                    if row.organization_id in by_org and row.is_valid_on(self.on):
                        by_org[row.organization_id][0] += row.rates - row.vacant_rates
                        by_org[row.organization_id][1] += row.rates
            elif unit == Unit.ORGANIZATIONS:
                base, full = self.parts(spec)
                for org in self.campaign_orgs.values():

                    def fact(code, params, org=org):
                        return self.organization_fact(code, params, org)

                    if self.holds(base, fact):
                        tally = by_municipality.setdefault(org.municipality_id, [0, 0])
                        tally[0] += self.holds(full, fact)
                        tally[1] += 1
            elif unit == Unit.MUNICIPALITIES:
                base, full = self.parts(spec)
                for pk in self.municipality_ids:

                    def fact(code, params, pk=pk):
                        return self.municipality_fact(code, params, pk)

                    in_base = self.holds(base, fact)
                    by_municipality[pk] = [int(in_base and self.holds(full, fact)), int(in_base)]
            for org_id, (numerator, denominator) in by_org.items():
                municipality_id = self.campaign_orgs[org_id].municipality_id
                rows[(spec["code"], Level.ORGANIZATION, org_id, municipality_id, "")] = outcome(
                    kind, numerator, denominator
                )
                tally = by_municipality.setdefault(municipality_id, [0, 0])
                tally[0] += numerator
                tally[1] += denominator
            region = None
            for pk in self.municipality_ids:
                tally = by_municipality.get(pk)
                rows[(spec["code"], Level.MUNICIPALITY, None, pk, "")] = outcome(kind, *(tally or (None, None)))
                if tally is not None:
                    region = [a + b for a, b in zip(region or (0, 0), tally, strict=True)]
            rows[(spec["code"], Level.REGION, None, None, "")] = outcome(kind, *(region or (None, None)))
            rows.update(self.breakdown_rows(spec))
        for spec in indicator_specs:
            if "score" in spec:
                rows.update(self.band_rows(spec, rows))
        return rows

    def breakdown_rows(self, spec: dict) -> dict:
        rows, kind = {}, spec["kind"]
        for item in spec.get("breakdowns", []):
            by = item["by"] if isinstance(item, dict) else item
            bounds = item.get("bands", DEFAULT_BANDS.get(by)) if isinstance(item, dict) else DEFAULT_BANDS.get(by)
            groups = defaultdict(lambda: [0, 0])  # (municipality, group) → [numerator, denominator]
            for org_id, person, numerator, denominator in self.counted_people(spec):
                municipality_id = self.campaign_orgs[org_id].municipality_id
                for group in self.groups_of(by, bounds, person):
                    groups[(municipality_id, group)][0] += numerator
                    groups[(municipality_id, group)][1] += denominator
            for (municipality_id, group), (numerator, denominator) in groups.items():
                if denominator:
                    key = (spec["code"], Level.MUNICIPALITY, None, municipality_id, f"{by}:{group}")
                    rows[key] = outcome(kind, numerator, denominator)
        return rows

    def groups_of(self, by: str, bounds, person: Person) -> list[str]:
        """The breakdown groups a person counted at home falls in (a teacher of two subjects is in both)."""
        educator = person.educator
        if by == "subject":
            return sorted({code for job in self.active_jobs(person) for code in job.subjects})
        if by == "org_kind":
            return [self.home(person).organization.kind]
        if by == "position":
            return [self.home(person).row.position.code]
        if by == "age":
            return [label for label, low, high in year_bands(bounds) if within(educator.age(self.on), low, high)]
        if by == "experience":
            if educator.ped_work_start > self.on:
                return []
            years = educator.experience_years(self.on)
            return [label for label, low, high in year_bands(bounds) if within(years, low, high)]
        if by == "municipality":  # its rows are the municipal values themselves
            return []
        raise AssertionError(f"the oracle does not know the breakdown {by!r}")

    @staticmethod
    def band_rows(spec: dict, rows: dict) -> dict:
        """Points for the value of the indicator `score.of` wherever it has a value (min ≤ value < max)."""
        banded = {}
        for (code, level, org_id, municipality_id, breakdown), source in list(rows.items()):
            if code != spec["score"]["of"] or breakdown:
                continue
            key = (spec["code"], level, org_id, municipality_id, "")
            if source.status != ResultStatus.OK:
                banded[key] = Outcome(None, None, None, source.status)
                continue
            points = next(
                (
                    band["points"]
                    for band in spec["score"]["bands"]
                    if source.value >= band["min"] and ("max" not in band or source.value < band["max"])
                ),
                None,
            )
            banded[key] = (
                Outcome(None, None, None, ResultStatus.NO_DATA)
                if points is None
                else outcome(IndicatorKind.SCORE, points, 1)
            )
        return banded
