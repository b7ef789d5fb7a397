"""The educator's cabinet panel of the self-diagnosis (contract of metodist/home: panel(user, today) -> dict | None).

Open questionnaires to fill, submitted ones with the deficits they gave, and the educator's own calibration gap
(self % − external % per competency) — visible to the educator alone here, never as a ranking.
"""

from datetime import date

from . import analytics
from .views_selfcheck import educator_context

TEMPLATE = "diagnostics/_selfcheck_panel.html"


def panel(user, today: date) -> dict | None:
    if not user.is_authenticated or not user.educator_id:
        return None
    context = educator_context(user.educator_id, today)
    gaps = analytics.own_gaps(user.educator_id, today)
    if not context["open_ones"] and not context["submitted"] and not gaps:
        return None
    return {**context, "gaps": gaps, "margin": analytics.CALIBRATION_MARGIN, "template": TEMPLATE}
