"""The matching pages: who may run and publish, the review and publication, stale proposals, the weights form."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodist.accounts.models import Role
from metodist.audit.models import AuditEntry
from metodist.mentoring.models import MentoringProgram, Mentorship, MentorshipSource, MentorshipStatus
from metodist.mentoring.models_matching import MatchMode, MatchWeights
from metodist.testing import community
from metodist.testing import factories as f

from .matching_fixtures import educator

MATCHING = reverse("mentoring:matching")
PUBLISH = reverse("mentoring:matching_publish")
WEIGHTS = reverse("mentoring:weights")


@pytest.fixture
def pool(cast, on_today):
    """Two young teachers of school 2 besides the cast's teacher; the cast's mentor and school 2's teacher mentor."""
    return [educator(cast.school2, "Белова", young=True), educator(cast.school2, "Гусева", young=True)]


def run(client, user):
    client.force_login(user)
    return client.get(MATCHING, {"run": "1"})


@pytest.mark.parametrize("who", ["school1_admin", "teacher_user", "mentor_user", "regional_operator"])
def test_only_the_municipality_territory_roles_match(client, cast, who):
    client.force_login(getattr(cast, who))

    assert client.get(MATCHING, {"run": "1"}).status_code == 403
    assert client.post(PUBLISH, {"token": "x"}).status_code == 403
    assert client.get(WEIGHTS).status_code == 403


def test_other_municipality_does_not_see_our_educator(client, cast, pool):
    other = f.UserFactory(username="coord-m", role=Role.COORDINATOR, municipality=cast.other_municipality)
    client.force_login(other)

    assert client.get(MATCHING, {"educator": cast.teacher.pk}).status_code == 404
    assert client.get(MATCHING, {"educator": "abc"}).status_code == 404


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(MATCHING, {"run": "1"}).status_code == 200
    return len(queries)


def test_the_proposal_reads_a_fixed_number_of_queries(client, cast, pool):
    client.force_login(cast.coordinator)
    few = _queries(client)

    for n in range(4):
        educator(cast.school1, f"Молодая{n}", young=True)
        educator(cast.school2, f"Опытная{n}")

    assert _queries(client) == few


def test_coordinator_reviews_and_publishes_the_proposal(client, cast, pool):
    client.force_login(cast.coordinator)

    page = client.get(MATCHING, {"run": "1"})

    text = page.content.decode()
    assert page.status_code == 200
    assert 'Предложено пар: <strong id="proposed-count">3</strong>' in text
    assert "нагрузка 0 из 2" in text
    response = client.post(PUBLISH, {"token": page.context["token"],
                                     "exclude": [cast.teacher.pk]}, follow=True)  # fmt: skip
    assert "Утверждено наставнических пар: 2" in response.content.decode()
    made = Mentorship.objects.filter(source=MentorshipSource.MATCHED)
    assert made.count() == 2 and {m.status for m in made} == {MentorshipStatus.ACTIVE}
    assert set(made.values_list("memberships__educator", flat=True)) == {pool[0].pk, pool[1].pk}
    assert all(m.reason.startswith("дефицитов по диагностике нет") for m in made)
    program = MentoringProgram.objects.get()
    assert program.organization is None and program.municipality == cast.municipality
    assert AuditEntry.objects.filter(model="mentoring.mentorship").count() == 2


def test_a_second_publish_is_refused_and_loses_nothing(client, cast, pool):
    page = run(client, cast.methodologist)
    data = {"token": page.context["token"], "exclude": [cast.teacher.pk, pool[1].pk]}
    client.post(PUBLISH, data)

    response = client.post(PUBLISH, data, follow=True)

    assert "Предложение устарело, ничего не сохранено: у педагога Белова Анна Ивановна уже есть наставник" in (
        response.content.decode()
    )
    assert Mentorship.objects.count() == 1


def test_a_stale_proposal_is_refused_as_a_whole(client, cast, pool):
    page = run(client, cast.coordinator)
    line = next(line for line in page.context["proposal"].lines if line.mentee_id == pool[1].pk)
    # meanwhile the mentor proposed for Гусева is given two mentees by hand (limit 2)
    mentor = Mentorship.mentor.field.related_model.objects.get(pk=line.choice.mentor_id)
    community.mentorship(mentor, [educator(cast.school1, "Х", young=True), educator(cast.school1, "Ц", young=True)],
                         program=community.program(cast.school1), source=MentorshipSource.MANUAL)  # fmt: skip

    response = client.post(PUBLISH, {"token": page.context["token"], "exclude": [cast.teacher.pk]},
                           follow=True)  # fmt: skip

    assert "свободных мест 0" in response.content.decode()
    assert not Mentorship.objects.filter(source=MentorshipSource.MATCHED).exists()


