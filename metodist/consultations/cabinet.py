"""The module's panel on the start page of a person who sees their own record (metodist/home/panels.py): the
requester's open requests and those waiting for their rating, with the way to ask for help."""

from django.db.models import Q

from .access import can_file
from .models import OPEN, HelpRequest, RequestStatus

SHOWN = 5


def requested_by(user):
    """The requests `user` is the requester of: their own as an educator, their organizations' as an
    administrator (those filed for an organization, not an educator's own)."""
    if user.role == "org_admin":
        return HelpRequest.objects.filter(educator__isnull=True, organization__in=user.organizations.values("pk"))
    return HelpRequest.objects.filter(educator_id=user.educator_id) if user.educator_id else HelpRequest.objects.none()


def panel(user, today):
    if not can_file(user):
        return None
    mine = requested_by(user).select_related("competency", "topic").order_by("-filed_at", "-pk")
    shown = list(mine.filter(Q(status__in=OPEN) | Q(status=RequestStatus.DONE, rating__isnull=True))[:SHOWN])
    return {
        "open": [item for item in shown if item.is_open],
        "to_rate": [item for item in shown if item.status == RequestStatus.DONE],
    }
