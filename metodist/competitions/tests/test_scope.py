"""Who sees which competitions, entries and jury scores."""

from decimal import Decimal

from metodist.competitions import actions
from metodist.competitions.models import Competition, CompetitionEntry, Level, Score

from . import builders


def names(entries) -> set[str]:
    return {entry.participant_name for entry in entries.select_related("educator", "organization")}


def test_entries_are_seen_by_territory_by_organization_and_by_the_participant(cast, judged, other_methodologist):
    every = {cast.teacher.full_name, cast.school2_educator.full_name}

    assert names(CompetitionEntry.objects.in_scope(cast.coordinator)) == every
    assert names(CompetitionEntry.objects.in_scope(cast.regional_operator)) == every
    assert names(CompetitionEntry.objects.in_scope(cast.school1_admin)) == {cast.teacher.full_name}
    assert names(CompetitionEntry.objects.in_scope(cast.school2_admin)) == {cast.school2_educator.full_name}
    assert names(CompetitionEntry.objects.in_scope(cast.teacher_user)) == {cast.teacher.full_name}
    assert names(CompetitionEntry.objects.in_scope(other_methodologist)) == set()
    assert names(CompetitionEntry.objects.in_scope(cast.other_user)) == set()


def test_a_jury_member_sees_the_entries_of_the_stage_they_judge(cast, judged):
    # the mentor works in school 1 and sees only himself as a registry user, but he judges the stage
    assert names(CompetitionEntry.objects.in_scope(cast.mentor_user)) == {
        cast.teacher.full_name,
        cast.school2_educator.full_name,
    }
    assert Competition.objects.in_scope(cast.mentor_user).get() == judged["competition"]


def test_a_competition_of_the_other_municipality_is_not_seen_in_city_n(cast):
    builders.competition(cast.region, cast.other_municipality, levels=(Level.MUNICIPAL,))

    assert not Competition.objects.in_scope(cast.coordinator).exists()
    assert not Competition.objects.in_scope(cast.school1_admin).exists()
    assert Competition.objects.in_scope(cast.regional_operator).count() == 1


def test_a_jury_member_sees_only_their_own_scores_until_the_stage_is_closed(cast, judged):
    lesson = judged["lesson"].pk
    actions.save_scores(judged["mentor"], judged["teacher"], {lesson: Decimal(9)}, by=cast.mentor_user)
    actions.save_scores(judged["methodologist"], judged["teacher"], {lesson: Decimal(7)}, by=cast.methodologist)

    assert list(Score.objects.visible_to(cast.mentor_user).values_list("points", flat=True)) == [Decimal(9)]
    assert Score.objects.visible_to(cast.coordinator).count() == 2  # the organizer
    # the participant and the school administrators see no jury member's points
    for user in (cast.teacher_user, cast.school1_admin, cast.school2_admin, cast.other_user):
        assert not Score.objects.visible_to(user).exists()

    actions.close_stage(judged["stage"], by=cast.coordinator)

    assert Score.objects.visible_to(cast.mentor_user).count() == 2
    assert not Score.objects.visible_to(cast.teacher_user).exists()


def test_a_municipal_account_without_a_municipality_neither_sees_nor_organizes_the_regions_competitions(cast):
    from metodist.accounts.models import Role
    from metodist.testing import factories as f

    builders.competition(cast.region, None, levels=(Level.REGIONAL,))  # organized by the region
    stray = f.UserFactory(username="stray", role=Role.METHODOLOGIST, municipality=None)

    assert not Competition.objects.in_scope(stray).exists()
    assert not Competition.objects.managed_by(stray).exists()
