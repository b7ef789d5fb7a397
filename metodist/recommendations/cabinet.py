"""The recommendations panel of the start page (contract with metodist.home): what was sent to the user, unread
first."""

from datetime import date

from django.db.models import Exists, OuterRef

from .models import Receipt, Recommendation

SHOWN = 5


def panel(user, today: date) -> dict | None:
    """None when nothing was ever sent to the user."""
    sent = Recommendation.objects.addressed_to(user)
    total = sent.count()
    if not total:
        return None
    read = Receipt.objects.filter(recommendation=OuterRef("pk"), user=user)
    recent = sent.annotate(read=Exists(read)).order_by("read", "-sent_at", "-pk")[:SHOWN]
    return {"recent": list(recent), "total": total, "unread": Recommendation.objects.unread_by(user).count()}
