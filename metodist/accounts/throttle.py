"""Throttling of failed logins (django-axes): where a request comes from, and the page a locked-out user sees.

Failures are counted per account and per address (settings AXES_LOCKOUT_PARAMETERS); after
AXES_FAILURE_LIMIT failures the account, or the address, is refused for AXES_COOLOFF_TIME. Axes logs each failure
with the user name, the address and the page, never the password; the attempts are listed in /admin/axes/.
"""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


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
