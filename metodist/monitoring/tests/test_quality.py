"""The bulk acceptance and return of every chosen card (re-validated, confirmed first), and the data-quality
page of a campaign; who must not see or move others' cards."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from metodist.monitoring import actions
from metodist.monitoring.models import CardStatus
from metodist.testing import factories as f

from .campaigns import (  # noqa: F401 (fixtures)
    campaign_fixture,
    card_of,
    catalogue_fixture,
    login,
    other_coordinator_fixture,
)


def submitted(card, values: dict, by):
    """Saved and submitted without the check of the page, as a card submitted before a rule changed."""
    actions.save_card_values(card, values, by=by)
    return actions.submit_card(card, by=by, errors=[])


@pytest.fixture
def cards_in(cast, campaign):
    """School 1: consistent with the registry (2 pedagogical workers). School 2: 5 of 1 in the sanatorium — an
    error, and a numerator over the registry's 1. The municipal card: not filled."""
    school1 = submitted(card_of(campaign, cast.school1), {"staff_total": "2", "sanatorium": "1"}, cast.school1_admin)
    school2 = submitted(card_of(campaign, cast.school2), {"staff_total": "1", "sanatorium": "5"}, cast.school2_admin)
    return {"school1": school1, "school2": school2, "municipal": card_of(campaign, cast.municipality)}


def review_url(campaign, **params):
    return reverse("monitoring:cards_review", args=[campaign.pk]), params


def test_the_confirmation_step_shows_what_will_be_accepted_and_what_skipped_and_changes_nothing(
    client, cast, campaign, cards_in
):
    login(client, cast.coordinator)
    url, _ = review_url(campaign)

    response = client.get(url, {"action": "accept"})

    plan = response.context["plan"]
    assert [card.pk for card in plan.moves] == [cards_in["school1"].pk]
    assert {reason: [card.pk for card in rows] for reason, rows in plan.skipped.items()} == {
        "есть ошибки или предупреждения без пояснения": [cards_in["school2"].pk],
        "карта не представлена (статус «заполняется»)": [cards_in["municipal"].pk],
    }
    assert "Отобрано карт: <strong>3</strong>" in response.content.decode()
    cards_in["school1"].refresh_from_db()
    assert cards_in["school1"].status == CardStatus.SUBMITTED


def test_bulk_acceptance_takes_every_chosen_card_not_only_the_visible_page(
    client, cast, campaign, cards_in, monkeypatch
):
    monkeypatch.setattr("metodist.monitoring.views.CARDS_PAGE_SIZE", 1)
    login(client, cast.coordinator)
    url, _ = review_url(campaign)

    response = client.post(url, {"action": "accept", "status": "submitted", "confirm": "1"}, follow=True)

    statuses = {name: card.__class__.objects.get(pk=card.pk).status for name, card in cards_in.items()}
    assert statuses == {"school1": "accepted", "school2": "submitted", "municipal": "draft"}
    assert (
        "Принято карт: 1. Пропущено: 1 (есть ошибки или предупреждения без пояснения — 1)." in response.content.decode()
    )
    assert response.redirect_chain[-1][0].endswith("?status=submitted")


def test_an_explained_warning_does_not_stop_a_bulk_acceptance(client, cast, campaign, cards_in):
    school2 = cards_in["school2"]
    actions.return_card(school2, by=cast.coordinator, comment="Исправьте")
    submitted(
        school2, {"staff_total": "1", "sanatorium": "1", "staff_total__explanation": "ok"}, cast.school2_admin
    )  # 1 of 1: no error, and no warning
    actions.return_card(school2, by=cast.coordinator, comment="Ещё раз")
    submitted(school2, {"staff_total": "3", "sanatorium": "1"}, cast.school2_admin)  # 3 ≠ 1 of the registry
    login(client, cast.coordinator)
    url, _ = review_url(campaign)

    first = client.get(url, {"action": "accept", "status": "submitted"}).context["plan"]
    # the old explanation still stands for staff_total: an explanation is kept until the respondent changes it
    assert [card.pk for card in first.moves] == [cards_in["school1"].pk, school2.pk]


