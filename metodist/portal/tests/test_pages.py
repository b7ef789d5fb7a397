"""The public pages: anonymous, cached, nothing personal, only what is approved and adopted, small cells hidden."""

import pytest
from django.urls import reverse

from metodist.portal.suppression import HIDDEN

from .builders import SNILS, published_municipality

pytestmark = pytest.mark.usefixtures("on_today")

PERSONAL = ["Смирнова", "Анна", "Игоревна", "Кузнецов", "Павел", SNILS, "112-233-445 95", "coordinator", "teacher"]


@pytest.fixture
def world(cast):
    return published_municipality(cast)


def pages(cast, world):
    published, _ = world["report"]
    return [
        reverse("portal:index"),
        reverse("portal:municipality", args=[cast.municipality.pk]),
        reverse("portal:report", args=[cast.municipality.pk, published.pk]),
    ]


def test_anonymous_visitors_see_every_page_cached_publicly(client, cast, world):
    for url in pages(cast, world):
        response = client.get(url)

        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=300", url


def test_no_page_names_a_person(client, cast, world):
    for url in pages(cast, world):
        html = client.get(url).content.decode()

        assert [word for word in PERSONAL if word in html] == [], url


def test_the_start_lists_municipalities_with_something_published(client, cast, world):
    html = client.get(reverse("portal:index")).content.decode()

    assert cast.municipality.name in html
    assert cast.other_municipality.name not in html  # nothing published there


def test_a_municipality_without_publications_and_an_unknown_one_are_not_found(client, cast, world):
    assert client.get(reverse("portal:municipality", args=[cast.other_municipality.pk])).status_code == 404
    assert client.get(reverse("portal:municipality", args=[999999])).status_code == 404


def test_only_the_approved_report_is_published(client, cast, world):
    published, draft = world["report"]

    html = client.get(reverse("portal:municipality", args=[cast.municipality.pk])).content.decode()

    assert published.title in html
    assert draft.title not in html
    assert client.get(reverse("portal:report", args=[cast.municipality.pk, draft.pk])).status_code == 404
    assert client.get(reverse("portal:report", args=[cast.other_municipality.pk, published.pk])).status_code == 404


def test_the_report_hides_small_cells_and_their_complements(client, cast, world):
    published, _ = world["report"]

    response = client.get(reverse("portal:report", args=[cast.municipality.pk, published.pk]))

    rows = {row.indicator.code: row for row in response.context["rows"]}
    young = rows["young"]
    # the municipality: 12 of 40 = 30,0 %, target 25 % met, +5 against 25,0 %
    assert young.municipal_text == "30,0\u00a0%"
    assert young.municipal_fraction == "12 из 40"
    assert young.municipal_mark[1] == "достигнуто"
    assert (young.municipal_trend.arrow, young.municipal_trend.change) == ("↑", "+5")
    # school 1 has 2 young teachers of 20: hidden, and school 2 (10 of 20) with it, or 12 − 10 would tell
    assert [(name, text, fraction) for name, text, fraction, _ in young.cells()] == [
        ("Школа № 1", HIDDEN, ""),
        ("Школа № 2", HIDDEN, ""),
    ]
    # 3 mentors in the municipality: hidden, and the school that holds them
    mentors = rows["mentors"]
    assert mentors.municipal_text == HIDDEN
    assert [(name, text) for name, text, _, _ in mentors.cells()] == [("Школа № 1", HIDDEN), ("Школа № 2", "0")]
    # one of two schools: organizations are not people, nothing is hidden
    assert rows["schools"].municipal_text == "50,0\u00a0%"
    assert rows["schools"].municipal_fraction == "1 из 2"
    # another municipality's school is not in the table
    assert "Школа № 3" not in response.content.decode()


def test_the_municipality_page_shows_the_road_map_progress_of_adopted_road_maps(client, cast, world):
    adopted, template = world["roadmaps"]

    response = client.get(reverse("portal:municipality", args=[cast.municipality.pk]))

    [(roadmap, sections)] = response.context["roadmaps"]
    assert roadmap == adopted
    # section I: 1 of 3 done, the planned item due 2024-12-01 overdue on 2025-01-15; section II: the cancelled
    # item is not counted, the done one is not overdue even without its due date marked
    assert [(s.number, s.done, s.total, s.overdue) for s in sections] == [("I", 1, 3, 1), ("II", 1, 1, 0)]
    assert template.title not in response.content.decode()


def test_the_municipality_page_lists_upcoming_published_events_with_the_feed(client, cast, world):
    response = client.get(reverse("portal:municipality", args=[cast.municipality.pk]))

    html = response.content.decode()
    assert [(event.title, organizer) for event, organizer in response.context["events"]] == [
        ("Семинар по функциональной грамотности", "Школа № 1")
    ]
    assert "Актовый зал" in html
    assert reverse("events:municipality_feed", args=[cast.municipality.pk]) in html
    assert reverse("practices:public") in html


def test_pages_read_in_a_fixed_number_of_queries(client, cast, world, django_assert_num_queries):
    published, _ = world["report"]
    for organization in range(3):
        school = type(cast.school1).objects.create(
            municipality=cast.municipality, short_name=f"Школа № {10 + organization}", full_name="Школа"
        )
        published.snapshot.values.create(
            indicator=published.snapshot.values.first().indicator, level="organization", organization=school,
            numerator=10, denominator=20, value=50, status="ok",
        )  # fmt: skip

    # the municipality, the report, its values
    with django_assert_num_queries(3):
        client.get(reverse("portal:report", args=[cast.municipality.pk, published.pk]))
    with django_assert_num_queries(5):
        client.get(reverse("portal:municipality", args=[cast.municipality.pk]))
    with django_assert_num_queries(1):
        client.get(reverse("portal:index"))


def test_the_login_page_links_the_portal(client):
    assert reverse("portal:index") in client.get(reverse("accounts:login")).content.decode()
