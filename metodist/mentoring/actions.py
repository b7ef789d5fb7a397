"""Writes of the mentoring module: programs, assigning a mentor by hand, the mentees of a group, meetings, goals,
the plan, and how a mentorship ends. Every write is atomic, leaves a line of the mentorship's append-only history
(MentorshipEvent) and an entry of the audit trail; a meeting's private notes never enter either.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from metodist.audit.actions import record, record_created, record_updated, snapshot
from metodist.audit.models import AuditAction
from metodist.lib.versions import CONFLICT, claim
from metodist.orgs.actions import ABOVE_ORGANIZATIONS

from .models import (
    EventKind,
    MentorCapacity,
    MentoringMeeting,
    MentoringProgram,
    Mentorship,
    MentorshipEvent,
    MentorshipGoal,
    MentorshipMentee,
    MentorshipReview,
    MentorshipSource,
    MentorshipStatus,
    MentorshipTask,
)

DEFAULT_LIMIT = MentorCapacity._meta.get_field("limit").default


class MentoringRefused(Exception):
    """An action the mentorship's state or the user's role does not allow; the message is shown to the user."""


# ---- who may do what


def is_mentor(user, mentorship: Mentorship) -> bool:
    return bool(user.educator_id) and user.educator_id == mentorship.mentor_id


def is_mentee(user, mentorship: Mentorship) -> bool:
    return bool(user.educator_id) and mentorship.memberships.filter(educator_id=user.educator_id).exists()


def can_manage(user, mentorship: Mentorship) -> bool:
    """The registry's editors who see the mentorship (the coordinator, a methodologist, the organization's
    administrator) manage its mentees and its end; the mentor manages the plan and the goals."""
    return user.can_edit_registry and Mentorship.objects.in_scope(user).filter(pk=mentorship.pk).exists()


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise MentoringRefused(message)


def _require_working(mentorship: Mentorship) -> None:
    _require(mentorship.status == MentorshipStatus.ACTIVE, "Наставничество уже завершено или ещё не опубликовано.")


def _event(mentorship, kind, by, text="") -> MentorshipEvent:
    return MentorshipEvent.objects.create(mentorship=mentorship, kind=kind, by=by, text=text[:500])


# ---- the mentor's load


def load(mentor_id: int, on: date) -> int:
    """Mentees of the mentor's active mentorships on `on` (each membership not yet left counts once)."""
    return MentorshipMentee.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=on),
        mentorship__mentor_id=mentor_id,
        mentorship__status=MentorshipStatus.ACTIVE,
    ).count()


def capacity(mentor_id: int) -> MentorCapacity:
    return MentorCapacity.objects.filter(educator_id=mentor_id).first() or MentorCapacity(
        educator_id=mentor_id, limit=DEFAULT_LIMIT
    )


def _check_capacity(mentor, adding: int, on: date) -> None:
    limit = capacity(mentor.pk)
    if not limit.available:
        raise MentoringRefused(f"{mentor.full_name} сейчас не принимает наставляемых.")
    taken = load(mentor.pk, on)
    if taken + adding > limit.limit:
        raise MentoringRefused(
            f"У наставника {mentor.full_name} уже {taken} наставляемых при пределе {limit.limit}: "
            f"добавить ещё {adding} нельзя. Измените предел нагрузки или выберите другого наставника."
        )


# ---- programs and mentorships


@transaction.atomic
def create_program(*, title, municipality, starts_on, by, organization=None, ends_on=None, local_act=""):
    program = MentoringProgram.objects.create(
        title=title, municipality=municipality, region=municipality.region, organization=organization,
        starts_on=starts_on, ends_on=ends_on, local_act=local_act,
    )  # fmt: skip
    record_created(by, program)
    return program


@transaction.atomic
def assign_mentor(mentees, mentor, program, form, *, by, starts_on: date, goals=(), source=MentorshipSource.MANUAL,
                  reason="") -> Mentorship:  # fmt: skip
    """A new active mentorship of `mentor` with `mentees` (a pair or a group) within `program`, within the
    mentor's limit of mentees; `goals` become its checklist."""
    mentees = list(mentees)
    _require(bool(mentees), "Выберите хотя бы одного наставляемого.")
    _require(all(m.pk != mentor.pk for m in mentees), "Наставник не может быть своим наставляемым.")
    _require(program.ends_on is None or program.ends_on >= starts_on, "Программа наставничества уже завершена.")
    MentorCapacity.objects.select_for_update().filter(educator_id=mentor.pk).first()  # one assignment at a time
    _check_capacity(mentor, len(mentees), starts_on)
    mentorship = Mentorship.objects.create(
        program=program, form=form, mentor=mentor, municipality=program.municipality, region=program.region,
        starts_on=starts_on, status=MentorshipStatus.ACTIVE, source=source, reason=reason[:300], created_by=by,
    )  # fmt: skip
    MentorshipMentee.objects.bulk_create(
        MentorshipMentee(mentorship=mentorship, educator=mentee, joined_on=starts_on) for mentee in mentees
    )
    MentorshipGoal.objects.bulk_create(MentorshipGoal(mentorship=mentorship, text=text) for text in goals if text)
    record_created(by, mentorship)
    names = ", ".join(m.full_name for m in mentees)
    _event(mentorship, EventKind.CREATED, by, f"Наставник {mentor.full_name}; наставляемые: {names}")
    return mentorship


