"""The demo seeder on the cast: set-based, rerun-safe, and cleared."""

from metodist.events import demo
from metodist.events.models import Event, Participation, RegistrationStatus

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
