"""Who sees which part of the bank: the territory for the service, the organizations for their administrator,
nothing for an educator."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.difficulties import bank

from .conftest import deficit, help_request, reported

YEAR = bank.Filters(start=date(2024, 9, 1), end=date(2025, 8, 31))


@pytest.fixture
def records(cast, lesson):
    help_request(cast, cast.teacher, cast.school1, date(2024, 10, 1), competency=lesson)
    reported(cast.teacher, cast.school1, date(2024, 10, 2), competency=lesson)
    deficit(cast, cast.teacher, lesson, date(2024, 11, 30))
    help_request(cast, cast.school2_educator, cast.school2, date(2024, 10, 1), competency=lesson)
    help_request(cast, cast.other_educator, cast.school3, date(2024, 10, 1), competency=lesson)


def totals(user):
    return bank.table(user, YEAR).totals


@pytest.mark.usefixtures("records")
def test_each_user_counts_their_territory(cast):
    assert totals(cast.coordinator) == {"requests": 2, "deficits": 1, "reported": 1, "surveys": 0}
    assert totals(cast.regional_operator) == {"requests": 3, "deficits": 1, "reported": 1, "surveys": 0}
    assert totals(cast.school1_admin) == {"requests": 1, "deficits": 1, "reported": 1}
    assert totals(cast.school2_admin) == {"requests": 1, "deficits": 0, "reported": 0}


@pytest.mark.usefixtures("records", "on_today")
def test_school2_admin_sees_nothing_of_school1_in_the_drill_down(client, cast):
    client.force_login(cast.school2_admin)

    page = client.get(reverse("difficulties:cell"), {"topic": "c:methods.lesson"})

    assert page.status_code == 200
    drill = page.context["drill"]
    assert drill.counts == {"requests": 1, "deficits": 0, "reported": 0}
    assert "Смирнова" not in page.content.decode()
    assert page.context["plan"] is None  # an organization's administrator does not plan the service's help


@pytest.mark.usefixtures("records", "on_today")
@pytest.mark.parametrize(
    "name, args", [("index", ()), ("matrix", ("subject",)), ("trends", ()), ("cell", ()), ("export", ())]
)
def test_an_educator_has_no_bank(client, cast, name, args):
    client.force_login(cast.teacher_user)

    page = client.get(reverse(f"difficulties:{name}", args=args), {"topic": "c:methods.lesson"})

    if name == "index":
        assert page.status_code == 302 and page.url == reverse("difficulties:mine")
    else:
        assert page.status_code == 403


@pytest.mark.usefixtures("on_today")
def test_an_educator_cannot_plan_nor_keep_topics(client, cast):
    client.force_login(cast.teacher_user)

    assert client.post(reverse("difficulties:plan") + "?topic=c:methods.lesson").status_code == 403
    assert client.get(reverse("difficulties:topics")).status_code == 403
