"""Monitoring in the API: campaigns, results of the latest snapshot, cards read, filled and submitted by their
respondent with the rules of the pages; and who must NOT read or write another organization's card."""

import json
from decimal import Decimal

import pytest
from django.utils import timezone

from metodist.accounts.models import ApiToken
from metodist.monitoring import actions
from metodist.monitoring.models import CardStatus, Snapshot
from metodist.monitoring.tests.campaigns import (  # noqa: F401 (fixtures)
    campaign_fixture,
    card_of,
    catalogue_fixture,
    other_coordinator_fixture,
)

from .helpers import items


@pytest.fixture
def api_post(client):
    def post(user, path, payload=None):
        _, raw = ApiToken.issue(user, "тесты")
        body = json.dumps(payload or {})
        return client.post(path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")

    return post


def test_campaigns_are_listed_within_the_scope(api_get, cast, campaign, other_coordinator):
    def titles(user):
        return items(api_get(user, "/api/v1/campaigns/"), "title")

    assert titles(cast.coordinator) == ["Мониторинг 2023/24"]
    assert titles(cast.school1_admin) == ["Мониторинг 2023/24"]
    assert titles(other_coordinator) == []
    assert titles(cast.teacher_user) == []


def test_a_campaign_says_how_its_visible_cards_stand_and_which_snapshot_is_latest(api_get, cast, campaign):
    card = card_of(campaign, cast.school1)
    actions.save_card_values(card, {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)
    actions.submit_card(card, by=cast.school1_admin, errors=[])
    snapshot = actions.compute_snapshot(campaign, by=cast.coordinator)

    coordinator = api_get(cast.coordinator, f"/api/v1/campaigns/{campaign.pk}/").json()
    school2 = api_get(cast.school2_admin, f"/api/v1/campaigns/{campaign.pk}/").json()

    assert coordinator["cards"] == {"total": 3, "draft": 2, "submitted": 1, "returned": 0, "accepted": 0}
    assert coordinator["snapshot"]["id"] == snapshot.pk
    assert school2["cards"] == {"total": 1, "draft": 1, "submitted": 0, "returned": 0, "accepted": 0}


def test_a_campaign_of_another_municipality_is_404(api_get, cast, campaign, other_coordinator):
    response = api_get(other_coordinator, f"/api/v1/campaigns/{campaign.pk}/")

    assert response.status_code == 404


@pytest.fixture
def computed(cast, campaign):
    from metodist.monitoring.tests.campaigns import accepted

    accepted(card_of(campaign, cast.school1), {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)
    actions.compute_snapshot(campaign, by=cast.coordinator)
    return campaign


def test_results_give_numerator_denominator_value_target_status_and_completeness(api_get, cast, computed):
    response = api_get(cast.coordinator, f"/api/v1/campaigns/{computed.pk}/results/", indicator="sanatorium",
                       level="municipality")  # fmt: skip

    (value,) = response.json()["items"]
    # school 1 reported 1 of its 2 registry pedagogical workers; school 2's card is not accepted: 1 of 2 cards
    assert (value["numerator"], value["denominator"], value["value"]) == ("1.00", "2.00", "50.00")
    assert (value["status"], value["target_status"]) == ("ok", "no_target")
    assert value["completeness"] == {"reported": 1, "expected": 2}
    assert value["municipality"]["name"] == "Город N"


def test_results_of_organizations_stay_within_the_scope(api_get, cast, computed):
    def places(user):
        rows = api_get(user, f"/api/v1/campaigns/{computed.pk}/results/", indicator="young", page_size=500)
        return {(row["level"], (row["organization"] or {}).get("short_name")) for row in rows.json()["items"]}

    assert places(cast.coordinator) == {
        ("organization", "Школа № 1"), ("organization", "Школа № 2"), ("municipality", None), ("region", None),
    }  # fmt: skip
    assert places(cast.school2_admin) == {("organization", "Школа № 2"), ("municipality", None), ("region", None)}


def test_results_of_a_campaign_never_computed_are_empty(api_get, cast, campaign):
    response = api_get(cast.coordinator, f"/api/v1/campaigns/{campaign.pk}/results/")

    assert response.json() == {"items": [], "count": 0}


def test_a_card_reads_with_its_values_registry_figures_and_problems(api_get, cast, campaign):
    card = card_of(campaign, cast.school1)
    actions.save_card_values(card, {"staff_total": "3", "sanatorium": "1"}, by=cast.school1_admin)

    body = api_get(cast.coordinator, f"/api/v1/cards/{card.pk}/").json()

    staff_total = body["elements"][0]
    assert (staff_total["code"], staff_total["number"], staff_total["integer"]) == ("staff_total", "3.00", True)
    assert staff_total["registry"] == {"count": 2, "on": "2024-05-31", "note": "", "limit_of": ""}
    assert body["elements"][1]["registry"]["limit_of"] == "8"
    assert [(p["element"], p["rule"]) for p in body["problems"]] == [("staff_total", "registry")]
    assert body["can_fill"] is False  # the coordinator reads a school's card, its administrator fills it


def test_the_respondent_fills_explains_and_submits_a_card(api_post, api_get, cast, campaign):
    card = card_of(campaign, cast.school1)
    path = f"/api/v1/cards/{card.pk}"

    filled = api_post(cast.school1_admin, f"{path}/values/", {"values": {"staff_total": 3, "sanatorium": "1"}})
    refused = api_post(cast.school1_admin, f"{path}/submit/")
    api_post(cast.school1_admin, f"{path}/values/", {"explanations": {"staff_total": "Один — совместитель."}})
    done = api_post(cast.school1_admin, f"{path}/submit/")

    assert filled.status_code == 200
    assert filled.json()["can_fill"] is True
    assert refused.status_code == 422
    assert refused.json()["errors"]["__all__"] == [
        "Поясните предупреждение: «Педагогических работников всего»: расхождение с реестром: в карте 3, по реестру "
        "на 31.05.2024 — 2."
    ]
    assert done.status_code == 200
    assert done.json()["status"] == "submitted"
    card.refresh_from_db()
    assert card.status == CardStatus.SUBMITTED
    stored = {value.element.code: value for value in card.values.select_related("element")}
    assert (stored["staff_total"].number, stored["staff_total"].explanation) == (3, "Один — совместитель.")
    assert stored["sanatorium"].number == 1  # a partial update left the other value as it was


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"values": {"staff_total": 2.5}}, {"staff_total": [
            "Укажите целое число: здесь считаются люди (или должности, программы) — без дробей."]}),
        ({"values": {"staff_total": "много"}}, {"staff_total": ["Введите число."]}),
        ({"values": {"nonsense": 1}}, {"nonsense": ["Нет такого элемента."]}),
    ],
)  # fmt: skip
def test_bad_values_are_refused_with_russian_errors_and_nothing_is_saved(api_post, cast, campaign, payload, errors):
    card = card_of(campaign, cast.school1)

    response = api_post(cast.school1_admin, f"/api/v1/cards/{card.pk}/values/", payload)

    assert response.status_code == 422
    assert response.json()["errors"] == errors
    assert not card.values.exists()


