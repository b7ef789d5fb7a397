"""Reading counts through CachedCounts: the stored ones while the registry is unchanged, else counted anew."""

from collections.abc import Callable
from datetime import date

from metodist.accounts.models import ScopeLevel

from .models import CachedCounts


def territory_key(user) -> str | None:
    """The territory the user's figures are counted over, or None when it is not a whole territory (an
    organization's administrator, a person): their counts are small and not kept."""
    level = user.scope_level
    if level == ScopeLevel.ALL:
        return "all"
    if level == ScopeLevel.REGION and user.region_id:
        return f"region:{user.region_id}"
    if level == ScopeLevel.MUNICIPALITY and user.municipality_id:
        return f"municipality:{user.municipality_id}"
    return None


def kept(key: str | None, on: date, count: Callable[[], dict]) -> dict:
    """The counts stored under `key` on `on`, or `count()` stored there.

    The row is marked current before counting and the counts are stored only if it still is: a registry
    write while counting marks it stale, and what was counted is then not kept."""
    if key is None:
        return count()
    stored = CachedCounts.objects.filter(key=key, on=on)
    row = stored.first()
    if row is not None and not row.stale and row.counts is not None:
        return row.counts
    if row is None:
        stored.bulk_create([CachedCounts(key=key, on=on, stale=False)], ignore_conflicts=True)
    else:
        stored.update(stale=False, counts=None)
    counts = count()
    stored.filter(stale=False).update(counts=counts)
    return counts
