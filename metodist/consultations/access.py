"""Who may do what with a request (the reads themselves are scoped by `HelpRequest.objects.in_scope`)."""

from metodist.accounts.models import Role, ScopeLevel

SERVICE_ROLES = (Role.ADMIN, Role.REGIONAL_OPERATOR, Role.COORDINATOR, Role.METHODOLOGIST)


def is_service(user) -> bool:
    """The methodological service: triages the requests of its territory and sees their statistics."""
    return user.is_superuser or user.role in SERVICE_ROLES


def can_file(user) -> bool:
    """An educator for themself, an organization's administrator for their organizations."""
    return user.role == Role.ORG_ADMIN or (user.scope_level == ScopeLevel.SELF and user.educator_id is not None)


def may_triage(user, request) -> bool:
    return is_service(user)


def may_consult(user, request) -> bool:
    """The service, and the executor the request is assigned to."""
    return is_service(user) or (request.assignee_id is not None and request.assignee_id == user.pk)


def is_requester(user, request) -> bool:
    """The educator who asked, or an administrator of the organization that asked."""
    if request.educator_id:
        return user.educator_id == request.educator_id
    return user.role == Role.ORG_ADMIN and user.organizations.filter(pk=request.organization_id).exists()


def may_note(user) -> bool:
    """Private notes are the methodologists' (and coordinators') working tool."""
    return user.role in (Role.METHODOLOGIST, Role.COORDINATOR)
