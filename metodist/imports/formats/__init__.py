"""The registry of import formats, keyed by stable codes used in URLs, batches and docs."""

from .base import Column, ImportFormat
from .educators import EDUCATORS
from .organizations import ORGANIZATIONS
from .staff_positions import STAFF_POSITIONS

FORMATS: dict[str, ImportFormat] = {fmt.code: fmt for fmt in (ORGANIZATIONS, EDUCATORS, STAFF_POSITIONS)}


def available(user) -> list[ImportFormat]:
    return [fmt for fmt in FORMATS.values() if fmt.allowed(user)]


__all__ = ["FORMATS", "Column", "ImportFormat", "available"]
