"""Two commits of the same people at once, on two connections: they must run one after the other.

Both threads stop before writing until the other one has planned too (or a few seconds have passed, which is what
happens when the second one waits for the first one's lock), so without a lock both would plan against the same
registry: two new people without SNILS, or a unique-constraint error with the SNILS in its message.
"""

import threading

import pytest
from django.db import connection

from metodist.imports import actions
from metodist.imports.formats import FORMATS
from metodist.imports.plan import Plan
from metodist.people.models import Educator

from .helpers import SNILS_1, educator, format_file

EDUCATORS = FORMATS["educators"]
MEET_TIMEOUT = 3  # seconds the first thread waits for the second before writing alone


@pytest.fixture
def both_plan_before_writing(monkeypatch) -> list[bool]:
    """Whether each commit met the other one before writing (False: it wrote alone, the other one was waiting)."""
    barrier = threading.Barrier(2, timeout=MEET_TIMEOUT)
    apply = Plan.apply
    met = []

    def meet_then_apply(self, *args, **kwargs):
        try:
            barrier.wait()
            met.append(True)
        except threading.BrokenBarrierError:  # the other one waits for the lock we hold: write alone
            met.append(False)
        return apply(self, *args, **kwargs)

    monkeypatch.setattr(Plan, "apply", meet_then_apply)
    return met


def commit_at_once(batches, today) -> list:
    """Commits each (batch, user) in its own thread and connection; returns what each raised, or None."""
    outcomes = [None] * len(batches)

    def run(index, batch, user):
        try:
            actions.commit_batch(batch, by=user, today=today)
        except Exception as error:  # noqa: BLE001 — the test reports whatever the commit raised
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, b, u)) for i, (b, u) in enumerate(batches)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def checked_batch(rows, user, today):
    batch = actions.create_batch(EDUCATORS, "педагоги.xlsx", format_file("educators", rows), by=user)
    actions.check_batch(batch, by=user, today=today)
    return batch


@pytest.mark.parametrize("snils", [None, SNILS_1], ids=["without SNILS", "with SNILS"])
def test_two_imports_of_the_same_new_teacher_at_once_create_her_once(
    transactional_db, reference_data, cast, today, both_plan_before_writing, caplog, snils
):
    rows = [educator(snils=snils)]
    first = checked_batch(rows, cast.methodologist, today)
    second = checked_batch(rows, cast.coordinator, today)

    outcomes = commit_at_once([(first, cast.methodologist), (second, cast.coordinator)], today)

    assert outcomes == [None, None]  # the second one found her already there: nothing to write, no error
    assert both_plan_before_writing == [False]  # one wrote alone; the other planned after it and had nothing to write
    assert Educator.objects.filter(last_name="Лебедева").count() == 1
    assert "Лебедева" not in caplog.text
    assert SNILS_1 not in caplog.text and SNILS_1.replace("-", "").replace(" ", "") not in caplog.text


def test_imports_of_other_people_into_different_municipalities_do_not_wait_for_each_other(
    transactional_db, reference_data, cast, today, both_plan_before_writing
):
    """Each holds only its own municipality's lock and its people's birth-date locks (14.05.1990 and 15.05.1990 are
    different buckets), so both plan before either writes (the barrier is met); SQLite has one writer at a time
    whatever the lock, so there they run one after the other."""
    operator = cast.regional_operator
    first = checked_batch([educator(municipality="Город N", snils=None)], operator, today)
    second = checked_batch(
        [educator(municipality="Город M", organization="Школа № 3", last_name="Козлова", birth_date="15.05.1990",
                  snils=None)],
        operator,
        today,
    )  # fmt: skip

    outcomes = commit_at_once([(first, operator), (second, operator)], today)

    assert outcomes == [None, None]
    assert both_plan_before_writing == ([False, False] if connection.vendor == "sqlite" else [True, True])
    assert set(Educator.objects.values_list("last_name", flat=True)) >= {"Лебедева", "Козлова"}


def test_the_same_new_teacher_imported_into_two_municipalities_at_once_is_one_person_with_two_jobs(
    transactional_db, reference_data, cast, today, both_plan_before_writing
):
    """Without SNILS a person is found by full name and birth date anywhere in the registry, so the municipalities'
    locks alone let both commits plan her as new; the birth-date lock makes the second one wait and find her."""
    operator = cast.regional_operator
    first = checked_batch([educator(municipality="Город N", snils=None)], operator, today)
    second = checked_batch(
        [educator(municipality="Город M", organization="Школа № 3", snils=None, rate=0.5, weekly_hours=9)],
        operator,
        today,
    )

    outcomes = commit_at_once([(first, operator), (second, operator)], today)

    assert outcomes == [None, None]
    assert both_plan_before_writing == [False, False]  # one wrote alone while the other waited, then the other
    teacher = Educator.objects.get(last_name="Лебедева")
    assert sorted(teacher.employments.values_list("organization__short_name", flat=True)) == [
        "Школа № 1",
        "Школа № 3",
    ]
