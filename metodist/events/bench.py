"""Bench of the .ics feeds on the current database (e.g. a copy of the region-scale demo with the events demo
seeded): the feed of the municipality with the most events and the personal feed of the educator with the
most registrations, through the test client (URL resolution, query, icalendar serialisation).
Run: `python -m metodist.events.bench [runs]` with DATABASE_URL pointing at that database.
"""

import os
import statistics
import sys
import time


def measure(client, url: str, runs: int) -> tuple[float, float, int]:
    timings, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        size = len(response.content)
    return statistics.median(timings), max(timings), size


def main(runs: int = 20) -> None:
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from metodist.accounts.models import Role, User
    from metodist.events.models import CalendarToken, Event, Participation
    from metodist.people.models import Educator

    busiest = Event.objects.values("municipality_id").annotate(n=Count("pk")).order_by("-n").first()
    if busiest is None:
        sys.exit("Нет мероприятий: сначала выполните seed_demo_growth.")
    top = Participation.objects.values("educator_id").annotate(n=Count("pk")).order_by("-n").first()
    educator = Educator.objects.get(pk=top["educator_id"])
    user = User.objects.filter(educator=educator).first() or User.objects.create(
        username=f"bench-events-{educator.pk}", role=Role.EDUCATOR, educator=educator
    )
    key = CalendarToken.for_user(user).key
    client = Client(HTTP_HOST="localhost")
    educators = Educator.objects.count()
    print(f"педагогов: {educators}, мероприятий: {Event.objects.count()}, регистраций: {Participation.objects.count()}")
    for name, url, count in (
        ("муниципалитет", reverse("events:municipality_feed", args=[busiest["municipality_id"]]), busiest["n"]),
        ("педагог", reverse("events:user_feed", args=[key]), top["n"]),
    ):
        median, worst, size = measure(client, url, runs)
        print(f"| .ics: {name} ({count} мероприятий) | {median:.1f} мс | {worst:.1f} мс | {size / 1024:.1f} КБ |")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metodist.settings")
    import django

    django.setup()
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
