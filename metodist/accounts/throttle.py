"""Throttling of failed logins (django-axes) and of password reset requests: where a request comes from, and
what a refused user sees.

Logins: failures are counted per account and per address (settings AXES_LOCKOUT_PARAMETERS); after
AXES_FAILURE_LIMIT failures the account, or the address, is refused for AXES_COOLOFF_TIME. Axes logs each failure
with the user name, the address and the page, never the password; the attempts are listed in /admin/axes/.

Password resets: every request with a valid address is counted per e-mail address and per client address in a
fixed window of PASSWORD_RESET_WINDOW (ResetThrottle, in the database: the one store all the server's processes
share that increments atomically); over PASSWORD_RESET_LIMIT_PER_EMAIL or PASSWORD_RESET_LIMIT_PER_IP no letter
is sent. Both counters move whether the address belongs to an account or not, so the answer never tells.
"""

import logging
import math
import unicodedata
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

from metodist.accounts.models import ResetThrottle

logger = logging.getLogger(__name__)


def client_ip(request) -> str | None:
    """The client's address: behind TRUSTED_PROXY_COUNT reverse proxies, the one the outermost proxy saw
    (each proxy appends the address it received from to X-Forwarded-For); otherwise the connection's own.

    Without this, behind a proxy every login would come from the proxy's address, and one locked address
    would lock everybody out."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def minutes(value) -> int:
    return max(int(value.total_seconds() // 60), 1)


def lockout_message() -> str:
    return (
        f"Слишком много неудачных попыток входа подряд: вход с этим именем пользователя (или с этого адреса) "
        f"временно заблокирован на {minutes(settings.AXES_COOLOFF_TIME)} мин. Попробуйте позже; если вы забыли "
        "пароль, обратитесь к администратору системы."
    )


def locked_out(request, response=None, credentials=None):
    """The login page with the lockout message instead of the form's error (AXES_LOCKOUT_CALLABLE)."""
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
    context = {"form": form, "locked_out": lockout_message(), "next": request.POST.get("next", "")}
    return render(request, "accounts/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def window_start(moment: datetime, window: timedelta) -> datetime:
    """The start of the fixed window holding `moment`: windows follow each other from the Unix epoch, so an
    hour's windows start at whole hours."""
    seconds = window.total_seconds()
    return datetime.fromtimestamp(moment.timestamp() // seconds * seconds, tz=UTC)


def reset_key(kind: str, value: str) -> str:
    """The counter's key of an e-mail address or a client address: an HMAC keyed by SECRET_KEY, not the value."""
    return salted_hmac("metodist.accounts.reset-throttle", f"{kind}:{value}", algorithm="sha256").hexdigest()


def reset_refusal(request, email: str, now: datetime | None = None) -> str | None:
    """Counts a password reset request; the message to show instead of sending the letter if the address, or
    the client, is over its limit in the current window, otherwise None."""
    now = now or timezone.now()
    window = settings.PASSWORD_RESET_WINDOW
    start = window_start(now, window)
    ResetThrottle.objects.filter(window_start__lt=start).delete()  # the windows that ended
    # The address as PasswordResetForm.get_users compares it, so «Anna@…» and «anna@…» are one account's.
    address = unicodedata.normalize("NFKC", email).casefold()
    # Both counters move on every request, the one over its limit too.
    counts = {
        "e-mail address": (
            ResetThrottle.hit(reset_key("email", address), start),
            settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
        ),
        "client address": (
            ResetThrottle.hit(reset_key("ip", client_ip(request) or ""), start),
            settings.PASSWORD_RESET_LIMIT_PER_IP,
        ),
    }
    over = [name for name, (count, limit) in counts.items() if count > limit]
    if not over:
        return None
    logger.warning("Password reset refused: over the limit per %s", " and per ".join(over))
    wait = math.ceil((start + window - now).total_seconds() / 60)
    return f"Слишком много запросов на восстановление пароля. Повторите попытку через {wait} мин."
