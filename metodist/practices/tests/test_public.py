"""The public registry: no login, accepted practices only, nothing personal beyond authors' names."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from metodist.practices.models import Status

from .conftest import PDF, material, practice


@pytest.fixture
def practices(cast):
    cast.teacher.snils, cast.teacher.email = "11223344595", "smirnova@example.org"
    cast.teacher.save()
    return {
        status: practice(cast.school1, [cast.teacher], status=status, title=f"Практика {status}")
        for status in (Status.ACCEPTED, Status.SUBMITTED, Status.UNDER_REVIEW, Status.RETURNED, Status.REJECTED)
    }


def test_an_anonymous_visitor_sees_accepted_practices_only(client, practices):
    response = client.get(reverse("practices:public"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Практика accepted" in html and "Смирнова Анна Игоревна" in html
    for status in ("submitted", "under_review", "returned", "rejected"):
        assert f"Практика {status}" not in html


def test_the_public_card_shows_no_personal_data(client, cast, practices):
    response = client.get(reverse("practices:public_detail", args=[practices[Status.ACCEPTED].pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Школа № 1" in html
    for personal in ("11223344595", "smirnova@example.org", "02.03.1999", "1999-03-02"):
        assert personal not in html


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.REJECTED, Status.RETURNED])
def test_a_practice_not_accepted_is_not_found_in_the_public_registry(client, practices, status):
    assert client.get(reverse("practices:public_detail", args=[practices[status].pk])).status_code == 404


def test_public_pages_may_be_cached_and_others_may_not(client, practices):
    public = client.get(reverse("practices:public"))
    private = client.get(reverse("practices:index"))

    assert "public" in public["Cache-Control"] and "no-store" not in public["Cache-Control"]
    assert private.status_code == 302 and "/accounts/login/" in private["Location"]


def test_the_public_list_is_read_in_a_fixed_number_of_queries(client, cast, practices, django_assert_num_queries):
    for number in range(5):
        practice(cast.school2, [cast.school2_educator, cast.mentor_educator], title=f"Ещё {number}")

    with django_assert_num_queries(3):  # the count, the page, the authors
        client.get(reverse("practices:public"))


def test_the_public_card_lists_the_materials_of_its_practice_only(client, practices, media):
    accepted = practices[Status.ACCEPTED]
    plan = material(accepted, order=2, title="Конспект урока", file=ContentFile(PDF, name="plan.pdf"))
    material(practices[Status.SUBMITTED], order=2, title="Черновик конспекта", link="https://example.org/draft")

    card = client.get(reverse("practices:public_detail", args=[accepted.pk])).content.decode()
    listed = client.get(reverse("practices:public")).content.decode()

    download = reverse("practices:public_material", args=[accepted.pk, plan.pk])
    assert f'href="{download}">Конспект урока</a>' in card
    assert 'href="https://example.org/p" rel="noopener nofollow">Описание</a>' in card
    assert "/remove/" not in card and "Добавить материал" not in card
    for html in (card, listed):
        assert "Черновик конспекта" not in html and "example.org/draft" not in html


def test_a_file_is_served_without_login_from_an_accepted_practice_only(client, practices, media):
    plans = {status: material(of, order=2, file=ContentFile(PDF, name="plan.pdf")) for status, of in practices.items()}

    answers = {}
    for status, of in practices.items():
        response = client.get(reverse("practices:public_material", args=[of.pk, plans[status].pk]))
        answers[status] = (response.status_code, b"".join(response.streaming_content) if status == "accepted" else b"")
    accepted = practices[Status.ACCEPTED]
    # a submitted practice's file under the accepted one's address; the accepted one's link, which is no file
    crossed = client.get(reverse("practices:public_material", args=[accepted.pk, plans[Status.SUBMITTED].pk]))
    link = client.get(reverse("practices:public_material", args=[accepted.pk, accepted.materials.get(order=1).pk]))

    assert answers == {"accepted": (200, PDF), "submitted": (404, b""), "under_review": (404, b""),
                       "returned": (404, b""), "rejected": (404, b"")}  # fmt: skip
    assert (crossed.status_code, link.status_code) == (404, 404)


def test_the_old_address_of_the_single_file_leads_to_the_first_file_of_an_accepted_practice_only(
    client, practices, media
):
    plans = {status: material(of, order=2, file=ContentFile(PDF, name="plan.pdf")) for status, of in practices.items()}
    accepted = practices[Status.ACCEPTED]

    old = client.get(f"/practices/public/{accepted.pk}/material/")

    assert old.status_code == 301
    assert old.url == reverse("practices:public_material", args=[accepted.pk, plans[Status.ACCEPTED].pk])
    for status in ("submitted", "under_review", "returned", "rejected"):
        assert client.get(f"/practices/public/{practices[status].pk}/material/").status_code == 404
