"""The events panel of the start page (contract with metodist.home): an educator's upcoming registrations and
the attended events still waiting for their feedback."""

from datetime import date

from django.utils import timezone

from .models import ACTIVE, Participation, RegistrationStatus


def panel(user, today: date) -> dict | None:
    """None for a user without an educator's card or without registrations."""
    if not user.educator_id:
        return None
    now = timezone.now()
    mine = Participation.objects.filter(educator_id=user.educator_id).select_related("event")
    upcoming = list(mine.filter(status__in=ACTIVE, event__starts_at__gte=now).order_by("event__starts_at")[:5])
    to_rate = list(
        mine.filter(status=RegistrationStatus.ATTENDED, feedback__isnull=True).order_by("-event__starts_at")[:3]
    )
    if not upcoming and not to_rate:
        return None
    return {"upcoming": upcoming, "to_rate": to_rate}
