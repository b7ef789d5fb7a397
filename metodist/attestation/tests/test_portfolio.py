"""The portfolio's sections from the other modules (events conducted, competitions, practices, mentoring, expert
roles): each lists the educator's own records by its rule and nothing of another educator; the .docx and .pdf
of the portfolio, who may download them, and what a mentor's portfolio never shows (the mentees' names)."""

import shutil
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils.http import content_disposition_header
from docx import Document
from openpyxl import load_workbook

from metodist.activities.models import ExpertKind, ExpertLevel, ExpertRole
from metodist.activities.tests.conftest import expert
from metodist.attestation import views
from metodist.attestation.portfolio import assemble
from metodist.attestation.portfolio_docx import WIDTHS
from metodist.audit.models import AuditAction, AuditEntry
from metodist.competitions.models import Level as StageLevel
from metodist.competitions.models import Result
from metodist.competitions.tests.builders import entry, stage
from metodist.events.models import EventKind, EventLevel, EventStatus, Participation, ParticipationRole
from metodist.events.models import RegistrationStatus as Registration
from metodist.events.tests.conftest import make_event
from metodist.lib.pdf import PdfUnavailable
from metodist.mentoring.models import MentoringForm, MentorshipStatus
from metodist.practices.models import Level as PracticeLevel
from metodist.practices.models import Status as PracticeStatus
from metodist.practices.tests.conftest import practice
from metodist.testing import community as c
from metodist.testing import factories as f

from .test_views import sheet_text

TODAY = date(2025, 1, 15)
SECTION_TITLES = (
    "Проведённые методические мероприятия (мастер-классы, выступления, стажировки)",
    "Участие в конкурсах профессионального мастерства",
    "Методические разработки и практики",
    "Наставничество: педагог — наставник",
    "Наставничество: педагог — наставляемый",
    "Экспертная деятельность",
)


def rows(educator, code: str) -> list[list]:
    section = next(section for section in assemble(educator, TODAY).sections if section.code == code)
    return section.rows


def took_part(event, educator, role=ParticipationRole.PARTICIPANT, status=Registration.ATTENDED) -> Participation:
    return Participation.objects.create(event=event, educator=educator, role=role, status=status)


@pytest.fixture
def conducted(cast):
    """The teacher's mentor spoke at seminar A and hosted a three-day internship; a mere participant at master
    class B, the host of cancelled C, a host who did not come to D; school 2's educator spoke at A too."""
    seminar = make_event(cast, days=-30, title="Семинар А")
    took_part(seminar, cast.mentor_educator, ParticipationRole.SPEAKER)
    took_part(seminar, cast.teacher)
    took_part(seminar, cast.school2_educator, ParticipationRole.SPEAKER)
    internship = make_event(cast, days=-60, title="Стажировка на базе школы № 1", kind=EventKind.INTERNSHIP,
                            level=EventLevel.REGIONAL, municipality=None)  # fmt: skip
    internship.ends_at += timedelta(days=2)
    internship.save(update_fields=["ends_at"])
    took_part(internship, cast.mentor_educator, ParticipationRole.HOST)
    took_part(make_event(cast, days=-20, title="Мастер-класс Б", kind=EventKind.MASTER_CLASS), cast.mentor_educator)
    cancelled = make_event(cast, days=-10, title="Мастер-класс В", status=EventStatus.CANCELLED)
    took_part(cancelled, cast.mentor_educator, ParticipationRole.HOST)
    missed = make_event(cast, days=-5, title="Вебинар Г", kind=EventKind.WEBINAR)
    took_part(missed, cast.mentor_educator, ParticipationRole.HOST, Registration.ABSENT)


@pytest.fixture
def mentoring(cast):
    """The mentor leads the teacher and Зайцева since 01.09.2024, led Орлова (school 2) in 2022/2023, and has a
    proposal not yet published; Белова mentors the teacher in a peer group of school 2's program."""
    program = c.program(cast.school1)
    young = f.EducatorFactory(last_name="Зайцева", first_name="Ольга")
    f.EmploymentFactory(educator=young, organization=cast.school1)
    c.mentorship(cast.mentor_educator, [cast.teacher, young], program=program)
    c.mentorship(cast.mentor_educator, [cast.school2_educator], program=program, form=MentoringForm.TEACHER_TEACHER,
                 status=MentorshipStatus.COMPLETED, starts_on=date(2022, 9, 1), ends_on=date(2023, 6, 30))  # fmt: skip
    c.mentorship(cast.mentor_educator, [young], program=program, status=MentorshipStatus.PROPOSED)
    peer = f.EducatorFactory(last_name="Белова")
    f.EmploymentFactory(educator=peer, organization=cast.school2)
    group = c.program(cast.school2, title="Программа школы № 2")
    c.mentorship(peer, [cast.teacher], program=group, form=MentoringForm.PEER, starts_on=date(2024, 10, 1))


