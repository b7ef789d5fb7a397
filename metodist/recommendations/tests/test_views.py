"""The pages: who sees what (the sender's side within the campaign's municipality, a recipient only what is
addressed to them, never a draft), the buttons of the workflow, the readers' list and its .xlsx, the start-page
panel, and bad input."""

import pytest
from django.urls import reverse

from metodist.recommendations import actions
from metodist.recommendations.models import RecipientKind, Recommendation, RecommendationStatus
from metodist.testing.xlsx import read_table


def _login(client, user):
    client.force_login(user)
    return client


def _sent(world, rule):
    recommendation = Recommendation.objects.select_related("campaign").get(campaign=world.campaign, rule=rule)
    coordinator = world.cast.coordinator
    return actions.send(actions.approve(recommendation, by=coordinator), by=coordinator)


@pytest.fixture
def school1_sent(generated):
    """The peers' recommendation to school 1, sent."""
    return _sent(generated, "org-peers")


def test_the_coordinator_generates_from_the_campaign_page(client, world):
    _login(client, world.cast.coordinator)

    response = client.post(reverse("recommendations:generate", args=[world.campaign.pk]), follow=True)

    assert "Черновики сформированы" in response.content.decode()
    assert Recommendation.objects.filter(campaign=world.campaign, status=RecommendationStatus.DRAFT).exists()


def test_the_campaign_page_lists_the_drafts_in_constant_queries(client, generated, django_assert_max_num_queries):
    _login(client, generated.cast.methodologist)
    url = reverse("recommendations:campaign", args=[generated.campaign.pk])

    with django_assert_max_num_queries(12):
        response = client.get(url)

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 8
    assert "Сформировать черновики" in response.content.decode()


def test_approve_and_send_from_the_detail_page(client, generated):
    recommendation = Recommendation.objects.get(campaign=generated.campaign, rule="org-peers")
    _login(client, generated.cast.methodologist)

    client.post(reverse("recommendations:move", args=[recommendation.pk, "approve"]))
    response = client.post(reverse("recommendations:send_approved", args=[generated.campaign.pk]), follow=True)

    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.SENT
    assert "Направлено рекомендаций: 1." in response.content.decode()


def test_the_school_admin_reads_one_sent_to_the_school(client, school1_sent):
    user = school1_sent.organization.administrators.get()
    _login(client, user)

    index = client.get(reverse("recommendations:index")).content.decode()
    client.post(reverse("recommendations:read", args=[school1_sent.pk]))
    detail = client.get(reverse("recommendations:detail", args=[school1_sent.pk])).content.decode()

    assert "Вам направлены" in index and school1_sent.title in index
    assert "Вы ознакомились" in detail
    assert school1_sent.receipts.filter(user=user).exists()


def test_school2_admin_sees_nothing_of_school1(client, generated, school1_sent):
    _login(client, generated.cast.school2_admin)

    index = client.get(reverse("recommendations:index")).content.decode()

    assert school1_sent.title not in index
    assert client.get(reverse("recommendations:detail", args=[school1_sent.pk])).status_code == 404
    assert client.post(reverse("recommendations:read", args=[school1_sent.pk])).status_code == 404
    assert (
        client.get(reverse("recommendations:campaign", args=[generated.campaign.pk])).context["page"].paginator.count
        == 0
    )


def test_an_educator_does_not_see_another_educator_s(client, generated):
    cast = generated.cast
    to_teacher = _sent(generated, "educator-profile")
    to_mentor = Recommendation.objects.create(
        campaign=generated.campaign, recipient_kind=RecipientKind.EDUCATOR, educator=cast.mentor_educator,
        organization=cast.school1, municipality=cast.municipality, title="Наставнику", text="Текст",
        status=RecommendationStatus.SENT,
    )  # fmt: skip
    _login(client, cast.teacher_user)

    assert list(Recommendation.objects.addressed_to(cast.teacher_user)) == [to_teacher]
    assert client.get(reverse("recommendations:detail", args=[to_mentor.pk])).status_code == 404
    assert client.get(reverse("recommendations:detail", args=[to_teacher.pk])).status_code == 200


def test_drafts_are_never_visible_to_recipients(client, generated):
    cast = generated.cast
    draft = Recommendation.objects.get(campaign=generated.campaign, rule="educator-profile")
    approved = actions.approve(Recommendation.objects.select_related("campaign").get(pk=draft.pk), by=cast.coordinator)

    for user in (cast.teacher_user, cast.school1_admin):
        _login(client, user)
        assert client.get(reverse("recommendations:detail", args=[approved.pk])).status_code == 404
        assert not Recommendation.objects.addressed_to(user).exists()


def test_another_municipality_s_coordinator_sees_nothing(client, generated, other_coordinator):
    _sent(generated, "service-below")
    _login(client, other_coordinator)

    assert not Recommendation.objects.in_scope(other_coordinator).exists()
    assert not Recommendation.objects.addressed_to(other_coordinator).exists()
    assert client.get(reverse("recommendations:campaign", args=[generated.campaign.pk])).status_code == 404
    assert client.post(reverse("recommendations:generate", args=[generated.campaign.pk])).status_code == 404


