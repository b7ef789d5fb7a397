"""Pages of the events module: who sees what (events, the participant list), the calendar without N+1, the
event form, the attendance sheet, registration by buttons, the annual calendar export."""

import pytest
from django.urls import reverse

from metodist.events import actions
from metodist.events.models import Event, EventLevel, EventStatus, Participation
from metodist.events.models import RegistrationStatus as S

from .conftest import NOW, make_event


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def names(client, user, url) -> str:
    client.force_login(user)
    return client.get(url).content.decode()


def test_events_in_scope_by_role(cast, now, other_methodologist):
    make_event(cast, title="Городское")
    make_event(cast, title="Областное", municipality=None, level=EventLevel.REGIONAL)
    make_event(cast, title="Чужое", municipality=cast.other_municipality)
    make_event(cast, title="Черновик", status=EventStatus.DRAFT)

    def seen(user):
        return set(Event.objects.in_scope(user).values_list("title", flat=True))

    assert seen(cast.methodologist) == {"Городское", "Областное", "Черновик"}
    assert seen(cast.teacher_user) == {"Городское", "Областное"}
    assert seen(cast.school2_admin) == {"Городское", "Областное"}
    assert seen(other_methodologist) == {"Чужое", "Областное"}
    assert seen(cast.other_user) == {"Чужое", "Областное"}
    assert seen(cast.regional_operator) == {"Городское", "Областное", "Чужое", "Черновик"}


def test_the_participant_list_is_not_shown_to_those_who_must_not_see_it(client, cast, now, other_methodologist):
    event = make_event(cast, capacity=5)
    actions.register(event, cast.teacher, by=cast.teacher_user, now=NOW)
    actions.register(event, cast.school2_educator, by=cast.school2_admin, now=NOW)
    url = reverse("events:detail", args=[event.pk])

    organizer = names(client, cast.methodologist, url)
    school1 = names(client, cast.school1_admin, url)
    school2 = names(client, cast.school2_admin, url)
    colleague = names(client, cast.mentor_user, url)

    assert "Смирнова" in organizer and "Орлова" in organizer
    assert "Смирнова" in school1 and "Орлова" not in school1
    assert "Смирнова" not in school2 and "Орлова" in school2
    assert "Смирнова" not in colleague and "Орлова" not in colleague
    client.force_login(other_methodologist)
    assert client.get(url).status_code == 404


def test_only_an_organizer_opens_the_attendance_sheet(client, cast, now, other_methodologist):
    event = make_event(cast, days=-1)
    url = reverse("events:attendance", args=[event.pk])

    for user, status in [(cast.teacher_user, 403), (cast.school1_admin, 403), (other_methodologist, 404),
                         (cast.methodologist, 200)]:  # fmt: skip
        client.force_login(user)
        assert client.get(url).status_code == status
        assert client.post(url, {"attended": []}).status_code in (status, 302)


def test_an_association_head_manages_the_events_of_their_association_only(client, cast, now):
    from metodist.accounts.models import Role
    from metodist.testing import factories as f
    from metodist.testing.community import association

    head = f.UserFactory(username="head", role=Role.ASSOCIATION_HEAD, municipality=cast.municipality)
    own = make_event(cast, title="РМО", association=association(cast.municipality, head_user=head),
                     organizer_kind="association")  # fmt: skip
    other = make_event(
        cast, title="Чужое РМО", association=association(cast.municipality), organizer_kind="association"
    )

    assert list(Event.objects.manageable_by(head)) == [own]
    client.force_login(head)
    assert client.get(reverse("events:edit", args=[other.pk])).status_code in (403, 404)
    assert client.get(reverse("events:edit", args=[own.pk])).status_code == 200


def test_the_calendar_list_and_month_pages_take_a_fixed_number_of_queries(client, cast, now, django_assert_num_queries):
    for n in range(3):
        event = make_event(cast, days=n + 1, capacity=1)
        actions.register(event, cast.teacher, by=cast.teacher_user, now=NOW)
        actions.register(event, cast.mentor_educator, by=cast.school1_admin, now=NOW)
    client.force_login(cast.methodologist)
    client.get(reverse("events:index"))

    with django_assert_num_queries(4):  # session, user, municipality, the events with their seats
        page = client.get(reverse("events:index"))
    with django_assert_num_queries(4):
        client.get(reverse("events:index") + "?view=month")
    for n in range(3, 8):
        make_event(cast, days=n + 1)
    with django_assert_num_queries(4):
        more = client.get(reverse("events:index"))

    assert page.content.decode().count("1 из 1") == 3 and "ожидают: 1" in page.content.decode()
    assert more.content.decode().count('href="/events/') >= 8


def test_a_methodologist_creates_an_event_and_a_bad_form_keeps_what_was_typed(client, cast, now):
    client.force_login(cast.methodologist)
    data = {"title": "Мастер-класс", "kind": "master_class", "level": "municipal", "organizer_kind": "service",
            "starts_at": "2025-02-01T10:00", "ends_at": "2025-02-01T09:00", "closes_days_before": 1,
            "status": "published"}  # fmt: skip

    refused = client.post(reverse("events:new"), data)
    created = client.post(reverse("events:new"), {**data, "ends_at": "2025-02-01T12:00"})

    assert "Окончание мероприятия не может быть раньше его начала." in refused.content.decode()
    assert 'value="Мастер-класс"' in refused.content.decode()
    event = Event.objects.get()
    assert created.status_code == 302 and (event.municipality, event.region) == (cast.municipality, cast.region)
    client.force_login(cast.teacher_user)
    assert client.get(reverse("events:new")).status_code == 403


