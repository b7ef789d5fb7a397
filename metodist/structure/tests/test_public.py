"""The public page of the portal: published bodies with their functions and official contacts, nothing personal."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from metodist.structure.models import SystemBody

pytestmark = pytest.mark.usefixtures("on_today")


@pytest.fixture
def published(cast, structure):
    service = structure["service"]
    service.head, service.head_title = cast.mentor_educator, "директор МБУ «Информационно-методический центр»"
    service.phone, service.email, service.website = (
        "+7 (4852) 00-11-22",
        "imc@ensk.example.ru",
        "https://imc.example.ru",
    )
    service.save()
    service.members.set([cast.teacher, cast.school2_educator])
    hidden = structure["leaders"]
    hidden.name, hidden.public = "Рабочая группа по кадрам (не публикуется)", False
    hidden.save()
    return structure


def test_an_anonymous_visitor_sees_the_public_bodies_with_official_contacts(client, cast, published):
    page = client.get(reverse("structure:public", args=[cast.municipality.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="structure-box"') == 7
    for shown in ("+7 (4852) 00-11-22", "imc@ensk.example.ru", "https://imc.example.ru", "«Пары» педагогов",
                  "директор МБУ «Информационно-методический центр»", "фасилитацию переноса"):  # fmt: skip
        assert shown in html


def test_the_public_page_shows_no_person_and_no_unpublished_body(client, cast, published):
    people = (cast.mentor_educator, cast.teacher, cast.school2_educator)

    html = client.get(reverse("structure:public", args=[cast.municipality.pk])).content.decode()

    for person in people:
        assert person.last_name not in html and person.first_name not in html
        assert person.birth_date.strftime("%d.%m.%Y") not in html and str(person.birth_date) not in html
        assert not person.snils or person.snils not in html
    assert "Рабочая группа по кадрам" not in html
    assert f"/structure/{published['leaders'].pk}/" not in html


def test_the_public_page_is_cached_publicly(client, cast, published):
    response = client.get(reverse("structure:public", args=[cast.municipality.pk]))

    assert response["Cache-Control"] == "public, max-age=300"
    assert "Set-Cookie" not in response.headers or "sessionid" not in response.headers["Set-Cookie"]


def test_a_municipality_without_a_published_structure_says_so(client, cast, structure):
    SystemBody.objects.update(public=False)

    page = client.get(reverse("structure:public", args=[cast.municipality.pk]))

    assert page.status_code == 200
    assert "пока не опубликована" in page.content.decode()
    assert client.get(reverse("structure:public", args=[999999])).status_code == 404


def test_the_public_page_reads_a_fixed_number_of_queries(client, cast, published, django_assert_num_queries):
    with django_assert_num_queries(2):
        client.get(reverse("structure:public", args=[cast.municipality.pk]))


def test_the_portals_municipality_page_links_to_the_public_structure(cast):
    context = {"municipality": cast.municipality, "reports": [], "latest": None, "roadmaps": [], "events": []}

    html = render_to_string("portal/municipality.html", context)

    assert f'href="/structure/public/{cast.municipality.pk}/"' in html
