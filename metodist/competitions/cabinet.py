"""The module's panel on the start page of a person who sees their own record (metodist/home/panels.py): the
educator's own participations and the stages they judge."""

from .models import CompetitionEntry, CompetitionStage, judging_q

SHOWN = 5


def panel(user, today):
    entries = []
    if user.educator_id:
        entries = list(
            CompetitionEntry.objects.filter(educator_id=user.educator_id)
            .select_related("stage__competition")
            .order_by("-stage__ends_on", "-pk")[:SHOWN]
        )
    judging = list(
        CompetitionStage.objects.filter(judging_q(user), closed_at__isnull=True)
        .select_related("competition")
        .distinct()
        .order_by("ends_on")[:SHOWN]
    )
    if not entries and not judging:
        return None
    return {"entries": entries, "judging": judging}