@transaction.atomic
def add_mentee(mentorship, educator, *, joined_on: date, by) -> MentorshipMentee:
    _require(can_manage(by, mentorship), "Состав группы меняют методисты и администратор организации.")
    _require_working(mentorship)
    _require(educator.pk != mentorship.mentor_id, "Наставник не может быть своим наставляемым.")
    _require(not mentorship.memberships.filter(educator=educator).exists(), f"{educator.full_name} уже в этой группе.")
    _require(joined_on >= mentorship.starts_on, "Дата включения раньше начала наставничества.")
    _check_capacity(mentorship.mentor, 1, joined_on)
    membership = MentorshipMentee.objects.create(mentorship=mentorship, educator=educator, joined_on=joined_on)
    record_created(by, membership)
    _event(mentorship, EventKind.MENTEE_ADDED, by, f"{educator.full_name} с {joined_on:%d.%m.%Y}")
    return membership


@transaction.atomic
def remove_mentee(mentorship, educator, *, left_on: date, by) -> None:
    _require(can_manage(by, mentorship), "Состав группы меняют методисты и администратор организации.")
    _require_working(mentorship)
    membership = mentorship.memberships.filter(educator=educator, left_on__isnull=True).first()
    _require(membership is not None, f"{educator.full_name} не состоит в группе.")
    _require(left_on >= membership.joined_on, "Дата выхода раньше даты включения.")
    _require(mentorship.memberships.filter(left_on__isnull=True).count() > 1,
             "Это последний наставляемый: завершите или прекратите наставничество.")  # fmt: skip
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    record(by, AuditAction.UPDATE, membership, {"left_on": [None, str(left_on)]})
    _event(mentorship, EventKind.MENTEE_LEFT, by, f"{educator.full_name} по {left_on:%d.%m.%Y}")


# ---- meetings, the plan and the goals


@transaction.atomic
def log_meeting(mentorship, *, held_on: date, topic: str, duration_minutes: int, notes: str, by, today: date):
    _require(is_mentor(by, mentorship), "Встречи записывает наставник.")
    _require(mentorship.status != MentorshipStatus.PROPOSED, "Наставничество ещё не опубликовано.")
    _require(held_on <= today, "Дата встречи ещё не наступила.")
    _require(held_on >= mentorship.starts_on, "Встреча раньше начала наставничества.")
    meeting = MentoringMeeting.objects.create(
        mentorship=mentorship, held_on=held_on, topic=topic, duration_minutes=duration_minutes, notes=notes
    )
    # the trail names the meeting, never the private notes
    record(by, AuditAction.CREATE, meeting, {"held_on": [None, str(held_on)], "topic": [None, topic]})
    _event(mentorship, EventKind.MEETING, by, f"{held_on:%d.%m.%Y}: {topic}")
    return meeting


@transaction.atomic
def add_goal(mentorship, text: str, *, by) -> MentorshipGoal:
    _require(is_mentor(by, mentorship) or can_manage(by, mentorship), "Цели ставит наставник.")
    _require_working(mentorship)
    goal = MentorshipGoal.objects.create(mentorship=mentorship, text=text)
    record_created(by, goal)
    return goal


@transaction.atomic
def add_task(mentorship, *, kind, title: str, due_on: date, by) -> MentorshipTask:
    _require(is_mentor(by, mentorship) or can_manage(by, mentorship), "План составляет наставник.")
    _require_working(mentorship)
    task = MentorshipTask.objects.create(mentorship=mentorship, kind=kind, title=title, due_on=due_on)
    record_created(by, task)
    return task


@transaction.atomic
def mark_task_done(task, *, done_on: date, by) -> None:
    _require(is_mentor(by, task.mentorship) or is_mentee(by, task.mentorship), "Отметить пункт плана может пара.")
    _require_working(task.mentorship)
    task.done_on = done_on
    task.save(update_fields=["done_on"])
    record(by, AuditAction.UPDATE, task, {"done_on": [None, str(done_on)]})


@transaction.atomic
def check_goal(goal, *, by) -> None:
    """The mentee checks the goal off as reached (the mentor then confirms it)."""
    _require(is_mentee(by, goal.mentorship), "Цель отмечает наставляемый.")
    _require_working(goal.mentorship)
    _require(goal.checked_by_mentee_at is None, "Цель уже отмечена.")
    goal.checked_by_mentee_at = timezone.now()
    goal.save(update_fields=["checked_by_mentee_at"])
    record(by, AuditAction.UPDATE, goal, {"checked_by_mentee_at": [None, str(goal.checked_by_mentee_at)]})
    _event(goal.mentorship, EventKind.GOAL_CHECKED, by, goal.text)


