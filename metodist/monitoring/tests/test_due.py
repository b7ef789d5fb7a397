"""«Что нужно сдать» for each respondent, the completeness × timeliness grid of the coordinator, reminders.

The cast campaign (campaigns.py) has «Карта ОО» of schools 1 and 2 and «Карта муниципалитета» of Город N,
all due on 2024-06-15.
"""

import datetime as dt
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from metodist.monitoring import actions
from metodist.monitoring.due import campaign_grid, due_cards, timing
from metodist.monitoring.models import CardEvent, CardSubmission

from .campaigns import (  # noqa: F401 (fixtures)
    accepted,
    campaign_fixture,
    card_of,
    catalogue_fixture,
    login,
    other_coordinator_fixture,
)

MOSCOW = dt.timezone(dt.timedelta(hours=3))


def _cards(items) -> list[tuple[str, str, int, bool]]:
    return [
        (str(item.submission.respondent), item.submission.card.title, item.days_left, item.overdue) for item in items
    ]


def test_school_administrator_has_the_card_of_the_school_due(cast, campaign):
    assert _cards(due_cards(cast.school1_admin, date(2024, 6, 5))) == [("Школа № 1", "Карта ОО", 10, False)]
    assert _cards(due_cards(cast.school2_admin, date(2024, 6, 20))) == [("Школа № 2", "Карта ОО", -5, True)]


def test_coordinator_has_the_municipal_card_due_not_the_schools(cast, campaign):
    assert _cards(due_cards(cast.coordinator, date(2024, 6, 15))) == [("Город N", "Карта муниципалитета", 0, False)]
    assert _cards(due_cards(cast.methodologist, date(2024, 6, 15))) == [("Город N", "Карта муниципалитета", 0, False)]


@pytest.mark.parametrize("who", ["teacher_user", "mentor_user", "regional_operator", "other_user"])
def test_who_fills_no_card_has_nothing_due(cast, campaign, who):
    assert due_cards(getattr(cast, who), date(2024, 6, 1)) == []


def test_another_coordinator_has_nothing_of_this_campaign_due(cast, campaign, other_coordinator):
    assert due_cards(other_coordinator, date(2024, 6, 1)) == []


def test_a_submitted_card_is_no_longer_due_a_returned_one_is_again(cast, campaign):
    card = card_of(campaign, cast.school1)
    actions.save_card_values(card, {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)
    actions.submit_card(card, by=cast.school1_admin, errors=[])
    assert due_cards(cast.school1_admin, date(2024, 6, 1)) == []

    actions.return_card(card, by=cast.coordinator, comment="Проверьте число педагогов")

    assert _cards(due_cards(cast.school1_admin, date(2024, 6, 1))) == [("Школа № 1", "Карта ОО", 14, False)]


def test_nothing_is_due_once_the_municipality_is_approved(cast, campaign):
    actions.compute_snapshot(campaign, by=cast.coordinator)
    actions.approve_municipality(campaign, cast.municipality, by=cast.coordinator)

    assert due_cards(cast.school2_admin, date(2024, 6, 1)) == []


def test_reminder_is_recorded_in_the_card_history_and_shown_on_the_due_list(cast, campaign):
    with time_machine.travel(dt.datetime(2024, 6, 14, 10, 0, tzinfo=MOSCOW), tick=False):
        reminded = actions.remind(campaign.submissions.all(), by=cast.coordinator, today=date(2024, 6, 14))

    (due,) = due_cards(cast.school2_admin, date(2024, 6, 14))
    event = CardEvent.objects.get(submission=due.submission)
    assert reminded == 3
    assert (event.is_reminder, event.actor) == (True, cast.coordinator)
    assert event.comment == "Напоминание: представьте информационную карту (срок — 15.06.2024)."
    assert due.reminded_at.astimezone(MOSCOW).date() == date(2024, 6, 14)


def test_reminders_skip_cards_already_submitted(cast, campaign):
    accepted(card_of(campaign, cast.school1), {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)

    reminded = actions.remind(campaign.submissions.all(), by=cast.coordinator, today=date(2024, 6, 20))

    assert reminded == 2
    assert CardEvent.objects.get(submission=card_of(campaign, cast.school2), is_reminder=True).comment == (
        "Напоминание: представьте информационную карту (срок истёк 15.06.2024)."
    )


def test_remind_view_is_for_the_coordinator_not_the_school(client, cast, campaign):
    url = reverse("monitoring:campaign_remind", args=[campaign.pk])
    school2 = card_of(campaign, cast.school2)

    assert login(client, cast.school1_admin).post(url).status_code == 403
    assert login(client, cast.methodologist).post(url).status_code == 403
    response = login(client, cast.coordinator).post(url, {"submission": [school2.pk]})

    assert response.status_code == 302
    assert list(CardEvent.objects.filter(is_reminder=True).values_list("submission", flat=True)) == [school2.pk]


def test_grid_shows_each_respondent_s_cards_with_their_timing(cast, campaign):
    with time_machine.travel(dt.datetime(2024, 6, 10, 12, 0, tzinfo=MOSCOW), tick=False):
        accepted(card_of(campaign, cast.school1), {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)
    with time_machine.travel(dt.datetime(2024, 6, 20, 12, 0, tzinfo=MOSCOW), tick=False):
        card = card_of(campaign, cast.school2)
        actions.save_card_values(card, {"staff_total": "1", "sanatorium": "0"}, by=cast.school2_admin)
        actions.submit_card(card, by=cast.school2_admin, errors=[])

    grid = campaign_grid(
        campaign, CardSubmission.objects.filter(campaign=campaign), date(2024, 6, 20), cast.coordinator
    )

    assert [card.title for card in grid["columns"]] == ["Карта ОО", "Карта муниципалитета"]
    cells = {
        str(row.respondent): [(cell.get_status_display(), cell.timing) if cell else None for cell in row.cells]
        for row in grid["rows"]
    }
    assert cells == {
        "Школа № 1": [("Принята", "в срок"), None],
        "Школа № 2": [("Представлена", "с опозданием"), None],
        "Город N": [None, ("Заполняется", "просрочена")],
    }
    assert [(str(row.respondent), row.can_remind) for row in grid["rows"]] == [
        ("Город N", True),
        ("Школа № 1", False),
        ("Школа № 2", False),
    ]


def test_timing_is_empty_before_the_deadline(cast, campaign):
    assert timing(card_of(campaign, cast.school1), date(2024, 6, 15)) == ""


def test_start_page_of_the_school_administrator_lists_its_due_cards(client, cast, campaign, on_today):
    login(client, cast.school1_admin)

    response = client.get(reverse("home:home"))

    html = response.content.decode()
    assert "Что нужно сдать" in html and "Карта ОО" in html and "просрочена на 214 дн." in html


def test_school_administrator_sees_only_the_school_in_the_grid_and_cannot_remind(client, cast, campaign):
    response = login(client, cast.school1_admin).get(reverse("monitoring:campaign", args=[campaign.pk]))

    grid = response.context["grid"]
    assert [str(row.respondent) for row in grid["rows"]] == ["Школа № 1"]
    assert grid["can_remind"] is False
    assert "Напомнить" not in response.content.decode()
    assert "Утвердить результаты" not in response.content.decode()
