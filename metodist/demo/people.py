"""The educators of one municipality and the quotas that make its figures exact.

Every attribute a figure of seed 002 counts (young, pre-pension and pension age, second jobs, higher education,
heavy load and out-of-profile teaching, categories) is dealt out by an exact count over the people
(`quotas.pick`); what no figure counts (sex, names, exact dates) is drawn within the bounds the quotas set,
in biography.py.
"""

import random
from datetime import date, timedelta

from metodist.people.models import Category, category_expiry
from metodist.people.rules import ATTESTATION_ORDER_196_START

from . import biography
from .catalog import Catalog
from .organizations import OrgPlan, Slot
from .quotas import pick, share
from .records import CAREER_CHANGER, PENSION, PRE_PENSION, REGULAR, YOUNG, Person
from .reference import Reference

HIGHEST_MIN_EXPERIENCE = 7  # years; the highest category follows the first one after at least two years
CATEGORY_MIN_EXPERIENCE = 3
EXPIRED_MIN_EXPERIENCE = 10
LOW_RESULTS_OUT_OF_PROFILE_WEIGHT = 3.0  # out-of-profile teaching is commoner in a ШНОР


def generate_people(
    slots: list[Slot], orgs: list[OrgPlan], on: date, rng: random.Random, data: Catalog, ref: Reference, snils: list
) -> list[Person]:
    """People for `slots` on the reference date `on`; `snils` holds one distinct number per person."""
    people = [Person(slot) for slot in slots]
    counts = _Counts(len(people), data)
    _deal_bands(people, rng, data, counts)
    _deal_part_time(people, orgs, rng, data, counts)
    _deal_education(people, rng, data, counts)
    _deal_teaching(people, rng, counts)
    for person, number in zip(people, snils, strict=True):
        biography.fill(person, on, rng, data, ref, number)
    _deal_categories(people, on, rng, counts)
    return people


class _Counts:
    """The figures of the demo municipality scaled to `size` people."""

    def __init__(self, size: int, data: Catalog):
        self.size, self.figures = size, data.figures

    def count(self, name: str) -> int:
        return share(self.size, self.figures.counts[name], self.figures.educators)

    def percent(self, name: str, group: list) -> int:
        return share(len(group), self.figures.percent[name], 100)


def _deal_bands(people: list[Person], rng: random.Random, data: Catalog, counts: _Counts) -> None:
    pedagogical = [p for p in people if not p.slot.is_manager]
    young = counts.count("young")
    featured = _first_mathematics_teacher(people) if young else None
    if featured:
        featured.featured, featured.band = True, YOUNG
    others = [p for p in pedagogical if p is not featured]
    for person in pick(rng, others, young - bool(featured), _young_weight(data)):
        person.band = YOUNG
    for band, name in ((PENSION, "pension"), (PRE_PENSION, "pre_pension")):
        for person in pick(rng, [p for p in people if p.band == REGULAR], counts.percent(name, people)):
            person.band = band
    # Career changers teach clubs and sports, not school subjects: a teacher's education must match a subject.
    candidates = [p for p in pedagogical if p.band == REGULAR and not p.is_teacher]
    for person in pick(rng, candidates, counts.percent("career_changers", people)):
        person.band = CAREER_CHANGER


def _first_mathematics_teacher(people: list[Person]) -> Person | None:
    first_school = next((p.slot.org for p in people if p.slot.org.kind == "general"), None)
    return next(
        (p for p in people if p.slot.org is first_school and p.is_teacher and p.slot.profile.code == "mathematics"),
        None,
    )


def _young_weight(data: Catalog):
    return lambda person: data.positions[person.slot.position].young


def _deal_part_time(
    people: list[Person], orgs: list[OrgPlan], rng: random.Random, data: Catalog, counts: _Counts
) -> None:
    """A second job: the same position in another organization of the kind, or another one in the same."""
    pedagogical = [p for p in people if not p.slot.is_manager]
    for person in pick(rng, pedagogical, counts.percent("part_time", people)):
        org, position = person.slot.org, person.slot.position
        elsewhere = [o for o in orgs if o.kind == org.kind and o is not org]
        if elsewhere and rng.random() < 0.6:
            person.part_time = (rng.choice(elsewhere), position)
        else:
            person.part_time = (org, rng.choice([c for c in data.internal_part_time[org.kind] if c != position]))


def _deal_education(people: list[Person], rng: random.Random, data: Catalog, counts: _Counts) -> None:
    def weight(person: Person) -> float:
        if person.slot.is_manager or person.band == CAREER_CHANGER:
            return 0.0
        if person.is_teacher:
            return 1.0 if person.slot.profile.vocational else 0.1
        return data.positions[person.slot.position].without_higher

    for person in pick(rng, people, len(people) - counts.count("higher_education"), weight):
        person.higher = False


def _deal_teaching(people: list[Person], rng: random.Random, counts: _Counts) -> None:
    teachers = [p for p in people if p.is_teacher]
    for person in pick(rng, teachers, counts.percent("teachers_heavy_load", teachers)):
        person.heavy_load = True

    def weight(person: Person) -> float:
        if person.featured:
            return 0.0
        return LOW_RESULTS_OUT_OF_PROFILE_WEIGHT if "is_low_results" in person.slot.org.flags else 1.0

    for person in pick(rng, teachers, counts.percent("teachers_out_of_profile", teachers), weight):
        person.out_of_profile = True


def _deal_categories(people: list[Person], on: date, rng: random.Random, counts: _Counts) -> None:
    """Valid categories on `on` by the figures; the highest go to the more experienced (order № 196 dates)."""
    pool = [p for p in people if p.band not in (YOUNG, CAREER_CHANGER)]

    def take(category: str, number: int, min_experience: int, weight=None) -> list[Person]:
        nonlocal pool
        eligible = [p for p in pool if p.experience(on) >= min_experience]
        chosen = pick(rng, eligible, number, weight)
        taken = set(map(id, chosen))
        pool = [p for p in pool if id(p) not in taken]
        for person in chosen:
            _award(person, category, biography.valid_award_date(person, on, rng))
        return chosen

    highest = take(Category.HIGHEST, counts.count("highest"), HIGHEST_MIN_EXPERIENCE, lambda p: p.experience(on))
    take(Category.FIRST, counts.count("first"), CATEGORY_MIN_EXPERIENCE)
    take(Category.SZD, counts.count("szd"), CATEGORY_MIN_EXPERIENCE)
    for person in pick(
        rng, [p for p in pool if p.experience(on) >= EXPIRED_MIN_EXPERIENCE], counts.count("expired_szd")
    ):
        _award(person, Category.SZD, biography.expired_award_date(on, rng))
    # Order № 196 created the two categories above the highest on 01.09.2023; before that date there are none.
    if on - timedelta(days=biography.MARGIN_DAYS) <= ATTESTATION_ORDER_196_START:
        return
    new = pick(rng, highest, counts.count("methodist") + counts.count("mentor"))
    for index, person in enumerate(new):
        category = Category.METHODIST if index < counts.count("methodist") else Category.MENTOR
        _award(person, category, biography.order_196_award_date(on, rng))


def _award(person: Person, category: str, awarded_on: date) -> None:
    person.category, person.category_awarded_on = category, awarded_on
    person.category_expires_on = category_expiry(category, awarded_on)
