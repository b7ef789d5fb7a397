"""Sessions that end after an idle time (settings.SESSION_COOKIE_AGE), not at a fixed time after login."""

import time

# A user clicking every second must not turn every page into a write of the session: its expiry is moved
# forward at most once a minute, so a session ends between SESSION_COOKIE_AGE minus a minute and
# SESSION_COOKIE_AGE after the last request.
REFRESH_SECONDS = 60
SEEN_KEY = "_metodist_seen"


class IdleSessionMiddleware:
    """Marks a session as seen when it is saved anyway (the login) and then at most once a minute; a saved
    session gets a new expiry. A session that no request ever saved (a test's force_login) keeps its expiry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if session.get("_auth_user_id"):
            now, seen = int(time.time()), session.get(SEEN_KEY)
            if session.modified or (seen is not None and now - seen >= REFRESH_SECONDS):
                session[SEEN_KEY] = now
        return response