def test_the_service_recommendation_reaches_the_methodologist(generated):
    sent = _sent(generated, "service-below")

    assert list(Recommendation.objects.addressed_to(generated.cast.methodologist)) == [sent]
    assert not Recommendation.objects.addressed_to(generated.cast.school1_admin).exists()


@pytest.mark.parametrize("who", ["school1_admin", "regional_operator"])
def test_who_does_not_manage_cannot_change(client, generated, who):
    recommendation = Recommendation.objects.get(campaign=generated.campaign, rule="org-peers")
    _login(client, getattr(generated.cast, who))

    assert client.post(reverse("recommendations:generate", args=[generated.campaign.pk])).status_code in (403, 404)
    assert client.post(reverse("recommendations:move", args=[recommendation.pk, "approve"])).status_code in (403, 404)
    assert Recommendation.objects.get(pk=recommendation.pk).status == RecommendationStatus.DRAFT


def test_the_readers_list_and_its_export(client, generated, school1_sent):
    cast = generated.cast
    actions.confirm_read(school1_sent, user=cast.school1_admin)
    _login(client, cast.coordinator)
    url = reverse("recommendations:readers", args=[generated.campaign.pk])

    page = client.get(url)
    table = read_table(client.get(url, {"format": "xlsx"}).content)

    summary = {item["label"]: (item["read"], item["total"]) for item in page.context["summary"]}
    assert summary[RecipientKind.ORGANIZATION.label] == (1, 1)
    ((title, kind, recipient, user, _sent_at, read_at),) = table.rows
    assert (title, kind, recipient) == (school1_sent.title, "Образовательной организации", "Школа № 1")
    assert read_at != "не ознакомлен(а)"


def test_an_unread_one_shows_as_unread(client, generated):
    sent = _sent(generated, "service-below")
    _login(client, generated.cast.coordinator)

    lines = client.get(reverse("recommendations:readers", args=[generated.campaign.pk])).context["lines"]

    # the service's recommendation goes to the coordinator and the methodologist of Город N, neither has read it
    assert {(line["user"].username, line["read_at"]) for line in lines if line["recommendation"] == sent} == {
        ("coordinator", None), ("methodologist", None),
    }  # fmt: skip


def test_the_teacher_s_start_page_shows_the_panel(client, generated, on_today):
    sent = _sent(generated, "educator-profile")
    _login(client, generated.cast.teacher_user)

    page = client.get(reverse("home:home")).content.decode()

    assert 'id="recommendations-panel"' in page and sent.title in page and "не прочитано: 1" in page


def test_adding_by_hand_needs_the_recipient(client, world):
    _login(client, world.cast.coordinator)
    url = reverse("recommendations:add", args=[world.campaign.pk])

    missing = client.post(url, {"recipient_kind": RecipientKind.EDUCATOR, "title": "Тема", "text": "Текст"})
    made = client.post(url, {"recipient_kind": RecipientKind.EDUCATOR, "educator": world.cast.teacher.pk,
                             "title": "Тема", "text": "Текст"})  # fmt: skip

    assert "Выберите педагога." in missing.content.decode()
    assert made.status_code == 302
    added = Recommendation.objects.get(campaign=world.campaign, title="Тема")
    assert (added.rule, added.educator, added.organization, added.municipality) == (
        "", world.cast.teacher, world.cast.school1, world.cast.municipality,
    )  # fmt: skip


def test_an_unknown_step_is_refused(client, generated):
    recommendation = Recommendation.objects.get(campaign=generated.campaign, rule="org-peers")
    _login(client, generated.cast.coordinator)

    assert client.post(reverse("recommendations:move", args=[recommendation.pk, "publish"])).status_code == 403


def test_the_edit_page_shows_a_conflict(client, generated):
    recommendation = Recommendation.objects.get(campaign=generated.campaign, rule="org-peers")
    _login(client, generated.cast.coordinator)
    url = reverse("recommendations:edit", args=[recommendation.pk])
    form = client.get(url).context["lock"]
    posted = {"title": "Моя правка", "text": recommendation.text, "lock-version": recommendation.version,
              "lock-opened": form.initial["opened"]}  # fmt: skip
    Recommendation.objects.filter(pk=recommendation.pk).update(title="Чужая правка", version=recommendation.version + 1)

    response = client.post(url, posted)

    assert 'id="edit-conflict"' in response.content.decode()
    assert Recommendation.objects.get(pk=recommendation.pk).title == "Чужая правка"


def test_the_school_admin_has_no_sender_side(client, generated):
    _login(client, generated.cast.school1_admin)

    page = client.get(reverse("recommendations:index")).content.decode()

    assert 'id="sent-to-me"' in page and 'id="campaigns"' not in page
