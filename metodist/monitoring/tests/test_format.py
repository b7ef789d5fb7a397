"""A region's own catalogue in the richer format (tests/catalogues/region-format.toml), loaded from a path outside
the source tree and computed on a hand-built region; every expectation computed by hand.

The region «Область Ф» on 2024-05-31 (the end of the period 2023/24):
- «Город А»: school «Школа А» with П1 (25 years old, 1 year of work: young), П2 (48, 28 years of work: in the
  target group by «стаж ≥ 20 и моложе 50») and П3 (44, 18 years: not); the regional centre «ЦНППМ» (no staff);
- «Город Б»: school «Школа Б» with П4 (59, 33 years: too old for the group) and П5 (24, 0 years: young), and a
  kindergarten «Детсад Б» with no staff;
- «Город В»: no organizations.
Target group (young OR (стаж ≥ 20 AND younger than 50)): П1, П2, П5 of 5 pedagogical workers.
"""

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from metodist.monitoring import actions, cards, display, vocabulary
from metodist.monitoring.models import (
    Campaign,
    CardStatus,
    CardSubmission,
    Catalogue,
    Level,
    ResultStatus,
    TargetStatus,
)
from metodist.orgs.models import OrganizationKind
from metodist.testing import factories as f

FORMAT_CATALOGUE = Path(__file__).resolve().parent / "catalogues" / "region-format.toml"
LINK = "https://example.org/act.pdf"


@pytest.fixture
def region(db):
    region = f.RegionFactory(name="Область Ф", code="F")
    a = f.MunicipalityFactory(region=region, name="Город А")
    b = f.MunicipalityFactory(region=region, name="Город Б")
    c = f.MunicipalityFactory(region=region, name="Город В")
    school_a = f.OrganizationFactory(municipality=a, short_name="Школа А")
    centre = f.OrganizationFactory(municipality=a, short_name="ЦНППМ", kind=OrganizationKind.METHODOLOGICAL)
    school_b = f.OrganizationFactory(municipality=b, short_name="Школа Б")
    f.OrganizationFactory(municipality=b, short_name="Детсад Б", kind=OrganizationKind.PRESCHOOL)
    for name, birth, start, school in [
        ("П1", date(1999, 1, 1), date(2022, 9, 1), school_a),
        ("П2", date(1976, 1, 1), date(1995, 9, 1), school_a),
        ("П3", date(1980, 1, 1), date(2005, 9, 1), school_a),
        ("П4", date(1965, 1, 1), date(1990, 9, 1), school_b),
        ("П5", date(2000, 1, 1), date(2023, 9, 1), school_b),
    ]:
        educator = f.EducatorFactory(last_name=name, birth_date=birth, ped_work_start=start)
        f.EmploymentFactory(educator=educator, organization=school_a if school is school_a else school_b)
    return {"region": region, "a": a, "b": b, "c": c, "school_a": school_a, "school_b": school_b, "centre": centre}


@pytest.fixture
def loaded(db, tmp_path):
    """The catalogue copied to a directory of the region's own, then loaded by path with the command."""
    own = tmp_path / "region" / "catalogue.toml"
    own.parent.mkdir()
    shutil.copy(FORMAT_CATALOGUE, own)
    call_command("monitoring", "load", str(own))
    return Catalogue.objects.get(code="region-format")


@pytest.fixture
def campaign(region, loaded):
    campaign = Campaign.objects.create(
        catalogue=loaded, title="Мониторинг 2023/24", period="2023/24", period_start=date(2023, 9, 1),
        period_end=date(2024, 5, 31), region=region["region"], deadline=date(2024, 6, 15),
    )  # fmt: skip
    actions.open_campaign(campaign, by=None)
    return campaign


def accept(submission: CardSubmission, values: dict) -> None:
    actions.save_card_values(submission, values, by=None)
    actions.submit_card(submission, by=None, errors=[])
    actions.accept_card(submission, by=None)


def card(campaign, code: str, **respondent) -> CardSubmission:
    return CardSubmission.objects.get(campaign=campaign, card__code=code, **respondent)


@pytest.fixture
def snapshot(region, campaign):
    accept(card(campaign, "region"), {"regional_programme": True})
    accept(card(campaign, "centre"), {"hotline": True, "hotline__link": LINK})
    accept(
        card(campaign, "mun", municipality=region["a"]),
        {"act": True, "act__link": LINK, "plan": True, "site": None, "site__link": LINK, "events": Decimal("3")},
    )
    accept(card(campaign, "mun", municipality=region["b"]), {"act": False, "plan": True, "events": Decimal("0")})
    return actions.compute_snapshot(campaign)


