"""Demo data of this module for `manage.py seed_demo_growth` (after seed_demo; rerun-safe).

The history agrees with the registry seed_demo loaded: every educator with a category on the card gets the
award the card shows (the same kind and date, so the same term), a holder of педагог-методист or
педагог-наставник also the highest category it was awarded on, some category holders an earlier СЗД, and some
educators a refused attempt that changed nothing. The upcoming expiries are the cards' old-term categories.
Deterministic (a fixed seed), in bulk, in batches: a region's 50,000 educators take seconds.

Then a few educators of the demo methodologist's calendar get absences of the registry (ABSENCES), so that the
calendar shows them exempted instead of due: the first ones due, in the calendar's order, none behind a login.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction

from metodist.accounts.models import User
from metodist.lib.dates import add_months, add_years
from metodist.people.absences import WOMEN_ONLY
from metodist.people.models import (
    Absence,
    AbsenceKind,
    Category,
    Educator,
    Employment,
    PositionKind,
    Sex,
    category_expiry,
)

from . import schedule
from .models import Attestation, Decision, Kind

SEED = 196
BATCH = 5000
REFUSED_SHARE = 0.04  # a refused attempt at the next category
EARLIER_SZD_SHARE = 0.3  # a category holder's СЗД before the category
PARENT_UNTIL_AGE = 42  # the demo's pregnancy, maternity and childcare leaves go to people younger than this
# The demo's absences: (kind, months before today it began, months before today it ended or None: still absent),
# each given to the next educator the methodologist's calendar lists as due (a woman for the women's kinds).
ABSENCES = (
    (AbsenceKind.CHILDCARE, 30, None),  # still on childcare leave: exempted while it lasts
    (AbsenceKind.CHILDCARE, 34, 3),  # back three months ago: СЗД two years after the return
    (AbsenceKind.MATERNITY, 2, None),  # on maternity leave
    (AbsenceKind.ILLNESS, 9, 2),  # seven months of illness, back two months ago: one year after the return
)


def _employments() -> dict[int, tuple[int, int, int]]:
    """The first pedagogical employment of each educator: (organization, position, region)."""
    places = {}
    rows = (
        Employment.objects.filter(position__kind=PositionKind.PEDAGOGICAL)
        .order_by("educator_id", "start_date", "pk")
        .values_list("educator_id", "organization_id", "position_id", "organization__municipality__region_id")
    )
    for educator_id, organization_id, position_id, region_id in rows.iterator(chunk_size=BATCH):
        places.setdefault(educator_id, (organization_id, position_id, region_id))
    return places


class _Writer:
    def __init__(self, rng: random.Random, today: date, progress: Callable[[str], None]):
        self.rng, self.today, self.progress = rng, today, progress
        self.pending: list[Attestation] = []
        self.written = 0
        self.numbers = 0

    def add(self, educator_id: int, place, kind: str, decided_on: date, decision: str = Decision.AWARDED) -> None:
        organization_id, position_id, region_id = place
        self.numbers += 1
        order_date = min(decided_on + timedelta(days=self.rng.randint(0, 10)), self.today)
        record = Attestation(
            educator_id=educator_id,
            kind=kind,
            decision=decision,
            decided_on=decided_on,
            applied_on=None if kind == Kind.SZD else decided_on - timedelta(days=self.rng.randint(30, 75)),
            order_number=f"{self.numbers % 997 + 1}-{'к' if kind == Kind.SZD else 'Д'}",
            order_date=order_date,
            organization_id=organization_id,
            position_id=position_id,
            region_id=region_id,
        )
        record.valid_until = category_expiry(kind, decided_on) if decision == Decision.AWARDED else None
        self.pending.append(record)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            Attestation.objects.bulk_create(self.pending, batch_size=BATCH)
            self.written += len(self.pending)
            self.pending = []
            self.progress(f"  аттестация: записей — {self.written}")


def _between(rng: random.Random, first: date, last: date) -> date | None:
    if last < first:
        return None
    return first + timedelta(days=rng.randint(0, (last - first).days))


@transaction.atomic
def seed(*, today: date, progress: Callable[[str], None]) -> list[str]:
    """Seeds the module's demo history and absences on the registry loaded by seed_demo; returns summary lines."""
    return [_seed_history(today, progress), _seed_absences(today)]


