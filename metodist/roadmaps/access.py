"""Who may adopt and run a road map: the municipal service (coordinator, methodologist), the regional operator
and the administrator, within their scope. An organization's administrator reads the municipality's road map but
does not run it; people who see only themselves see none (Roadmap.objects.in_scope)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from metodist.accounts.models import Role

from .models import Roadmap

RUNNING_ROLES = {Role.ADMIN, Role.REGIONAL_OPERATOR, Role.COORDINATOR, Role.METHODOLOGIST}


def can_run(user) -> bool:
    return user.is_superuser or user.role in RUNNING_ROLES


def can_edit(user, roadmap: Roadmap) -> bool:
    return not roadmap.is_template and can_run(user) and Roadmap.objects.in_scope(user).filter(pk=roadmap.pk).exists()


def visible(user, pk: int) -> Roadmap:
    roadmap = Roadmap.objects.in_scope(user).select_related("municipality", "adopted_from").filter(pk=pk).first()
    if roadmap is None:
        raise Http404
    return roadmap


def editable(user, pk: int) -> Roadmap:
    """A road map the user may change: 404 out of scope, 403 when they may read it but not change it."""
    roadmap = visible(user, pk)
    if not can_edit(user, roadmap):
        raise PermissionDenied("Изменять дорожную карту может муниципальная методическая служба.")
    return roadmap
