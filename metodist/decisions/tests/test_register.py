"""The register's pages: who sees which decisions, who may write what, the entry forms' refusals, the overdue
mark, the export and the list's queries."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from metodist.accounts.models import Role
from metodist.audit.models import AuditAction, AuditEntry
from metodist.decisions.models import Decision, DecisionKind, Measure, MeasureStatus
from metodist.testing import factories as f

from . import builders as b

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def decision(cast):
    """An order of Город N on its 2022/23 results: a measure school 1 answers for, and one of school 2 aimed at
    school 2 only."""
    row, share, _ = b.catalogue()
    cause = b.campaign(row, cast.region, cast.municipality, 2022)
    made = Decision.objects.create(municipality=cast.municipality, campaign=cause, kind=DecisionKind.ORDER,
                                   number="112", date=date(2023, 9, 20), title="О мерах по итогам")  # fmt: skip
    own = Measure.objects.create(decision=made, activity="Курсы для учителей школы № 1", deadline=date(2024, 3, 1),
                                 responsible_organization=cast.school1)  # fmt: skip
    own.organizations.set([cast.school1])
    own.indicators.set([share])
    other = Measure.objects.create(decision=made, activity="Наставничество в школе № 2", deadline=date(2025, 5, 1),
                                   responsible_organization=cast.school2)  # fmt: skip
    other.organizations.set([cast.school2])
    return made


@pytest.fixture
def other_coordinator(cast):
    """The coordinator of another municipality of the region: must see nothing of Город N."""
    return f.UserFactory(username="coordinator_m", role=Role.COORDINATOR, municipality=cast.other_municipality)


def test_the_coordinator_sees_the_decision_with_its_measures_and_the_overdue_one_marked(
    client, cast, decision, on_today
):
    client.force_login(cast.coordinator)

    listed = client.get(reverse("decisions:index"))
    card = client.get(reverse("decisions:detail", args=[decision.pk]))

    assert list(listed.context["page"].object_list) == [decision]
    assert listed.context["page"].object_list[0].overdue_count == 1
    page = card.content.decode()
    assert "Курсы для учителей школы № 1" in page and "Наставничество в школе № 2" in page
    assert page.count("просрочена</span>") == 1  # deadline 01.03.2024 passed by 15.01.2025, not done


def test_a_school_administrator_sees_only_the_measures_of_their_school(client, cast, decision):
    client.force_login(cast.school1_admin)

    listed = client.get(reverse("decisions:index"))
    card = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()

    assert list(listed.context["page"].object_list) == [decision]
    assert "Курсы для учителей школы № 1" in card and "Наставничество в школе № 2" not in card


@pytest.mark.parametrize("who", ["school2_admin_of_nothing", "other_coordinator"])
def test_people_outside_the_decision_do_not_see_it(client, cast, decision, other_coordinator, who):
    # school 2's administrator sees the decision only through the measure aimed at school 2: take it away
    Measure.objects.filter(organizations=cast.school2).delete()
    client.force_login(cast.school2_admin if who == "school2_admin_of_nothing" else other_coordinator)

    listed = client.get(reverse("decisions:index"))

    assert list(listed.context["page"].object_list) == []
    assert client.get(reverse("decisions:detail", args=[decision.pk])).status_code == 404
    measure = decision.measures.get()
    assert client.get(reverse("decisions:review", args=[measure.pk])).status_code == 404
    summary = client.get(reverse("decisions:summary", args=[decision.campaign_id]))
    assert summary.status_code == 404 or "Курсы для учителей" not in summary.content.decode()


def test_an_educator_sees_no_register(client, cast, decision):
    client.force_login(cast.teacher_user)

    assert client.get(reverse("decisions:index")).status_code == 403
    assert client.get(reverse("decisions:detail", args=[decision.pk])).status_code == 404
    assert client.get(reverse("decisions:export")).status_code == 403


def test_a_school_administrator_records_evidence_only_for_the_measures_of_their_school(client, cast, decision):
    own = decision.measures.get(responsible_organization=cast.school1)
    aimed = Measure.objects.create(decision=decision, activity="Семинар ИМЦ", deadline=date(2024, 5, 1))
    aimed.organizations.set([cast.school1])  # aimed at school 1, but the methodological service answers for it
    client.force_login(cast.school1_admin)
    lock = status_lock(client, own)

    done = client.post(reverse("decisions:measure_status", args=[own.pk]),
                       {"status": "done", "evidence": "Курсы пройдены: 5 удостоверений", **lock})  # fmt: skip

    assert done.status_code == 302
    own.refresh_from_db()
    assert own.status == MeasureStatus.DONE and own.version == 2
    assert AuditEntry.objects.for_object(own).filter(action=AuditAction.UPDATE).exists()
    assert client.get(reverse("decisions:measure_status", args=[aimed.pk])).status_code == 403
    assert client.get(reverse("decisions:measure_edit", args=[own.pk])).status_code == 403
    assert client.get(reverse("decisions:new")).status_code == 403


def status_lock(client, measure) -> dict:
    form = client.get(reverse("decisions:measure_status", args=[measure.pk])).context["lock"]
    return {"lock-version": form.initial["version"], "lock-opened": form.initial["opened"]}


def test_a_done_measure_needs_its_evidence(client, cast, decision):
    measure = decision.measures.get(responsible_organization=cast.school1)
    client.force_login(cast.methodologist)

    response = client.post(reverse("decisions:measure_status", args=[measure.pk]), {"status": "done"})

    assert "Выполненную меру подтвердите" in response.content.decode()
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PLANNED


def test_a_methodologist_enters_a_decision_and_a_measure_on_its_campaigns_indicators(client, cast, decision):
    client.force_login(cast.methodologist)
    share = decision.campaign.catalogue.indicators.get(code="share")

    created = client.post(reverse("decisions:new"), {
        "municipality": cast.municipality.pk, "campaign": decision.campaign_id, "kind": "protocol", "number": "2",
        "date": "2023-10-05", "title": "Протокол методического совета",
        "file": SimpleUploadedFile("protocol.pdf", PDF, content_type="application/pdf"),
    })  # fmt: skip
    protocol = Decision.objects.get(number="2")
    form = client.get(reverse("decisions:measure_new", args=[protocol.pk])).context["form"]
    added = client.post(reverse("decisions:measure_new", args=[protocol.pk]), {
        "activity": "Методический десант", "deadline": "2024-04-01", "status": "planned",
        "organizations": [cast.school1.pk, cast.school2.pk], "indicators": [share.pk],
    })  # fmt: skip

    assert created.status_code == 302 and added.status_code == 302
    assert protocol.file.name.endswith(".pdf") and protocol.created_by == cast.methodologist
    assert set(form.fields["indicators"].queryset) == set(decision.campaign.catalogue.indicators.all())
    assert cast.school3 not in form.fields["organizations"].queryset
    measure = protocol.measures.get()
    assert list(measure.indicators.all()) == [share]
    assert AuditEntry.objects.for_object(measure).filter(action=AuditAction.CREATE).exists()


def test_a_deadline_before_the_decision_is_refused(client, cast, decision):
    client.force_login(cast.methodologist)

    response = client.post(reverse("decisions:measure_new", args=[decision.pk]),
                           {"activity": "Курсы", "deadline": "2023-09-01", "status": "planned"})  # fmt: skip

    assert "Срок раньше даты решения (20.09.2023)" in response.content.decode()
    assert decision.measures.count() == 2


def test_a_file_that_is_not_what_its_name_says_is_refused(client, cast, decision):
    client.force_login(cast.methodologist)

    response = client.post(reverse("decisions:new"), {
        "municipality": cast.municipality.pk, "kind": "order", "number": "9", "date": "2023-10-05",
        "title": "Приказ", "file": SimpleUploadedFile("order.pdf", b"MZ\x90\x00 not a pdf at all"),
    })  # fmt: skip

    assert "не похож на документ .pdf" in response.content.decode()
    assert not Decision.objects.filter(number="9").exists()


def test_a_campaign_of_another_municipality_is_refused(client, cast, decision):
    alien = b.campaign(decision.campaign.catalogue, cast.region, cast.other_municipality, 2023)
    client.force_login(cast.regional_operator)

    response = client.post(reverse("decisions:new"), {
        "municipality": cast.municipality.pk, "campaign": alien.pk, "kind": "order", "number": "10",
        "date": "2024-10-05", "title": "Приказ",
    })  # fmt: skip

    assert "Эта кампания не охватывает выбранный муниципалитет" in response.content.decode()


def test_a_save_over_a_colleagues_edit_is_refused_and_lists_the_change(client, cast, decision):
    url = reverse("decisions:edit", args=[decision.pk])
    data = {"municipality": cast.municipality.pk, "campaign": decision.campaign_id, "kind": "order", "number": "112",
            "date": "2023-09-20", "title": decision.title}  # fmt: skip
    client.force_login(cast.methodologist)
    lock = client.get(url).context["lock"]
    opened = {"lock-version": lock.initial["version"], "lock-opened": lock.initial["opened"]}
    client.force_login(cast.coordinator)
    fresh = client.get(url).context["lock"]
    client.post(url, {**data, "title": "О мерах (в редакции координатора)", "lock-version": fresh.initial["version"],
                      "lock-opened": fresh.initial["opened"]})  # fmt: skip
    client.force_login(cast.methodologist)

    response = client.post(url, {**data, "number": "113", **opened})

    decision.refresh_from_db()
    assert decision.title == "О мерах (в редакции координатора)" and decision.number == "112"
    page = response.content.decode()
    assert "Запись изменена другим пользователем" in page and "О мерах (в редакции координатора)" in page


def test_the_register_exports_one_row_per_measure_of_the_scope(client, cast, decision, on_today):
    client.force_login(cast.school1_admin)

    response = client.get(reverse("decisions:export"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row[0] == 1 or row[0] == 2]
    assert len(rows) == 1  # school 2's measure is not school 1's
    assert rows[0][5] == "Курсы для учителей школы № 1" and rows[0][9] == "да"


def test_the_list_makes_the_same_queries_for_many_decisions(client, cast, decision, django_assert_max_num_queries):
    client.force_login(cast.coordinator)
    client.get(reverse("decisions:index"))
    for number in range(10):
        extra = Decision.objects.create(municipality=cast.municipality, campaign=decision.campaign,
                                        kind=DecisionKind.INSTRUCTION, number=f"{number}", date=date(2024, 1, 1),
                                        title="Распоряжение")  # fmt: skip
        Measure.objects.create(decision=extra, activity="Мера", deadline=date(2024, 2, 1))

    with django_assert_max_num_queries(12):
        response = client.get(reverse("decisions:index"))

    assert response.context["page"].paginator.count == 11


def test_filters_choose_by_kind_year_and_overdue(client, cast, decision, on_today):
    Decision.objects.create(municipality=cast.municipality, kind=DecisionKind.PROTOCOL, number="1",
                            date=date(2024, 2, 1), title="Протокол")  # fmt: skip
    client.force_login(cast.coordinator)

    def found(**query):
        return [item.number for item in client.get(reverse("decisions:index"), query).context["page"].object_list]

    assert found(kind="protocol") == ["1"]
    assert found(year=2023) == ["112"]
    assert found(status="overdue") == ["112"]
    assert found(campaign=decision.campaign_id) == ["112"]


def test_evidence_file_is_checked_stored_and_given_only_within_the_scope(client, cast, decision):
    measure = decision.measures.get(responsible_organization=cast.school1)
    client.force_login(cast.school1_admin)
    lock = status_lock(client, measure)
    scan = SimpleUploadedFile("akt.pdf", PDF, content_type="application/pdf")

    client.post(reverse("decisions:measure_status", args=[measure.pk]),
                {"status": "done", "evidence_file": scan, **lock})  # fmt: skip

    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DONE and measure.evidence_file.name.endswith(".pdf")
    assert b"".join(client.get(reverse("decisions:evidence", args=[measure.pk])).streaming_content) == PDF
    assert AuditEntry.objects.for_object(measure).filter(action=AuditAction.DOWNLOAD).exists()
    Measure.objects.filter(organizations=cast.school2).delete()
    client.force_login(cast.school2_admin)
    assert client.get(reverse("decisions:evidence", args=[measure.pk])).status_code == 404


def test_the_organizations_offered_are_those_of_the_decisions_municipality(client, cast, decision):
    client.force_login(cast.methodologist)

    page = client.get(reverse("decisions:measure_new", args=[decision.pk])).content.decode()

    assert 'id="id_organizations" size="10" multiple>' in page
    assert "Школа № 1" in page and "Школа № 3" not in page