@transaction.atomic
def confirm_goal(goal, *, by) -> None:
    _require(is_mentor(by, goal.mentorship), "Цель подтверждает наставник.")
    _require_working(goal.mentorship)
    _require(goal.checked_by_mentee_at is not None, "Сначала цель отмечает наставляемый.")
    _require(goal.confirmed_by_mentor_at is None, "Цель уже подтверждена.")
    goal.confirmed_by_mentor_at = timezone.now()
    goal.save(update_fields=["confirmed_by_mentor_at"])
    record(by, AuditAction.UPDATE, goal, {"confirmed_by_mentor_at": [None, str(goal.confirmed_by_mentor_at)]})
    _event(goal.mentorship, EventKind.GOAL_CONFIRMED, by, goal.text)


# ---- reviews and the end


@transaction.atomic
def review(mentorship, *, text: str, rating: int, by) -> MentorshipReview:
    """A closing review of one side: the mentor's, or a mentee's (once each)."""
    mentor = is_mentor(by, mentorship)
    _require(mentor or is_mentee(by, mentorship), "Отзыв пишут наставник и наставляемые.")
    _require(mentorship.status != MentorshipStatus.TERMINATED, "Наставничество прекращено досрочно.")
    _require(not mentorship.reviews.filter(author_id=by.educator_id).exists(), "Отзыв уже дан.")
    _require(1 <= rating <= 5, "Оценка — от 1 до 5.")
    given = MentorshipReview.objects.create(
        mentorship=mentorship, author_id=by.educator_id, by_mentor=mentor, text=text, rating=rating
    )
    record_created(by, given)
    return given


def _finish(mentorship, status, ends_on, by, changes: dict, kind, text) -> None:
    _require_working(mentorship)
    _require(ends_on >= mentorship.starts_on, "Дата окончания раньше начала наставничества.")
    before = {"status": mentorship.status, "ends_on": str(mentorship.ends_on) if mentorship.ends_on else None}
    mentorship.status, mentorship.ends_on = status, ends_on
    for field, value in changes.items():
        setattr(mentorship, field, value)
    mentorship.version += 1
    mentorship.save(update_fields=["status", "ends_on", "version", *changes])
    mentorship.memberships.filter(left_on__isnull=True).update(left_on=ends_on)
    audit = {"status": [before["status"], status], "ends_on": [before["ends_on"], str(ends_on)]}
    record(by, AuditAction.UPDATE, mentorship, audit | {k: [None, v] for k, v in changes.items()})
    _event(mentorship, kind, by, text)


@transaction.atomic
def complete(mentorship, *, ends_on: date, results: str, review_text: str, rating: int, by) -> None:
    """The mentor completes the mentorship with its results and the mentor's closing review; the mentees add
    theirs (review) before or after."""
    _require(is_mentor(by, mentorship) or can_manage(by, mentorship), "Завершает наставничество наставник.")
    _require(bool(results.strip()), "Опишите результаты наставничества.")
    if is_mentor(by, mentorship) and not mentorship.reviews.filter(author_id=by.educator_id).exists():
        _require(bool(review_text.strip()), "Напишите итоговый отзыв наставника.")
        review(mentorship, text=review_text, rating=rating, by=by)
    _finish(mentorship, MentorshipStatus.COMPLETED, ends_on, by, {"results": results}, EventKind.COMPLETED, results)


@transaction.atomic
def terminate(mentorship, *, ends_on: date, reason: str, by) -> None:
    _require(can_manage(by, mentorship) or is_mentor(by, mentorship), "Прекратить наставничество может методист.")
    _require(bool(reason.strip()), "Укажите причину прекращения.")
    changes = {"end_reason": reason[:300]}
    _finish(mentorship, MentorshipStatus.TERMINATED, ends_on, by, changes, EventKind.TERMINATED, reason)


# ---- incentives for mentors (criterion 8.6)


def may_record_incentives(user) -> bool:
    return user.can_edit_registry


def sees_municipal_incentives(user) -> bool:
    """The municipality's own act is the service's record: its coordinator and methodologists (and the region's
    and the system's staff) read it; an organization's administrator and the educators do not."""
    return user.scope_level in ABOVE_ORGANIZATIONS


def may_record_municipal_incentives(user) -> bool:
    return user.can_edit_registry and sees_municipal_incentives(user)


@transaction.atomic
def save_incentive(incentive, *, version: int | None, by):
    """Saves an organization's (or the municipality's) record of incentives for mentors, refused when someone
    else saved it after the form was opened (optimistic locking)."""
    if incentive.organization_id is None:
        _require(may_record_municipal_incentives(by), "Сведения о муниципальном акте вносят координатор и методисты.")
    else:
        _require(may_record_incentives(by), "Сведения о стимулировании вносят администратор организации и методисты.")
    if incentive.pk is None:
        incentive.save()
        record_created(by, incentive)
        return incentive
    before = snapshot(type(incentive).objects.get(pk=incentive.pk))
    if not claim(incentive, version):
        raise MentoringRefused(CONFLICT)
    incentive.save()
    record_updated(by, incentive, before)
    return incentive