def _seed_history(today: date, progress: Callable[[str], None]) -> str:
    if Attestation.objects.exists():
        return "Аттестация: история уже заполнена — пропущено."
    rng = random.Random(SEED)
    places = _employments()
    writer = _Writer(rng, today, progress)
    refused = 0
    educators = Educator.objects.order_by("pk").values_list("pk", "category", "category_awarded_on", "ped_work_start")
    for pk, category, awarded_on, started in educators.iterator(chunk_size=BATCH):
        place = places.get(pk)
        if place is None:
            continue
        if category != Category.NONE and awarded_on:
            if category in (Category.METHODIST, Category.MENTOR):
                # the highest it presupposes: in force on the day (an old-term one within its five years)
                highest = _between(rng, add_years(awarded_on, -4), awarded_on - timedelta(days=60))
                writer.add(pk, place, Kind.HIGHEST, max(highest or awarded_on, started + timedelta(days=1)))
            elif category in (Category.FIRST, Category.HIGHEST) and rng.random() < EARLIER_SZD_SHARE:
                earlier = _between(
                    rng, max(add_years(started, 2), add_years(awarded_on, -5)), awarded_on - timedelta(days=90)
                )
                if earlier:
                    writer.add(pk, place, Kind.SZD, earlier)
            writer.add(pk, place, category, awarded_on)
        if rng.random() < REFUSED_SHARE:
            # a later attempt, two years after the category held at the earliest
            after = add_years(awarded_on, 2) if awarded_on else add_years(started, 3)
            day = _between(rng, max(after, add_years(today, -3)), today - timedelta(days=14))
            kind = Kind.HIGHEST if category in (Category.FIRST, Category.HIGHEST) else Kind.FIRST
            if day and category not in (Category.METHODIST, Category.MENTOR):
                writer.add(pk, place, kind, day, Decision.REFUSED)
                refused += 1
    writer.flush()
    in_half_year = Educator.objects.filter(
        category__in=(Category.FIRST, Category.HIGHEST),
        category_expires_on__gte=today,
        category_expires_on__lte=today + timedelta(days=183),
    ).count()
    return (
        f"Аттестация: записей — {writer.written}, из них отказов — {refused}; "
        f"категорий старого срока истекает в ближайшие полгода — {in_half_year}."
    )


def _seed_absences(today: date) -> str:
    if Absence.objects.exists():
        return "Отсутствие (для аттестации): сведения уже есть — пропущено."
    methodist = User.objects.filter(username="methodist").first()
    if methodist is None:
        return "Отсутствие (для аттестации): нет демонстрационного методиста — пропущено."
    due = schedule.szd_due(methodist, today, add_months(today, schedule.DEFAULT_MONTHS))
    logins = set(User.objects.filter(educator__isnull=False).values_list("educator_id", flat=True))
    candidates = list(dict.fromkeys((row.educator_id, row.sex) for row in due if row.educator_id not in logins))
    born = dict(Educator.objects.filter(pk__in=[pk for pk, _ in candidates]).values_list("pk", "birth_date"))
    made = []
    for number, (kind, began, ended) in enumerate(ABSENCES, start=1):
        started_on = add_months(today, -began)
        parental = kind != AbsenceKind.ILLNESS  # pregnancy, maternity, childcare: a young mother (or father)
        chosen = next(
            (
                (pk, sex)
                for pk, sex in candidates
                if not parental
                or (
                    (sex == Sex.FEMALE or kind not in WOMEN_ONLY) and add_years(born[pk], PARENT_UNTIL_AGE) > started_on
                )
            ),
            None,
        )
        if chosen is None:
            continue
        candidates.remove(chosen)
        made.append(
            Absence(
                educator_id=chosen[0],
                kind=kind,
                started_on=started_on,
                ended_on=add_months(today, -ended) - timedelta(days=1) if ended is not None else None,
                document=f"приказ № {number * 17}-к от {started_on - timedelta(days=3):%d.%m.%Y}",
                created_by=methodist,
            )
        )
    Absence.objects.bulk_create(made)
    return f"Отсутствие (для аттестации): записей — {len(made)} (освобождены от СЗД в графике методиста)."


def clear() -> None:
    """Deletes the module's data before seed_demo --replace deletes the registry it points to."""
    Absence.objects.all().delete()
    Attestation.objects.filter(replaces__isnull=False).update(replaces=None)
    Attestation.objects.all().delete()
