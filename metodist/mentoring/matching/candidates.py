"""The people of a municipality's matching, read set-based in a fixed number of queries and held as numpy arrays.

Who takes part, on a day `on`:
- a mentee of the whole pool: a young educator (people.conditions.young) with an active employment in an active
  organization of the municipality and no current mentorship (a membership in force on `on` of an ACTIVE
  mentorship, whatever its source: a pair the coordinator fixed by hand is kept, it is not proposed again);
- a mentor: an educator with an active pedagogical employment there, not young, available (MentorCapacity.available,
  no row: available), whose current mentees are fewer than their limit (MentorCapacity.limit, no row: the
  municipality's default limit).

The features each criterion of score.py compares:
- deficits: the mentee's open deficits on `on` (Deficit.objects.open), by competency (or block) code;
- strengths: the competency codes in which the mentor's latest result (the latest procedure ended by `on` that
  measured the code) reached a scale level marked «компетенция освоена»; a block code is a strength when every
  competency of the block in those latest results is mastered;
- subjects: of the active employments;
- levels of education: of the active employments' organizations — preschool, primary general (a school employment
  teaching «Начальные классы»), basic and secondary general (any other school employment), additional, vocational;
- organizations: of the active employments. The registry keeps no coordinates or distances, so «nearby» can only
  mean the same municipality: every candidate of a municipality's pool is in it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import Count, Q

from metodist.diagnostics.models import Deficit, DiagnosticResult
from metodist.orgs.models import Organization, OrganizationKind
from metodist.people import conditions
from metodist.people.models import Educator, Employment, PositionKind, Subject

from ..models import CURRENT, MentorCapacity, MentorshipMentee

LEVELS = {
    "preschool": "дошкольное",
    "primary": "начальное общее",
    "general": "основное и среднее общее",
    "additional": "дополнительное",
    "vocational": "профессиональное",
}
_KIND_LEVEL = {
    OrganizationKind.PRESCHOOL: "preschool",
    OrganizationKind.GENERAL: "general",
    OrganizationKind.ADDITIONAL: "additional",
    OrganizationKind.COLLEGE: "vocational",
}
PRIMARY_SUBJECT = "primary"


@dataclass
class People:
    """One side of the matching: educators in a fixed order, their features as sets (for the reasons) and as
    0/1 matrices over the shared vocabularies (for the scores)."""

    ids: list[int]
    names: list[str]
    organizations: list[set[int]]
    subjects: list[set[int]]
    levels: list[set[str]]
    codes: list[set[str]]  # deficits of a mentee, strengths of a mentor
    load: np.ndarray | None = None  # mentors: current mentees
    limit: np.ndarray | None = None  # mentors: their limit
    index: dict[int, int] = field(default_factory=dict)

    def __post_init__(self):
        self.index = {pk: i for i, pk in enumerate(self.ids)}

    def __len__(self):
        return len(self.ids)

    def take(self, rows) -> "People":
        """The people at positions `rows`, in that order."""
        rows = list(rows)
        picked = [[values[i] for i in rows] for values in (self.names, self.organizations, self.subjects, self.levels,
                                                          self.codes)]  # fmt: skip
        return People(
            [self.ids[i] for i in rows], *picked,
            load=None if self.load is None else self.load[rows], limit=None if self.limit is None else self.limit[rows],
        )  # fmt: skip


@dataclass
class Pool:
    municipality_id: int
    on: date
    mentees: People
    mentors: People
    subject_names: dict[int, str]
    organization_names: dict[int, str]
    organization_kinds: dict[int, str]
    kept: int  # mentees of the municipality whose current mentorship is kept (not proposed again)


def _full_name(last, first, patronymic) -> str:
    return " ".join(part for part in (last, first, patronymic) if part)


def active_employments(municipality_id: int, on: date):
    return Employment.objects.active(on).filter(organization__municipality_id=municipality_id,
                                                organization__is_active=True)  # fmt: skip


def _features(employments):
    """{educator: organizations}, {educator: subjects}, {educator: levels}, {educator: has a pedagogical post}."""
    organizations, subjects, levels, pedagogical = defaultdict(set), defaultdict(set), defaultdict(set), set()
    taught = defaultdict(set)
    for employment, subject in Employment.subjects.through.objects.filter(
        employment__in=employments.values("pk")
    ).values_list("employment_id", "subject_id"):
        taught[employment].add(subject)
    primary = Subject.objects.filter(code=PRIMARY_SUBJECT).values_list("pk", flat=True).first()
    for pk, educator, organization, kind, position_kind in employments.values_list(
        "pk", "educator_id", "organization_id", "organization__kind", "position__kind"
    ):
        organizations[educator].add(organization)
        subjects[educator] |= taught[pk]
        level = _KIND_LEVEL.get(kind)
        if level == "general" and primary in taught[pk]:
            level = "primary"
        if level:
            levels[educator].add(level)
        if position_kind == PositionKind.PEDAGOGICAL:
            pedagogical.add(educator)
    return organizations, subjects, levels, pedagogical


def current_memberships(on: date):
    """Memberships in force on `on` of ACTIVE mentorships not ended by then: who has a mentor, and a mentor's load."""
    return MentorshipMentee.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=on),
        Q(mentorship__ends_on__isnull=True) | Q(mentorship__ends_on__gte=on),
        joined_on__lte=on,
        mentorship__status__in=CURRENT,
    )


