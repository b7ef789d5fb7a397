"""The professional-growth modules' demo seeders, in dependency order: routes are drafted from deficits and
propose programs; an attestation portfolio reads them all. Each module's `demo.py` has `seed(today, progress)`
and `clear()` (called by clear_registry, in reverse order, before the registry is deleted)."""

from metodist.activities import demo as activities
from metodist.attestation import demo as attestation
from metodist.community import demo as community
from metodist.competitions import demo as competitions
from metodist.consultations import demo as consultations
from metodist.diagnostics import demo as diagnostics
from metodist.diagnostics import demo_selfcheck as selfcheck
from metodist.difficulties import demo as difficulties
from metodist.events import demo as events
from metodist.mentoring import demo as mentoring
from metodist.practices import demo as practices
from metodist.routes import demo as routes
from metodist.structure import demo as structure
from metodist.surveys import demo as surveys
from metodist.training import demo as training

# The community modules follow: mentors are matched on diagnosed deficits, events are organized by associations,
# and activity records (expertise, juries) read competitions and associations. Then methodological help: the
# structure of the system names associations and specialists, requests are answered by consultations that follow
# up with route steps, events and mentors, surveys and self-reported difficulties feed the bank.
SEEDERS = (
    diagnostics,
    selfcheck,
    training,
    routes,
    attestation,
    community,
    mentoring,
    events,
    competitions,
    practices,
    activities,
    structure,
    consultations,
    surveys,
    difficulties,
)
