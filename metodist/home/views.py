from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from metodist.accounts.models import ScopeLevel
from metodist.monitoring.due import due_cards

from .figures import municipal_figures, municipality_rows, organization_home, own_card, pending_corrections
from .panels import cabinet_panels

# Scope levels that cover several municipalities and may compare them.
WIDE_LEVELS = (ScopeLevel.ALL, ScopeLevel.REGION)


@login_required
def home(request):
    on = timezone.localdate()
    if request.user.scope_level == ScopeLevel.SELF:
        context = {"card": own_card(request.user, on), "on": on, "panels": cabinet_panels(request.user, on)}
        return render(request, "home/home_own.html", context)
    if request.user.scope_level == ScopeLevel.ORGANIZATIONS:
        context = organization_home(request.user, on) | {"due": due_cards(request.user, on)}
        return render(request, "home/home_org.html", context)
    context = {
        "figures": municipal_figures(request.user, on),
        "due": due_cards(request.user, on),
        "compare": request.user.scope_level in WIDE_LEVELS,
        "pending_corrections": pending_corrections(request.user),
    }
    return render(request, "home/home.html", context)


@login_required
def municipalities(request):
    """The municipalities of the region side by side, each figure opening the list behind it."""
    if request.user.scope_level not in WIDE_LEVELS:
        raise PermissionDenied("Сравнение муниципалитетов доступно региональному оператору и администратору системы.")
    on = timezone.localdate()
    context = {
        "rows": municipality_rows(request.user, on),
        "total": municipal_figures(request.user, on),
        "on": on,
    }
    return render(request, "home/municipalities.html", context)