def strengths(educators, on: date) -> dict[int, set[str]]:
    """{educator: codes mastered in their latest result of each code} (see the module's docstring)."""
    latest: dict[tuple[int, str], tuple[bool, str | None]] = {}
    rows = (
        DiagnosticResult.objects.filter(educator_id__in=educators, diagnostic__ends_on__lte=on)
        .order_by("diagnostic__ends_on", "pk")
        .values_list("educator_id", "competency__code", "competency__parent__code", "level__mastered")
    )
    for educator, code, parent, mastered in rows.iterator(chunk_size=20000):
        latest[educator, code] = (bool(mastered), parent)
    strong: dict[int, set[str]] = defaultdict(set)
    blocks: dict[tuple[int, str], bool] = {}
    for (educator, code), (mastered, parent) in latest.items():
        if mastered:
            strong[educator].add(code)
        if parent:
            blocks[educator, parent] = blocks.get((educator, parent), True) and mastered
    for (educator, block), mastered in blocks.items():
        if mastered:
            strong[educator].add(block)
    return strong


def deficits(educators, on: date) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    rows = Deficit.objects.open(on).filter(educator_id__in=educators).values_list("educator_id", "competency__code")
    for educator, code in rows.distinct():
        found[educator].add(code)
    return found


def load(municipality_id: int, on: date, *, default_limit: int, educator_id: int | None = None) -> Pool:
    """The pool of `municipality_id` on `on`; with `educator_id`, that one educator is the only mentee (whether
    young or mentored already: the ranked list for one person)."""
    employments = active_employments(municipality_id, on)
    organizations, subjects, levels, pedagogical = _features(employments)
    working = employments.values("educator_id")
    people: dict[int, str] = {}
    young = set(
        Educator.objects.filter(pk__in=employments.values("educator_id"))
        .filter(conditions.young(on))
        .values_list("pk", flat=True)
    )
    for pk, last, first, patronymic in Educator.objects.filter(pk__in=employments.values("educator_id")).values_list(
        "pk", "last_name", "first_name", "patronymic"
    ):
        people[pk] = _full_name(last, first, patronymic)
    current = current_memberships(on)
    mentored = set(current.filter(educator_id__in=working).values_list("educator_id", flat=True))
    loads = dict(
        current.filter(mentorship__mentor_id__in=working)
        .values_list("mentorship__mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentorship__mentor_id", "n")
    )
    capacity = {
        pk: (limit, available)
        for pk, limit, available in MentorCapacity.objects.filter(educator_id__in=working).values_list(
            "educator_id", "limit", "available"
        )
    }

    if educator_id is not None:
        mentee_ids = [educator_id] if educator_id in people else []
    else:
        mentee_ids = sorted((pk for pk in young if pk not in mentored), key=lambda pk: (people[pk], pk))
    mentor_ids, limits = [], []
    for pk in sorted(pedagogical - young - set(mentee_ids), key=lambda pk: (people[pk], pk)):
        limit, available = capacity.get(pk, (default_limit, True))
        if available and loads.get(pk, 0) < limit:
            mentor_ids.append(pk)
            limits.append(limit)

    gaps = deficits(mentee_ids, on) if mentee_ids else {}
    strong = strengths(mentor_ids, on) if mentor_ids else {}

    def side(ids, codes):
        return People(
            ids, [people[pk] for pk in ids], [organizations[pk] for pk in ids], [subjects[pk] for pk in ids],
            [levels[pk] for pk in ids], [codes.get(pk, set()) for pk in ids],
        )  # fmt: skip

    mentors = side(mentor_ids, strong)
    mentors.load = np.array([loads.get(pk, 0) for pk in mentor_ids], dtype=np.int32)
    mentors.limit = np.array(limits, dtype=np.int32)
    kept = len(mentored & young) if educator_id is None else 0
    organization_rows = Organization.objects.filter(municipality_id=municipality_id).values_list(
        "pk", "short_name", "kind"
    )
    return Pool(
        municipality_id=municipality_id, on=on, mentees=side(mentee_ids, gaps), mentors=mentors,
        subject_names=dict(Subject.objects.values_list("pk", "name")),
        organization_names={pk: name for pk, name, _ in organization_rows},
        organization_kinds={pk: kind for pk, _, kind in organization_rows}, kept=kept,
    )  # fmt: skip
