"""Writes: creating a competition, entries, results with optimistic locking, jury scores, closing and advancing."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.audit.models import AuditEntry
from metodist.competitions import actions
from metodist.competitions.actions import CompetitionRefused
from metodist.competitions.models import CompetitionEntry, Kind, Level, Participants, Result, Score

from . import builders


def test_a_methodologist_creates_a_competition_with_its_stages_and_it_is_audited(cast):
    competition = actions.create_competition(
        by=cast.methodologist, title="Учитель года — 2025", kind=Kind.TEACHER_OF_YEAR, year=2024,
        region=cast.region, municipality=cast.municipality,
        stages=[(Level.MUNICIPAL, date(2024, 11, 1), date(2024, 12, 20)),
                (Level.REGIONAL, date(2025, 2, 1), date(2025, 3, 20))],
    )  # fmt: skip

    assert list(competition.stages.values_list("order", "level")) == [(1, "municipal"), (2, "regional")]
    assert AuditEntry.objects.for_object(competition).exists()


def test_another_municipality_and_a_school_cannot_create_a_competition_of_city_n(cast, other_methodologist):
    for user in (other_methodologist, cast.school1_admin, cast.teacher_user):
        with pytest.raises(CompetitionRefused):
            actions.create_competition(
                by=user, title="Учитель года", kind=Kind.TEACHER_OF_YEAR, year=2024, region=cast.region,
                municipality=cast.municipality, stages=[(Level.MUNICIPAL, date(2024, 11, 1), date(2024, 12, 20))],
            )  # fmt: skip


def test_an_organizations_competition_takes_organizations_and_a_second_entry_is_refused(cast):
    stage = builders.stage(cast.region, municipality=cast.municipality, participants=Participants.ORGANIZATIONS)

    actions.add_entry(stage, by=cast.coordinator, organization=cast.school1, nomination="ШМО математиков")

    with pytest.raises(CompetitionRefused, match="организации"):
        actions.add_entry(stage, by=cast.coordinator, organization=cast.school1, educator=cast.teacher)
    with pytest.raises(CompetitionRefused, match="уже заявлен"):
        actions.add_entry(stage, by=cast.coordinator, organization=cast.school1)


def test_a_result_saved_over_a_newer_version_is_refused_and_nothing_is_lost(cast, judged):
    entry = judged["teacher"]
    actions.record_result(entry, by=cast.methodologist, result=Result.WINNER, nomination="", version=1)

    with pytest.raises(CompetitionRefused, match="изменена другим"):
        actions.record_result(entry, by=cast.coordinator, result=Result.PARTICIPANT, nomination="", version=1)

    entry.refresh_from_db()
    assert (entry.result, entry.version) == (Result.WINNER, 2)


def test_nobody_but_the_organizer_records_results(cast, judged, other_methodologist):
    for user in (cast.school1_admin, cast.teacher_user, cast.mentor_user, other_methodologist):
        with pytest.raises(CompetitionRefused):
            actions.record_result(judged["teacher"], by=user, result=Result.WINNER, nomination="", version=None)


def test_scores_above_the_criterion_maximum_or_by_someone_else_are_refused(cast, judged):
    with pytest.raises(CompetitionRefused, match="от 0 до 10"):
        actions.save_scores(
            judged["mentor"], judged["teacher"], {judged["lesson"].pk: Decimal(11)}, by=cast.mentor_user
        )
    with pytest.raises(CompetitionRefused, match="сам член жюри"):
        actions.save_scores(judged["mentor"], judged["teacher"], {judged["lesson"].pk: Decimal(5)}, by=cast.coordinator)

    assert not Score.objects.exists()


def score(judged, member, entry, lesson, essay, user):
    actions.save_scores(
        judged[member], judged[entry], {judged["lesson"].pk: lesson, judged["essay"].pk: essay}, by=user
    )


def test_closing_a_stage_ranks_by_the_mean_jury_total_and_locks_results(cast, judged):
    score(judged, "mentor", "teacher", Decimal(9), Decimal(4), cast.mentor_user)  # 13
    score(judged, "methodologist", "teacher", Decimal(8), Decimal("4.5"), cast.methodologist)  # 12.5 → mean 12.75
    score(judged, "mentor", "orlova", Decimal(10), Decimal(5), cast.mentor_user)  # 15
    score(judged, "methodologist", "orlova", Decimal(7), Decimal(3), cast.methodologist)  # 10 → mean 12.50

    actions.close_stage(judged["stage"], by=cast.coordinator)

    teacher, orlova = (CompetitionEntry.objects.get(pk=judged[k].pk) for k in ("teacher", "orlova"))
    assert (teacher.total, teacher.rank, orlova.total, orlova.rank) == (Decimal("12.75"), 1, Decimal("12.50"), 2)
    with pytest.raises(CompetitionRefused, match="закрыт"):
        actions.record_result(teacher, by=cast.coordinator, result=Result.WINNER, nomination="", version=None)
    with pytest.raises(CompetitionRefused, match="закрыт"):
        score(judged, "mentor", "teacher", Decimal(1), Decimal(1), cast.mentor_user)


def test_a_winner_advances_to_the_next_stage_once(cast, judged):
    entry = judged["teacher"]
    with pytest.raises(CompetitionRefused, match="победитель"):
        actions.advance(entry, by=cast.coordinator)
    actions.record_result(entry, by=cast.coordinator, result=Result.WINNER, nomination="Урок", version=None)
    entry.refresh_from_db()

    created = actions.advance(entry, by=cast.coordinator)

    assert (created.stage.order, created.educator, created.advanced_from) == (2, cast.teacher, entry)
    with pytest.raises(CompetitionRefused, match="уже выдвинут"):
        actions.advance(entry, by=cast.coordinator)
