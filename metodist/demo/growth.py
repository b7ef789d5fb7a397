"""The professional-growth modules' demo seeders, in dependency order: routes are drafted from deficits and
propose programs; an attestation portfolio reads them all. Each module's `demo.py` has `seed(today, progress)`
and `clear()` (called by clear_registry, in reverse order, before the registry is deleted)."""

from metodist.attestation import demo as attestation
from metodist.diagnostics import demo as diagnostics
from metodist.diagnostics import demo_selfcheck as selfcheck
from metodist.routes import demo as routes
from metodist.training import demo as training

SEEDERS = (diagnostics, selfcheck, training, routes, attestation)
