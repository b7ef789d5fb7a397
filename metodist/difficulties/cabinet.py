"""The module's panel on the start page of a person who sees their own record (metodist/home/panels.py)."""

from .models import ReportedDifficulty

SHOWN = 3


def panel(user, today):
    """The educator's own reported difficulties (the last few) and the way to report one."""
    if not user.is_authenticated or not user.educator_id:
        return None
    own = ReportedDifficulty.objects.filter(educator_id=user.educator_id).select_related("competency", "topic")
    return {"count": own.count(), "last": list(own[:SHOWN])}
