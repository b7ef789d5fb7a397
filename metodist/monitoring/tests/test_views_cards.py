"""Information cards: the campaign's card list with its rates, filling a card, validation, the workflow of
the coordinator, evidence files, the history; and who must not see or touch which card."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodist.audit.models import AuditEntry
from metodist.monitoring import actions
from metodist.monitoring.models import CardEvent, CardStatus
from metodist.testing import factories as f

from .builders import TEST_CATALOGUE, load_test_catalogue
from .campaigns import (  # noqa: F401 (fixtures)
    accepted,
    campaign_fixture,
    card_of,
    catalogue_fixture,
    login,
    open_cast_campaign,
    other_coordinator_fixture,
)

MOSCOW = dt.timezone(dt.timedelta(hours=3))
BEFORE_DEADLINE = dt.datetime(2024, 6, 10, 12, 0, tzinfo=MOSCOW)
AFTER_DEADLINE = dt.datetime(2024, 6, 20, 12, 0, tzinfo=MOSCOW)


def card_url(card, name="monitoring:card"):
    return reverse(name, args=[card.pk])


def test_card_list_shows_reporting_and_on_time_rates_per_municipality(client, cast, campaign):
    school1, school2 = card_of(campaign, cast.school1), card_of(campaign, cast.school2)
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        accepted(school1, {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        actions.save_card_values(school2, {"staff_total": "1", "sanatorium": "0"}, by=cast.school2_admin)
        actions.submit_card(school2, by=cast.school2_admin, errors=[])
        login(client, cast.coordinator)

        response = client.get(reverse("monitoring:campaign", args=[campaign.pk]))

    (rate,) = response.context["rates"]
    # three cards of Город N: school 1 on time and accepted, school 2 late, the municipal card not sent
    assert (rate.municipality, rate.total, rate.reported, rate.on_time, rate.accepted) == ("Город N", 3, 2, 1, 1)
    assert (rate.reporting, rate.punctuality) == (Decimal("66.7"), Decimal("33.3"))
    overdue = {submission.respondent.pk: late for submission, late in response.context["rows"]}
    assert overdue == {cast.school1.pk: False, cast.school2.pk: True, cast.municipality.pk: True}
    html = response.content.decode()
    assert "с опозданием" in html and "просрочена" in html


def test_school_administrator_sees_only_the_card_of_the_school(client, cast, campaign):
    login(client, cast.school2_admin)

    response = client.get(reverse("monitoring:campaign", args=[campaign.pk]))

    assert [submission.respondent for submission, _ in response.context["rows"]] == [cast.school2]
    assert "Школа № 1" not in response.content.decode()


def test_school2_administrator_cannot_open_or_change_the_card_of_school1(client, cast, campaign):
    school1 = card_of(campaign, cast.school1)
    login(client, cast.school2_admin)

    assert client.get(card_url(school1)).status_code == 404
    assert client.post(card_url(school1), {"staff_total": "5", "action": "save"}).status_code == 404
    assert client.post(card_url(school1, "monitoring:card_accept")).status_code == 404
    assert not school1.values.exists()


def test_school_administrator_cannot_see_the_municipal_card(client, cast, campaign):
    login(client, cast.school1_admin)

    assert client.get(card_url(card_of(campaign, cast.municipality))).status_code == 404


def test_coordinator_of_another_municipality_gets_404_on_every_card(client, cast, campaign, other_coordinator):
    login(client, other_coordinator)

    for respondent in (cast.school1, cast.school2, cast.municipality):
        assert client.get(card_url(card_of(campaign, respondent))).status_code == 404


@pytest.mark.parametrize("who", ["teacher_user", "mentor_user", "other_user"])
def test_an_educator_gets_404_on_a_card(client, cast, campaign, who):
    login(client, getattr(cast, who))

    assert client.get(card_url(card_of(campaign, cast.school1))).status_code == 404


def test_school_administrator_saves_a_draft_and_every_change_is_recorded(client, cast, campaign):
    card = card_of(campaign, cast.school1)
    login(client, cast.school1_admin)

    client.post(card_url(card), {"staff_total": "2", "sanatorium": "", "action": "save"})
    response = client.post(card_url(card), {"staff_total": "3", "sanatorium": "1", "action": "save"}, follow=True)

    card.refresh_from_db()
    assert card.status == CardStatus.DRAFT
    assert {v.element.code: v.number for v in card.values.select_related("element")} == {
        "staff_total": Decimal("3"),
        "sanatorium": Decimal("1"),
    }
    events = list(CardEvent.objects.filter(submission=card).order_by("pk").values_list("element__code", "old", "new"))
    assert events == [("staff_total", "", "2"), ("staff_total", "2", "3"), ("sanatorium", "", "1")]
    assert set(CardEvent.objects.filter(submission=card).values_list("actor", flat=True)) == {cast.school1_admin.pk}
    audit = AuditEntry.objects.for_object(card).order_by("pk").last()
    assert (audit.actor, audit.changes) == (cast.school1_admin, {"staff_total": ["2", "3"], "sanatorium": ["", "1"]})
    assert "Изменения сохранены." in response.content.decode()


def test_a_number_that_is_not_a_number_is_refused_and_nothing_is_saved(client, cast, campaign):
    card = card_of(campaign, cast.school1)
    login(client, cast.school1_admin)

    response = client.post(card_url(card), {"staff_total": "много", "sanatorium": "1", "action": "save"})

    assert response.status_code == 200
    assert response.context["form"].errors["staff_total"] == ["Введите число."]
    assert not card.values.exists()


def test_a_part_larger_than_its_whole_blocks_the_submission_with_a_russian_message(client, cast, campaign):
    card = card_of(campaign, cast.school1)
    login(client, cast.school1_admin)

    response = client.post(card_url(card), {"staff_total": "2", "sanatorium": "5", "action": "submit"}, follow=True)

    card.refresh_from_db()
    assert card.status == CardStatus.DRAFT
    message = (
        "«Прошли санаторно-курортное лечение» (5) больше, чем «Педагогических работников всего» (2): "
        "часть не может быть больше целого."
    )
    html = response.content.decode()
    # 5 is also more than the 2 pedagogical workers of the registry: a warning to explain besides the error
    assert "Карта сохранена, но не представлена: исправьте ошибки, отмеченные ниже (1) и поясните" in html
    assert message in html


def test_a_required_value_left_empty_blocks_the_submission(client, cast, campaign):
    card = card_of(campaign, cast.school1)
    login(client, cast.school1_admin)

    response = client.post(card_url(card), {"staff_total": "2", "sanatorium": "", "action": "submit"}, follow=True)

    card.refresh_from_db()
    assert card.status == CardStatus.DRAFT
    assert "Не заполнено обязательное поле «Прошли санаторно-курортное лечение»." in response.content.decode()


def test_a_negative_number_is_below_the_minimum(client, cast, campaign):
    card = card_of(campaign, cast.school1)
    login(client, cast.school1_admin)

    response = client.post(card_url(card), {"staff_total": "-1", "sanatorium": "0", "action": "submit"}, follow=True)

    assert "«Педагогических работников всего»: значение -1 меньше допустимого (0)." in response.content.decode()
    assert card_of(campaign, cast.school1).status == CardStatus.DRAFT


@pytest.fixture
def warning_campaign(cast, tmp_path):
    text = TEST_CATALOGUE.replace(
        'not_greater_than = "staff_total"', 'not_greater_than = "staff_total"\nseverity = "warning"'
    )
    return open_cast_campaign(cast, load_test_catalogue(tmp_path, text))


def test_a_warning_must_be_explained_before_submitting(client, cast, warning_campaign):
    card = card_of(warning_campaign, cast.school1)
    login(client, cast.school1_admin)
    values = {"staff_total": "2", "sanatorium": "3", "action": "submit"}

    refused = client.post(card_url(card), values, follow=True)
    card.refresh_from_db()
    status_after_refusal = card.status
    blank = client.post(card_url(card), {**values, "sanatorium__explanation": "  "}, follow=True)
    client.post(card_url(card), {**values, "sanatorium__explanation": "Трое — совместители из других школ."})

    card.refresh_from_db()
    assert status_after_refusal == CardStatus.DRAFT
    html = refused.content.decode()
    assert "не представлена: поясните предупреждения (1): напишите у поля, почему значение верно." in html
    assert "Предупреждение:" in html
    assert 'name="sanatorium__explanation"' in html
    assert 'name="staff_total__explanation"' not in html  # only the warned element asks for an explanation
    assert "поясните предупреждения (1)" in blank.content.decode()
    assert card.status == CardStatus.SUBMITTED
    assert card.values.get(element__code="sanatorium").explanation == "Трое — совместители из других школ."


def test_the_coordinator_sees_the_explanation_beside_the_warning_and_in_the_history(client, cast, warning_campaign):
    card = card_of(warning_campaign, cast.school1)
    actions.save_card_values(
        card, {"staff_total": "2", "sanatorium": "3", "sanatorium__explanation": "Трое — совместители."},
        by=cast.school1_admin,
    )  # fmt: skip
    actions.submit_card(card, by=cast.school1_admin, errors=[])
    login(client, cast.coordinator)

    html = client.get(card_url(card)).content.decode()

    assert "Пояснение организации:</strong> Трое — совместители." in html
    assert "Пояснение: Трое — совместители." in html  # the history row


def test_an_untouched_card_shows_no_errors_until_it_is_saved(client, cast, campaign):
    card = card_of(campaign, cast.school1)
    login(client, cast.school1_admin)

    untouched = client.get(card_url(card))
    submitted_empty = client.post(
        card_url(card), {"staff_total": "", "sanatorium": "", "action": "submit"}, follow=True
    )
    client.post(card_url(card), {"staff_total": "2", "sanatorium": "", "action": "save"})
    saved = client.get(card_url(card))

    assert [row["problems"] for row in untouched.context["rows"]] == [[], []]
    assert "Ошибка:" not in untouched.content.decode()
    assert "Не заполнено обязательное поле «Педагогических работников всего»." in submitted_empty.content.decode()
    assert "Не заполнено обязательное поле «Прошли санаторно-курортное лечение»." in saved.content.decode()


def test_a_fraction_of_people_is_refused_with_a_russian_message_and_not_saved(client, cast, campaign):
    card = card_of(campaign, cast.school1)
    login(client, cast.school1_admin)

    response = client.post(card_url(card), {"staff_total": "2.5", "sanatorium": "1", "action": "save"})

    assert response.status_code == 200
    assert response.context["form"].errors["staff_total"] == [
        "Укажите целое число: здесь считаются люди (или должности, программы) — без дробей."
    ]
    assert not card.values.exists()


def test_a_numerator_over_its_registry_denominator_asks_for_an_explanation(client, cast, tmp_path):
    """Seed 002 8.2 in small: a school reported 5 of its 2 young teachers (250 %)."""
    text = TEST_CATALOGUE.replace('not_greater_than = "staff_total"\n', "")
    campaign = open_cast_campaign(cast, load_test_catalogue(tmp_path, text))
    card = card_of(campaign, cast.school1)
    login(client, cast.school1_admin)

    response = client.post(card_url(card), {"staff_total": "2", "sanatorium": "5", "action": "submit"}, follow=True)

    card.refresh_from_db()
    assert card.status == CardStatus.DRAFT
    html = response.content.decode()
    assert (
        "«Прошли санаторно-курортное лечение» (5) больше, чем педагогические работники по реестру на 31.05.2024 (2)"
        in html
    )
    assert "не больше, чем педагогические работники по реестру на 31.05.2024:" in html
    assert "в карте больше: 5 &gt; 2" in html


def test_the_card_shows_the_registry_count_beside_the_reported_number_and_flags_a_difference(client, cast, campaign):
    card = card_of(campaign, cast.school1)
    actions.save_card_values(card, {"staff_total": "3", "sanatorium": "1"}, by=cast.school1_admin)
    login(client, cast.school1_admin)

    response = client.get(card_url(card))

    (staff_total,) = [row for row in response.context["rows"] if row["element"].code == "staff_total"]
    # pedagogical workers whose home organization is school 1: Смирнова and Кузнецов
    assert staff_total["registry"].count == 2
    assert staff_total["differs"] is True
    html = response.content.decode()
    assert "расхождение с реестром: в карте 3, по реестру 2" in html
    assert "по реестру на 31.05.2024:" in html
    assert "с картой" not in html


def test_the_registry_count_agrees_when_the_card_says_the_same(client, cast, campaign):
    card = card_of(campaign, cast.school2)
    actions.save_card_values(card, {"staff_total": "1", "sanatorium": "0"}, by=cast.school2_admin)
    login(client, cast.school2_admin)

    response = client.get(card_url(card))

    (staff_total,) = [row for row in response.context["rows"] if row["element"].code == "staff_total"]
    assert (staff_total["registry"].count, staff_total["differs"]) == (1, False)


@pytest.fixture
def submitted_card(cast, campaign):
    card = card_of(campaign, cast.school1)
    actions.save_card_values(card, {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)
    return actions.submit_card(card, by=cast.school1_admin, errors=[])


def test_coordinator_accepts_a_submitted_card_and_it_becomes_read_only(client, cast, submitted_card):
    login(client, cast.coordinator)

    client.post(card_url(submitted_card, "monitoring:card_accept"))
    login(client, cast.school1_admin)
    response = client.get(card_url(submitted_card))
    change = client.post(card_url(submitted_card), {"staff_total": "9", "sanatorium": "1", "action": "save"})

    submitted_card.refresh_from_db()
    assert submitted_card.status == CardStatus.ACCEPTED
    assert response.context["editable"] is False
    assert 'name="staff_total"' not in response.content.decode()
    assert change.status_code == 403
    assert submitted_card.values.get(element__code="staff_total").number == 2


def test_coordinator_returns_a_card_with_a_comment_that_the_school_sees(client, cast, submitted_card):
    login(client, cast.coordinator)

    client.post(card_url(submitted_card, "monitoring:card_return"), {"comment": "Уточните число педагогов."})
    login(client, cast.school1_admin)
    response = client.get(card_url(submitted_card))

    submitted_card.refresh_from_db()
    assert (submitted_card.status, submitted_card.comment) == (CardStatus.RETURNED, "Уточните число педагогов.")
    assert response.context["editable"] is True
    assert "Уточните число педагогов." in response.content.decode()
    event = CardEvent.objects.filter(submission=submitted_card).first()
    assert (event.actor, event.old, event.new, event.comment) == (
        cast.coordinator, "Представлена", "Возвращена на доработку", "Уточните число педагогов.",
    )  # fmt: skip


def test_returning_without_a_comment_is_refused(client, cast, submitted_card):
    login(client, cast.coordinator)

    response = client.post(card_url(submitted_card, "monitoring:card_return"), {"comment": "  "}, follow=True)

    submitted_card.refresh_from_db()
    assert submitted_card.status == CardStatus.SUBMITTED
    assert "Укажите, что нужно исправить." in response.content.decode()


def test_coordinator_reopens_an_accepted_card_with_a_reason(client, cast, submitted_card):
    actions.accept_card(submitted_card, by=cast.coordinator)
    login(client, cast.coordinator)

    client.post(card_url(submitted_card, "monitoring:card_reopen"), {"comment": "Ошибка в числе педагогов."})

    submitted_card.refresh_from_db()
    assert (submitted_card.status, submitted_card.accepted_at) == (CardStatus.RETURNED, None)
    assert CardEvent.objects.filter(submission=submitted_card).first().comment == "Ошибка в числе педагогов."


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("monitoring:card_accept", {}, "Принять можно только представленную карту."),
        ("monitoring:card_return", {"comment": "нет"}, "Вернуть можно только представленную карту."),
        ("monitoring:card_reopen", {"comment": "нет"}, "Открыть повторно можно только принятую карту."),
    ],
)
def test_wrong_transitions_of_a_draft_are_refused(client, cast, campaign, name, data, message):
    card = card_of(campaign, cast.school1)
    login(client, cast.coordinator)

    response = client.post(card_url(card, name), data, follow=True)

    card.refresh_from_db()
    assert card.status == CardStatus.DRAFT
    assert message in response.content.decode()


def test_a_submitted_card_cannot_be_submitted_again(client, cast, submitted_card):
    login(client, cast.school1_admin)

    response = client.post(card_url(submitted_card), {"staff_total": "2", "sanatorium": "1", "action": "submit"})

    assert response.status_code == 403


@pytest.mark.parametrize("who", ["school1_admin", "methodologist"])
def test_only_the_coordinator_accepts_and_returns(client, cast, submitted_card, who):
    login(client, getattr(cast, who))

    assert client.post(card_url(submitted_card, "monitoring:card_accept")).status_code == 403
    assert client.post(card_url(submitted_card, "monitoring:card_return"), {"comment": "x"}).status_code == 403

    submitted_card.refresh_from_db()
    assert submitted_card.status == CardStatus.SUBMITTED


def test_coordinator_reads_but_does_not_fill_a_school_card(client, cast, campaign):
    card = card_of(campaign, cast.school1)
    login(client, cast.coordinator)

    page = client.get(card_url(card))
    change = client.post(card_url(card), {"staff_total": "1", "sanatorium": "0", "action": "save"})

    assert page.status_code == 200
    assert page.context["editable"] is False
    assert change.status_code == 403


def test_methodologist_fills_the_municipal_card_with_evidence_that_only_its_viewers_download(
    client, cast, campaign, other_coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    card = card_of(campaign, cast.municipality)
    login(client, cast.methodologist)
    upload = SimpleUploadedFile("act.pdf", b"%PDF-1.4 act", content_type="application/pdf")

    client.post(card_url(card), {"act_young": "True", "act_young__file": upload, "act_young__link": "",
                                 "action": "submit"})  # fmt: skip

    card.refresh_from_db()
    value = card.values.get()
    assert (card.status, value.flag) == (CardStatus.SUBMITTED, True)
    assert value.file.name.startswith("cards/") and value.file.name.endswith(".pdf")
    evidence = reverse("monitoring:evidence", args=[value.pk])
    assert b"".join(login(client, cast.coordinator).get(evidence).streaming_content) == b"%PDF-1.4 act"
    assert login(client, cast.school1_admin).get(evidence).status_code == 404
    assert login(client, other_coordinator).get(evidence).status_code == 404
    assert login(client, cast.teacher_user).get(evidence).status_code == 404


def test_an_evidence_file_of_a_forbidden_type_is_refused(client, cast, campaign, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    card = card_of(campaign, cast.municipality)
    login(client, cast.methodologist)
    upload = SimpleUploadedFile("act.exe", b"MZ", content_type="application/octet-stream")

    response = client.post(card_url(card), {"act_young": "True", "act_young__file": upload, "action": "save"})

    assert response.status_code == 200
    assert "act_young__file" in response.context["form"].errors
    assert not card.values.exists()


def test_a_link_as_evidence_is_kept_and_a_change_of_it_recorded(client, cast, campaign):
    card = card_of(campaign, cast.municipality)
    login(client, cast.methodologist)

    client.post(card_url(card), {"act_young": "True", "act_young__link": "https://example.org/act-1", "action": "save"})
    client.post(card_url(card), {"act_young": "True", "act_young__link": "https://example.org/act-2", "action": "save"})

    assert card.values.get().link == "https://example.org/act-2"
    assert CardEvent.objects.filter(submission=card).first().new == "да (https://example.org/act-2)"


def test_the_card_page_shows_its_history(client, cast, submitted_card):
    login(client, cast.coordinator)

    response = client.get(card_url(submitted_card))

    html = response.content.decode()
    assert "История карты" in html
    assert "Заполняется → Представлена" in html
    assert "Педагогических работников всего" in html


def test_card_list_does_not_grow_in_queries_with_more_organizations(client, cast, campaign):
    login(client, cast.coordinator)
    url = reverse("monitoring:campaign", args=[campaign.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(6):
        f.OrganizationFactory(municipality=cast.municipality, short_name=f"Школа № {10 + number}")
    actions.open_campaign(campaign, by=cast.coordinator)

    with CaptureQueriesContext(connection) as large:
        response = client.get(url)

    assert len(response.context["rows"]) == 9
    assert len(large) == len(small)


def test_card_page_queries_are_bounded(client, cast, submitted_card, django_assert_max_num_queries):
    login(client, cast.coordinator)

    with django_assert_max_num_queries(20):
        client.get(card_url(submitted_card))
