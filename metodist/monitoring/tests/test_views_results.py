"""The results page, computing, the drill-down with its charts, the export; and who may see which values.

Expectations on the cast (see campaigns.py), on 2024-05-31, in Город N: pedagogical workers Смирнова and
Кузнецов (school 1) and Орлова (school 2); only Смирнова is young. Teachers with subjects: Смирнова
(mathematics) and Кузнецов (physics), both without a recorded diploma, so out of profile.
"""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodist.audit.models import AuditEntry
from metodist.lib.xlsx import XLSX_CONTENT_TYPE
from metodist.monitoring import actions
from metodist.monitoring.models import Campaign, Level, Snapshot
from metodist.testing import factories as f

from .campaigns import campaign_fixture, catalogue_fixture, login, open_cast_campaign, other_coordinator_fixture  # noqa: F401 (fixtures)


@pytest.fixture
def computed(cast, campaign):
    return actions.compute_snapshot(campaign, by=cast.coordinator)


def results_url(campaign, **query):
    url = reverse("monitoring:results", args=[campaign.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def drill_url(campaign, code, **query):
    url = reverse("monitoring:drilldown", args=[campaign.pk, code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rows_by_code(response):
    return {row.indicator.code: row for row in response.context["rows"]}


def test_coordinator_computes_and_sees_the_municipal_values(client, cast, campaign):
    login(client, cast.coordinator)

    computed = client.post(reverse("monitoring:compute", args=[campaign.pk]))
    response = client.get(results_url(campaign))

    assert computed.status_code == 302
    snapshot = Snapshot.objects.get(campaign=campaign)
    assert snapshot.computed_by == cast.coordinator
    assert response.context["level"] == Level.MUNICIPALITY
    rows = rows_by_code(response)
    young = rows["young"]
    assert (young.text, young.fraction, young.target_text) == ("33,3\u00a0%", "1 из 3", "не менее 10\u00a0%")
    assert young.mark[1] == "достигнуто"
    assert (rows["profile"].text, rows["profile"].mark[1]) == ("33,3\u00a0%", "не достигнуто")  # only Орлова
    assert rows["part_time"].target_text == "менее 10\u00a0%"
    assert rows["schools30"].text == "50,0\u00a0%"  # school 1 of the two schools
    assert rows["young_count"].text == "1"
    assert "Рассчитать" in response.content.decode()


def test_rows_without_data_say_why_and_never_show_zero(client, cast, computed):
    login(client, cast.coordinator)

    response = client.get(results_url(computed.campaign))

    rows = rows_by_code(response)
    assert rows["staffing"].text == (
        "нет данных: знаменатель равен 0 (ставки педагогических и руководящих работников по штатному расписанию: 0)"
    )
    assert rows["mentors"].text == "нет данных: модуль ещё не подключён (Модуль, которого нет)"
    assert rows["sanatorium"].text == "нет данных: ожидаются информационные карты (0 из 2)"
    assert rows["act"].text == "нет данных: ожидаются информационные карты (0 из 1)"
    assert rows["sanatorium"].completeness == "карт: 0 из 2 (0,0\u00a0%), предварительно"
    for code in ("staffing", "mentors", "sanatorium", "act"):
        assert not rows[code].has_value
        assert rows[code].fraction == ""
        assert "0,0" not in rows[code].text
    html = response.content.decode()
    assert "нет данных: модуль ещё не подключён (Модуль, которого нет)" in html


def test_indicators_are_grouped_as_in_the_regulation(client, cast, computed):
    login(client, cast.coordinator)

    response = client.get(results_url(computed.campaign))

    headings = [(row.indicator.code, row.headings) for row in response.context["rows"] if row.headings]
    assert headings == [
        ("young", [(0, "Трек 1"), (1, "1. молодые")]),
        ("profile", [(0, "Трек 2"), (1, "2. кадры")]),
        ("mentors", [(0, "Трек 1"), (1, "1. молодые")]),
    ]


def test_subject_breakdown_is_shown_under_the_indicator(client, cast, computed):
    login(client, cast.coordinator)

    response = client.get(results_url(computed.campaign))

    subjects = [(s["subject"], s["text"], s["fraction"]) for s in rows_by_code(response)["profile"].subjects]
    assert subjects == [("Математика", "0,0\u00a0%", "0 из 1"), ("Физика", "0,0\u00a0%", "0 из 1")]
    assert "В разрезе учебных предметов (2)" in response.content.decode()


def test_snapshot_metadata_is_shown(client, cast, computed):
    login(client, cast.coordinator)

    response = client.get(results_url(computed.campaign))

    html = response.content.decode()
    assert computed.catalogue_version[:12] in html
    assert f"рассчитал {cast.coordinator.username}" in " ".join(html.split())


def test_a_computation_from_the_command_line_is_shown_as_such(client, cast, campaign):
    call_command("monitoring", "compute", "--campaign", str(campaign.pk), stdout=io.StringIO())
    login(client, cast.coordinator)

    response = client.get(results_url(campaign))

    assert response.status_code == 200
    assert "рассчитано из командной строки" in " ".join(response.content.decode().split())


def test_before_any_computation_the_page_says_so(client, cast, campaign):
    login(client, cast.methodologist)

    response = client.get(results_url(campaign))

    assert response.context["rows"] == []
    assert "Расчётов по этой кампании ещё нет." in response.content.decode()


def test_school_administrator_sees_the_school_values_beside_the_municipal_ones(client, cast, computed):
    login(client, cast.school2_admin)

    response = client.get(results_url(computed.campaign))

    assert (response.context["level"], response.context["place"]) == (Level.ORGANIZATION, "Школа № 2")
    young = rows_by_code(response)["young"]
    assert (young.text, young.fraction, young.parent_text) == ("0,0\u00a0%", "0 из 1", "33,3\u00a0%")
    assert rows_by_code(response)["schools30"].text == "не рассчитывается для отдельной организации"
    html = response.content.decode()
    assert f'<option value="{cast.school2.pk}" selected>Школа № 2</option>' in html
    assert "Школа № 1" not in html
    assert "Рассчитать" not in html


def test_school2_administrator_cannot_ask_for_the_values_of_school1(client, cast, computed):
    login(client, cast.school2_admin)

    assert client.get(results_url(computed.campaign, organization=cast.school1.pk)).status_code == 404
    assert client.get(drill_url(computed.campaign, "young", organization=cast.school1.pk)).status_code == 404


def test_coordinator_filters_the_values_of_one_school(client, cast, computed):
    login(client, cast.coordinator)

    response = client.get(results_url(computed.campaign, organization=cast.school1.pk))

    young = rows_by_code(response)["young"]
    assert (young.text, young.fraction, young.parent_text) == ("50,0\u00a0%", "1 из 2", "33,3\u00a0%")


def test_coordinator_of_another_municipality_sees_nothing(client, cast, computed, other_coordinator):
    login(client, other_coordinator)
    campaign = computed.campaign

    assert client.get(results_url(campaign)).status_code == 404
    assert client.get(drill_url(campaign, "young")).status_code == 404
    assert client.get(reverse("monitoring:export", args=[campaign.pk])).status_code == 404
    assert client.post(reverse("monitoring:compute", args=[campaign.pk])).status_code == 404


@pytest.mark.parametrize("who", ["teacher_user", "mentor_user", "other_user"])
def test_an_educator_gets_404_on_results_drill_down_and_export(client, cast, computed, who):
    login(client, getattr(cast, who))
    campaign = computed.campaign

    for url in (results_url(campaign), drill_url(campaign, "young"), reverse("monitoring:export", args=[campaign.pk])):
        assert client.get(url).status_code == 404, url


def test_school_administrator_cannot_compute(client, cast, campaign):
    login(client, cast.school1_admin)

    response = client.post(reverse("monitoring:compute", args=[campaign.pk]))

    assert response.status_code == 403
    assert not Snapshot.objects.exists()


def test_drill_down_shows_the_schools_against_the_target_and_the_people_counted(client, cast, computed):
    login(client, cast.coordinator)

    numerator = client.get(drill_url(computed.campaign, "young"))
    denominator = client.get(drill_url(computed.campaign, "young", part="denominator"))

    children = [(value.organization.short_name, text) for value, text, _ in numerator.context["children"]]
    assert children == [("Школа № 1", "50,0\u00a0%"), ("Школа № 2", "0,0\u00a0%")]
    bar = numerator.context["bar"]["config"]
    assert bar["data"]["labels"] == ["Школа № 1", "Школа № 2"]
    assert bar["data"]["datasets"][0]["data"] == [50.0, 0.0]
    assert bar["data"]["datasets"][1]["data"] == [10.0, 10.0]  # the target line «не менее 10 %»
    assert [p.last_name for p, _ in numerator.context["people"]["rows"]] == ["Смирнова"]
    assert [(p.last_name, home) for p, home in denominator.context["people"]["rows"]] == [
        ("Кузнецов", "Школа № 1"), ("Орлова", "Школа № 2"), ("Смирнова", "Школа № 1"),
    ]  # fmt: skip
    html = numerator.content.decode()
    assert reverse("people:detail", args=[cast.teacher.pk]) in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert numerator.context["people"]["live"] is None


def test_school_administrator_drills_down_to_the_own_school_only(client, cast, computed):
    login(client, cast.school1_admin)

    own = client.get(drill_url(computed.campaign, "young", part="denominator"))
    municipal = client.get(drill_url(computed.campaign, "young", municipality=cast.municipality.pk))

    assert [p.last_name for p, _ in own.context["people"]["rows"]] == ["Кузнецов", "Смирнова"]
    assert municipal.context["people"] == {"state": "choose_organization"}
    assert [value.organization for value, _, _ in municipal.context["children"]] == [cast.school1]
    assert "Орлова" not in own.content.decode() + municipal.content.decode()


def test_drill_down_notes_when_the_registry_changed_after_the_computation(client, cast, computed):
    newcomer = f.EducatorFactory(last_name="Новикова", birth_date=date(2000, 1, 1), ped_work_start=date(2023, 9, 1))
    f.EmploymentFactory(educator=newcomer, organization=cast.school2, start_date=date(2023, 9, 1))
    login(client, cast.coordinator)

    response = client.get(drill_url(computed.campaign, "young"))

    assert response.context["people"]["live"] == {"numerator": 2, "denominator": 4}
    assert "Данные реестра изменились после расчёта" in response.content.decode()


def test_drill_down_of_an_indicator_from_cards_has_no_list_of_people(client, cast, computed):
    login(client, cast.coordinator)

    response = client.get(drill_url(computed.campaign, "sanatorium"))

    assert response.context["people"] == {"state": "not_from_registry"}


def test_unknown_indicator_is_404(client, cast, computed):
    login(client, cast.coordinator)

    assert client.get(drill_url(computed.campaign, "nonexistent")).status_code == 404


def test_trend_and_dynamics_over_two_periods(client, cast, computed):
    newcomer = f.EducatorFactory(last_name="Новикова", birth_date=date(2000, 1, 1), ped_work_start=date(2024, 9, 1))
    f.EmploymentFactory(educator=newcomer, organization=cast.school2, start_date=date(2024, 9, 1))
    next_year = open_cast_campaign(cast, computed.campaign.catalogue, "2024/25", date(2024, 9, 1), date(2025, 5, 31))
    actions.compute_snapshot(next_year, by=cast.coordinator)
    login(client, cast.coordinator)

    results = client.get(results_url(next_year))
    drill = client.get(drill_url(next_year, "young"))

    # 2024/25: Смирнова and Новикова are young of four pedagogical workers
    trend = rows_by_code(results)["young"].trend
    assert (trend.arrow, trend.change, trend.tone, trend.previous) == ("↑", "+16,7", "success", "33,3\u00a0%")
    assert drill.context["points"] == [("2023/24", "33,3\u00a0%"), ("2024/25", "50,0\u00a0%")]
    assert drill.context["trend"]["config"]["data"]["datasets"][0]["data"] == [33.3, 50.0]


def test_regional_operator_sees_a_regional_campaign_by_municipality(client, cast, catalogue):
    campaign = Campaign.objects.create(
        catalogue=catalogue, title="Региональный мониторинг", period="2023/24", period_start=date(2023, 9, 1),
        period_end=date(2024, 5, 31), region=cast.region, deadline=date(2024, 6, 15),
    )  # fmt: skip
    actions.compute_snapshot(campaign, by=cast.regional_operator)
    login(client, cast.regional_operator)

    results = client.get(results_url(campaign))
    drill = client.get(drill_url(campaign, "young"))

    assert results.context["level"] == Level.REGION
    # Город N: 1 young of 3; Город M: Волкова, not young, 0 of 1; the region: 1 of 4
    assert rows_by_code(results)["young"].text == "25,0\u00a0%"
    children = [(value.municipality.name, text) for value, text, _ in drill.context["children"]]
    assert children == [("Город M", "0,0\u00a0%"), ("Город N", "33,3\u00a0%")]


def test_export_gives_a_workbook_and_records_it(client, cast, computed):
    login(client, cast.methodologist)

    response = client.get(reverse("monitoring:export", args=[computed.campaign.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response.content[:2] == b"PK"
    assert AuditEntry.objects.filter(action="export", actor=cast.methodologist).count() == 1


def test_export_before_any_computation_is_404(client, cast, campaign):
    login(client, cast.coordinator)

    assert client.get(reverse("monitoring:export", args=[campaign.pk])).status_code == 404


def _grow(cast, campaign, organizations: int):
    for number in range(organizations):
        school = f.OrganizationFactory(municipality=cast.municipality, short_name=f"Школа № {20 + number}")
        for person in range(3):
            educator = f.EducatorFactory(birth_date=date(1990 + person, 1, 1))
            f.EmploymentFactory(educator=educator, organization=school, subjects=[f.subject("mathematics")])
    return actions.compute_snapshot(campaign, by=cast.coordinator)


@pytest.mark.parametrize("name", ["monitoring:results", "monitoring:drilldown"])
def test_results_and_drill_down_do_not_grow_in_queries_with_more_organizations(client, cast, computed, name):
    login(client, cast.coordinator)
    campaign = computed.campaign
    args = [campaign.pk] if name == "monitoring:results" else [campaign.pk, "young"]
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(name, args=args), {"part": "denominator"})
    _grow(cast, campaign, organizations=6)

    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse(name, args=args), {"part": "denominator"})

    assert response.status_code == 200
    assert len(large) == len(small)


def test_results_page_stays_within_a_fixed_number_of_queries(client, cast, computed, django_assert_max_num_queries):
    _grow(cast, computed.campaign, organizations=8)
    login(client, cast.coordinator)

    with django_assert_max_num_queries(16):
        client.get(results_url(computed.campaign))


def test_a_regional_campaign_offers_the_organizations_of_the_chosen_municipality_only(client, cast, catalogue):
    campaign = Campaign.objects.create(
        catalogue=catalogue, title="Региональный мониторинг", period="2023/24", period_start=date(2023, 9, 1),
        period_end=date(2024, 5, 31), region=cast.region, deadline=date(2024, 6, 15),
    )  # fmt: skip
    actions.compute_snapshot(campaign, by=cast.regional_operator)
    login(client, cast.regional_operator)

    def offered(response):
        return [label for value, label in response.context["form"].fields["organization"].widget.choices if value]

    nothing_chosen = client.get(results_url(campaign))
    city_m = client.get(results_url(campaign, municipality=cast.other_municipality.pk))
    linked_school = client.get(results_url(campaign, organization=cast.school1.pk))
    moved_on = client.get(results_url(campaign, municipality=cast.other_municipality.pk, organization=cast.school1.pk))

    assert offered(nothing_chosen) == []
    assert "сначала выберите муниципальное образование" in nothing_chosen.content.decode()
    assert offered(city_m) == ["Школа № 3"]
    assert linked_school.context["level"] == Level.ORGANIZATION
    assert offered(linked_school) == ["Школа № 1", "Школа № 2"]
    # another municipality chosen while a school of the first was still selected: the municipality's values
    assert moved_on.context["level"] == Level.MUNICIPALITY
    assert moved_on.context["form"].chosen() == (cast.other_municipality, None)
