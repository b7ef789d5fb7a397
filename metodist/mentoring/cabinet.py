"""The mentoring panel of the start page (contract with metodist.home): for a mentor their mentees and the pairs
without a recent meeting, for a mentee their mentor and the goals still in work."""

from datetime import date, timedelta

from django.db.models import Max, Q

from .models import Mentorship, MentorshipGoal, MentorshipMentee, MentorshipStatus

SILENT_WEEKS = 4


def panel(user, today: date) -> dict | None:
    """None when the user is neither a mentor nor a mentee of an active mentorship."""
    if not user.educator_id:
        return None
    data = {}
    own = Mentorship.objects.filter(mentor_id=user.educator_id, status=MentorshipStatus.ACTIVE)
    mentees = MentorshipMentee.objects.filter(Q(left_on__isnull=True) | Q(left_on__gte=today), mentorship__in=own)
    count = mentees.count()
    if count:
        since = today - timedelta(weeks=SILENT_WEEKS)
        last = own.filter(starts_on__lte=since).annotate(last=Max("meetings__held_on"))
        data["mentor_of"] = True
        data["mentees"] = count
        data["silent"] = last.filter(Q(last__isnull=True) | Q(last__lt=since)).count()
    mine = MentorshipMentee.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=today), educator_id=user.educator_id
    )
    mentored = list(
        Mentorship.objects.filter(status=MentorshipStatus.ACTIVE, pk__in=mine.values("mentorship_id")).select_related(
            "mentor"
        )
    )
    if mentored:
        data["mentored_by"] = mentored
        goals = MentorshipGoal.objects.filter(mentorship__in=mentored, confirmed_by_mentor_at__isnull=True)
        data["open_goals"] = goals.count()
    return data or None