def test_an_educator_registers_and_is_told_her_waiting_position(client, cast, now):
    event = make_event(cast, capacity=1)
    actions.register(event, cast.mentor_educator, by=cast.school1_admin, now=NOW)
    client.force_login(cast.teacher_user)

    client.post(reverse("events:register", args=[event.pk]))
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()

    assert "В листе ожидания" in page and 'id="waiting-rank">1<' in page
    mine = Participation.objects.get(educator=cast.teacher)
    client.post(reverse("events:leave", args=[mine.pk, "apologise"]))
    mine.refresh_from_db()
    assert mine.status == S.EXCUSED


def test_the_feedback_form_appears_after_attendance(client, cast, now):
    event = make_event(cast, days=-1)
    Participation.objects.create(event=event, educator=cast.teacher, status=S.ATTENDED)
    client.force_login(cast.teacher_user)
    mine = Participation.objects.get()

    assert "Оцените мероприятие" in client.get(reverse("events:detail", args=[event.pk])).content.decode()
    bad = client.post(reverse("events:feedback", args=[mine.pk]), {"overall": "9", "usefulness": "4"}, follow=True)
    client.post(reverse("events:feedback", args=[mine.pk]), {"overall": "4", "usefulness": "5"})

    assert "Поставьте обе оценки от 1 до 5." in bad.content.decode()
    assert mine.feedback.overall == 4
    client.force_login(cast.methodologist)
    assert "удовлетворены (4–5): 100 %" in client.get(reverse("events:detail", args=[event.pk])).content.decode()


def test_the_annual_calendar_runs_september_to_august_and_exports_xlsx(client, cast, now):
    make_event(cast, title="Августовское", days=-(NOW.date() - NOW.date().replace(month=8, day=31, year=2024)).days)
    make_event(cast, title="Сентябрьское", days=-(NOW.date() - NOW.date().replace(month=9, day=1, year=2024)).days)
    client.force_login(cast.coordinator)

    page = client.get(reverse("events:annual")).content.decode()
    export = client.get(reverse("events:annual") + "?format=xlsx")

    assert "2024/2025" in page and "Сентябрьское" in page and "Августовское" not in page
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_commitment_record_is_seen_by_the_educator_and_her_administrator_only(client, cast, now):
    event = make_event(cast, days=-3)
    Participation.objects.create(event=event, educator=cast.teacher, status=S.EXCUSED)
    url = reverse("events:record") + f"?educator={cast.teacher.pk}"

    for user, status in [(cast.teacher_user, 200), (cast.school1_admin, 200), (cast.school2_admin, 404),
                         (cast.mentor_user, 404)]:  # fmt: skip
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(cast.teacher_user)
    assert "Обязательность: <strong>100 %" in client.get(reverse("events:record")).content.decode()


def test_the_start_page_panel_lists_upcoming_registrations(cast, now):
    from metodist.events.cabinet import panel

    event = make_event(cast)
    actions.register(event, cast.teacher, by=cast.teacher_user, now=NOW)

    assert [row.event for row in panel(cast.teacher_user, NOW.date())["upcoming"]] == [event]
    assert panel(cast.mentor_user, NOW.date()) is None


def test_the_annual_calendar_and_the_attendance_record_take_a_fixed_number_of_queries(
    client, cast, now, django_assert_num_queries
):
    for n in range(3):
        event = make_event(cast, days=-n - 1)
        Participation.objects.create(event=event, educator=cast.teacher, status=S.ATTENDED)
    client.force_login(cast.teacher_user)
    client.get(reverse("events:annual"))

    with django_assert_num_queries(3):  # session, user, the events (scope subqueries inside), nothing per row
        client.get(reverse("events:annual"))
    with django_assert_num_queries(5):  # session, user, educator, commitment, rows with their events
        record = client.get(reverse("events:record"))

    assert record.content.decode().count('href="/events/') >= 4


def test_the_seats_an_educator_sees_count_everyone_registered(client, cast, now):
    event = make_event(cast, capacity=3)
    for educator in (cast.teacher, cast.mentor_educator, cast.school2_educator):
        Participation.objects.create(event=event, educator=educator)
    client.force_login(cast.teacher_user)

    page = client.get(reverse("events:index")).content.decode()

    assert "3 из 3" in page


def test_an_organizer_adds_a_material_by_link_and_an_empty_one_is_refused(client, cast, now):
    event = make_event(cast)
    client.force_login(cast.methodologist)

    empty = client.post(reverse("events:add_material", args=[event.pk]), {"title": "Презентация"}, follow=True)
    client.post(reverse("events:add_material", args=[event.pk]), {"title": "Презентация", "url": "https://x.ru/p"})

    assert "Приложите файл или укажите ссылку." in empty.content.decode()
    assert list(event.materials.values_list("url", flat=True)) == ["https://x.ru/p"]
    client.force_login(cast.teacher_user)
    assert client.post(reverse("events:add_material", args=[event.pk]), {"title": "x"}).status_code == 403
