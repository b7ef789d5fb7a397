"""The report's pages: who sees them (and who must not), generating, editing with optimistic locking, the
diff, settling a flag, approving, the download and the PDF job."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from metodist.reports import actions
from metodist.reports.models import AnalyticReport

from .test_generate import TRACK_1

pytestmark = pytest.mark.usefixtures("on_today")


@pytest.fixture
def report(cast, approved):
    return actions.generate(approved, by=cast.coordinator)


def test_the_coordinator_generates_the_report_from_the_list(client, cast, approved):
    client.force_login(cast.coordinator)

    page = client.get(reverse("reports:index")).content.decode()
    response = client.post(reverse("reports:generate"), {"campaign": approved.pk})

    assert "Сформировать справку" in page
    report = AnalyticReport.objects.get()
    assert response.url == report.get_absolute_url()


def test_a_campaign_without_approval_cannot_be_generated_and_says_why(client, cast, campaign):
    client.force_login(cast.coordinator)

    page = client.get(reverse("reports:index")).content.decode()
    response = client.post(reverse("reports:generate"), {"campaign": campaign.pk}, follow=True)

    assert "Результаты не утверждены" in page
    assert "формируется только по утверждённым результатам" in response.content.decode()
    assert not AnalyticReport.objects.exists()


def test_the_page_shows_each_sentence_with_its_evidence_links(client, cast, report, django_assert_max_num_queries):
    client.force_login(cast.methodologist)

    with django_assert_max_num_queries(20):
        page = client.get(report.get_absolute_url()).content.decode()

    assert "1. Общие сведения" in page and "5. Кластеры организаций" in page
    assert f'href="/monitoring/{report.campaign_id}/indicators/young/?municipality={cast.municipality.pk}"' in page
    assert "Скачать .docx" in page and "Пересформировать" in page


@pytest.mark.parametrize("who", ["school2_admin", "school1_admin", "teacher_user", "other_coordinator"])
def test_who_must_not_see_the_report_gets_404(client, cast, report, who, other_coordinator):
    user = other_coordinator if who == "other_coordinator" else getattr(cast, who)
    client.force_login(user)
    sentence = report.sentences.first()

    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:docx", args=[report.pk])).status_code == 404
    assert client.post(reverse("reports:approve", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:sentence_edit", args=[sentence.pk])).status_code == 404
    # an organization's administrator sees the campaign (to fill its cards) but may not make its report
    assert client.post(reverse("reports:generate"), {"campaign": report.campaign_id}).status_code in (403, 404)
    assert report not in AnalyticReport.objects.in_scope(user)


def test_the_regional_operator_reads_a_municipal_report_but_may_not_approve_it(client, cast, report):
    client.force_login(cast.regional_operator)

    assert client.get(report.get_absolute_url()).status_code == 200
    assert client.post(reverse("reports:approve", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert not report.is_approved


def test_editing_a_sentence_keeps_the_generated_text_and_shows_the_diff(client, cast, report):
    client.force_login(cast.methodologist)
    sentence = report.sentences.get(key=f"{TRACK_1}/value-met/young")

    edited = {"text": "Доля молодых педагогов составила 25,0 %.", "lock-version": sentence.version}
    response = client.post(reverse("reports:sentence_edit", args=[sentence.pk]), edited)

    sentence.refresh_from_db()
    assert response.status_code == 302
    assert sentence.edited == "Доля молодых педагогов составила 25,0 %."
    assert sentence.generated.startswith("Показатель 1 «доля молодых педагогов» составил")
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Отличия от сформированного текста" in page
    assert "<del>Показатель 1 «доля</del>" in page and "<ins>Доля</ins>" in page


def test_a_second_edit_from_a_stale_form_is_refused_with_what_changed(client, cast, report):
    client.force_login(cast.methodologist)
    sentence = report.sentences.get(key=f"{TRACK_1}/value-met/young")
    url = reverse("reports:sentence_edit", args=[sentence.pk])
    opened = client.get(url).context["lock"]
    stale = {"lock-version": opened.initial["version"], "lock-opened": opened.initial["opened"]}
    client.post(url, {"text": "Первая правка.", **stale})

    response = client.post(url, {"text": "Вторая правка.", **stale})

    sentence.refresh_from_db()
    assert sentence.edited == "Первая правка."
    assert "Запись изменена другим пользователем" in response.content.decode()


def test_a_flagged_sentence_is_settled_on_the_page(client, cast, approved, report):
    from .test_regenerate import corrected
    from .world import approve_values

    sentence = report.sentences.get(key=f"{TRACK_1}/value-met/young")
    actions.edit(sentence, "Молодых 25,0 %.", by=cast.methodologist)
    approve_values(cast, approved, corrected(young={"value": "30.0"}))
    client.force_login(cast.methodologist)
    client.post(reverse("reports:regenerate", args=[report.pk]))

    page = client.get(report.get_absolute_url()).content.decode()
    client.post(reverse("reports:sentence_settle", args=[sentence.pk]), {"choice": "new"})
    settled = client.get(report.get_absolute_url()).content.decode()

    assert "Числа изменились" in page and "25,0\u00a0% → 30,0\u00a0%" in page
    approve = reverse("reports:approve", args=[report.pk])
    assert approve not in page and approve in settled  # approval is offered once no flag is open
    sentence.refresh_from_db()
    assert not sentence.is_edited and "30,0" in sentence.text


def test_approving_makes_the_report_read_only_on_the_page(client, cast, report):
    client.force_login(cast.coordinator)

    client.post(reverse("reports:approve", args=[report.pk]))
    page = client.get(report.get_absolute_url()).content.decode()

    report.refresh_from_db()
    assert (report.is_approved, report.approved_by) == (True, cast.coordinator)
    assert "Вернуть в работу" in page and "изменить</a>" not in page
    sentence = report.sentences.first()
    response = client.get(reverse("reports:sentence_edit", args=[sentence.pk]), follow=True)
    assert "не редактируется" in response.content.decode()


def test_reopening_needs_a_reason(client, cast, report):
    actions.approve(report, by=cast.coordinator)
    client.force_login(cast.coordinator)

    client.post(reverse("reports:reopen", args=[report.pk]), {"reason": ""})
    report.refresh_from_db()
    assert report.is_approved
    client.post(reverse("reports:reopen", args=[report.pk]), {"reason": "Исправлены данные школы № 2"})
    report.refresh_from_db()
    assert (report.is_approved, report.reopen_reason) == (False, "Исправлены данные школы № 2")


def test_the_docx_downloads_directly(client, cast, report):
    client.force_login(cast.methodologist)

    response = client.get(reverse("reports:docx", args=[report.pk]))

    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert "Аналитическая-справка-2023-24-Город-N.docx" in unquote(response["Content-Disposition"])


def test_an_organization_administrator_is_offered_no_campaigns_to_report_on(client, cast, approved):
    client.force_login(cast.school1_admin)

    page = client.get(reverse("reports:index")).content.decode()

    assert "Кампании мониторинга без справки" not in page and approved.title not in page
