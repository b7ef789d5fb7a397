"""The panels of the professional-growth and community modules on the start page of a person who sees their own record.

Each module provides `panel(user, today) -> dict | None` in its cabinet module and a template rendering the dict
as `panel`; None means the module has nothing for this user. Declared as data, in the order shown.
"""

from datetime import date

from django.utils.module_loading import import_string

PANELS = [
    ("metodist.diagnostics.cabinet.panel", "diagnostics/_cabinet_panel.html"),
    ("metodist.diagnostics.cabinet_selfcheck.panel", "diagnostics/_selfcheck_panel.html"),
    ("metodist.routes.cabinet.panel", "routes/_cabinet_panel.html"),
    ("metodist.training.cabinet.panel", "training/_cabinet_panel.html"),
    ("metodist.attestation.cabinet.panel", "attestation/_cabinet_panel.html"),
    ("metodist.mentoring.cabinet.panel", "mentoring/_cabinet_panel.html"),
    ("metodist.community.cabinet.panel", "community/_cabinet_panel.html"),
    ("metodist.events.cabinet.panel", "events/_cabinet_panel.html"),
    ("metodist.competitions.cabinet.panel", "competitions/_cabinet_panel.html"),
    ("metodist.practices.cabinet.panel", "practices/_cabinet_panel.html"),
    ("metodist.recommendations.cabinet.panel", "recommendations/_cabinet_panel.html"),
    ("metodist.consultations.cabinet.panel", "consultations/_cabinet_panel.html"),
    ("metodist.surveys.cabinet.panel", "surveys/_cabinet_panel.html"),
    ("metodist.difficulties.cabinet.panel", "difficulties/_cabinet_panel.html"),
]


def cabinet_panels(user, today: date) -> list[tuple[str, dict]]:
    """(template, panel) for each module that has something to show `user`."""
    shown = []
    for path, template in PANELS:
        panel = import_string(path)(user, today)
        if panel is not None:
            shown.append((template, panel))
    return shown
