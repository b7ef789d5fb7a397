"""The REST API /api/v1/: the registry (read-only) and monitoring (campaigns, results, cards that their
respondents fill and submit), each filtered by the caller's scope.

Description for users: docs/api.md. The interactive documentation (/api/v1/docs) is served from the
static files that django-ninja ships, never from a CDN.
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from . import monitoring, orgs, people
from .auth import bearer_auth, session_auth
from .errors import as_errors


class LocalSwagger(Swagger):
    """Swagger UI from ninja's own static files: without "ninja" in INSTALLED_APPS it fails, it never goes online."""

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        # "Try it out" with the session needs the CSRF token for unsafe methods.
        context = {"swagger_settings": json.dumps(settings), "api": api, "add_csrf": True}
        return render(request, self.template, context)


class ReadableJSONRenderer(JSONRenderer):
    # Cyrillic as is (the charset is UTF-8), so names and messages read plainly in curl and in logs.
    json_dumps_params = {"ensure_ascii": False}


UNAUTHENTICATED = (
    "Требуется вход: войдите в систему в браузере или передайте заголовок «Authorization: Bearer <токен>»."
)

NINJA_REFUSALS = {
    "CSRF check Failed": "Нет CSRF-токена: запрос из сессии браузера, изменяющий данные, передаёт заголовок "
    "«X-CSRFToken».",
    "Cannot parse request body": "Тело запроса — не JSON.",
}

api = NinjaAPI(
    title="Методист API",
    version="1",
    description="Реестр педагогов и организаций, мониторинг (кампании, результаты, информационные карты) в "
    "пределах прав пользователя. Описание: docs/api.md.",
    urls_namespace="api",
    renderer=ReadableJSONRenderer(),
    auth=[bearer_auth, session_auth],
    # The online validator badge would send the schema to validator.swagger.io.
    docs=LocalSwagger(settings={"validatorUrl": None}),
)

api.add_router("/organizations/", orgs.organizations)
api.add_router("/staff-positions/", orgs.staff_positions)
api.add_router("/educators/", people.educators)
api.add_router("/employments/", people.employments)
api.add_router("/campaigns/", monitoring.campaigns)
api.add_router("/cards/", monitoring.card_router)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": UNAUTHENTICATED}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Не найдено."}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Недостаточно прав."}, status=403)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, as_errors(exc), status=422)


@api.exception_handler(HttpError)
def http_error(request, exc):
    # ninja's own refusals (a session request without its CSRF token, a body that is not JSON) are in English
    detail = NINJA_REFUSALS.get(exc.message, exc.message)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)
