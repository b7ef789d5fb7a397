"""Builders of the module's tests: a kept topic of the cast's region, a request in any status, a consultation."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from metodist.difficulties.models import Topic
from metodist.testing import factories as f

from ..models import Consultation, HelpRequest, RequestStatus

MSK = ZoneInfo("Europe/Moscow")


def at(day, hour=10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=MSK)


@pytest.fixture
def topic(cast) -> Topic:
    return Topic.objects.create(name="Работа с родителями", region=cast.region)


@pytest.fixture
def build(cast, topic, today):
    """A request of the cast's teacher (or of `organization` for its staff) with the fields given."""

    def make(*, educator=None, organization=None, status=RequestStatus.NEW, **fields) -> HelpRequest:
        if organization is None:
            educator = educator or cast.teacher
            organization = educator.employments.first().organization
        fields.setdefault("filed_at", at(today))
        fields.setdefault("topic", topic)
        fields.setdefault("description", "Как выстроить работу с родителями пятиклассников?")
        return HelpRequest.objects.create(
            educator=educator,
            requester_kind="educator" if educator else "organization",
            organization=organization,
            municipality_id=organization.municipality_id,
            region_id=organization.region_id,
            status=status,
            **fields,
        )

    return make


@pytest.fixture
def tutor_user(cast):
    """A tutor of the demo municipality (an executor, not the service)."""
    return f.UserFactory(username="tutor", role="tutor", municipality=cast.municipality)


def consultation(request, *, by, held_on, participants=(), **fields) -> Consultation:
    made = Consultation.objects.create(
        held_on=held_on,
        duration_minutes=fields.pop("duration_minutes", 45),
        topic_text=fields.pop("topic_text", "Работа с родителями"),
        advice=fields.pop("advice", "Провести родительское собрание в форме практикума."),
        conducted_by=by,
        municipality_id=request.municipality_id,
        region_id=request.region_id,
        **fields,
    )
    made.requests.add(request)
    made.participants.set(participants)
    return made