def test_conducted_events_are_those_spoken_at_or_hosted_attended_and_not_cancelled(cast, conducted):
    shown = rows(cast.mentor_educator, "events")

    assert shown == [
        ["16.12.2024", "Семинар А", "Семинар", "Муниципальный", "Выступающий (докладчик)"],
        ["16.11.2024 – 18.11.2024", "Стажировка на базе школы № 1", "Стажировка", "Региональный",
         "Ведущий (проводит мастер-класс, стажировку)"],
    ]  # fmt: skip
    assert rows(cast.teacher, "events") == []  # a participant of seminar A conducted nothing
    assert [row[1] for row in rows(cast.school2_educator, "events")] == ["Семинар А"]


def test_competition_entries_show_the_stage_and_the_result_once_it_is_dated(cast):
    municipal = stage(cast.region, StageLevel.MUNICIPAL, date(2024, 12, 20), title="Учитель года — 2025")
    entry(municipal, cast.mentor_educator, result=Result.WINNER)
    entry(municipal, cast.school2_educator, result=Result.PRIZE_WINNER)
    regional = stage(cast.region, StageLevel.REGIONAL, date(2025, 3, 20), title="Учитель года — 2025")
    entry(regional, cast.mentor_educator, result=Result.PARTICIPANT)
    earlier = stage(cast.region, StageLevel.MUNICIPAL, date(2023, 12, 15), year=2023, title="Мастер-наставник")
    entry(earlier, cast.mentor_educator, result=Result.PRIZE_WINNER)

    shown = rows(cast.mentor_educator, "competitions")

    assert shown == [
        ["Учитель года — 2025", "Региональный", "2024/2025", "20.03.2025", "—", "итоги не подведены"],
        ["Учитель года — 2025", "Муниципальный", "2024/2025", "20.12.2024", "—", "Победитель"],
        ["Мастер-наставник", "Муниципальный", "2023/2024", "15.12.2023", "—", "Призёр"],
    ]
    assert [row[-1] for row in rows(cast.school2_educator, "competitions")] == ["Призёр"]


def test_practices_are_the_accepted_ones_the_educator_is_an_author_of(cast):
    practice(cast.school1, [cast.mentor_educator, cast.teacher], title="Проектная задача на уроке физики",
             decided_on=date(2024, 1, 10))  # fmt: skip
    practice(cast.school1, [cast.mentor_educator], title="Черновик разработки", status=PracticeStatus.SUBMITTED)
    practice(cast.school1, [cast.mentor_educator], title="Отклонённая", status=PracticeStatus.REJECTED)
    practice(cast.school2, [cast.school2_educator], title="Практика школы № 2", level=PracticeLevel.REGIONAL)

    shown = rows(cast.mentor_educator, "practices")

    assert shown == [
        ["Проектная задача на уроке физики", "Лучшая педагогическая практика", "Муниципальный уровень", "Школа № 1",
         "принята 10.01.2024"],
    ]  # fmt: skip
    assert [row[0] for row in rows(cast.teacher, "practices")] == ["Проектная задача на уроке физики"]


def test_mentoring_shows_how_many_mentees_and_the_form_never_their_names(client, cast, mentoring, on_today):
    client.force_login(cast.methodologist)

    mentor = rows(cast.mentor_educator, "mentoring")
    mentee = rows(cast.teacher, "mentored")
    page = client.get(reverse("attestation:portfolio", args=[cast.mentor_educator.pk])).content.decode()
    workbook = sheet_text(client.get(reverse("attestation:portfolio_export", args=[cast.mentor_educator.pk])))
    document = docx_text(client.get(reverse("attestation:portfolio_docx", args=[cast.mentor_educator.pk])))

    assert mentor == [
        ["Программа наставничества", "Опытный педагог – молодой специалист", 2, "с 01.09.2024", "Действует"],
        ["Программа наставничества", "Педагог – педагог", 1, "01.09.2022 – 30.06.2023", "Завершена"],
    ]
    assert mentee == [
        ["Программа школы № 2", "Равный – равному", "с 01.10.2024", "Действует"],
        ["Программа наставничества", "Опытный педагог – молодой специалист", "с 01.09.2024", "Действует"],
    ]
    for name in ("Смирнова", "Зайцева", "Орлова"):
        assert name not in page and name not in workbook and name not in document
    assert rows(cast.mentor_educator, "mentored") == [] and rows(cast.teacher, "mentoring") == []


