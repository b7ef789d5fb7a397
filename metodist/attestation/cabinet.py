"""The educator's cabinet panel of the attestation module (contract: panel(user, today) -> dict | None)."""

from datetime import date

from metodist.people.models import Category, Educator, Employment, PositionKind

from . import rules
from .models import Attestation, Kind


def next_attestation(educator: Educator, today: date) -> tuple[date, str] | None:
    """The nearest date the educator has to act on, and what: an old-term category that expires, or
    соответствие занимаемой должности falling due in a pedagogical position (the calendar's rule, the
    educator's absences of the registry included)."""
    category = educator.category_on(today)
    if category in rules.QUALIFICATION_CATEGORIES:
        if educator.category_expires_on is None:
            return None
        return educator.category_expires_on, "истекает срок категории"
    dates = []
    absences = list(educator.absences.all())
    employments = Employment.objects.active(today).filter(educator=educator, position__kind=PositionKind.PEDAGOGICAL)
    for employment in employments:
        last = (
            Attestation.objects.current()
            .awarded()
            .filter(educator=educator, kind=Kind.SZD, organization_id=employment.organization_id)
            .filter(position_id=employment.position_id)
            .order_by("-decided_on")
            .values_list("decided_on", flat=True)
            .first()
        )
        if educator.category == Category.SZD and educator.category_awarded_on:
            last = max(filter(None, (last, educator.category_awarded_on)))
        due = rules.szd_due(
            on=today,
            position_start=employment.start_date,
            last_szd=last,
            category=educator.category,
            category_awarded_on=educator.category_awarded_on,
            category_expires_on=educator.category_expires_on,
            absences=absences,
        )
        if due is not None:
            dates.append(due)
    if not dates:
        return None
    return min(dates), "подтверждение соответствия занимаемой должности"


def panel(user, today: date) -> dict | None:
    if not user.educator_id:
        return None
    educator = Educator.objects.filter(pk=user.educator_id).first()
    if educator is None:
        return None
    category = educator.category_on(today)
    held = category != Category.NONE
    upcoming = next_attestation(educator, today)
    return {
        "educator": educator,
        "category": Category(category).label,
        "awarded_on": educator.category_awarded_on if held else None,
        "valid_until": educator.category_expires_on if held else None,
        "no_term": held and educator.category_expires_on is None,
        "next_on": upcoming[0] if upcoming else None,
        "next_what": upcoming[1] if upcoming else "",
        "overdue": bool(upcoming) and upcoming[0] < today,
    }