def test_a_forged_or_empty_publish_is_refused(client, cast, pool):
    page = run(client, cast.coordinator)

    forged = client.post(PUBLISH, {"token": page.context["token"] + "x"}, follow=True)
    everyone = [cast.teacher.pk, pool[0].pk, pool[1].pk]
    empty = client.post(PUBLISH, {"token": page.context["token"], "exclude": everyone}, follow=True)

    assert "Предложение повреждено" in forged.content.decode()
    assert "Не выбрано ни одной пары" in empty.content.decode()
    assert not Mentorship.objects.exists()


def test_ranked_mentors_of_one_educator(client, cast, pool):
    client.force_login(cast.coordinator)

    page = client.get(MATCHING, {"educator": cast.teacher.pk})

    choices = [choice for choice, _ in page.context["choices"]]
    # the mentor of her school (same school) first, then the teacher of school 2
    assert [c.mentor_id for c in choices] == [cast.mentor_educator.pk, cast.school2_educator.pk]
    assert choices[0].reason.endswith("та же школа; нагрузка 0 из 2")
    token = page.context["choices"][0][1]
    client.post(PUBLISH, {"token": token})
    assert Mentorship.objects.get().mentor == cast.mentor_educator


def test_weights_are_validated_in_russian_and_saved(client, cast):
    client.force_login(cast.coordinator)
    fields = {"coverage_weight": 0, "subject_weight": 0, "level_weight": 0, "place_weight": 0, "load_weight": 0,
              "default_limit": 3, "mode": MatchMode.EVERYONE, "min_score": 40}  # fmt: skip

    refused = client.post(WEIGHTS, fields)
    too_big = client.post(WEIGHTS, {**fields, "coverage_weight": 11})
    saved = client.post(WEIGHTS, {**fields, "coverage_weight": 7})

    assert "Хотя бы один вес должен быть больше нуля." in refused.content.decode()
    assert "Не больше 10." in too_big.content.decode()
    assert saved.status_code == 302
    weights = MatchWeights.objects.get(municipality=cast.municipality)
    assert (weights.coverage_weight, weights.default_limit, weights.mode) == (7, 3, MatchMode.EVERYONE)
    assert AuditEntry.objects.filter(model="mentoring.matchweights").exists()


def test_weights_saved_meanwhile_are_not_overwritten(client, cast):
    client.force_login(cast.coordinator)
    opened = client.get(WEIGHTS).context["lock"]
    MatchWeights.objects.create(municipality=cast.municipality, coverage_weight=9, version=2)
    data = {"coverage_weight": 1, "subject_weight": 1, "level_weight": 1, "place_weight": 1, "load_weight": 1,
            "default_limit": 2, "mode": MatchMode.BEST_TOTAL, "min_score": 30,
            "lock-version": opened.initial["version"], "lock-opened": opened.initial["opened"]}  # fmt: skip

    response = client.post(WEIGHTS, data)

    assert "изменена другим пользователем" in response.content.decode()
    assert MatchWeights.objects.get().coverage_weight == 9


def test_the_page_without_a_run_shows_the_weights(client, cast):
    client.force_login(cast.coordinator)

    page = client.get(MATCHING)

    assert page.status_code == 200
    assert "покрытие дефицитов наставляемого сильными сторонами наставника — вес 5" in page.content.decode()
    assert "proposal" not in page.context


def test_ranked_list_says_when_the_educator_has_a_mentor(client, cast):
    community.mentorship(cast.mentor_educator, [cast.teacher], program=community.program(cast.school1))
    client.force_login(cast.coordinator)

    page = client.get(MATCHING, {"educator": cast.teacher.pk})

    assert "У педагога уже есть наставник: Кузнецов Павел Андреевич" in page.content.decode()


def test_an_experienced_educator_is_assigned_from_her_ranked_list(client, cast, pool):
    client.force_login(cast.coordinator)
    page = client.get(MATCHING, {"educator": cast.school2_educator.pk})
    choice, token = page.context["choices"][0]

    response = client.post(PUBLISH, {"token": token,
                                     "back": f"{MATCHING}?educator={cast.school2_educator.pk}"})  # fmt: skip

    assert response.url == f"{MATCHING}?educator={cast.school2_educator.pk}"
    assert Mentorship.objects.get().memberships.get().educator == cast.school2_educator
    assert choice.mentor_id != cast.school2_educator.pk


def test_a_mentee_who_left_the_municipality_is_not_published(client, cast, pool):
    page = run(client, cast.coordinator)
    pool[0].employments.update(end_date="2025-01-01")

    data = {"token": page.context["token"], "exclude": [cast.teacher.pk, pool[1].pk]}
    response = client.post(PUBLISH, data, follow=True)

    assert "Белова Анна Ивановна больше не работает в муниципальном образовании" in response.content.decode()
    assert not Mentorship.objects.exists()
