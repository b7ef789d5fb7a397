"""The demo's management cycle, after the demo campaigns are computed and the 2022/23 one approved: the seeds'
road maps loaded and adopted, clusters and the analytical report of the approved campaign, recommendations sent
(some read), a decision with measures and their effectiveness review against the 2023/24 campaign, reminders.
Each module's `demo.py` has `seed(today, progress)` and `clear()` (called by clear_registry, in reverse order)."""

from metodist.clusters import demo as clusters
from metodist.decisions import demo as decisions
from metodist.recommendations import demo as recommendations
from metodist.reminders import demo as reminders
from metodist.reports import demo as reports
from metodist.roadmaps import demo as roadmaps

SEEDERS = (roadmaps, clusters, reports, recommendations, decisions, reminders)