def test_an_unexplained_registry_difference_stops_a_bulk_acceptance(client, cast, campaign, cards_in):
    school2 = cards_in["school2"]
    actions.return_card(school2, by=cast.coordinator, comment="Исправьте")
    submitted(school2, {"staff_total": "3", "sanatorium": "1"}, cast.school2_admin)
    login(client, cast.coordinator)
    url, _ = review_url(campaign)

    plan = client.get(url, {"action": "accept", "status": "submitted"}).context["plan"]

    assert [card.pk for card in plan.moves] == [cards_in["school1"].pk]


def test_bulk_return_needs_a_comment_and_returns_every_submitted_card(client, cast, campaign, cards_in):
    login(client, cast.coordinator)
    url, _ = review_url(campaign)

    refused = client.post(url, {"action": "return", "confirm": "1", "comment": " "})
    client.post(url, {"action": "return", "confirm": "1", "comment": "Сверьте карту с реестром."})

    assert "Укажите, что нужно исправить" in refused.content.decode()
    for name in ("school1", "school2"):
        card = cards_in[name]
        card.refresh_from_db()
        assert (card.status, card.comment) == (CardStatus.RETURNED, "Сверьте карту с реестром.")


@pytest.mark.parametrize("who", ["methodologist", "school1_admin", "teacher_user"])
def test_only_reviewers_use_the_bulk_review(client, cast, campaign, cards_in, who):
    login(client, getattr(cast, who))
    url, _ = review_url(campaign)

    response = client.post(url, {"action": "accept", "confirm": "1"})

    assert response.status_code in (403, 404)
    cards_in["school1"].refresh_from_db()
    assert cards_in["school1"].status == CardStatus.SUBMITTED


def test_a_coordinator_of_another_municipality_cannot_reach_the_bulk_review(
    client, cast, campaign, cards_in, other_coordinator
):
    login(client, other_coordinator)
    url, _ = review_url(campaign)

    assert client.post(url, {"action": "accept", "confirm": "1"}).status_code == 404


def test_the_regional_operator_accepts_in_bulk(client, cast, campaign, cards_in):
    login(client, cast.regional_operator)
    url, _ = review_url(campaign)

    client.post(url, {"action": "accept", "confirm": "1"})

    cards_in["school1"].refresh_from_db()
    assert cards_in["school1"].status == CardStatus.ACCEPTED


def quality_url(campaign, name="monitoring:quality"):
    return reverse(name, args=[campaign.pk])


def _seen(response):
    return [(str(row.check.submission.respondent), row.element.code, row.kind) for row in response.context["rows"]]


def test_the_quality_page_lists_every_problem_of_the_filled_cards_with_the_explanations(client, cast, campaign):
    actions.save_card_values(
        card_of(campaign, cast.school1),
        {"staff_total": "3", "sanatorium": "1", "staff_total__explanation": "Один педагог — совместитель."},
        by=cast.school1_admin,
    )  # fmt: skip
    submitted(card_of(campaign, cast.school2), {"staff_total": "1", "sanatorium": "5"}, cast.school2_admin)
    login(client, cast.coordinator)

    response = client.get(quality_url(campaign))

    assert _seen(response) == [
        ("Школа № 1", "staff_total", "registry"),
        ("Школа № 2", "sanatorium", "error"),
        ("Школа № 2", "sanatorium", "registry"),
    ]  # the municipal card is not filled: it is counted apart, not listed
    html = response.content.decode()
    assert "Один педагог — совместитель." in html
    assert "нет пояснения" in html
    assert "пояснено предупреждений и расхождений: 1 из 2" in html
    assert "карт без данных: 1" in html


