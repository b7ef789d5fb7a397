"""The public portal: no login, nothing personal, so its pages are cached publicly (metodist.lib.serving)."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from metodist.orgs.models import Municipality

from . import published
from .suppression import HIDDEN, HIDDEN_NOTE, THRESHOLD

# How long a browser or a proxy may keep a portal page, as the public registry of practices.
PUBLIC_MAX_AGE = 300


def _public(response):
    response.public_cache = PUBLIC_MAX_AGE
    return response


def index(request):
    municipalities = published.municipalities(timezone.now())
    return _public(render(request, "portal/index.html", {"municipalities": municipalities}))


def municipality(request, pk):
    now = timezone.now()
    place = get_object_or_404(published.municipalities(now), pk=pk)
    reports = list(
        published.published_reports()
        .filter(municipality=place)
        .select_related("campaign")
        .order_by("-campaign__period_end", "-pk")
    )
    latest = reports[0] if reports else None
    context = {
        "municipality": place,
        "reports": reports,
        "latest": latest,
        "summary": published.report_summary(published.report_rows(latest)) if latest else None,
        "roadmaps": published.roadmap_progress(place, timezone.localdate()),
        "events": published.municipal_events(place, now),
    }
    return _public(render(request, "portal/municipality.html", context))


def report(request, pk, report_pk):
    place = get_object_or_404(Municipality, pk=pk)
    found = get_object_or_404(
        published.published_reports().filter(municipality=place).select_related("campaign"), pk=report_pk
    )
    context = {
        "municipality": place,
        "report": found,
        "rows": published.report_rows(found),
        "hidden_mark": HIDDEN,
        "hidden_note": HIDDEN_NOTE,
        "threshold": THRESHOLD,
    }
    return _public(render(request, "portal/report.html", context))
