"""Choosing the educator of a record: the entry and edit forms list a capped list narrowed by a search (a
region has tens of thousands of educators), accept any educator of the scope, and keep a record's own.

The methodologist of «Город N» sees three educators: Кузнецов and Смирнова of school 1, Орлова of school 2;
Волкова of school 3 (another municipality) is outside. The list is capped at two here: Кузнецов, Орлова."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodist.activities.forms import KINDS
from metodist.activities.models import ExpertKind, ExpertLevel, RecordKind
from metodist.testing import factories as f

from .conftest import activity, contract, expert

TABS = ["experts", "records", "contracts"]
REFUSED = "Выберите корректный вариант. Вашего варианта нет среди допустимых значений."


@pytest.fixture
def capped(monkeypatch):
    monkeypatch.setattr("metodist.community.forms.SHOWN", 2)


def post_data(tab, cast, educator, **changes) -> dict:
    """A valid entry of `tab` for `educator` (a pk), in school 1."""
    data = {
        "experts": {"kind": "subject_commission", "level": "regional", "body": "ГИА, математика"},
        "records": {"kind": "sanatorium", "title": "Санаторий"},
        "contracts": {"student": "Петров Пётр", "institution": "Педагогический колледж"},
    }[tab]
    return {**data, "educator": educator, "organization": cast.school1.pk, "started_on": "2024-09-01", **changes}


def record_of(tab, cast, educator):
    if tab == "experts":
        return expert(educator, cast.school1, ExpertKind.JURY, ExpertLevel.REGIONAL)
    if tab == "records":
        return activity(RecordKind.SANATORIUM, cast.school1, educator)
    return contract(cast.school1, educator=educator)


def _last_names(response, option: str) -> list[str]:
    select = re.search(r'<select name="educator".*?</select>', response.content.decode(), re.S).group(0)
    return [label.split()[0] for label in re.findall(option + r">([^<]*)</option>", select)]


def listed(response) -> list[str]:
    """The last names the page's select of educators offers, in its order (the empty choice left out)."""
    return _last_names(response, r'<option value="\d+"[^>]*')


def selected(response) -> list[str]:
    return _last_names(response, r'<option value="\d+" selected')


@pytest.mark.parametrize("tab", TABS)
def test_the_form_lists_at_most_the_cap_and_says_so(client, cast, capped, tab):
    client.force_login(cast.methodologist)

    response = client.get(reverse("activities:new", args=[tab]))

    assert listed(response) == ["Кузнецов", "Орлова"]
    html = response.content.decode()
    assert 'name="educator_q"' in html and "уточните поиск" in html


@pytest.mark.parametrize("tab", TABS)
def test_a_search_narrows_the_list_by_name(client, cast, capped, tab):
    client.force_login(cast.methodologist)

    response = client.get(reverse("activities:new", args=[tab]), {"educator_q": "смирн"})

    assert listed(response) == ["Смирнова"]
    assert "уточните поиск" not in response.content.decode()


@pytest.mark.parametrize("tab", TABS)
def test_an_educator_of_the_scope_beyond_the_list_is_accepted(client, cast, capped, tab):
    client.force_login(cast.methodologist)

    response = client.post(reverse("activities:new", args=[tab]), post_data(tab, cast, cast.teacher.pk))

    assert response.status_code == 302
    assert KINDS[tab][1].objects.get().educator == cast.teacher


@pytest.mark.parametrize("tab", TABS)
def test_an_educator_outside_the_scope_is_refused_and_nothing_is_written(client, cast, capped, tab):
    client.force_login(cast.methodologist)

    response = client.post(reverse("activities:new", args=[tab]), post_data(tab, cast, cast.other_educator.pk))

    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not KINDS[tab][1].objects.exists()
    assert listed(response) == ["Кузнецов", "Орлова"]  # shown again, the list is still capped


def test_a_form_shown_again_with_an_error_keeps_the_chosen_educator(client, cast, capped):
    client.force_login(cast.methodologist)
    url = reverse("activities:new", args=["records"]) + "?educator_q=орлов"

    response = client.post(url, post_data("records", cast, cast.teacher.pk, ended_on="2024-08-01"))

    assert "Дата окончания раньше даты начала." in response.content.decode()
    assert listed(response) == ["Орлова", "Смирнова"] and selected(response) == ["Смирнова"]


@pytest.mark.parametrize("tab", TABS)
def test_editing_a_record_keeps_its_educator_selected(client, cast, capped, tab):
    obj = record_of(tab, cast, cast.teacher)
    client.force_login(cast.methodologist)
    url = reverse("activities:edit", args=[tab, obj.pk])

    everyone = client.get(url)
    searched = client.get(url, {"educator_q": "орлов"})

    assert listed(everyone) == ["Кузнецов", "Орлова", "Смирнова"] and selected(everyone) == ["Смирнова"]
    assert listed(searched) == ["Орлова", "Смирнова"] and selected(searched) == ["Смирнова"]


@pytest.mark.parametrize("page", ["new", "edit"])
def test_the_form_costs_the_same_queries_for_few_and_many_educators(client, cast, capped, page,
                                                                    django_assert_num_queries):  # fmt: skip
    obj = record_of("records", cast, cast.teacher)
    url = reverse(f"activities:{page}", args=["records"] if page == "new" else ["records", obj.pk])
    client.force_login(cast.methodologist)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    for _ in range(10):
        f.EmploymentFactory(educator=f.EducatorFactory(), organization=cast.school1)

    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(listed(response)) == (2 if page == "new" else 3)
