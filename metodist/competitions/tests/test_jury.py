"""Adding jury members: by choosing an educator of the registry (found by name or SNILS within the organizer's
scope, their account linked), or by login as before; a duplicate is refused in Russian; only the organizer adds."""

import pytest
from django.urls import reverse

from metodist.accounts.models import Role
from metodist.competitions import actions
from metodist.competitions.actions import CompetitionRefused
from metodist.competitions.models import JuryMember
from metodist.testing import factories as f

pytestmark = pytest.mark.usefixtures("on_today")  # 15.01.2025


@pytest.fixture
def expert(cast):
    """An experienced teacher of school 2 with an account of her own."""
    educator = f.EducatorFactory(last_name="Белова", first_name="Ольга", patronymic="", snils="11223344595")
    f.EmploymentFactory(educator=educator, organization=cast.school2)
    f.UserFactory(username="belova", role=Role.EDUCATOR, educator=educator)
    return educator


@pytest.fixture
def newcomer(cast):
    """A teacher of school 1 who has no account in the system."""
    educator = f.EducatorFactory(last_name="Зайцева", first_name="Мария", patronymic="")
    f.EmploymentFactory(educator=educator, organization=cast.school1)
    return educator


def add(client, stage, **data):
    return client.post(reverse("competitions:add_jury", args=[stage.pk]), data, follow=True)


def jury_form(client, competition, query=""):
    return client.get(reverse("competitions:detail", args=[competition.pk]), {"jury_q": query}).context["jury_form"]


def test_the_methodologist_adds_an_educator_of_the_registry_and_their_account_is_linked(cast, client, judged, expert):
    stage = judged["stage"]
    client.force_login(cast.methodologist)

    found = jury_form(client, judged["competition"], "112-233-445 95")
    added = add(client, stage, educator=expert.pk)

    assert list(found.fields["educator"].queryset) == [expert] and found.shown_all
    member = stage.jury.get(educator=expert)
    assert member.user.username == "belova"
    assert "Член жюри добавлен." in added.content.decode()


def test_an_educator_without_an_account_is_added_and_the_organizer_is_told_how_to_get_one(
    cast, client, judged, newcomer
):
    stage = judged["stage"]
    client.force_login(cast.coordinator)

    added = add(client, stage, educator=newcomer.pk).content.decode()

    member = stage.jury.get(educator=newcomer)
    assert member.user is None and member.needs_account
    assert "У педагога Зайцева Мария нет действующей учётной записи" in added
    assert "администратор системы" in added and "нет учётной записи" in added  # the card marks the member
    f.UserFactory(username="zaitseva", role=Role.EDUCATOR, educator=newcomer)  # the account made later
    assert member.is_user(newcomer.user) and not JuryMember.objects.get(pk=member.pk).needs_account


def test_an_educator_outside_the_scope_is_not_offered_and_cannot_be_chosen(cast, client, judged):
    stage = judged["stage"]
    client.force_login(cast.methodologist)

    found = jury_form(client, judged["competition"], "Волкова")  # a teacher of another municipality
    posted = add(client, stage, educator=cast.other_educator.pk).content.decode()

    assert list(found.fields["educator"].queryset) == []
    assert "Выберите корректный вариант" in posted
    assert not stage.jury.filter(educator=cast.other_educator).exists()


def test_a_duplicate_jury_member_is_refused_in_russian(cast, client, judged, expert):
    stage = judged["stage"]
    client.force_login(cast.methodologist)
    add(client, stage, educator=expert.pk)

    twice = add(client, stage, educator=expert.pk).content.decode()
    by_login = add(client, stage, username="belova").content.decode()
    mentor = add(client, stage, educator=cast.mentor_educator.pk).content.decode()  # in the jury by his login

    assert "Белова Ольга уже в жюри этого этапа." in twice and "Белова Ольга уже в жюри этого этапа." in by_login
    assert "уже в жюри этого этапа" in mentor
    assert stage.jury.count() == 3  # the mentor, the methodologist, Белова


def test_an_entrant_of_the_stage_is_not_its_jury_and_a_jury_member_is_not_its_entrant(cast, client, judged, expert):
    stage = judged["stage"]
    client.force_login(cast.methodologist)

    entrant = add(client, stage, educator=cast.teacher.pk).content.decode()
    add(client, stage, educator=expert.pk)

    assert f"{cast.teacher} — участник этого этапа и не может быть в его жюри." in entrant
    assert not stage.jury.filter(educator=cast.teacher).exists()
    with pytest.raises(CompetitionRefused, match="Белова Ольга — член жюри этого этапа и не может быть его участником"):
        actions.add_entry(stage, by=cast.methodologist, organization=cast.school2, educator=expert)
    assert not stage.entries.filter(educator=expert).exists()


def test_adding_by_login_still_works_and_one_of_the_two_is_needed(cast, client, judged, expert):
    stage = judged["stage"]
    client.force_login(cast.methodologist)

    neither = add(client, stage).content.decode()
    both = add(client, stage, username="belova", educator=expert.pk).content.decode()
    add(client, stage, username="belova")

    assert "Выберите педагога из реестра или укажите логин пользователя." in neither
    assert "Укажите что-то одно: педагога из реестра или логин пользователя." in both
    assert stage.jury.filter(user__username="belova", educator=expert).count() == 1


@pytest.fixture
def other_methodologist(cast):
    """A methodologist of the other municipality."""
    return f.UserFactory(username="methodologist_m", role=Role.METHODOLOGIST, municipality=cast.other_municipality)


@pytest.mark.parametrize("who", ["teacher_user", "school1_admin", "mentor_user", "other_methodologist"])
def test_a_participant_a_school_a_jury_member_and_another_municipality_may_not_add(
    cast, client, judged, expert, other_methodologist, who
):
    user = other_methodologist if who == "other_methodologist" else getattr(cast, who)
    client.force_login(user)

    posted = client.post(reverse("competitions:add_jury", args=[judged["stage"].pk]), {"educator": expert.pk})

    assert posted.status_code == 403
    assert not judged["stage"].jury.filter(educator=expert).exists()
    card = client.get(reverse("competitions:detail", args=[judged["competition"].pk]))
    assert card.status_code == 404 or card.context["jury_form"] is None