def value(snapshot, code, level=Level.REGION, breakdown="", **where):
    return snapshot.values.get(indicator__code=code, level=level, breakdown=breakdown, **where)


def triple(row):
    return (row.numerator, row.denominator, row.value)


def test_loading_from_a_path_outside_the_source_tree(loaded):
    assert loaded.indicators.count() == 8
    assert loaded.cards.get(code="centre").respondent == "ЦНППМ"
    assert loaded.indicators.get(code="target-group-young").parent.code == "target-group"


def test_open_campaign_sends_the_region_card_the_centre_card_and_one_card_per_municipality(region, campaign):
    sent = {(s.card.code, s.organization_id, s.municipality_id) for s in campaign.submissions.select_related("card")}

    assert sent == {
        ("region", None, None),
        ("centre", region["centre"].pk, None),
        ("mun", None, region["a"].pk),
        ("mun", None, region["b"].pk),
        ("mun", None, region["c"].pk),
    }
    assert str(card(campaign, "region").respondent) == "Область Ф"


def test_or_group_counts_young_or_long_serving_under_fifty(region, snapshot):
    assert triple(value(snapshot, "target-group")) == (3, 5, Decimal("60.0"))  # П1, П2, П5
    assert triple(value(snapshot, "target-group", Level.MUNICIPALITY, municipality=region["a"])) == (
        2, 3, Decimal("66.7")
    )  # fmt: skip
    assert triple(value(snapshot, "target-group", Level.MUNICIPALITY, municipality=region["b"])) == (
        1, 2, Decimal("50.0")
    )  # fmt: skip
    assert triple(value(snapshot, "target-group-young")) == (2, 5, Decimal("40.0"))


def test_thresholds_by_year_range_and_trajectory_each_with_its_status(snapshot):
    region_value = value(snapshot, "target-group")

    # «прежняя цель» ended in 2020/21; 60 ≥ 20 meets the federal minimum, 60 < 65 misses the regional target
    assert region_value.thresholds == [
        {"op": ">=", "value": 20, "label": "федеральный минимум", "status": TargetStatus.MET},
        {"op": ">=", "value": 65, "label": "региональная цель", "status": TargetStatus.NOT_MET},
    ]
    assert region_value.target_status == TargetStatus.MET


def test_targets_in_force_by_period(loaded):
    indicator = loaded.indicators.get(code="target-group")

    in_force = {period: [(t["label"], t["value"]) for t in indicator.targets_for(period)]
                for period in ("2020/21", "2021/22", "2023/24", "2024/25", "2030/31")}  # fmt: skip

    assert in_force == {
        "2020/21": [("прежняя цель", 99)],
        "2021/22": [("федеральный минимум", 20)],
        "2023/24": [("федеральный минимум", 20), ("региональная цель", 65)],
        "2024/25": [("федеральный минимум", 20), ("региональная цель", 70)],
        "2030/31": [("федеральный минимум", 20)],
    }


def test_bands_map_the_value_of_an_indicator_to_points(region, snapshot):
    assert value(snapshot, "target-group-points").value == 1  # 60.0 in [50; 65)
    assert value(snapshot, "target-group-points", Level.MUNICIPALITY, municipality=region["a"]).value == 2  # 66.7
    assert value(snapshot, "target-group-points", Level.MUNICIPALITY, municipality=region["b"]).value == 1  # 50.0
    school_a = value(snapshot, "target-group-points", Level.ORGANIZATION, organization=region["school_a"])
    assert school_a.value == 2
    # the regional centre is a methodological organization: a respondent of its card, not a place people count in
    assert not snapshot.values.filter(organization=region["centre"]).exists()


def test_share_of_municipalities_is_over_all_municipalities_of_the_region(region, snapshot):
    preschool = value(snapshot, "preschool-municipalities")
    act = value(snapshot, "act")

    assert triple(preschool) == (1, 3, Decimal("33.3"))  # only «Город Б» has a kindergarten
    b = value(snapshot, "preschool-municipalities", Level.MUNICIPALITY, municipality=region["b"])
    assert display.value_text(b) == "да"
    assert triple(act) == (1, 3, Decimal("33.3"))  # А yes, Б no, В has not reported: still one of three
    assert act.completeness == {"reported": 2, "expected": 3}