def test_expert_roles_are_listed_with_their_body_and_dates(cast):
    jury = expert(cast.mentor_educator, cast.school1, ExpertKind.JURY, ExpertLevel.MUNICIPAL,
                  started_on=date(2023, 1, 1), ended_on=date(2023, 12, 31))  # fmt: skip
    commission = expert(cast.mentor_educator, cast.school1, ExpertKind.SUBJECT_COMMISSION, ExpertLevel.REGIONAL,
                        started_on=date(2024, 2, 1))  # fmt: skip
    ExpertRole.objects.filter(pk=jury.pk).update(body="Конкурс «Учитель года»")
    ExpertRole.objects.filter(pk=commission.pk).update(body="ГИА по физике", document_ref="Приказ МО № 12")
    expert(cast.school2_educator, cast.school2, ExpertKind.TUTOR, ExpertLevel.REGIONAL)

    shown = rows(cast.mentor_educator, "expert")

    assert shown == [
        ["Член предметной комиссии", "Региональный", "ГИА по физике", "с 01.02.2024", "Приказ МО № 12"],
        ["Член жюри (конкурсной комиссии)", "Муниципальный", "Конкурс «Учитель года»", "01.01.2023 – 31.12.2023", "—"],
    ]
    assert [row[0] for row in rows(cast.school2_educator, "expert")] == ["Тьютор регионального методического актива"]


def docx_text(response) -> str:
    doc = Document(BytesIO(response.content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in doc.paragraphs] + cells)


def test_the_docx_holds_every_section_and_the_rows(client, cast, conducted, on_today):
    client.force_login(cast.school1_admin)

    response = client.get(reverse("attestation:portfolio_docx", args=[cast.mentor_educator.pk]))

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == content_disposition_header(True, "Портфолио_Кузнецов_2025-01-15.docx")
    doc = Document(BytesIO(response.content))
    headings = [paragraph.text for paragraph in doc.paragraphs if paragraph.style.name.startswith("Heading")]
    assert headings[0] == "1. Сведения из реестра"
    assert all(any(heading.endswith(title) for heading in headings) for title in SECTION_TITLES)
    assert set(WIDTHS) == {section.code for section in assemble(cast.mentor_educator, TODAY).sections}
    events = next(table for table in doc.tables if table.rows[0].cells[1].text == "Мероприятие")
    assert [cell.text for cell in events.rows[1].cells] == [
        "16.12.2024", "Семинар А", "Семинар", "Муниципальный", "Выступающий (докладчик)"
    ]  # fmt: skip
    assert "Кузнецов Павел Андреевич" in docx_text(response)
    entry = AuditEntry.objects.for_object(cast.mentor_educator).get(action=AuditAction.EXPORT)
    assert entry.actor == cast.school1_admin and "Word" in entry.summary


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-writer-nogui)")
def test_the_pdf_is_printed_from_the_docx(client, cast, conducted, on_today):
    client.force_login(cast.methodologist)

    response = client.get(reverse("attestation:portfolio_pdf", args=[cast.mentor_educator.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "no-store" in response["Cache-Control"]
    assert "PDF" in AuditEntry.objects.for_object(cast.mentor_educator).get(action=AuditAction.EXPORT).summary


def test_without_libreoffice_the_page_says_why_and_nothing_is_recorded(client, cast, monkeypatch, on_today):
    def unavailable(content):
        raise PdfUnavailable("PDF не сформирован: на сервере не установлен LibreOffice.")

    monkeypatch.setattr(views.exports, "docx_to_pdf", unavailable)
    client.force_login(cast.methodologist)

    response = client.get(reverse("attestation:portfolio_pdf", args=[cast.mentor_educator.pk]), follow=True)

    assert response.redirect_chain == [(reverse("attestation:portfolio", args=[cast.mentor_educator.pk]), 302)]
    assert "PDF не сформирован: на сервере не установлен LibreOffice." in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize("name", ["portfolio_docx", "portfolio_pdf"])
@pytest.mark.parametrize("who", ["school2_admin", "teacher_user", "other_methodologist"])
def test_who_does_not_see_the_educator_downloads_nothing(client, cast, other_methodologist, on_today, name, who):
    user = other_methodologist if who == "other_methodologist" else getattr(cast, who)
    client.force_login(user)

    response = client.get(reverse(f"attestation:{name}", args=[cast.mentor_educator.pk]))

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_educator_downloads_their_own_portfolio(client, cast, mentoring, on_today):
    client.force_login(cast.teacher_user)

    response = client.get(reverse("attestation:portfolio_docx", args=[cast.teacher.pk]))

    assert response.status_code == 200
    assert "Программа школы № 2" in docx_text(response) and "Белова" not in docx_text(response)


def test_the_workbook_has_a_sheet_per_new_section(client, cast, conducted, mentoring, on_today):
    client.force_login(cast.methodologist)

    response = client.get(reverse("attestation:portfolio_export", args=[cast.mentor_educator.pk]))

    names = load_workbook(BytesIO(response.content)).sheetnames
    assert names[-6:] == ["Мероприятия", "Конкурсы", "Практики", "Наставник", "Наставляемый", "Экспертиза"]
    text = sheet_text(response)
    assert "Семинар А" in text and "Опытный педагог – молодой специалист" in text
    assert "модуль ещё не подключён" not in text
