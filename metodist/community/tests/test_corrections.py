"""Correcting a membership's dates: the indicator counts follow the corrected dates, every bad input is refused in
Russian with nothing saved, a stale form never overwrites, the correction is audited and shown in the card's
history, and only those who manage the association may correct."""

from datetime import date

import pytest

from metodist.accounts.models import Role
from metodist.audit.models import AuditEntry
from metodist.community import actions
from metodist.community.models import AssociationMeeting, Membership, MembershipCorrection
from metodist.lib.versions import EditConflict, VersionForm
from metodist.monitoring import vocabulary
from metodist.monitoring.tests.builders import ON, PERIOD_START
from metodist.people.models import Educator
from metodist.testing import factories as f
from metodist.testing.community import association

TODAY = date(2025, 1, 15)


@pytest.fixture
def head(cast):
    """The head of the РМО (an association head's account, no educator card)."""
    return f.UserFactory(username="assoc", role=Role.ASSOCIATION_HEAD, municipality=cast.municipality)


@pytest.fixture
def rmo(cast, head):
    return association(cast.municipality, title="РМО учителей математики", head_user=head, founded_on=date(2020, 9, 1))


def join(group, educator, joined_on, left_on=None) -> Membership:
    return Membership.objects.create(association=group, educator=educator, joined_on=joined_on, left_on=left_on)


def lock_of(membership: Membership, data=None) -> VersionForm:
    """The hidden part of the correction form as it was opened now (bound to `data` when given)."""
    opened = VersionForm.of(membership.version, actions.membership_state(membership))
    form = VersionForm(data or {f"lock-{k}": v for k, v in opened.initial.items()}, prefix="lock")
    assert form.is_valid()
    return form


def correct(membership, joined_on, left_on=None, reason="Ошибка в приказе о составе", *, by, lock=None):
    return actions.correct_membership(
        membership, joined_on, left_on, reason, lock or lock_of(membership), today=TODAY, by=by
    )


def members_in_campaign(cast) -> set[str]:
    """Members of any association of the region on a day of the campaign period 01.09.2023–31.05.2024."""
    ctx = vocabulary.Context(start=PERIOD_START, on=ON, region=cast.region.pk)
    condition = vocabulary.compile_terms([{"predicate": "association_member"}], ctx)
    return set(Educator.objects.filter(condition).values_list("last_name", flat=True))


def test_a_corrected_date_moves_members_into_and_out_of_the_campaign_period(cast, rmo, head):
    late = join(rmo, cast.teacher, date(2024, 6, 10))  # Смирнова: joined after the period
    early = join(rmo, cast.mentor_educator, date(2023, 10, 1))  # Кузнецов: a member from October
    left = join(rmo, cast.school2_educator, date(2022, 9, 1), date(2023, 9, 15))  # Орлова: left on its 15th day
    # members in the period by hand: Кузнецов (01.10.2023–), Орлова (–15.09.2023); not Смирнова (10.06.2024–)
    assert members_in_campaign(cast) == {"Кузнецов", "Орлова"}

    correct(late, date(2024, 5, 20), by=head)  # joined in fact within the period
    correct(early, date(2024, 6, 1), by=head)  # joined in fact after it
    correct(left, date(2022, 9, 1), date(2023, 8, 31), by=head)  # left in fact the day before it

    # by hand after: Смирнова (20.05.2024–) only; Кузнецов from 01.06.2024, Орлова until 31.08.2023
    assert members_in_campaign(cast) == {"Смирнова"}
    assert rmo.memberships.count() == 3  # corrected in place, nothing deleted


