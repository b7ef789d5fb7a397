"""The WSGI application of gunicorn (gunicorn.conf.py) and of `runserver`.

No default settings module here, unlike manage.py: a server started without DJANGO_SETTINGS_MODULE fails at
start instead of serving the development settings (DEBUG on, a fixed secret key). `runserver` imports this
module after manage.py has chosen the development settings, so development is unaffected.
"""

import os

from django.core.exceptions import ImproperlyConfigured

if not os.environ.get("DJANGO_SETTINGS_MODULE"):
    raise ImproperlyConfigured(
        "DJANGO_SETTINGS_MODULE is not set: a server needs it explicitly, "
        "e.g. DJANGO_SETTINGS_MODULE=metodist.settings_production (docs/operations.md)."
    )

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from metodist.lib.serving import require_collected_static  # noqa: E402

application = get_wsgi_application()
require_collected_static()
# Every view imported now, in gunicorn's master (preload_app): a broken module stops the server at start, and
# each worker answers its first request without importing the whole site.
get_resolver().url_patterns  # noqa: B018
