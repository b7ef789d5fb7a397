"""Settings from the environment. Safe defaults for development; see settings_production for production."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_tasks",
    "django_tasks_db",  # the queue of background jobs in the database: `manage.py db_worker` runs them
    "ninja",  # serves the Swagger UI of /api/v1/docs from its own static files instead of a CDN
    "metodist.accounts",
    "metodist.orgs",
    "metodist.people",
    "metodist.audit",
    "metodist.imports",
    "metodist.facts",
    "metodist.api",
    "metodist.home",
    "metodist.diagnostics",
    "metodist.training",
    "metodist.routes",
    "metodist.attestation",
    "metodist.community",
    "metodist.mentoring",
    "metodist.events",
    "metodist.competitions",
    "metodist.practices",
    "metodist.activities",
    "metodist.difficulties",
    "metodist.consultations",
    "metodist.surveys",
    "metodist.structure",
    "metodist.monitoring",
    "metodist.clusters",
    "metodist.reports",
    "metodist.recommendations",
    "metodist.decisions",
    "metodist.roadmaps",
    "metodist.reminders",
    "metodist.portal",
    "metodist.demo",
    "metodist.jobs",
    "metodist.backups",
    "axes",  # failed logins throttled and logged: the block «Security: logins» below
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files served by the app itself, so that `make demo` and a small installation work with DEBUG off.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, so the static files keep their caching and every page, export and API answer gets none.
    "metodist.lib.serving.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "metodist.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "metodist.urls"
WSGI_APPLICATION = "metodist.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "metodist" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "metodist.home.context_processors.navigation",
            ],
        },
    },
]


def database(url: str) -> dict:
    """A connection from its URL, with the options the engine needs here."""
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")))
    if config["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiles the large indicator queries for longer (about 1 s each) than they then run.
        config.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the dev server read while an import or seed_demo writes.
        config.setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    return config


DATABASES = {"default": database(os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'metodist.sqlite3'}"))}
if os.environ.get("DATABASE_REPLICA_URL"):
    # A read replica of default for the analytical tables (snapshots, facts): docs/operations.md, «Национальное
    # развёртывание». Without it there is one database and no router.
    DATABASES["replica"] = database(os.environ["DATABASE_REPLICA_URL"])
    DATABASE_ROUTERS = ["metodist.lib.routers.ReplicaRouter"]
    MIDDLEWARE.insert(1, "metodist.lib.routers.PinAfterWriteMiddleware")
# How long a client reads from default after its own write: above the replica's replay lag.
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "10"))
# Memory of one sort or hash of a heavy computation on PostgreSQL (metodist.lib.db.analytical), per query node.
ANALYTICAL_WORK_MEM = os.environ.get("ANALYTICAL_WORK_MEM", "64MB")

# Background jobs (metodist/jobs, docs/operations.md «Фоновые задания»): queued in the database and run by
# `manage.py db_worker` processes, on this machine or on others sharing the PostgreSQL database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Stale registry facts are rebuilt by the worker after each registry write (metodist/facts/refresh.py).
FACTS_REFRESH = True
# A running job's progress and cancel requests (metodist/jobs/live.py) travel outside the database transaction
# through a cache that the web server and the workers share: files under var/ by default; workers on other
# machines need a shared cache (JOBS_CACHE_BACKEND / JOBS_CACHE_LOCATION, e.g. Django's RedisCache).
JOBS_CACHE = "jobs"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    JOBS_CACHE: {
        "BACKEND": os.environ.get("JOBS_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"),
        "LOCATION": os.environ.get("JOBS_CACHE_LOCATION", str(BASE_DIR / "var" / "jobs")),
        "OPTIONS": {"MAX_ENTRIES": 100_000},  # never culled in practice: a culled cancel request would be lost
    },
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# A session ends after this much idle time (a working day by default): IdleSessionMiddleware moves its expiry
# forward as the user works, so only inactivity ends it.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", str(8 * 60))) * 60
SESSION_COOKIE_HTTPONLY = True
# A password reset link is valid for this long (Django's default is three days).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_HOURS", "24")) * 3600

# Outgoing mail (password reset). In development the letters are printed to the console.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# The site's address as users reach it: the links of the reminder e-mails (a letter has no request to read it from).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "metodist@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Content-Security-Policy of every page: scripts and styles only from our own static files (no inline code,
# no CDN, no style attribute); data: images are Bootstrap's SVG icons inside its CSS. Scripts may still set
# styles through the DOM (Chart.js, Bootstrap, js/metodist.js), which the policy does not restrict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Front-end packages come from the npm registry (package.json); only their dist folders are served.
STATICFILES_DIRS = [
    BASE_DIR / "metodist" / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
# collectstatic writes a gzipped copy of each file beside it for WhiteNoise. No manifest (hashed names): a page
# never depends on collectstatic having run, so the tests and `runserver` need none, and a missing file is a
# 404 of that file, never a 500 of the page. Production uses hashed names (settings_production).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Uploaded evidence files; never served publicly, only through views that check scope.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Upload limits: an import file larger than this is refused before it is parsed.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Security: logins (axes), password resets, optimistic locking, evidence uploads: operations.md «Безопасность»
# The axes backend first: it refuses a locked-out account or address before a password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Each parameter is counted on its own: one account from anywhere, one address for any accounts.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure listed in /admin/axes/, not only the counters
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "metodist.accounts.throttle.locked_out"
AXES_CLIENT_IP_CALLABLE = "metodist.accounts.throttle.client_ip"
# Reverse proxies in front of the application that append to X-Forwarded-For (nginx: 1); 0 — none.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Password reset requests (metodist/accounts/throttle.py): at most this many per e-mail address and per client
# address in a fixed window; over either limit no letter is sent and the form answers 429.
PASSWORD_RESET_LIMIT_PER_EMAIL = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_EMAIL", "3"))
PASSWORD_RESET_LIMIT_PER_IP = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_IP", "10"))
PASSWORD_RESET_WINDOW = timedelta(minutes=int(os.environ.get("PASSWORD_RESET_WINDOW_MINUTES", "60")))
# An evidence file of an information card larger than this is refused (metodist/monitoring/evidence.py).
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
