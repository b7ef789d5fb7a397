"""Two administrators of school 1 fill its card at once: the second save of a card opened before the first is
refused with what changed, in the page and in the API; nothing typed is lost."""

import pytest
from django.test import Client
from django.urls import reverse

from metodist.accounts.models import Role
from metodist.monitoring import actions
from metodist.monitoring.models import CardEvent, DataElement
from metodist.testing import factories as f

from .campaigns import campaign_fixture, card_of, catalogue_fixture  # noqa: F401 (fixtures)


def opened(client, card) -> dict:
    """The hidden fields of the card form as the page gave them: the version it was opened at."""
    lock = client.get(reverse("monitoring:card", args=[card.pk])).context["lock"]
    return {field.html_name: field.value() for field in lock}


@pytest.fixture
def two_sessions(cast, campaign):
    """School 1's administrator and her deputy, each with the school's card open in their own browser."""
    deputy = f.UserFactory(username="school1_deputy", role=Role.ORG_ADMIN, organizations=[cast.school1])
    card = card_of(campaign, cast.school1)
    first, second = Client(), Client()
    first.force_login(cast.school1_admin)
    second.force_login(deputy)
    return card, (first, opened(first, card)), (second, opened(second, card))


def test_the_second_save_of_a_card_opened_before_the_first_is_refused(two_sessions):
    card, (first, lock_first), (second, lock_second) = two_sessions
    url = reverse("monitoring:card", args=[card.pk])
    first.post(url, {**lock_first, "staff_total": "3", "sanatorium": "1", "action": "save"})

    response = second.post(url, {**lock_second, "staff_total": "5", "sanatorium": "2", "action": "save"})

    assert response.status_code == 200
    values = {value.element.code: value.number for value in card.values.select_related("element")}
    assert values == {"staff_total": 3, "sanatorium": 1}
    assert CardEvent.objects.filter(submission=card).count() == 2  # the first save's two values only


def test_the_refusal_lists_what_changed_and_keeps_the_input(cast, two_sessions):
    card, (first, lock_first), (second, lock_second) = two_sessions
    url = reverse("monitoring:card", args=[card.pk])
    first.post(url, {**lock_first, "staff_total": "3", "sanatorium": "", "action": "save"})

    response = second.post(url, {**lock_second, "staff_total": "5", "sanatorium": "", "action": "save"})

    staff_total = DataElement.objects.get(card=card.card, code="staff_total").name
    conflict = response.context["conflict"]
    assert conflict["lines"] == [(staff_total, None, "3")]
    assert conflict["by"] == cast.school1_admin
    page = response.content.decode()
    assert "Запись изменена другим пользователем" in page
    assert 'value="5"' in page  # what the deputy typed is still in the form


def test_saving_again_after_the_refusal_goes_through(two_sessions):
    card, (first, lock_first), (second, lock_second) = two_sessions
    url = reverse("monitoring:card", args=[card.pk])
    first.post(url, {**lock_first, "staff_total": "3", "sanatorium": "", "action": "save"})
    refused = second.post(url, {**lock_second, "staff_total": "5", "sanatorium": "", "action": "save"})
    lock_now = {field.html_name: field.value() for field in refused.context["lock"]}

    response = second.post(url, {**lock_now, "staff_total": "5", "sanatorium": "", "action": "save"})

    assert response.status_code == 302
    assert card.values.get(element__code="staff_total").number == 5


def test_a_card_returned_since_it_was_opened_is_not_saved_over(cast, campaign):
    """A change of status moves the version on too: the form opened before it must be read again."""
    card = card_of(campaign, cast.school1)
    client = Client()
    client.force_login(cast.school1_admin)
    lock = opened(client, card)
    actions.save_card_values(card, {"staff_total": "2"}, by=cast.school1_admin)
    actions.submit_card(card, by=cast.school1_admin, errors=[])
    actions.return_card(card, by=cast.coordinator, comment="Проверьте численность.")

    client.post(reverse("monitoring:card", args=[card.pk]), {**lock, "staff_total": "7", "action": "save"})

    assert card.values.get(element__code="staff_total").number == 2