def test_checklist_score_is_capped_and_averaged_above_one_respondent(region, snapshot):
    a = value(snapshot, "readiness", Level.MUNICIPALITY, municipality=region["a"])
    b = value(snapshot, "readiness", Level.MUNICIPALITY, municipality=region["b"])
    c = value(snapshot, "readiness", Level.MUNICIPALITY, municipality=region["c"])
    whole = value(snapshot, "readiness")

    assert a.value == 5  # act 2 + plan 1 + site 2 + events 1 = 6, capped at 5
    assert a.target_status == TargetStatus.MET  # ≥ 4 from 2021 on
    assert b.value == 1  # plan only
    assert c.status == ResultStatus.AWAITING_CARDS
    assert triple(whole) == (6, 2, Decimal("3.0"))  # the mean of 5 and 1
    assert whole.target_status == TargetStatus.NOT_MET
    assert display.value_text(whole) == "3 балла"


def test_region_and_regional_centre_cards_give_the_region_value_only(region, snapshot):
    programme = value(snapshot, "programme")
    hotline = value(snapshot, "hotline")

    assert display.value_text(programme) == "да"
    assert display.value_text(hotline) == "да"
    assert not snapshot.values.filter(indicator__code__in=["programme", "hotline"]).exclude(level=Level.REGION)


def test_breakdowns_by_kind_position_age_experience_and_municipality(region, snapshot):
    rows = display.indicator_rows(snapshot, Level.REGION, subjects_of=[region["a"].pk, region["b"].pk, region["c"].pk])
    target = next(row for row in rows if row.indicator.code == "target-group")

    shown = {group["title"]: [(r["subject"], r["fraction"]) for r in group["rows"]] for group in target.breakdowns}
    assert shown == {
        "в разрезе типов организаций": [("Общеобразовательная организация", "3 из 5")],
        "в разрезе должностей": [("Учитель", "3 из 5")],
        "в разрезе возрастных групп": [("менее 35 лет", "2 из 2"), ("35 лет и более", "1 из 3")],
        "в разрезе педагогического стажа": [
            ("менее 3 лет", "2 из 2"),
            ("от 10 до 19 лет", "0 из 1"),
            ("20 лет и более", "1 из 2"),
        ],  # fmt: skip
        "в разрезе муниципальных образований": [("Город А", "2 из 3"), ("Город Б", "1 из 2"), ("Город В", "")],
    }
    young = next(row for row in rows if row.indicator.code == "target-group-young")
    assert (target.depth, young.depth) == (0, 1)
    assert [t["text"] for t in target.thresholds] == [
        "федеральный минимум: не менее 20\u00a0%",
        "региональная цель: не менее 65\u00a0%",
    ]


def test_a_yes_needs_its_evidence_when_the_element_says_so(region, campaign):
    submission = card(campaign, "mun", municipality=region["a"])
    actions.save_card_values(submission, {"act": True, "plan": False}, by=None)
    elements = list(submission.card.elements.all())

    problems = cards.card_problems(elements, cards.stored_values(submission))
    actions.save_card_values(submission, {"act": True, "act__link": LINK}, by=None)
    with_link = cards.card_problems(elements, cards.stored_values(submission))

    assert [(p.element, p.message, p.is_error) for p in problems] == [
        ("act", "«Наличие муниципального акта о системе сопровождения»: ответ «да» нужно подтвердить документом "
                "(файл или ссылка).", True),
    ]  # fmt: skip
    assert with_link == []
    assert submission.status == CardStatus.DRAFT


def test_region_cards_are_filled_and_reviewed_by_the_region(region, campaign):
    from metodist.accounts.models import Role

    operator = f.UserFactory(username="operator_f", role=Role.REGIONAL_OPERATOR, region=region["region"])
    coordinator = f.UserFactory(username="coordinator_a", role=Role.COORDINATOR, municipality=region["a"])
    region_card = card(campaign, "region")

    centre_card = card(campaign, "centre")

    assert cards.can_fill(operator, region_card)
    assert not cards.can_fill(coordinator, region_card)
    assert cards.can_review(operator, centre_card)
    assert not cards.can_review(coordinator, centre_card)  # the centre is in «Город А», its card is the region's


def test_results_page_shows_every_threshold_sub_indicators_and_breakdowns(region, campaign, client):
    from metodist.accounts.models import Role

    operator = f.UserFactory(username="operator_f", role=Role.REGIONAL_OPERATOR, region=region["region"])
    accept(card(campaign, "region"), {"regional_programme": True})
    actions.compute_snapshot(campaign, by=operator)
    client.force_login(operator)

    page = client.get(reverse("monitoring:results", args=[campaign.pk])).content.decode()

    assert "федеральный минимум: не менее 20\u00a0%" in page
    assert "региональная цель: не менее 65\u00a0%" in page
    assert page.count("✓ достигнуто") >= 1 and page.count("✗ не достигнуто") >= 1
    assert "в том числе</span>" in page
    assert "В разрезе возрастных групп" in page
    assert "В разрезе муниципальных образований" in page


