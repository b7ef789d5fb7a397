"""Pages of the module: who sees what (scope), the decision form, exports, and query counts of the lists."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from metodist.activities.tests.conftest import expert
from metodist.attestation.models import Attestation, Decision, Kind
from metodist.competitions.tests.builders import entry, stage
from metodist.events.models import Participation, ParticipationRole, RegistrationStatus
from metodist.events.tests.conftest import make_event
from metodist.people.models import Absence, AbsenceKind, Category, Educator, Employment
from metodist.practices.tests.conftest import practice
from metodist.testing import community as c
from metodist.testing import factories as f
from metodist.testing.attestation import attestation
from metodist.training.models import Training


@pytest.fixture
def history(cast):
    """An SZD of the teacher's mentor at school 1 (due again 10.03.2025) and a first category at school 2."""
    return {
        "mentor_szd": attestation(cast.mentor_educator, Kind.SZD, date(2020, 3, 10), organization=cast.school1),
        "school2": attestation(cast.school2_educator, Kind.FIRST, date(2020, 4, 1), organization=cast.school2),
    }


def sheet_text(response) -> str:
    workbook = load_workbook(BytesIO(response.content))
    return "\n".join(
        " ".join(str(cell) for cell in row if cell is not None)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def test_school2_admin_sees_nothing_of_school1(client, cast, history, on_today):
    client.force_login(cast.school2_admin)

    index = client.get(reverse("attestation:index")).content.decode()
    calendar = client.get(reverse("attestation:calendar"), {"months": 12}).content.decode()

    assert "Кузнецов" not in index and "Орлова" in index
    assert "Кузнецов" not in calendar
    for name in ("educator", "portfolio", "portfolio_export", "new"):
        assert client.get(reverse(f"attestation:{name}", args=[cast.mentor_educator.pk])).status_code == 404
    assert client.get(reverse("attestation:correct", args=[history["mentor_szd"].pk])).status_code == 404


def test_another_municipality_sees_nothing(client, cast, history, other_methodologist, on_today):
    client.force_login(other_methodologist)

    index = client.get(reverse("attestation:index")).content.decode()
    export = sheet_text(client.get(reverse("attestation:calendar_export"), {"months": 12}))

    assert "Кузнецов" not in index and "Орлова" not in index
    assert "Кузнецов" not in export and "Орлова" not in export
    assert client.get(reverse("attestation:portfolio", args=[cast.teacher.pk])).status_code == 404


def test_an_educator_sees_only_their_own_portfolio(client, cast, history, on_today):
    client.force_login(cast.teacher_user)

    start = client.get(reverse("attestation:index"))
    own = client.get(reverse("attestation:portfolio", args=[cast.teacher.pk]))

    assert start.url == reverse("attestation:portfolio", args=[cast.teacher.pk])
    assert own.status_code == 200 and "Смирнова Анна Игоревна" in own.content.decode()
    assert client.get(reverse("attestation:portfolio", args=[cast.mentor_educator.pk])).status_code == 404
    assert client.get(reverse("attestation:calendar")).status_code == 403
    assert client.get(reverse("attestation:new", args=[cast.teacher.pk])).status_code == 403


def test_the_calendar_lists_the_mentors_szd_in_march_for_school1(client, cast, history, on_today):
    client.force_login(cast.school1_admin)

    page = client.get(reverse("attestation:calendar"))

    calendar = page.context["calendar"]
    march = next(month for month in calendar.months if month.month == date(2025, 3, 1))
    assert [(row.last_name, row.due_on) for row in march.szd] == [("Кузнецов", date(2025, 3, 10))]
    # the teacher started at school 1 on 01.09.2010 and was never confirmed there: overdue since 01.09.2012
    assert [(row.last_name, row.due_on) for row in calendar.overdue] == [("Смирнова", date(2012, 9, 1))]


def test_the_calendar_lists_old_term_categories_that_expire(client, cast, on_today):
    Educator.objects.filter(pk=cast.school2_educator.pk).update(
        category=Category.HIGHEST, category_awarded_on=date(2020, 5, 20), category_expires_on=date(2025, 5, 20)
    )
    client.force_login(cast.methodologist)

    calendar = client.get(reverse("attestation:calendar"), {"months": 6}).context["calendar"]
    short = client.get(reverse("attestation:calendar"), {"months": 3}).context["calendar"]

    may = next(month for month in calendar.months if month.month == date(2025, 5, 1))
    assert [row.full_name for row in may.expiring] == ["Орлова Вера Петровна"]
    assert short.expiring_count == 0  # 15.01.2025 + 3 months = 15.04.2025


def test_a_methodologist_records_an_award_and_the_card_changes(client, cast, on_today):
    client.force_login(cast.methodologist)
    employment = Employment.objects.get(educator=cast.mentor_educator)
    url = reverse("attestation:new", args=[cast.mentor_educator.pk])
    form = client.get(url).context["lock"]

    response = client.post(
        url,
        {
            "employment": employment.pk,
            "kind": Kind.HIGHEST,
            "decision": Decision.AWARDED,
            "applied_on": "2024-10-01",
            "decided_on": "2024-12-20",
            "order_number": "1234-Д",
            "order_date": "2024-12-25",
            "lock-version": form.initial["version"],
            "lock-opened": form.initial["opened"],
        },
    )

    assert response.status_code == 302
    educator = Educator.objects.get(pk=cast.mentor_educator.pk)
    assert (educator.category, educator.category_awarded_on, educator.category_expires_on) == (
        Category.HIGHEST,
        date(2024, 12, 20),
        None,
    )


def test_the_form_shows_the_highest_category_rule_in_russian(client, cast, on_today):
    client.force_login(cast.school1_admin)
    employment = Employment.objects.get(educator=cast.mentor_educator)

    response = client.post(
        reverse("attestation:new", args=[cast.mentor_educator.pk]),
        {
            "employment": employment.pk,
            "kind": Kind.METHODIST,
            "decision": Decision.AWARDED,
            "applied_on": "2024-10-01",
            "decided_on": "2024-12-20",
        },
    )

    assert response.status_code == 200
    assert "только педагогам, имеющим высшую квалификационную категорию: на 20.12.2024" in response.content.decode()
    assert not Attestation.objects.exists()


def test_the_form_offers_only_employments_of_the_users_scope(client, cast, on_today):
    f.EmploymentFactory(educator=cast.mentor_educator, organization=cast.school2)
    client.force_login(cast.school1_admin)

    form = client.get(reverse("attestation:new", args=[cast.mentor_educator.pk])).context["form"]

    assert [e.organization for e in form.fields["employment"].queryset] == [cast.school1]


def test_the_portfolio_says_what_each_empty_section_lacks_and_no_module_is_pending(client, cast, history, on_today):
    client.force_login(cast.methodologist)

    page = client.get(reverse("attestation:portfolio", args=[cast.mentor_educator.pk])).content.decode()
    export = sheet_text(client.get(reverse("attestation:portfolio_export", args=[cast.mentor_educator.pk])))

    assert "модуль ещё не подключён" not in page and "модуль ещё не подключён" not in export
    assert "Соответствие занимаемой должности" in page
    assert "Проведённых мероприятий в системе нет." in page
    assert "Наставнических пар, где педагог — наставник, нет." in export
    assert "10.03.2020" in export


def _grow(cast, count: int, start: int) -> None:
    teacher = f.position("teacher")
    educators = Educator.objects.bulk_create(
        Educator(last_name=f"Рост{start + n}", first_name="Ольга", sex="F", birth_date=date(1980, 1, 1),
                 ped_work_start=date(2005, 9, 1))
        for n in range(count)
    )  # fmt: skip
    Employment.objects.bulk_create(
        Employment(educator=e, organization=cast.school1, position=teacher, start_date=date(2010, 9, 1))
        for e in educators
    )
    Attestation.objects.bulk_create(
        Attestation(educator=e, kind=Kind.SZD, decision=Decision.AWARDED, decided_on=date(2020, 5, 1),
                    valid_until=date(2025, 5, 1), organization=cast.school1, position=teacher, region=cast.region)
        for e in educators
    )  # fmt: skip
    Absence.objects.bulk_create(  # every other one on childcare leave: exempted, listed apart
        Absence(educator=e, kind=AbsenceKind.CHILDCARE, started_on=date(2024, 3, 1), document="приказ № 1-к")
        for e in educators[::2]
    )


# session and user, then the page: index — count and page of records; calendar — the scope's name, the last
# confirmations (grouped), the absences of its educators, the SZD employments, the expiring categories with
# their organizations
@pytest.mark.parametrize(("page", "expected"), [("attestation:index", 4), ("attestation:calendar", 7)])
def test_queries_of_the_lists_do_not_grow_with_their_rows(client, cast, on_today, page, expected):
    client.force_login(cast.methodologist)
    counts = []
    for size, start in ((5, 0), (60, 5)):
        _grow(cast, size, start)
        client.get(reverse(page))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(page)).status_code == 200
        counts.append(len(queries))

    assert counts == [expected, expected]


