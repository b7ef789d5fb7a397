"""The daily e-mail digest: one letter per user with their new reminders, never the same reminder twice at
the same stage, again once when its date passes; the preferences decide which kinds go by e-mail."""

import logging
import threading
import time
from datetime import date

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import connection

from metodist.jobs.models import Job, JobStatus
from metodist.people.models import Category
from metodist.reminders import preferences
from metodist.reminders.digest import send_digests
from metodist.reminders.models import Channel, SentReminder, Stage
from metodist.reminders.sources import SOURCES, Source
from metodist.routes.models import StepStatus
from metodist.testing.routes import route, step

from .builders import give_category

TODAY = date(2025, 1, 15)


@pytest.fixture
def teacher(cast):
    """The teacher with an address and a route of two steps: one overdue (10.01), one due on 20.01; her highest
    category has no term, so no attestation date is due."""
    give_category(cast.teacher, Category.HIGHEST, date(2024, 1, 10), None)
    cast.teacher_user.email, cast.teacher_user.first_name = "smirnova@school1.example", "Анна"
    cast.teacher_user.save(update_fields=["email", "first_name"])
    working = route(cast.teacher, region=cast.region)
    step(working, title="Открытый урок", due_on=date(2025, 1, 10))
    step(working, title="Курс", due_on=date(2025, 1, 20))
    return cast.teacher_user


def test_the_teacher_gets_one_letter_with_her_reminders_and_their_links(teacher):
    outcome = send_digests(TODAY)

    assert (outcome.letters, outcome.reminders, outcome.failed) == (1, 2, 0)
    (letter,) = mail.outbox
    assert letter.to == ["smirnova@school1.example"]
    assert letter.subject == "Методист: напоминания на 15.01.2025 (2)"
    assert "Здравствуйте, Анна!" in letter.body
    assert "Шаги индивидуальных маршрутов" in letter.body
    assert "— Мой маршрут — шаг «Открытый урок», срок 10.01.2025 (просрочено)" in letter.body
    assert "— Мой маршрут — шаг «Курс», срок 20.01.2025\n" in letter.body
    assert "http://localhost:8000/routes/" in letter.body
    assert "http://localhost:8000/reminders/settings/" in letter.body


def test_a_second_run_the_same_day_sends_nothing(teacher):
    send_digests(TODAY)

    again = send_digests(TODAY)

    assert (again.letters, again.reminders) == (0, 0)
    assert len(mail.outbox) == 1
    assert SentReminder.objects.filter(user=teacher).count() == 2


def test_a_reminder_still_due_is_not_sent_again_until_its_date_passes(teacher):
    send_digests(TODAY)

    assert send_digests(date(2025, 1, 16)).letters == 0
    overdue = send_digests(date(2025, 1, 21))

    assert overdue.reminders == 1
    assert "шаг «Курс», срок 20.01.2025 (просрочено)" in mail.outbox[-1].body
    assert "Открытый урок" not in mail.outbox[-1].body
    assert set(SentReminder.objects.values_list("stage", "sent_on")) == {
        (Stage.OVERDUE, TODAY),
        (Stage.DUE, TODAY),
        (Stage.OVERDUE, date(2025, 1, 21)),
    }
    assert send_digests(date(2025, 2, 1)).letters == 0


def test_a_moved_date_is_a_new_reminder(teacher):
    send_digests(TODAY)
    teacher_step = teacher.educator.learning_routes.get().steps.get(title="Курс")
    teacher_step.due_on = date(2025, 1, 25)
    teacher_step.save(update_fields=["due_on"])

    assert send_digests(date(2025, 1, 16)).reminders == 1


def test_a_done_step_is_not_sent(teacher):
    teacher.educator.learning_routes.get().steps.filter(title="Курс").update(
        status=StepStatus.DONE, done_on=date(2025, 1, 14)
    )

    assert send_digests(TODAY).reminders == 1


