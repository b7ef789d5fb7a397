"""Which kinds of reminders a user gets through which channel. Without a stored choice: every kind in the
interface, and every kind by e-mail for a user who has an address."""

from django.db import transaction

from .models import Channel, Preference
from .sources import SOURCES


def default(user, channel: str) -> bool:
    return channel == Channel.WEB or bool(user.email)


def choices(user) -> dict[tuple[str, str], bool]:
    """(kind, channel) → enabled, for every kind of the registry and both channels, in one query."""
    stored = {
        (kind, channel): enabled
        for kind, channel, enabled in Preference.objects.filter(user=user).values_list("kind", "channel", "enabled")
    }
    return {
        (kind, channel): stored.get((kind, channel), default(user, channel))
        for kind in SOURCES
        for channel in Channel.values
    }


def enabled_kinds(user, channel: str) -> list[str]:
    chosen = choices(user)
    return [kind for kind in SOURCES if chosen[(kind, channel)]]


@transaction.atomic
def save(user, chosen: dict[tuple[str, str], bool]) -> None:
    """Stores every (kind, channel) choice of `chosen`, so that a later change of the defaults does not
    change what the user chose."""
    for (kind, channel), enabled in chosen.items():
        Preference.objects.update_or_create(user=user, kind=kind, channel=channel, defaults={"enabled": enabled})