def test_a_correction_through_the_page_keeps_the_original_in_the_history(client, cast, history, on_today):
    client.force_login(cast.methodologist)
    original = history["mentor_szd"]
    url = reverse("attestation:correct", args=[original.pk])
    page = client.get(url)
    lock = page.context["lock"]

    response = client.post(
        url,
        {
            "employment": page.context["form"].initial["employment"],
            "kind": Kind.SZD,
            "decision": Decision.AWARDED,
            "decided_on": "2020-03-12",
            "correction_reason": "Опечатка в дате решения",
            "lock-version": lock.initial["version"],
            "lock-opened": lock.initial["opened"],
        },
    )

    assert response.status_code == 302
    corrected = Attestation.objects.get(replaces=original)
    assert (corrected.decided_on, corrected.valid_until) == (date(2020, 3, 12), date(2025, 3, 12))
    shown = client.get(reverse("attestation:educator", args=[cast.mentor_educator.pk])).content.decode()
    assert f"исправлена записью № {corrected.pk}" in shown and "Опечатка в дате решения" in shown
    assert client.get(url).status_code == 302  # the corrected record is not offered for correction again


def _grow_portfolio(cast, size: int) -> None:
    """`size` more records of every section of the mentor's portfolio, each with what its row shows."""
    educator = cast.mentor_educator
    Training.objects.bulk_create(
        Training(educator=educator, title=f"Курс {n}", provider="ИРО", hours=36,
                 starts_on=date(2024, 2, 1), ends_on=date(2024, 2, 20), region=cast.region)
        for n in range(size)
    )  # fmt: skip
    program = c.program(cast.school1)
    for n in range(size // 2):
        attestation(educator, Kind.SZD, date(2019 - n, 3, 1), organization=cast.school1)
        event = make_event(cast, days=-10 - n, title=f"Семинар {n}")
        Participation.objects.create(event=event, educator=educator, role=ParticipationRole.SPEAKER,
                                     status=RegistrationStatus.ATTENDED)  # fmt: skip
        entry(stage(cast.region, title=f"Конкурс {n}"), educator)
        practice(cast.school1, [educator], title=f"Практика {n}")
        mentee = f.EducatorFactory()
        c.mentorship(educator, [mentee], program=program)
        c.mentorship(f.EducatorFactory(), [educator], program=program)
        expert(educator, cast.school1, "jury", "municipal")


def test_the_portfolio_costs_the_same_queries_with_more_records(client, cast, on_today):
    client.force_login(cast.methodologist)
    url = reverse("attestation:portfolio", args=[cast.mentor_educator.pk])
    counts = []
    for size in (2, 20):
        _grow_portfolio(cast, size)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        counts.append(len(queries))

    content = page.content.decode()
    assert content.count("Курс ") == 22 and content.count("Практика ") == 11 and content.count("Семинар ") == 11
    assert counts[0] == counts[1]
