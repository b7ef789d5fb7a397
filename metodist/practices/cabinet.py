"""The module's panel on the start page of a person who sees their own record (metodist/home/panels.py): the
practices they are an author of, with their review status."""

from .models import Practice


def panel(user, today):
    if not user.educator_id:
        return None
    practices = Practice.objects.authored_by(user.educator_id).order_by("-submitted_on", "-pk")
    shown = list(practices[:5])
    if not shown:
        return None
    return {"practices": shown, "total": practices.count()}