def test_a_correction_is_audited_and_shown_in_the_history_with_who_when_and_why(cast, client, rmo, head, on_today):
    membership = join(rmo, cast.teacher, date(2024, 9, 1), date(2024, 12, 31))
    client.force_login(head)
    opened = client.get(f"/community/{rmo.pk}/members/{membership.pk}/correct/").context["lock"].initial
    lock = {"lock-version": opened["version"], "lock-opened": opened["opened"]}

    dates = {"joined_on": "2024-09-15", "left_on": "2024-12-20", "reason": "Ошибка в приказе"}
    saved = client.post(f"/community/{rmo.pk}/members/{membership.pk}/correct/", {**lock, **dates})

    assert saved.status_code == 302
    membership.refresh_from_db()
    assert (membership.joined_on, membership.left_on, membership.version) == (date(2024, 9, 15), date(2024, 12, 20), 2)
    correction = MembershipCorrection.objects.get()
    assert (correction.joined_was, correction.left_was, correction.reason, correction.corrected_by) == (
        date(2024, 9, 1), date(2024, 12, 31), "Ошибка в приказе", head,
    )  # fmt: skip
    audit = AuditEntry.objects.get(model="community.membership", action="update")
    assert (audit.actor, audit.changes["joined_on"], audit.changes["left_on"]) == (
        head, ["2024-09-01", "2024-09-15"], ["2024-12-31", "2024-12-20"],
    )  # fmt: skip
    assert "Ошибка в приказе" in audit.summary
    history = client.get(f"/community/{rmo.pk}/").content.decode()
    assert "исправлена дата вступления: 01.09.2024 → 15.09.2024" in history
    assert "исправлена дата выхода: 31.12.2024 → 20.12.2024" in history
    assert "— assoc, 15.01.2025 12:00; причина: Ошибка в приказе" in history
    assert "15.09.2024 — Смирнова Анна Игоревна вступил(а)" in history


def test_the_methodologist_of_the_municipality_corrects_too(cast, rmo):
    membership = join(rmo, cast.teacher, date(2024, 9, 1))

    correct(membership, date(2024, 9, 2), by=cast.methodologist)

    assert Membership.objects.get(pk=membership.pk).joined_on == date(2024, 9, 2)


@pytest.mark.parametrize(
    ("joined_on", "left_on", "reason", "message"),
    [
        (date(2023, 9, 1), date(2023, 8, 1), "Ошибка", "Дата выхода (01.08.2023) раньше даты вступления (01.09.2023)."),
        (date(2025, 1, 16), date(2025, 2, 1), "Ошибка", "Дата вступления (16.01.2025) ещё не наступила"),
        (date(2019, 9, 1), date(2024, 6, 30), "Ошибка", "Объединение создано 01.09.2020: вступить раньше нельзя."),
        (date(2023, 9, 1), date(2024, 9, 10), "Ошибка", "уже состоит в объединении в эти даты (с 01.09.2024"),
        (date(2023, 9, 1), date(2024, 6, 30), "   ", "Укажите причину исправления."),
        (date(2023, 10, 1), date(2024, 6, 30), "Ошибка", "Даты не изменились: исправлять нечего."),
        (date(2023, 10, 1), None, "Ошибка", "Укажите дату выхода: исправление не отменяет выход из объединения."),
        (date(2023, 11, 1), date(2024, 6, 30), "Ошибка", "отмечен(а) присутствовавшим(ей) на заседании 15.10.2023"),
    ],
)
def test_bad_corrections_are_refused_in_russian_and_nothing_is_saved(cast, rmo, head, joined_on, left_on, reason,
                                                                     message):  # fmt: skip
    membership = join(rmo, cast.teacher, date(2023, 10, 1), date(2024, 6, 30))
    join(rmo, cast.teacher, date(2024, 9, 1))  # she came back in September
    meeting = AssociationMeeting.objects.create(association=rmo, held_on=date(2023, 10, 15), topic="Анализ ВПР")
    meeting.attendees.set([cast.teacher])

    with pytest.raises(actions.Refused) as refused:
        correct(membership, joined_on, left_on, reason, by=head)

    assert message in str(refused.value)
    stored = Membership.objects.get(pk=membership.pk)
    assert (stored.joined_on, stored.left_on, stored.version) == (date(2023, 10, 1), date(2024, 6, 30), 1)
    assert not MembershipCorrection.objects.exists()
    assert not AuditEntry.objects.filter(action="update").exists()