@pytest.fixture
def problems_in(cast, campaign):
    actions.save_card_values(
        card_of(campaign, cast.school1), {"staff_total": "3", "sanatorium": "1"}, cast.school1_admin
    )
    submitted(card_of(campaign, cast.school2), {"staff_total": "1", "sanatorium": "5"}, cast.school2_admin)
    return campaign


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"organization": "school2"}, [("Школа № 2", "sanatorium", "error"), ("Школа № 2", "sanatorium", "registry")]),
        ({"kind": "error"}, [("Школа № 2", "sanatorium", "error")]),
        ({"indicator": "sanatorium"}, [("Школа № 2", "sanatorium", "error"), ("Школа № 2", "sanatorium", "registry")]),
        ({"element": "staff_total"}, [("Школа № 1", "staff_total", "registry")]),
    ],
)
def test_the_quality_page_filters_by_organization_indicator_element_and_kind(
    client, cast, problems_in, filters, expected
):
    campaign = problems_in
    values = {}
    for name, value in filters.items():
        if name == "organization":
            values[name] = getattr(cast, value).pk
        elif name == "indicator":
            values[name] = campaign.catalogue.indicators.get(code=value).pk
        elif name == "element":
            values[name] = campaign.catalogue.cards.get(code="org").elements.get(code=value).pk
        else:
            values[name] = value
    login(client, cast.coordinator)

    assert _seen(client.get(quality_url(campaign), values)) == expected


def test_a_school_administrator_sees_only_the_problems_of_the_school(client, cast, problems_in):
    login(client, cast.school2_admin)

    response = client.get(quality_url(problems_in))

    assert {respondent for respondent, _, _ in _seen(response)} == {"Школа № 2"}
    assert "Школа № 1" not in response.content.decode()


def test_the_organization_filter_of_another_school_is_refused_to_a_school_administrator(client, cast, problems_in):
    login(client, cast.school2_admin)

    response = client.get(quality_url(problems_in), {"organization": cast.school1.pk})

    assert "Школа № 1" not in response.content.decode()
    assert all(respondent == "Школа № 2" for respondent, _, _ in _seen(response))


def test_educators_and_other_municipalities_do_not_reach_the_quality_page(client, cast, problems_in, other_coordinator):
    assert login(client, cast.teacher_user).get(quality_url(problems_in)).status_code in (403, 404)
    assert login(client, other_coordinator).get(quality_url(problems_in)).status_code == 404
    assert (
        login(client, other_coordinator).get(quality_url(problems_in, "monitoring:quality_export")).status_code == 404
    )


def test_the_quality_export_has_a_numbered_row_per_problem(client, cast, problems_in):
    login(client, cast.coordinator)

    response = client.get(quality_url(problems_in, "monitoring:quality_export"), {"kind": "error"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Качество данных: Мониторинг 2023/24")
    assert "Отбор: ошибки" in rows[1][0]
    assert rows[2][:3] == ("№ п/п", "Организация / муниципалитет", "Карта")
    assert [row[:2] for row in rows[3:]] == [(1, "Школа № 2")]


def test_the_quality_page_does_not_grow_in_queries_with_more_cards(client, cast, campaign, problems_in):
    login(client, cast.coordinator)
    url = quality_url(campaign)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(5):
        school = f.OrganizationFactory(municipality=cast.municipality, short_name=f"Школа № {10 + number}")
        f.EmploymentFactory(organization=school)
    actions.open_campaign(campaign, by=cast.coordinator)
    for number in range(5):
        card = campaign.submissions.get(organization__short_name=f"Школа № {10 + number}")
        actions.save_card_values(card, {"staff_total": "4", "sanatorium": "1"}, by=cast.coordinator)

    with CaptureQueriesContext(connection) as large:
        response = client.get(url)

    assert len(response.context["rows"]) == 3 + 5  # each new school reports 4 of its 1 educator
    assert len(large) == len(small)
