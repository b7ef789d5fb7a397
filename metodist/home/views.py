from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from metodist.accounts.models import ScopeLevel
from metodist.monitoring.due import due_cards

from .figures import municipal_figures, own_card


@login_required
def home(request):
    on = timezone.localdate()
    if request.user.scope_level == ScopeLevel.SELF:
        return render(request, "home/home_own.html", {"card": own_card(request.user, on), "on": on})
    context = {"figures": municipal_figures(request.user, on), "due": due_cards(request.user, on)}
    return render(request, "home/home.html", context)
