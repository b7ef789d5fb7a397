"""The module's panel on the start page of a person who sees their own record (metodist/home/panels.py): the
open surveys they are invited to and have not answered yet."""

from .models import Survey


def waiting(user, today):
    """Open surveys `user` is invited to, not answered, the deadline not passed; nearest deadline first."""
    if not user.educator_id:
        return Survey.objects.none()
    answered = Survey.objects.filter(invitations__educator_id=user.educator_id, invitations__responded=True)
    return (
        Survey.objects.invited(user.educator_id)
        .accepting(today)
        .exclude(pk__in=answered.values("pk"))
        .order_by("deadline", "pk")
    )


def panel(user, today):
    if not user.educator_id:
        return None
    surveys = list(waiting(user, today)[:5])
    return {"surveys": surveys} if surveys else None