@pytest.mark.parametrize("place", ["", "?municipality={a}", "?municipality={a}&organization={school}"])
def test_every_indicator_page_of_the_new_format_opens(region, snapshot, client, place):
    from metodist.accounts.models import Role

    operator = f.UserFactory(username="operator_f", role=Role.REGIONAL_OPERATOR, region=region["region"])
    snapshot = actions.compute_snapshot(snapshot.campaign, by=operator)  # the page names who computed
    client.force_login(operator)
    query = place.format(a=region["a"].pk, school=region["school_a"].pk)

    for code in snapshot.campaign.catalogue.indicators.values_list("code", flat=True):
        response = client.get(reverse("monitoring:drilldown", args=[snapshot.campaign.pk, code]) + query)
        assert response.status_code == 200, code
    assert client.get(reverse("monitoring:results", args=[snapshot.campaign.pk]) + query).status_code == 200


def test_municipality_predicate_by_kind_and_flag_of_its_active_organizations(region):
    from metodist.orgs.models import Municipality

    f.flag(region["school_b"], "is_resource_centre", start=date(2023, 9, 1))
    f.flag(region["school_a"], "is_resource_centre", date(2022, 9, 1), date(2023, 8, 31))  # before the period
    f.OrganizationFactory(municipality=region["c"], short_name="Закрытый детсад", kind=OrganizationKind.PRESCHOOL,
                          is_active=False)  # fmt: skip
    ctx = vocabulary.Context(start=date(2023, 9, 1), on=date(2024, 5, 31))

    def matching(term):
        condition = vocabulary.compile_terms([{"predicate": "municipality_has_organization", **term}], ctx)
        return set(Municipality.objects.filter(condition).values_list("name", flat=True))

    assert matching({"kind": "preschool"}) == {"Город Б"}  # the closed kindergarten of «Город В» does not count
    assert matching({"flags": ["is_resource_centre"]}) == {"Город Б"}
    assert matching({"kind": "methodological"}) == {"Город А"}
    assert matching({"kind": "preschool", "flags": ["is_resource_centre"]}) == set()  # the same organization


def test_drilldown_lists_the_municipalities_counted(region, snapshot, client):
    from metodist.accounts.models import Role

    operator = f.UserFactory(username="operator_f", role=Role.REGIONAL_OPERATOR, region=region["region"])
    client.force_login(operator)
    url = reverse("monitoring:drilldown", args=[snapshot.campaign.pk, "preschool-municipalities"])

    numerator = client.get(url).context["people"]
    denominator = client.get(url + "?part=denominator").context["people"]

    assert [str(item) for item, _ in numerator["rows"]] == ["Город Б"]
    assert [str(item) for item, _ in denominator["rows"]] == ["Город А", "Город Б", "Город В"]
    assert numerator["live"] is None  # the registry has not changed since the computation


def test_a_named_respondent_missing_from_the_registry_stops_the_opening_with_a_message(region, loaded, client):
    from metodist.accounts.models import Role

    region["centre"].delete()
    operator = f.UserFactory(username="operator_f", role=Role.REGIONAL_OPERATOR, region=region["region"])
    campaign = Campaign.objects.create(
        catalogue=loaded, title="Мониторинг 2023/24", period="2023/24", period_start=date(2023, 9, 1),
        period_end=date(2024, 5, 31), region=region["region"], deadline=date(2024, 6, 15),
    )  # fmt: skip
    client.force_login(operator)

    response = client.post(reverse("monitoring:campaign_open", args=[campaign.pk]), follow=True)

    assert response.status_code == 200
    assert (
        "Карта «Информационная карта ЦНППМ»: организация-респондент «ЦНППМ» в регионе не найдена. "
        "Исправьте respondent в каталоге или реестр организаций." in response.content.decode()
    )
    assert not campaign.submissions.exists()  # nothing is sent until the catalogue or the registry is fixed


def test_the_region_card_is_reconciled_with_the_registry_of_the_whole_region(campaign):
    submission = card(campaign, "region")

    figures = cards.registry_figures(submission, list(submission.card.elements.all()))

    assert figures["pedagogical_total"].count == 5


def test_frozen_members_of_a_share_of_municipalities_stay_as_approved(region, snapshot):
    from metodist.monitoring import members

    members.freeze(snapshot)
    f.OrganizationFactory(municipality=region["a"], short_name="Детсад А", kind=OrganizationKind.PRESCHOOL)

    counted = members.frozen(snapshot, snapshot.campaign.catalogue.indicators.get(code="preschool-municipalities"),
                             "numerator")  # fmt: skip

    assert [str(municipality) for municipality in counted.queryset] == ["Город Б"]  # not «Город А» opened later
