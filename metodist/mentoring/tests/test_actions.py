"""The writes of mentoring: assigning by hand within the mentor's limit, the group's mentees, meetings, goals,
the end of a mentorship with reviews or a reason, each audited and written into the history."""

from datetime import date

import pytest

from metodist.audit.models import AuditEntry
from metodist.mentoring import actions
from metodist.mentoring.actions import MentoringRefused
from metodist.mentoring.models import (
    EventKind,
    MentorCapacity,
    MentoringForm,
    MentorshipSource,
    MentorshipStatus,
)
from metodist.testing import community as c
from metodist.testing import factories as f

TODAY = date(2025, 1, 15)


@pytest.fixture
def program(cast):
    return c.program(cast.school1, starts_on=date(2024, 9, 1))


def young(cast, name):
    educator = f.EducatorFactory(last_name=name, birth_date=date(2000, 1, 1), ped_work_start=date(2024, 9, 1))
    f.EmploymentFactory(educator=educator, organization=cast.school1)
    return educator


def test_assigning_by_hand_makes_an_active_manual_mentorship_with_goals(cast, program):
    made = actions.assign_mentor([cast.teacher], cast.mentor_educator, program, MentoringForm.EXPERIENCED_YOUNG,
                                 by=cast.coordinator, starts_on=TODAY, goals=["Провести открытый урок"])  # fmt: skip

    assert (made.status, made.source, made.municipality) == (MentorshipStatus.ACTIVE, MentorshipSource.MANUAL,
                                                             cast.municipality)  # fmt: skip
    assert [g.text for g in made.goal_items.all()] == ["Провести открытый урок"]
    assert list(made.events.values_list("kind", flat=True)) == [EventKind.CREATED]
    assert AuditEntry.objects.filter(model="mentoring.mentorship", object_id=str(made.pk)).exists()


def test_the_mentor_limit_is_respected_with_a_russian_message(cast, program):
    MentorCapacity.objects.create(educator=cast.mentor_educator, limit=2)
    actions.assign_mentor([cast.teacher], cast.mentor_educator, program, MentoringForm.EXPERIENCED_YOUNG,
                          by=cast.coordinator, starts_on=TODAY)  # fmt: skip

    with pytest.raises(MentoringRefused, match="уже 1 наставляемых при пределе 2"):
        actions.assign_mentor([young(cast, "Лебедева"), young(cast, "Соколова")], cast.mentor_educator, program,
                              MentoringForm.EXPERIENCED_YOUNG, by=cast.coordinator, starts_on=TODAY)  # fmt: skip


def test_a_mentor_not_taking_mentees_is_refused(cast, program):
    MentorCapacity.objects.create(educator=cast.mentor_educator, limit=3, available=False)

    with pytest.raises(MentoringRefused, match="не принимает"):
        actions.assign_mentor([cast.teacher], cast.mentor_educator, program, MentoringForm.PEER, by=cast.coordinator,
                              starts_on=TODAY)  # fmt: skip


def test_the_group_gains_and_loses_a_mentee_with_dates(cast, pair):
    other = young(cast, "Лебедева")

    actions.add_mentee(pair, other, joined_on=date(2024, 11, 1), by=cast.school1_admin)
    actions.remove_mentee(pair, cast.teacher, left_on=date(2025, 1, 10), by=cast.school1_admin)

    assert dict(pair.memberships.values_list("educator__last_name", "left_on")) == {
        "Лебедева": None, "Смирнова": date(2025, 1, 10)}  # fmt: skip


def test_the_last_mentee_cannot_be_removed(cast, pair):
    with pytest.raises(MentoringRefused, match="последний наставляемый"):
        actions.remove_mentee(pair, cast.teacher, left_on=TODAY, by=cast.coordinator)


def test_another_school_cannot_change_the_group(cast, pair):
    with pytest.raises(MentoringRefused):
        actions.add_mentee(pair, cast.school2_educator, joined_on=TODAY, by=cast.school2_admin)


def test_only_the_mentor_logs_meetings_and_the_notes_stay_out_of_the_trail(cast, pair):
    with pytest.raises(MentoringRefused, match="наставник"):
        actions.log_meeting(pair, held_on=TODAY, topic="План", duration_minutes=40, notes="", by=cast.coordinator,
                            today=TODAY)  # fmt: skip

    meeting = actions.log_meeting(pair, held_on=TODAY, topic="План уроков", duration_minutes=40,
                                  notes="волнуется на уроках", by=cast.mentor_user, today=TODAY)  # fmt: skip

    entry = AuditEntry.objects.get(model="mentoring.mentoringmeeting", object_id=str(meeting.pk))
    assert "волнуется" not in str(entry.changes)
    assert "волнуется" not in str(list(pair.events.values_list("text", flat=True)))


def test_a_meeting_in_the_future_is_refused(cast, pair):
    with pytest.raises(MentoringRefused, match="не наступила"):
        actions.log_meeting(pair, held_on=date(2025, 2, 1), topic="—", duration_minutes=30, notes="",
                            by=cast.mentor_user, today=TODAY)  # fmt: skip


def test_a_goal_is_checked_by_the_mentee_then_confirmed_by_the_mentor(cast, pair):
    goal = actions.add_goal(pair, "Освоить формирующее оценивание", by=cast.mentor_user)
    with pytest.raises(MentoringRefused, match="Сначала"):
        actions.confirm_goal(goal, by=cast.mentor_user)
    with pytest.raises(MentoringRefused, match="наставляемый"):
        actions.check_goal(goal, by=cast.mentor_user)

    actions.check_goal(goal, by=cast.teacher_user)
    actions.confirm_goal(goal, by=cast.mentor_user)

    goal.refresh_from_db()
    assert goal.reached
    assert list(pair.events.values_list("kind", flat=True)) == [EventKind.GOAL_CHECKED, EventKind.GOAL_CONFIRMED]


def test_completion_needs_results_and_the_mentor_review(cast, pair):
    with pytest.raises(MentoringRefused, match="отзыв"):
        actions.complete(pair, ends_on=TODAY, results="Провела открытый урок", review_text="", rating=5,
                         by=cast.mentor_user)  # fmt: skip

    actions.complete(pair, ends_on=TODAY, results="Провела открытый урок", review_text="Готова работать сама",
                     rating=5, by=cast.mentor_user)  # fmt: skip
    actions.review(pair, text="Спасибо", rating=4, by=cast.teacher_user)

    pair.refresh_from_db()
    assert (pair.status, pair.ends_on) == (MentorshipStatus.COMPLETED, TODAY)
    assert sorted(pair.reviews.values_list("by_mentor", "rating")) == [(False, 4), (True, 5)]
    assert pair.memberships.get().left_on == TODAY


def test_termination_needs_a_reason(cast, pair):
    with pytest.raises(MentoringRefused, match="причину"):
        actions.terminate(pair, ends_on=TODAY, reason=" ", by=cast.coordinator)

    actions.terminate(pair, ends_on=TODAY, reason="Наставник уволился", by=cast.coordinator)

    pair.refresh_from_db()
    assert (pair.status, pair.end_reason) == (MentorshipStatus.TERMINATED, "Наставник уволился")
    with pytest.raises(MentoringRefused, match="завершено"):
        actions.add_goal(pair, "Ещё цель", by=cast.mentor_user)


def test_a_finished_mentorship_no_longer_counts_as_load(cast, pair):
    assert actions.load(cast.mentor_educator.pk, TODAY) == 1

    actions.terminate(pair, ends_on=TODAY, reason="Переезд", by=cast.coordinator)

    assert actions.load(cast.mentor_educator.pk, TODAY) == 0
