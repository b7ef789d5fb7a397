"""The statistics of the help, by hand: response time, time to resolution, satisfaction, load per executor."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ..models import HelpRequest, Rating
from ..stats import statistics
from .conftest import at


@pytest.fixture
def year(cast, build, tutor_user):
    """A: filed 01.01, assigned +1 day, done +4 days, rated 5, solved. B: filed 03.01, assigned +3, done +10,
    rated 3, not solved. C: filed 10.12.2024, declined. D (school 2): filed 10.01 10:00, assigned 22:00
    (+0.5 day) to the tutor, open."""
    m = cast.methodologist
    a = build(filed_at=at(date(2025, 1, 1)), assigned_at=at(date(2025, 1, 2)), done_at=at(date(2025, 1, 5)),
              status="closed", assignee=m, assignee_kind="methodologist")  # fmt: skip
    b = build(filed_at=at(date(2025, 1, 3)), assigned_at=at(date(2025, 1, 6)), done_at=at(date(2025, 1, 13)),
              status="done", assignee=m, assignee_kind="methodologist")  # fmt: skip
    build(filed_at=at(date(2024, 12, 10)), status="declined", decline_reason="Не по профилю.")
    build(educator=cast.school2_educator, filed_at=at(date(2025, 1, 10)), assigned_at=at(date(2025, 1, 10), 22),
          status="assigned", assignee=tutor_user, assignee_kind="tutor")  # fmt: skip
    for item, score, solved in ((a, 5, True), (b, 3, False)):
        Rating.objects.create(
            request=item, score=score, solved=solved, rated_by=cast.teacher_user, rated_at=at(date(2025, 1, 14))
        )


def test_the_totals_by_hand(cast, year):
    figures = statistics(HelpRequest.objects.all(), date(2024, 12, 1), date(2025, 1, 15))

    t = figures.total
    assert (t.filed, t.assigned, t.done, t.declined) == (4, 3, 2, 1)
    assert t.response == Decimal("1.5")  # (1 + 3 + 0.5) / 3
    assert t.response_median == Decimal("1.0")
    assert t.resolution == Decimal("7.0")  # (4 + 10) / 2
    assert t.resolution_median == Decimal("7.0")
    assert (t.score, t.rated, t.solved_share) == (Decimal("4.0"), 2, 50)


def test_by_month_by_organization_and_by_executor(cast, year):
    figures = statistics(HelpRequest.objects.all(), date(2024, 12, 1), date(2025, 1, 15))

    assert [(row.label, row.filed, row.done) for row in figures.months] == [
        ("декабрь 2024", 1, 0),
        ("январь 2025", 3, 2),
    ]
    assert [(row.label, row.filed) for row in figures.organizations] == [("Школа № 1", 3), ("Школа № 2", 1)]
    assert [(e["kind_label"], e["open"], e["done"]) for e in figures.executors] == [
        ("Тьютор", 1, 0),
        ("Методист", 0, 2),
    ]


def test_the_period_bounds_the_requests(cast, year):
    figures = statistics(HelpRequest.objects.all(), date(2025, 1, 2), date(2025, 1, 9))

    assert figures.total.filed == 1  # B only


def test_the_page_and_its_export_are_the_services(client, cast, year):
    client.force_login(cast.teacher_user)
    assert client.get(reverse("consultations:stats")).status_code == 403
    client.force_login(cast.school1_admin)
    assert client.get(reverse("consultations:stats")).status_code == 403
    client.force_login(cast.coordinator)

    page = client.get(reverse("consultations:stats"), {"start": "2024-12-01", "end": "2025-01-15"})
    export = client.get(reverse("consultations:stats"), {"start": "2024-12-01", "end": "2025-01-15", "format": "xlsx"})

    assert page.status_code == 200
    assert page.context["figures"].total.filed == 4
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