@pytest.mark.parametrize("who", ["school2_admin", "other_user", "teacher_user"])
def test_another_organization_neither_reads_nor_writes_the_card_of_school1(api_get, api_post, cast, campaign, who):
    card = card_of(campaign, cast.school1)
    user = getattr(cast, who)

    read = api_get(user, f"/api/v1/cards/{card.pk}/")
    write = api_post(user, f"/api/v1/cards/{card.pk}/values/", {"values": {"staff_total": 9}})
    submit = api_post(user, f"/api/v1/cards/{card.pk}/submit/")
    listed = api_get(user, "/api/v1/cards/")

    assert (read.status_code, write.status_code, submit.status_code) == (404, 404, 404)
    assert card.pk not in items(listed, "id")
    assert not card.values.exists()


def test_a_coordinator_of_another_municipality_cannot_reach_the_card(
    api_get, api_post, cast, campaign, other_coordinator
):
    card = card_of(campaign, cast.school1)

    assert api_get(other_coordinator, f"/api/v1/cards/{card.pk}/").status_code == 404
    assert api_post(other_coordinator, f"/api/v1/cards/{card.pk}/values/", {}).status_code == 404


def test_the_coordinator_reads_but_does_not_write_a_school_card(api_post, cast, campaign):
    card = card_of(campaign, cast.school1)

    response = api_post(cast.coordinator, f"/api/v1/cards/{card.pk}/values/", {"values": {"staff_total": 2}})

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Эту карту заполняет её респондент")
    assert not card.values.exists()


