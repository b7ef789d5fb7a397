"""Choosing the educator of a new route: a capped list of those with open deficits and no running route,
narrowed by a search; any educator of the scope may be chosen (a link with ?educator=), none outside it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodist.routes.models import LearningRoute, RouteStatus
from metodist.testing import factories as f
from metodist.testing import routes as r

from .conftest import deficits_of

pytestmark = pytest.mark.usefixtures("on_today")
URL = "/routes/new/"


def listed(form) -> list[str]:
    """The educators the chooser's select shows, in their order."""
    return [label for value, label in form.fields["educator"].widget.choices if value]


@pytest.fixture
def deficient(cast, first_diagnostic):
    """Кузнецов, Орлова and Смирнова (the methodologist's municipality) and Волкова (another) with a deficit."""
    for educator in (cast.teacher, cast.mentor_educator, cast.school2_educator, cast.other_educator):
        deficits_of(educator, first_diagnostic, {"assess.formative": 3})


@pytest.fixture
def capped(monkeypatch):
    monkeypatch.setattr("metodist.community.forms.SHOWN", 2)


def test_the_chooser_lists_the_first_educators_and_a_search_narrows_it(client, cast, deficient, capped):
    client.force_login(cast.methodologist)

    everyone = client.get(URL)
    smirnova = client.get(URL, {"educator_q": "смирн"})

    assert listed(everyone.context["chooser"]) == ["Кузнецов Павел Андреевич", "Орлова Вера Петровна"]
    assert not everyone.context["chooser"].shown_all and "уточните поиск" in everyone.content.decode()
    assert listed(smirnova.context["chooser"]) == ["Смирнова Анна Игоревна"]
    assert smirnova.context["chooser"].shown_all and smirnova.context["form"] is None


def test_an_educator_with_a_running_route_is_not_offered(client, cast, deficient, tutor):
    r.route(cast.mentor_educator, region=cast.region, status=RouteStatus.IN_PROGRESS, tutor=tutor)
    client.force_login(cast.methodologist)

    chooser = client.get(URL).context["chooser"]

    assert listed(chooser) == ["Орлова Вера Петровна", "Смирнова Анна Игоревна"]


def test_an_educator_of_the_scope_not_listed_is_chosen_by_a_link(client, cast, deficient, capped):
    client.force_login(cast.methodologist)

    response = client.get(URL, {"educator": cast.teacher.pk})  # Смирнова is third: not in the list of two

    assert response.context["educator"] == cast.teacher
    assert "Создать черновик и предложить шаги" in response.content.decode()


def test_an_educator_outside_the_scope_is_refused_and_nothing_is_written(client, cast, deficient, tutor):
    client.force_login(cast.methodologist)

    chosen = client.get(URL, {"educator": cast.other_educator.pk})  # Волкова works in another municipality
    response = client.post(URL, {
        "educator": cast.other_educator.pk, "goal": "Оценивание", "base": "cnppm", "tutor": tutor.pk,
        "curator_kind": "tutor", "starts_on": "2025-01-15", "ends_on": "2025-12-31",
    })  # fmt: skip

    for page in (chosen, response):
        assert page.status_code == 200 and page.context["form"] is None
        assert "Выберите корректный вариант" in page.context["chooser"].errors["educator"][0]
        assert "Волкова" not in page.content.decode()
    assert listed(chosen.context["chooser"]) == [
        "Кузнецов Павел Андреевич",
        "Орлова Вера Петровна",
        "Смирнова Анна Игоревна",
    ]
    assert not LearningRoute.objects.exists()


def test_a_refused_choice_shows_the_capped_list_again(client, cast, deficient, capped):
    client.force_login(cast.methodologist)

    chooser = client.get(URL, {"educator": "0"}).context["chooser"]

    assert listed(chooser) == ["Кузнецов Павел Андреевич", "Орлова Вера Петровна"]


def test_the_chooser_costs_the_same_queries_with_more_educators(
    client, cast, first_diagnostic, django_assert_num_queries
):
    client.force_login(cast.methodologist)
    for educator in (cast.teacher, cast.mentor_educator):
        deficits_of(educator, first_diagnostic, {"assess.formative": 3})
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)

    for _ in range(20):
        educator = f.EducatorFactory()
        f.EmploymentFactory(educator=educator, organization=cast.school1)
        deficits_of(educator, first_diagnostic, {"assess.formative": 3})

    with django_assert_num_queries(len(few)):
        client.get(URL)
