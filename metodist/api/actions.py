"""Issuing and revoking personal API tokens, recorded in the audit trail without the token value."""

from django.db import transaction

from metodist.accounts.models import ApiToken, User
from metodist.audit.actions import record
from metodist.audit.models import AuditAction


@transaction.atomic
def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token of `user`; the raw value is returned once and is stored nowhere."""
    token, raw = ApiToken.issue(user, name)
    record(user, AuditAction.CREATE, token, {"name": [None, name]}, summary=f"Выпущен API-токен «{name}»")
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, by: User) -> None:
    """Deletes the token, so it stops working at once; the audit entry keeps its id and name."""
    record(by, AuditAction.DELETE, token, {"name": [token.name, None]}, summary=f"Отозван API-токен «{token.name}»")
    token.delete()
