"""An educator reports a difficulty from the cabinet: home organization copied, own list, delete own only."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.difficulties.cabinet import panel
from metodist.difficulties.models import ReportedDifficulty
from metodist.testing import factories as f

from .conftest import reported


@pytest.mark.usefixtures("on_today")
def test_the_teacher_reports_a_difficulty_on_a_competency(client, cast, lesson):
    client.force_login(cast.teacher_user)

    page = client.post(
        reverse("difficulties:mine"),
        {
            "topic": f"c{lesson.pk}",
            "subject": f.subject("mathematics").pk,
            "description": "Не получается групповая работа",
        },
    )

    assert page.status_code == 302
    difficulty = ReportedDifficulty.objects.get()
    assert (difficulty.educator, difficulty.organization, difficulty.municipality, difficulty.reported_on) == (
        cast.teacher,
        cast.school1,
        cast.municipality,
        date(2025, 1, 15),
    )
    assert panel(cast.teacher_user, date(2025, 1, 15))["count"] == 1


@pytest.mark.usefixtures("on_today")
def test_a_topic_is_required_in_russian(client, cast):
    client.force_login(cast.teacher_user)

    page = client.post(reverse("difficulties:mine"), {"topic": "", "description": "Текст сохраняется"})

    assert "Обязательное поле." in page.content.decode()
    assert "Текст сохраняется" in page.content.decode()
    assert not ReportedDifficulty.objects.exists()


@pytest.mark.usefixtures("on_today")
def test_she_sees_and_deletes_her_own_only(client, cast, lesson):
    mine = reported(cast.teacher, cast.school1, date(2025, 1, 10), competency=lesson)
    theirs = reported(cast.school2_educator, cast.school2, date(2025, 1, 10), competency=lesson)
    client.force_login(cast.teacher_user)

    listed = client.get(reverse("difficulties:mine")).context["own"]
    refused = client.post(reverse("difficulties:delete", args=[theirs.pk]))
    client.post(reverse("difficulties:delete", args=[mine.pk]))

    assert list(listed) == [mine]
    assert refused.status_code == 404
    assert list(ReportedDifficulty.objects.all()) == [theirs]
