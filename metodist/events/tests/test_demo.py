"""The demo seeder on the cast: set-based, rerun-safe, and cleared."""

from django.db.models import Count, F, Q
from django.utils import timezone

from metodist.events import demo
from metodist.events.models import SEATED, Event, Participation, ParticipationRole, RegistrationStatus
from metodist.lib.workdays import non_working_reason
from metodist.testing import factories as f

from .conftest import NOW


def test_the_demo_seeds_a_year_of_events_with_registrations_and_clears_them(cast, time_machine):
    time_machine.move_to(NOW, tick=False)

    lines = demo.seed(today=NOW.date(), progress=lambda line: None)
    again = demo.seed(today=NOW.date(), progress=lambda line: None)

    # two municipalities with staff, forty events each
    assert Event.objects.count() == 2 * demo.PER_MUNICIPALITY and "пропущено" in again[0]
    assert Participation.objects.filter(status=RegistrationStatus.ATTENDED).exists() and lines
    assert Event.objects.filter(for_young=True).exists()
    demo.clear()
    assert not Event.objects.exists() and not Participation.objects.exists()


def test_the_demo_never_seats_more_participants_than_an_event_has_places(cast, time_machine):
    # forty more colleagues at school 1, so that most events are full and the waiting lists fill
    for number in range(40):
        f.EmploymentFactory(educator=f.EducatorFactory(last_name=f"Коллега{number}"), organization=cast.school1)
    time_machine.move_to(NOW, tick=False)

    demo.seed(today=NOW.date(), progress=lambda line: None)

    seated = Q(participations__status__in=SEATED, participations__role=ParticipationRole.PARTICIPANT)
    events = Event.objects.filter(capacity__isnull=False).annotate(seated=Count("participations", filter=seated))
    assert events.filter(seated__gt=F("capacity")).count() == 0
    assert events.filter(seated=F("capacity")).exists()
    for event in events.filter(participations__status=RegistrationStatus.WAITING).distinct():
        positions = event.participations.filter(status=RegistrationStatus.WAITING).values_list(
            "waiting_position", flat=True
        )
        assert sorted(positions) == list(range(1, len(positions) + 1))


def test_the_demo_events_fall_on_working_days_of_the_production_calendar(cast, time_machine):
    # three hundred days back from 15.01.2025 take in the May, June, November and New Year holidays
    time_machine.move_to(NOW, tick=False)

    demo.seed(today=NOW.date(), progress=lambda line: None)

    days = {timezone.localdate(starts) for starts in Event.objects.values_list("starts_at", flat=True)}
    assert {day: non_working_reason(day) for day in days if non_working_reason(day)} == {}
