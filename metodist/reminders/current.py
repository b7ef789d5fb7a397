"""The user's current reminders: the sources of the kinds the user enabled for a channel, in the registry's order.

A source that fails is logged and skipped, so that the counter in the navbar never breaks a page and one broken
module does not stop the digest of the others. The log names the source, the exception's class and where it
was raised — not its message, which may carry the values of a row.
"""

import logging
import traceback
from datetime import date

from . import preferences
from .models import Channel
from .sources import SOURCES, Reminder

logger = logging.getLogger(__name__)


def current(user, today: date, channel: str = Channel.WEB) -> dict[str, list[Reminder]]:
    """kind → its reminders, for the kinds enabled for `channel` that have any."""
    found = {}
    for kind in preferences.enabled_kinds(user, channel):
        try:
            reminders = SOURCES[kind].function(user, today)
        except Exception as error:  # noqa: BLE001 (any failure of a module's code: skip the source, keep the rest)
            log_failure(f"source {kind}", error)
            continue
        if reminders:
            found[kind] = reminders
    return found


def log_failure(what: str, error: Exception) -> None:
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    where = f"{frame.filename}:{frame.lineno}" if frame else "?"
    logger.error("Reminders: %s failed with %s at %s", what, type(error).__name__, where)