def test_a_submitted_card_cannot_be_changed_through_the_api(api_post, cast, campaign):
    card = card_of(campaign, cast.school1)
    actions.save_card_values(card, {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)
    actions.submit_card(card, by=cast.school1_admin, errors=[])

    response = api_post(cast.school1_admin, f"/api/v1/cards/{card.pk}/values/", {"values": {"staff_total": 5}})

    assert response.status_code == 403
    assert response.json() == {"detail": "Карта представлена или принята и не может изменяться."}
    assert card.values.get(element__code="staff_total").number == Decimal(2)


def test_cards_list_filters_by_campaign_and_status(api_get, cast, campaign):
    card = card_of(campaign, cast.school1)
    actions.save_card_values(card, {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)
    actions.submit_card(card, by=cast.school1_admin, errors=[])

    response = api_get(cast.coordinator, "/api/v1/cards/", campaign=campaign.pk, status="submitted")

    assert items(response, "id") == [card.pk]


def test_results_of_a_campaign_of_another_municipality_are_404(api_get, cast, computed, other_coordinator):
    response = api_get(other_coordinator, f"/api/v1/campaigns/{computed.pk}/results/")

    assert response.status_code == 404


def test_the_methodologist_fills_the_municipal_card_but_no_school_card(api_post, cast, campaign):
    municipal, school1 = card_of(campaign, cast.municipality), card_of(campaign, cast.school1)

    own = api_post(cast.methodologist, f"/api/v1/cards/{municipal.pk}/values/", {
        "values": {"act_young": True}, "links": {"act_young": "https://example.org/act.pdf"}})  # fmt: skip
    school = api_post(cast.methodologist, f"/api/v1/cards/{school1.pk}/values/", {"values": {"staff_total": 2}})

    assert own.status_code == 200
    assert (municipal.values.get().flag, municipal.values.get().link) == (True, "https://example.org/act.pdf")
    assert school.status_code == 403


def test_results_give_every_threshold_with_its_status(api_get, cast, computed):
    response = api_get(cast.coordinator, f"/api/v1/campaigns/{computed.pk}/results/", indicator="young",
                       level="municipality")  # fmt: skip

    (value,) = response.json()["items"]
    # the test catalogue's «young» has one unlabelled target, «не менее 10 %»
    assert value["thresholds"] == [{"op": ">=", "value": "10", "label": "", "status": value["target_status"]}]


def test_after_approval_the_api_gives_the_official_snapshot_not_a_later_one(api_get, cast, campaign):
    official = actions.compute_snapshot(campaign, by=cast.coordinator)
    actions.approve_municipality(campaign, cast.municipality, by=cast.coordinator)
    later = Snapshot.objects.create(campaign=campaign, catalogue_version="x", data_read_at=timezone.now())

    detail = api_get(cast.coordinator, f"/api/v1/campaigns/{campaign.pk}/").json()
    results = api_get(cast.coordinator, f"/api/v1/campaigns/{campaign.pk}/results/").json()

    assert detail["snapshot"]["id"] == official.pk != later.pk
    assert detail["snapshot"]["official"] is True
    assert {row["snapshot_id"] for row in results["items"]} == {official.pk}
