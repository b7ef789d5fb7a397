"""The demo seeder on the test cast: stages closed in order, places follow the totals, rerun-safe, cleared; the current
school year follows `today` (no results before a stage ends) and leaves the past years as they were."""

from datetime import date

import pytest
from django.db.models import Count

from metodist.competitions import demo
from metodist.competitions.models import (
    Competition,
    CompetitionEntry,
    CompetitionStage,
    JuryMember,
    Kind,
    Level,
    Result,
    Score,
)
from metodist.lib.workdays import is_working_day
from metodist.orgs.models import OrganizationKind
from metodist.testing import factories as f


def test_demo_seeds_closed_municipal_stages_with_jury_scores_and_clears(cast, today, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_REGION", cast.region.name)

    lines = demo.seed(today, progress=lambda line: None)

    assert Competition.objects.filter(municipality=cast.municipality).exists()
    assert Score.objects.exists()
    winners = CompetitionEntry.objects.filter(stage__order=1, rank=1)
    assert winners.exists() and set(winners.values_list("result", flat=True)) == {Result.WINNER}
    assert all(entry.advanced_from.result == Result.WINNER for entry in CompetitionEntry.objects.filter(stage__order=2))
    assert demo.seed(today, progress=lambda line: None) == ["Конкурсы: уже заполнены — пропущено."]
    assert lines[0].startswith("Конкурсы:")

    demo.clear()

    assert not Competition.objects.exists() and not CompetitionEntry.objects.exists()


@pytest.fixture
def staff(cast, monkeypatch):
    """«Город N» with enough people for every round: four more teachers in each school (experienced: the jury's
    pool), a young teacher in school 2 and a kindergarten of three educators."""
    monkeypatch.setattr(demo, "DEMO_REGION", cast.region.name)
    for school in (cast.school1, cast.school2):
        for number in range(4):
            colleague = f.EducatorFactory(last_name=f"Коллега{school.pk}-{number}")
            f.EmploymentFactory(educator=colleague, organization=school)
    young = f.EducatorFactory(last_name="Новикова", ped_work_start=date(2025, 9, 1), birth_date=date(2002, 4, 1))
    f.EmploymentFactory(educator=young, organization=cast.school2)
    kindergarten = f.OrganizationFactory(municipality=cast.municipality, kind=OrganizationKind.PRESCHOOL)
    for number in range(3):
        f.EmploymentFactory(educator=f.EducatorFactory(last_name=f"Воспитатель{number}"), organization=kindergarten)
    return cast


def current_stages(level):
    return CompetitionStage.objects.filter(competition__year=2026, level=level)


# dates of the school year 2026/27: in the organizations' round, in the municipal stage, between the municipal and
# the regional stages, after the regional one
@pytest.mark.parametrize("today", [date(2026, 10, 1), date(2026, 12, 4), date(2027, 1, 15), date(2027, 4, 1)])
def test_no_stage_has_scores_or_results_before_it_ends_and_every_ended_one_is_closed(staff, today):
    demo.seed(today, progress=lambda line: None)

    ahead = CompetitionStage.objects.filter(ends_on__gte=today)
    assert ahead.exists() and not ahead.filter(closed_at__isnull=False).exists()
    assert not CompetitionEntry.objects.filter(stage__in=ahead).exclude(result=Result.PARTICIPANT).exists()
    assert not CompetitionEntry.objects.filter(stage__in=ahead, rank__isnull=False).exists()
    assert not Score.objects.filter(entry__stage__in=ahead).exists()
    assert not CompetitionStage.objects.filter(ends_on__lt=today, closed_at__isnull=True).exists()
    # a stage is entered once it has begun, or by the winners of the stage before
    unopened = CompetitionEntry.objects.filter(stage__starts_on__gt=today)
    assert not unopened.filter(advanced_from__isnull=True).exists()
    assert not unopened.exclude(advanced_from__stage__closed_at__isnull=False).exists()
    assert all(is_working_day(day) for day in CompetitionStage.objects.values_list("ends_on", flat=True))


def test_in_december_the_organizations_round_has_results_and_its_winners_are_at_the_open_municipal_stage(staff):
    today = date(2026, 12, 4)

    demo.seed(today, progress=lambda line: None)

    school = CompetitionEntry.objects.filter(stage__in=current_stages(Level.ORGANIZATION))
    assert set(school.values_list("result", flat=True)) == {Result.WINNER, Result.PRIZE_WINNER, Result.PARTICIPANT}
    per_organization = school.filter(result=Result.WINNER).values("stage", "organization").annotate(n=Count("pk"))
    assert {row["n"] for row in per_organization} == {1}
    municipal = CompetitionEntry.objects.filter(stage__in=current_stages(Level.MUNICIPAL))
    advanced = municipal.filter(advanced_from__isnull=False)
    assert set(advanced.values_list("advanced_from", flat=True)) == set(
        school.filter(result=Result.WINNER).values_list("pk", flat=True)
    )
    # Мастер-наставник and Лучшее ШМО open with the municipal stage: their entries are applications
    assert municipal.filter(advanced_from__isnull=True, stage__competition__kind=Kind.BEST_SMO).exists()
    assert JuryMember.objects.filter(stage__in=current_stages(Level.MUNICIPAL)).exists()
    assert not Score.objects.filter(entry__in=municipal).exists()
    assert not CompetitionEntry.objects.filter(stage__in=current_stages(Level.REGIONAL)).exists()


def test_in_january_the_municipal_stage_is_scored_and_its_winner_waits_for_the_regional_stage(staff):
    today = date(2027, 1, 15)

    demo.seed(today, progress=lambda line: None)

    teacher_of_year = current_stages(Level.MUNICIPAL).get(
        competition__kind=Kind.TEACHER_OF_YEAR, competition__municipality=staff.municipality
    )
    entries = teacher_of_year.entries.all()
    assert teacher_of_year.is_closed and Score.objects.filter(entry__in=entries).exists()
    assert entries.filter(result=Result.WINNER).count() == 1 and not entries.filter(total__isnull=True).exists()
    regional = CompetitionEntry.objects.get(stage__competition=teacher_of_year.competition, stage__level=Level.REGIONAL)
    assert regional.advanced_from == entries.get(result=Result.WINNER) and regional.result == Result.PARTICIPANT


def test_the_demo_is_the_same_for_the_same_day_and_the_current_year_leaves_the_past_years_alone(staff):
    def made(today):
        demo.clear()
        demo.seed(today, progress=lambda line: None)
        entries = CompetitionEntry.objects.order_by("pk").values_list(
            "stage__competition__year", "stage__level", "educator_id", "organization_id", "result", "total", "rank"
        )
        scores = Score.objects.order_by("pk").values_list("jury__educator_id", "entry__educator_id", "points")
        return [row for row in entries if row[0] < 2026], [row for row in entries if row[0] == 2026], list(scores)

    past, current, scores = made(date(2026, 12, 4))
    again = made(date(2026, 12, 4))
    in_october = made(date(2026, 10, 1))

    assert (past, current, scores) == again
    assert in_october[0] == past and in_october[1] != current
