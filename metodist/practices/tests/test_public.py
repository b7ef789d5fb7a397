"""The public registry: no login, accepted practices only, nothing personal beyond authors' names."""

import pytest
from django.urls import reverse

from metodist.practices.models import Status

from .conftest import practice


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


def test_materials_of_an_accepted_practice_are_downloadable_without_login(client, practices, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    for status in (Status.ACCEPTED, Status.SUBMITTED):
        practices[status].material.save("plan.pdf", ContentFile(b"%PDF-1.4 demo"))

    accepted = client.get(reverse("practices:public_material", args=[practices[Status.ACCEPTED].pk]))
    submitted = client.get(reverse("practices:public_material", args=[practices[Status.SUBMITTED].pk]))

    assert accepted.status_code == 200 and b"".join(accepted.streaming_content) == b"%PDF-1.4 demo"
    assert submitted.status_code == 404
