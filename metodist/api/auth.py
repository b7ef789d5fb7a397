"""Who is calling the API: a personal bearer token or the browser session of a logged-in user.

Both return the `User`, so `request.auth` is the user whose scope every endpoint applies.
"""

from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from metodist.accounts.models import ApiToken, User

# A token used by a script every second must not turn every request into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def mark_used(token: ApiToken, at: datetime) -> None:
    if token.last_used_at is None or at - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = at
        token.save(update_fields=["last_used_at"])


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = ApiToken.objects.matching(token).select_related("user").first()
        if api_token is None:
            return None
        mark_used(api_token, at=timezone.now())
        return api_token.user


# The bearer check runs first: a script sends no session cookie, and the session check would refuse its
# unsafe requests for lack of a CSRF token before the token could be looked at.
bearer_auth = BearerTokenAuth()
session_auth = SessionAuth(csrf=True)