def test_a_refused_correction_is_explained_on_the_form_and_nothing_is_saved(cast, client, rmo, head, on_today):
    membership = join(rmo, cast.teacher, date(2024, 9, 1))
    client.force_login(head)
    url = f"/community/{rmo.pk}/members/{membership.pk}/correct/"

    future = client.post(url, {"joined_on": "2025-02-01", "reason": "Ошибка"})
    no_reason = client.post(url, {"joined_on": "2024-09-10", "reason": ""})

    assert "Дата вступления (01.02.2025) ещё не наступила" in future.content.decode()
    assert "Укажите причину исправления." in no_reason.content.decode()
    assert Membership.objects.get(pk=membership.pk).joined_on == date(2024, 9, 1)
    assert not MembershipCorrection.objects.exists()


def test_a_stale_correction_form_is_refused_and_shows_what_changed(cast, client, rmo, head, on_today):
    membership = join(rmo, cast.teacher, date(2024, 9, 1))
    url = f"/community/{rmo.pk}/members/{membership.pk}/correct/"
    client.force_login(head)
    opened = client.get(url).context["lock"].initial
    lock = {"lock-version": opened["version"], "lock-opened": opened["opened"]}
    correct(Membership.objects.get(pk=membership.pk), date(2024, 9, 5), by=cast.methodologist)  # saved meanwhile

    stale = client.post(url, {**lock, "joined_on": "2024-09-10", "reason": "Ошибка"})

    page = stale.content.decode()
    assert "изменена другим пользователем" in page and "01.09.2024" in page and "05.09.2024" in page
    assert Membership.objects.get(pk=membership.pk).joined_on == date(2024, 9, 5)
    assert MembershipCorrection.objects.count() == 1
    again = client.post(url, {**stale.context["lock"].data, "joined_on": "2024-09-10", "reason": "Ошибка"})
    assert again.status_code == 302  # saved knowing the change
    assert Membership.objects.get(pk=membership.pk).joined_on == date(2024, 9, 10)


def test_a_leave_recorded_after_the_form_was_opened_makes_it_stale(cast, rmo, head):
    membership = join(rmo, cast.teacher, date(2024, 9, 1))
    lock = lock_of(membership)
    actions.end_membership(Membership.objects.get(pk=membership.pk), date(2024, 12, 31), by=cast.methodologist)

    with pytest.raises(EditConflict):
        correct(membership, date(2024, 9, 10), by=head, lock=lock)

    assert Membership.objects.get(pk=membership.pk).joined_on == date(2024, 9, 1)


@pytest.fixture
def other_head(cast):
    """The head of another association of the same municipality."""
    user = f.UserFactory(username="assoc2", role=Role.ASSOCIATION_HEAD, municipality=cast.municipality)
    association(cast.municipality, title="РМО учителей физики", head_user=user)
    return user


@pytest.fixture
def other_coordinator(cast):
    """A coordinator of the other municipality."""
    return f.UserFactory(username="coordinator_m", role=Role.COORDINATOR, municipality=cast.other_municipality)


@pytest.mark.parametrize(("who", "status"), [("teacher", 403), ("other_head", 404), ("other_coordinator", 404)])
@pytest.mark.usefixtures("on_today")
def test_a_member_another_head_and_another_municipality_may_not_correct(
    cast, client, rmo, other_head, other_coordinator, who, status
):
    membership = join(rmo, cast.teacher, date(2024, 9, 1))
    user = {"teacher": cast.teacher_user, "other_head": other_head, "other_coordinator": other_coordinator}[who]
    url = f"/community/{rmo.pk}/members/{membership.pk}/correct/"
    client.force_login(user)

    shown = client.get(url)
    posted = client.post(url, {"joined_on": "2024-09-10", "reason": "Ошибка"})

    assert (shown.status_code, posted.status_code) == (status, status)
    assert Membership.objects.get(pk=membership.pk).joined_on == date(2024, 9, 1)
    assert not MembershipCorrection.objects.exists()
    if who == "teacher":
        assert "/correct/" not in client.get(f"/community/{rmo.pk}/").content.decode()
