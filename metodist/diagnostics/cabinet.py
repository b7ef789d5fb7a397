"""The educator's panel on the start page (contract: panel(user, today) -> dict | None)."""

from .models import Deficit, Diagnostic

SHOWN = 5


def panel(user, today) -> dict | None:
    """The educator's last procedure and open deficits; None when the user is no educator or has no results."""
    if not user.is_authenticated or not user.educator_id:
        return None
    last = Diagnostic.objects.filter(results__educator_id=user.educator_id).order_by("-ends_on").first()
    if last is None:
        return None
    open_deficits = Deficit.objects.filter(educator_id=user.educator_id).open(today)
    return {
        "last": last,
        "deficit_count": open_deficits.count(),
        "deficits": list(open_deficits.select_related("competency").order_by("competency__order")[:SHOWN]),
    }