def test_a_dry_run_counts_and_sends_nothing(teacher):
    outcome = send_digests(TODAY, dry_run=True)

    assert (outcome.letters, outcome.reminders) == (1, 2)
    assert mail.outbox == []
    assert not SentReminder.objects.exists()


def test_a_kind_turned_off_for_email_is_not_sent_but_still_shown(teacher):
    preferences.save(teacher, {("routes", Channel.EMAIL): False})

    assert send_digests(TODAY).letters == 0
    assert mail.outbox == []
    assert "routes" in preferences.enabled_kinds(teacher, Channel.WEB)


def test_a_user_without_an_address_gets_no_letter(cast):
    route_ = route(cast.teacher, region=cast.region)
    step(route_, due_on=date(2025, 1, 10))

    assert send_digests(TODAY).letters == 0
    assert not SentReminder.objects.exists()


def test_a_failing_source_is_logged_without_personal_data_and_the_others_are_sent(teacher, monkeypatch, caplog):
    def broken(user, today):
        raise ValueError(f"row of {user.email}")

    monkeypatch.setitem(SOURCES, "attestation", Source("Сроки аттестации", broken))

    with caplog.at_level(logging.ERROR):
        outcome = send_digests(TODAY)

    assert outcome.reminders == 2
    assert "Reminders: source attestation failed with ValueError" in caplog.text
    assert "smirnova" not in caplog.text and "Смирнова" not in caplog.text


def test_a_letter_that_cannot_be_sent_is_sent_by_the_next_run(teacher, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", refuse)
        assert send_digests(TODAY).failed == 1
    assert not SentReminder.objects.exists()

    assert send_digests(TODAY).reminders == 2


def test_the_command_sends_and_reports(teacher, capsys):
    call_command("reminders", "send", "--date", "2025-01-15", "--dry-run")
    call_command("reminders", "send", "--date", "2025-01-15")
    call_command("reminders", "send", "--date", "2025-01-15")

    assert capsys.readouterr().out.splitlines() == [
        "Проверка без отправки. 15.01.2025: Писем: 1, напоминаний в них: 2",
        "15.01.2025: Писем: 1, напоминаний в них: 2",
        "15.01.2025: Писем: 0, напоминаний в них: 0",
    ]
    assert len(mail.outbox) == 1


def test_the_command_queues_the_digest_as_a_background_job(teacher):
    call_command("reminders", "send", "--date", "2025-01-15", "--queue")

    job = Job.objects.get(kind="reminders.send")
    assert job.status == JobStatus.DONE
    assert job.result == {"summary": "Писем: 1, напоминаний в них: 2"}
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="two writers at once: SQLite serializes them anyway")
def test_two_runs_at_the_same_moment_send_each_reminder_once(reference_data, teacher, monkeypatch):
    """Each run holds its letter's transaction open while it sends (slowly here): the second run's insert
    waits on the first one's uncommitted rows, then inserts none and sends nothing."""
    send = EmailMessage.send

    def slow(self, *args, **kwargs):
        time.sleep(0.5)
        return send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", slow)
    barrier = threading.Barrier(2)
    outcomes = []

    def run():
        barrier.wait()
        try:
            outcomes.append(send_digests(TODAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted((o.letters, o.reminders, o.failed) for o in outcomes) == [(0, 0, 0), (1, 2, 0)]
    assert len(mail.outbox) == 1
    assert SentReminder.objects.count() == 2


@pytest.mark.parametrize("more_steps", [0, 6])
def test_a_letter_costs_the_same_queries_however_many_reminders(teacher, django_assert_num_queries, more_steps):
    """The key list 1, the user 1; preferences 1, six sources 6 (her card ends attestation; her requests for help
    and her surveys one each), the sent log 1; savepoint and release 2, the insert 1 and the read of this run's
    rows 1."""
    working = teacher.educator.learning_routes.get()
    for day in range(more_steps):
        step(working, due_on=date(2025, 1, 2 + day))

    with django_assert_num_queries(14):
        outcome = send_digests(TODAY)

    assert outcome.reminders == 2 + more_steps
