"""A methodologist records a training by hand: the educator is chosen from a capped list narrowed by a search,
and any educator of the scope is accepted, none outside it."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.people.models import Educator
from metodist.testing import growth as g
from metodist.training.forms import TrainingForm
from metodist.training.models import Program, Training, TrainingSource

pytestmark = pytest.mark.usefixtures("on_today")
URL = reverse("training:training_create")


def posted(educator, **changes):
    data = {"educator": educator.pk, "title": "Медиация в школе", "provider": "ИМЦ", "hours": "36", "kind": "pk",
            "starts_on": "2024-10-01", "ends_on": "2024-10-20", "result": "completed",
            "certificate_number": "7701 123456"}  # fmt: skip
    data.update(changes)
    return data


def listed(form) -> list[str]:
    """The educators the form's select shows, in their order."""
    return [label for value, label in form.fields["educator"].widget.choices if value]


@pytest.fixture
def capped(monkeypatch):
    # the methodologist's municipality employs three educators: Кузнецов, Орлова, Смирнова; two are listed
    monkeypatch.setattr("metodist.community.forms.SHOWN", 2)


def test_the_list_shows_the_first_educators_and_a_search_narrows_it(client, cast, capped):
    client.force_login(cast.methodologist)

    everyone = client.get(URL)
    smirnova = client.get(URL, {"educator_q": "смирн"})

    assert listed(everyone.context["form"]) == ["Кузнецов Павел Андреевич", "Орлова Вера Петровна"]
    assert not everyone.context["form"].shown_all and "уточните поиск" in everyone.content.decode()
    assert listed(smirnova.context["form"]) == ["Смирнова Анна Игоревна"] and smirnova.context["form"].shown_all
    assert 'name="educator_q" id="id_educator_q" value="смирн"' in smirnova.content.decode()


def test_an_educator_of_the_scope_not_listed_is_accepted(client, cast, capped):
    client.force_login(cast.methodologist)

    response = client.post(URL, posted(cast.teacher))

    assert response.status_code == 302
    saved = Training.objects.get()
    assert (saved.educator, saved.title, saved.source) == (cast.teacher, "Медиация в школе", TrainingSource.MANUAL)


def test_an_educator_outside_the_scope_is_refused_and_nothing_is_written(client, cast):
    client.force_login(cast.methodologist)

    response = client.post(URL, posted(cast.other_educator))  # Волкова works in another municipality

    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.context["form"].errors["educator"][0]
    assert "Волкова" not in response.content.decode()
    assert not Training.objects.exists()


def test_a_form_shown_again_lists_the_chosen_educator_and_stays_capped(client, cast, monkeypatch):
    monkeypatch.setattr("metodist.community.forms.SHOWN", 1)
    client.force_login(cast.methodologist)

    response = client.post(URL, posted(cast.teacher, title=""))  # neither a program nor a title

    form = response.context["form"]
    assert "program" in form.errors
    assert listed(form) == ["Кузнецов Павел Андреевич", "Смирнова Анна Игоревна"]
    assert f'<option value="{cast.teacher.pk}" selected>Смирнова Анна Игоревна</option>' in response.content.decode()


def test_an_edited_training_keeps_its_educator_in_the_list(cast, capped, today):
    # a training of Смирнова, edited while the search finds only Кузнецов
    program = g.program(title="Формирующее оценивание")
    training = g.training(cast.teacher, program, ends_on=date(2024, 10, 20), region=cast.region)
    educators = Educator.objects.in_scope(cast.methodologist).employed(today)

    form = TrainingForm(instance=training, educators=educators, programs=Program.objects.all(), query="кузнецов")

    assert listed(form) == ["Кузнецов Павел Андреевич", "Смирнова Анна Игоревна"]
