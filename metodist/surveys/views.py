"""Pages of the module (skeleton: built by issue #12)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def index(request):
    return render(request, "surveys/index.html")
