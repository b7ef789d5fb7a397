from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from metodist.accounts.models import Role
from metodist.events.models import Event, EventStatus
from metodist.testing import factories as f

MSK = ZoneInfo("Europe/Moscow")
# Noon of the cast's TODAY (15.01.2025) in Moscow: the «now» of the rules' tests.
NOW = datetime(2025, 1, 15, 12, tzinfo=MSK)


def make_event(cast, *, days=10, **fields) -> Event:
    """A published municipal seminar of «Город N» starting `days` after NOW, at 15:00 for two hours."""
    starts = datetime.combine((NOW + timedelta(days=days)).date(), time(15), tzinfo=MSK)
    values = {
        "title": "Семинар по функциональной грамотности",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "municipality": cast.municipality,
        "region": cast.region,
        "status": EventStatus.PUBLISHED,
        "place": "ИМЦ, ауд. 5",
    }
    values.update(fields)
    return Event.objects.create(**values)


@pytest.fixture
def event(cast):
    return make_event(cast, capacity=2)


@pytest.fixture
def school2_teacher_user(cast):
    return f.UserFactory(username="school2_teacher", role=Role.EDUCATOR, educator=cast.school2_educator)


@pytest.fixture
def other_methodologist(cast):
    """A methodologist of the other municipality: must see nothing of «Город N»."""
    return f.UserFactory(username="other_methodologist", role=Role.METHODOLOGIST, municipality=cast.other_municipality)
