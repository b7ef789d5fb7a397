"""Pages: the list (filters, no N+1), the card, results, the scoring sheet, agreement, export and the cabinet panel."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from metodist.competitions import actions, cabinet
from metodist.competitions.models import CompetitionEntry, Kind, Level, Result, Score
from metodist.lib.xlsx import XLSX_CONTENT_TYPE

from . import builders


def test_the_list_filters_by_year_kind_and_level_without_a_query_per_row(cast, client, django_assert_num_queries):
    for year in (2023, 2024, 2024):
        competition = builders.competition(
            cast.region, cast.municipality, year=year, levels=(Level.MUNICIPAL, Level.REGIONAL)
        )
        builders.entry(competition.stages.get(order=1), cast.teacher)
    builders.competition(cast.region, cast.municipality, kind=Kind.DEBUT, year=2024)
    client.force_login(cast.coordinator)

    # session, user, count, page, stages (prefetched with their entry counts), years
    with django_assert_num_queries(6):
        response = client.get(reverse("competitions:index"), {"year": 2024, "kind": Kind.TEACHER_OF_YEAR})

    assert response.status_code == 200
    assert len(response.context["page"]) == 2
    response = client.get(reverse("competitions:index"), {"level": Level.REGIONAL})
    assert len(response.context["page"]) == 3


def test_the_card_of_another_municipalitys_competition_is_not_found(cast, client, other_methodologist, judged):
    client.force_login(other_methodologist)

    assert client.get(reverse("competitions:detail", args=[judged["competition"].pk])).status_code == 404


def test_a_school_administrator_sees_only_their_educators_entry_and_cannot_record_results(cast, client, judged):
    client.force_login(cast.school1_admin)

    response = client.get(reverse("competitions:detail", args=[judged["competition"].pk]))
    pk = judged["teacher"].pk
    posted = client.post(
        reverse("competitions:record_result", args=[pk]), {f"e{pk}-result": Result.WINNER, f"e{pk}-version": 1}
    )

    assert cast.teacher.full_name in response.content.decode()
    assert cast.school2_educator.full_name not in response.content.decode()
    assert CompetitionEntry.objects.get(pk=judged["teacher"].pk).result == Result.PARTICIPANT
    assert posted.status_code == 302  # refused with a message, nothing written


def test_the_organizer_records_a_result_and_advances_the_winner(cast, client, judged):
    client.force_login(cast.coordinator)
    pk = judged["teacher"].pk

    client.post(reverse("competitions:record_result", args=[pk]),
                {f"e{pk}-result": Result.WINNER, f"e{pk}-nomination": "Урок", f"e{pk}-version": 1})  # fmt: skip
    client.post(reverse("competitions:advance", args=[pk]))

    assert CompetitionEntry.objects.get(pk=pk).result == Result.WINNER
    assert CompetitionEntry.objects.filter(advanced_from_id=pk, stage__order=2).exists()


def test_the_jury_sheet_refuses_points_above_the_maximum_with_a_russian_error(cast, client, judged):
    client.force_login(cast.mentor_user)
    url = reverse("competitions:sheet", args=[judged["stage"].pk])
    field = f"p_{judged['teacher'].pk}_{judged['lesson'].pk}"

    response = client.post(url, {field: "12"})

    assert "Не больше 10" in response.content.decode()
    assert not Score.objects.exists()
    client.post(url, {field: "9.5"})
    assert Score.objects.get().points == Decimal("9.5")


def test_the_sheet_and_the_agreement_are_closed_to_participants_and_school_administrators(cast, client, judged):
    for user in (cast.teacher_user, cast.school1_admin):
        client.force_login(user)
        assert client.get(reverse("competitions:sheet", args=[judged["stage"].pk])).status_code == 403
        assert client.get(reverse("competitions:agreement", args=[judged["stage"].pk])).status_code == 403
    client.force_login(cast.mentor_user)  # a jury member: not before the stage is closed
    assert client.get(reverse("competitions:agreement", args=[judged["stage"].pk])).status_code == 403


def test_the_organizer_sees_the_agreement_table_with_kendalls_w(cast, client, judged):
    lesson = judged["lesson"].pk
    for member, user, teacher, orlova in (
        ("mentor", cast.mentor_user, 9, 5),
        ("methodologist", cast.methodologist, 8, 6),
    ):
        actions.save_scores(judged[member], judged["teacher"], {lesson: Decimal(teacher)}, by=user)
        actions.save_scores(judged[member], judged["orlova"], {lesson: Decimal(orlova)}, by=user)
    client.force_login(cast.coordinator)

    response = client.get(reverse("competitions:agreement", args=[judged["stage"].pk]))

    assert response.context["w"] == pytest.approx(1.0)  # both rank the teacher first
    assert "1,00" in response.content.decode() or "1.00" in response.content.decode()


def test_results_are_exported_to_xlsx(cast, client, judged):
    client.force_login(cast.coordinator)

    response = client.get(reverse("competitions:export", args=[judged["competition"].pk]))

    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE


def test_a_methodologist_creates_a_competition_and_bad_dates_get_a_russian_error(cast, client):
    client.force_login(cast.methodologist)
    data = {"title": "Педагогический дебют — 2025", "kind": Kind.DEBUT, "participants": "educators", "year": 2024,
            "level": Level.MUNICIPAL, "starts_on": "2025-02-01", "ends_on": "2025-01-01"}  # fmt: skip

    response = client.post(reverse("competitions:create"), data)
    assert "раньше начала" in response.content.decode()

    response = client.post(reverse("competitions:create"), {**data, "ends_on": "2025-03-01"})
    assert response.status_code == 302


def test_the_cabinet_panel_lists_own_entries_and_stages_to_judge(cast, judged):
    assert [entry.pk for entry in cabinet.panel(cast.teacher_user, date(2025, 1, 15))["entries"]] == [
        judged["teacher"].pk
    ]
    assert cabinet.panel(cast.mentor_user, date(2025, 1, 15))["judging"] == [judged["stage"]]
    assert cabinet.panel(cast.other_user, date(2025, 1, 15)) is None


def test_the_organizer_adds_a_criterion_and_a_jury_member_and_closes_the_stage_a_school_cannot(cast, client, judged):
    stage = judged["stage"]
    client.force_login(cast.school1_admin)
    assert client.post(reverse("competitions:close_stage", args=[stage.pk])).status_code == 403
    client.force_login(cast.coordinator)

    client.post(reverse("competitions:add_criterion", args=[stage.pk]), {"name": "Интервью", "max_points": "0"})
    client.post(reverse("competitions:add_criterion", args=[stage.pk]), {"name": "Интервью", "max_points": "15"})
    client.post(reverse("competitions:add_jury", args=[stage.pk]), {"username": "school2"})
    client.post(reverse("competitions:close_stage", args=[stage.pk]))

    stage.refresh_from_db()
    assert list(stage.criteria.values_list("name", flat=True)) == ["Урок", "Эссе", "Интервью"]
    assert stage.jury.filter(user=cast.school2_admin).exists() and stage.is_closed
