"""The pages: the registry and its export, «needs a mentor», the card (private notes for the mentor only), the
cadence, the outcomes, programs and incentives; each list page in a fixed number of queries."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from metodist.mentoring import actions
from metodist.mentoring.models import MentorIncentive, MentoringMeeting, MentorshipStatus
from metodist.testing import community as c
from metodist.testing import factories as f

pytestmark = pytest.mark.usefixtures("on_today")


def young(cast, name, school=None):
    educator = f.EducatorFactory(last_name=name, birth_date=date(2000, 1, 1), ped_work_start=date(2024, 9, 1))
    f.EmploymentFactory(educator=educator, organization=school or cast.school1)
    return educator


def many_pairs(cast, n):
    program = c.program(cast.school1)
    for i in range(n):
        mentor = f.EducatorFactory(last_name=f"Наставник{i}")
        f.EmploymentFactory(educator=mentor, organization=cast.school1)
        made = c.mentorship(mentor, [young(cast, f"Молодой{i}"), young(cast, f"Молодая{i}")], program=program)
        MentoringMeeting.objects.create(mentorship=made, held_on=date(2024, 12, 1), topic="Урок", duration_minutes=30)


def test_the_registry_lists_pairs_in_a_fixed_number_of_queries(client, cast, pair, django_assert_num_queries):
    many_pairs(cast, 5)
    client.force_login(cast.coordinator)
    client.get("/mentoring/")

    with django_assert_num_queries(8):
        page = client.get("/mentoring/")

    assert page.context["page"].paginator.count == 6
    assert "Смирнова Анна Игоревна" in page.content.decode()


def test_the_registry_filters_by_organization_and_status(client, cast, pair, school2_pair):
    actions.terminate(school2_pair, ends_on=date(2025, 1, 10), reason="Переезд", by=cast.coordinator)
    client.force_login(cast.coordinator)

    by_school = client.get("/mentoring/", {"organization": cast.school2.pk}).context["page"].object_list
    active = client.get("/mentoring/", {"status": MentorshipStatus.ACTIVE}).context["page"].object_list

    assert list(by_school) == [school2_pair]
    assert list(active) == [pair]


def test_the_export_holds_the_scope_and_writes_no_formula(client, cast, pair, other_pair):
    cast.teacher.last_name = "=HYPERLINK(1)"
    cast.teacher.save()
    client.force_login(cast.coordinator)

    response = client.get("/mentoring/export.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert any(v == "Кузнецов Павел Андреевич" for v in values)
    assert not any("Волкова" in str(v) for v in values)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_needing_list_shows_young_educators_without_a_mentor(client, cast, pair, django_assert_num_queries):
    for i in range(4):
        young(cast, f"Новенькая{i}", cast.school2)
    young(cast, "Чужая", cast.school3)
    client.force_login(cast.coordinator)
    client.get("/mentoring/needing/")

    with django_assert_num_queries(5):
        page = client.get("/mentoring/needing/")

    names = [e.last_name for e in page.context["page"].object_list]
    assert names == ["Новенькая0", "Новенькая1", "Новенькая2", "Новенькая3"]  # not the mentored teacher


def test_the_school_administrator_sees_only_their_young_educators(client, cast):
    young(cast, "Своя")
    young(cast, "Чужая", cast.school2)
    client.force_login(cast.school1_admin)

    names = [e.last_name for e in client.get("/mentoring/needing/").context["page"].object_list]

    assert names == ["Своя", "Смирнова"]


def test_private_notes_are_shown_to_the_mentor_only(client, cast, pair):
    MentoringMeeting.objects.create(mentorship=pair, held_on=date(2025, 1, 10), topic="Разбор урока",
                                    duration_minutes=45, notes="Тревожится перед классом")  # fmt: skip
    pages = {}
    for who in ("mentor_user", "teacher_user", "coordinator", "school1_admin"):
        client.force_login(getattr(cast, who))
        pages[who] = client.get(f"/mentoring/{pair.pk}/").content.decode()
        assert client.get("/mentoring/cadence/").status_code in (200, 403)

    assert "Тревожится" in pages["mentor_user"]
    assert all("Тревожится" not in pages[who] and "Разбор урока" in pages[who]
               for who in ("teacher_user", "coordinator", "school1_admin"))  # fmt: skip


def test_the_cadence_shows_silent_pairs_without_notes(client, cast, pair, school2_pair, django_assert_num_queries):
    MentoringMeeting.objects.create(mentorship=pair, held_on=date(2025, 1, 5), topic="Тема", duration_minutes=45,
                                    notes="секрет")  # fmt: skip
    MentoringMeeting.objects.create(mentorship=school2_pair, held_on=date(2024, 11, 20), topic="Тема",
                                    duration_minutes=45)  # fmt: skip
    client.force_login(cast.coordinator)
    client.get("/mentoring/cadence/")

    with django_assert_num_queries(4):
        page = client.get("/mentoring/cadence/", {"weeks": 4})

    assert [row.mentorship for row in page.context["silent"]] == [school2_pair]
    assert [sum(row.counts) for row in page.context["rows"]] == [1, 1]
    assert "секрет" not in page.content.decode()
    wider = client.get("/mentoring/cadence/", {"weeks": 10}).context["silent"]
    assert wider == []


def test_the_card_posts_a_meeting_and_shows_a_form_error_in_russian(client, cast, pair):
    client.force_login(cast.mentor_user)

    client.post(f"/mentoring/{pair.pk}/meetings/", {"held_on": "2025-01-14", "topic": "Старт", "duration_minutes": 30})
    bad = client.post(f"/mentoring/{pair.pk}/meetings/", {"held_on": "2025-01-14", "topic": "Ещё"}, follow=True)

    assert pair.meetings.count() == 1
    assert "Продолжительность, мин: Обязательное поле." in bad.content.decode()


def test_assigning_a_mentor_from_the_page(client, cast):
    program = c.program(cast.school1)
    client.force_login(cast.school1_admin)

    response = client.post("/mentoring/new/", {"program": program.pk, "form": "experienced_young",
                                               "mentor": cast.mentor_educator.pk, "mentees": [cast.teacher.pk],
                                               "starts_on": "2025-01-15", "goals": "Цель 1\nЦель 2"})  # fmt: skip

    made = cast.mentor_educator.mentorships_as_mentor.get()
    assert response.status_code == 302
    assert made.goal_items.count() == 2


def test_a_school_administrator_cannot_pick_another_school_educator(client, cast):
    program = c.program(cast.school1)
    client.force_login(cast.school1_admin)

    data = {"program": program.pk, "form": "peer", "mentor": cast.mentor_educator.pk,
            "mentees": [cast.school2_educator.pk], "starts_on": "2025-01-15"}  # fmt: skip

    response = client.post("/mentoring/new/", data)

    assert response.status_code == 200
    assert "mentees" in response.context["form"].errors


def test_the_own_page_of_the_mentor_and_of_the_mentee(client, cast, pair):
    client.force_login(cast.mentor_user)
    mentor_page = client.get("/mentoring/")
    client.force_login(cast.teacher_user)
    mentee_page = client.get("/mentoring/")

    assert mentor_page.context["as_mentor"] == [pair]
    assert mentee_page.context["as_mentee"] == [pair]


def test_programs_are_listed_and_created(client, cast, pair, django_assert_num_queries):
    client.force_login(cast.methodologist)
    client.get("/mentoring/programs/")

    with django_assert_num_queries(5):
        page = client.get("/mentoring/programs/")
    client.post("/mentoring/programs/", {"title": "Муниципальная программа", "starts_on": "2025-01-15"})

    assert page.context["page"].object_list[0].pairs == 1
    assert cast.municipality.mentoringprogram_set.filter(organization=None).count() == 1


def test_incentives_are_recorded_with_a_document(client, cast, settings, tmp_path, django_assert_num_queries):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.school1_admin)
    missing = client.post(f"/mentoring/incentives/{cast.school1.pk}/", {"has_incentives": "on"})
    saved = client.post(f"/mentoring/incentives/{cast.school1.pk}/", {
        "has_incentives": "on", "act": "Положение о стимулировании № 5", "adopted_on": "2024-09-01",
        "document": SimpleUploadedFile("act.pdf", b"%PDF-1.4 test", content_type="application/pdf")})  # fmt: skip

    assert "Укажите реквизиты" in missing.content.decode()
    assert saved.status_code == 302
    assert MentorIncentive.objects.get(organization=cast.school1).has_incentives
    assert client.get(f"/mentoring/incentives/{cast.school2.pk}/").status_code == 404
    with django_assert_num_queries(4):
        client.get("/mentoring/incentives/")


def test_the_cabinet_panel_of_the_mentor_and_the_mentee(cast, pair):
    from metodist.mentoring.cabinet import panel

    assert panel(cast.mentor_user, date(2025, 1, 15))["mentees"] == 1
    assert panel(cast.teacher_user, date(2025, 1, 15))["mentored_by"] == [pair]
    assert panel(cast.school2_admin, date(2025, 1, 15)) is None


def test_a_stale_incentives_form_is_refused_and_nothing_is_lost(client, cast):
    MentorIncentive.objects.create(organization=cast.school1, municipality=cast.municipality, region=cast.region,
                                   has_incentives=True, act="Положение № 1", version=2)  # fmt: skip
    client.force_login(cast.methodologist)

    stale = client.post(f"/mentoring/incentives/{cast.school1.pk}/", {"version": 1, "has_incentives": "on",
                                                                      "act": "Положение № 7"})  # fmt: skip

    assert "изменена другим пользователем" in stale.content.decode()
    assert 'value="Положение № 7"' in stale.content.decode()
    assert MentorIncentive.objects.get(organization=cast.school1).act == "Положение № 1"


def test_the_own_page_reads_in_a_fixed_number_of_queries(client, cast, pair, django_assert_num_queries):
    other = young(cast, "Лебедева")
    c.mentorship(cast.mentor_educator, [other], program=pair.program)
    client.force_login(cast.mentor_user)
    client.get("/mentoring/")

    with django_assert_num_queries(4):
        page = client.get("/mentoring/")

    assert len(page.context["as_mentor"]) == 2


def test_the_export_names_its_filters_in_russian(client, cast, pair):
    client.force_login(cast.coordinator)

    response = client.get("/mentoring/export.xlsx", {"status": MentorshipStatus.ACTIVE})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert any("Состояние: Действует" in str(cell.value) for row in sheet.iter_rows() for cell in row)
