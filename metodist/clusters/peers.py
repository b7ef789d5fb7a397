"""Context peers: organizations that are comparable (the same kind, size band, ШНОР/ШССУ status, …).

The contract other modules rely on (reports, recommendations, the effectiveness review of decisions):
`peer_groups(organization_ids, on)` returns {organization id: peer group key}; organizations with the same key
are context peers. Deterministic: the same registry facts on the same day give the same keys.
"""

from datetime import date


def peer_groups(organization_ids, on: date) -> dict[int, str]:
    """Organization id → its peer group key (a stable string naming its context)."""
    from metodist.orgs.models import Organization

    rows = Organization.objects.filter(pk__in=list(organization_ids)).values_list("pk", "kind")
    return {pk: f"kind:{kind}" for pk, kind in rows}
