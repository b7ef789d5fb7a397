from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from . import preferences
from .current import current, log_failure
from .forms import PreferencesForm
from .models import Channel
from .sources import SOURCES

SHOWN = 50  # reminders of one kind listed on the page; the module's own page has them all


@login_required
def index(request):
    found = current(request.user, timezone.localdate())
    chosen = preferences.choices(request.user)
    context = {
        "groups": [
            {
                "kind": kind,
                "label": SOURCES[kind].label,
                "count": len(reminders),
                "shown": reminders[:SHOWN],
                "more": max(len(reminders) - SHOWN, 0),
            }
            for kind, reminders in found.items()
        ],  # fmt: skip
        "total": sum(len(reminders) for reminders in found.values()),
        "hidden": [source.label for kind, source in SOURCES.items() if not chosen[(kind, Channel.WEB)]],
    }
    return render(request, "reminders/index.html", context)


@login_required
def badge(request):
    """The navbar's counter, loaded by htmx after the page (shell/_navbar.html): a page's own queries stay its
    own, and a failure here leaves the page as it is, without a counter."""
    try:
        count = sum(len(reminders) for reminders in current(request.user, timezone.localdate()).values())
    except Exception as error:  # noqa: BLE001 (the counter must never break a page)
        log_failure("navbar counter", error)
        count = 0
    return render(request, "reminders/_badge.html", {"count": count})


@login_required
def settings(request):
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        preferences.save(request.user, form.chosen())
        messages.success(request, "Настройки напоминаний сохранены.")
        return redirect("reminders:settings")
    return render(request, "reminders/settings.html", {"form": form, "has_email": bool(request.user.email)})
