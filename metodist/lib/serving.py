"""What serving needs beyond Django's defaults: no caching of pages, and no start before collectstatic."""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.cache import add_never_cache_headers, patch_cache_control
from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed and compressed names of production. A file missing from the manifest (added after collectstatic)
    keeps its plain name, so that it is a 404 of that file and never a 500 of every page that links it."""

    manifest_strict = False


class NoStoreMiddleware:
    """Every response of the application is `Cache-Control: no-store`: cards, lists, exports, evidence files and
    API answers carry personal data that no browser or proxy may keep. Static files never reach this
    middleware (WhiteNoise answers them above it) and keep their own long caching. A page with no personal data
    (the public registry of practices) says so with `response.public_cache = <seconds>` and is cached publicly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if public := getattr(response, "public_cache", None):
            patch_cache_control(response, public=True, max_age=public)
            return response
        add_never_cache_headers(response)
        return response


def missing_manifest() -> str:
    """Why pages cannot be built with the configured static storage, or "" when they can."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return ""
    if staticfiles_storage.exists(staticfiles_storage.manifest_name):
        return ""
    return (
        f"The static files manifest {settings.STATIC_ROOT}/{staticfiles_storage.manifest_name} is missing: "
        "run `manage.py collectstatic --noinput` before starting the server (every page would fail without it)."
    )


def require_collected_static() -> None:
    """Refuse to serve rather than answer every page with a 500."""
    if problem := missing_manifest():
        raise ImproperlyConfigured(problem)


@checks.register(checks.Tags.staticfiles, deploy=True)
def check_collected_static(app_configs, **kwargs):
    problem = missing_manifest()
    return [checks.Error(problem, id="metodist.E001")] if problem else []
