"""Who sees which routes: `LearningRoute.objects.in_scope(user)` and the pages that use it."""

import pytest

from metodist.routes.models import LearningRoute, RouteStatus
from metodist.testing import routes as r


@pytest.fixture
def routes(cast, tutor, other_tutor):
    return {
        "teacher": r.route(cast.teacher, region=cast.region, tutor=tutor),
        "mentor": r.route(cast.mentor_educator, region=cast.region, tutor=other_tutor),
        "school2": r.route(cast.school2_educator, region=cast.region, tutor=tutor),
        "other": r.route(cast.other_educator, region=cast.region, tutor=None),
    }


def seen(user, routes):
    names = {route.pk: name for name, route in routes.items()}
    return {names[pk] for pk in LearningRoute.objects.in_scope(user).values_list("pk", flat=True)}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("methodologist", {"teacher", "mentor", "school2"}),  # the municipality, not Город M
        ("coordinator", {"teacher", "mentor", "school2"}),
        ("regional_operator", {"teacher", "mentor", "school2", "other"}),
        ("school1_admin", {"teacher", "mentor"}),
        ("school2_admin", {"school2"}),  # nothing of school 1
        ("teacher_user", {"teacher"}),  # her own only
        ("mentor_user", {"mentor"}),
        ("other_user", {"other"}),
    ],
)
def test_scope_of_each_role(cast, routes, who, expected):
    assert seen(getattr(cast, who), routes) == expected


def test_a_tutor_sees_the_routes_they_tutor_and_no_other(tutor, other_tutor, routes):
    assert seen(tutor, routes) == {"teacher", "school2"}
    assert seen(other_tutor, routes) == {"mentor"}


def test_pages_of_a_route_outside_the_scope_are_not_found(client, cast, routes, other_tutor):
    mine = routes["teacher"]
    for user in (other_tutor, cast.school2_admin, cast.other_user, cast.mentor_user):
        client.force_login(user)
        assert client.get(f"/routes/{mine.pk}/").status_code == 404
        assert client.get(f"/routes/{mine.pk}/steps/1/done/").status_code == 404


def test_the_list_shows_only_routes_in_scope(client, cast, routes):
    client.force_login(cast.school2_admin)

    page = client.get("/routes/").content.decode()

    assert "Орлова Вера" in page
    assert "Смирнова" not in page and "Кузнецов" not in page and "Волкова" not in page


def test_an_educator_does_not_see_the_draft_of_her_route(client, cast, tutor):
    draft = r.route(cast.teacher, region=cast.region, status=RouteStatus.DRAFT, tutor=tutor)
    client.force_login(cast.teacher_user)

    assert client.get(f"/routes/{draft.pk}/").status_code == 404
    assert "Смирнова" not in client.get("/routes/").content.decode()
