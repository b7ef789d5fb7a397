"""The audit page of the system administrator: the trail filtered by who, what and when, and its export.

Nobody else sees it, whatever their territory: the trail tells who looked at whose data.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from metodist.lib.xlsx import export_filename, xlsx_response

from . import exports
from .forms import AuditFilterForm

PAGE_SIZE = 50


def _administrator(request) -> None:
    if not request.user.is_system_admin:
        raise PermissionDenied("Журнал аудита доступен только администратору системы.")


@login_required
def entries(request):
    _administrator(request)
    form = AuditFilterForm(request.GET or None)
    page = Paginator(form.entries(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/entries.html", {"form": form, "page": page})


@login_required
def export(request):
    _administrator(request)
    form = AuditFilterForm(request.GET or None)
    content = exports.export_entries(form.entries(), filters=form.describe(), by=request.user)
    return xlsx_response(content, export_filename("Журнал аудита", "все данные", timezone.localdate()))
