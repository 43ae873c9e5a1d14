"""Newsroom settings: one file, driven by the environment (see README and .env.example)."""

import os
import sys
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

from newsroom import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is optional and never committed; real environment variables win over it.
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# Development gets an insecure key whose prefix `check --deploy` flags; production must set one.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        sys.exit(
            "SECRET_KEY is not set: set it in the environment (or DEBUG=true for development)."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Without SITE_URL (environment or .env), the address `make run` serves on (it sets RUN_URL from
# HOST and PORT), so feeds, canonical URLs and ninjs point where the site really is. Empty
# counts as unset.
SITE_URL = (
    env.str("SITE_URL", default="") or env.str("RUN_URL", default="") or "http://127.0.0.1:8000"
).rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Newsroom")
SITE_LANGUAGE = env.str("SITE_LANGUAGE", default="en")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",  # the article body's editor (articles/prose.py)
    "django_tasks_db",
    "axes",  # login throttling (accounts/throttling.py)
    # Two-factor sign-in (accounts/two_factor.py): authenticator apps and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "audit",
    "accounts",
    "media_assets",
    "articles",
    "wire",
    "notifications",
    "desk",
    "fronts",
    "demo",
    "newsroom",  # the project: the roles (newsroom/roles.py) and their migration
]

MIDDLEWARE = [
    # Outermost: its line has the status the client got and the time every layer took.
    "newsroom.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, CSRF and every view: a NUL in the path, query, form or a cookie is a 400.
    "newsroom.nul.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who owes a second factor sees only the admin's two-factor pages until they give it.
    "accounts.two_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Whatever no view declared public is `private, no-store` (the admin, previews, errors).
    "newsroom.edge.PrivateByDefaultMiddleware",
    # Last, as axes asks: turns a locked-out sign-in into the login page saying until when.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in while its account or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, its user loaded with whether they have a second factor (no extra query).
    "accounts.backends.AccountBackend",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "django.template.context_processors.csp",
                "articles.context_processors.site",
            ],
        },
    },
    {
        # The public site (see newsroom/jinja2.py); its names never repeat one above.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "newsroom.jinja2.environment",
            "context_processors": ["articles.context_processors.navigation"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# A connection kept between requests (`?conn_max_age=60` in DATABASE_URL) is tested before each
# request uses it and replaced if it broke: after a database restart or failover, service resumes
# without restarting the web workers (readers get the 503 page meanwhile: newsroom/errors.py).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging: readers never wait for a writer, and a commit costs one fsync less.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    # Transactions take the write lock when they begin, so one that reads and then writes (the
    # edit lock a change page takes) waits its turn instead of failing "database is locked" when
    # another committed in between; and a writer waits up to `timeout` seconds for the lock.
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault(
        "timeout", env.int("SQLITE_LOCK_TIMEOUT", default=20)
    )
# Work done off the request path (renditions, purges at a scheduled time) goes through Django's
# tasks framework with the database as the queue: `manage.py db_worker` runs it (see README).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://newsroom")}
# Email (notifications; README, "Email and notifications"), through Django's MAILERS. EMAIL_URL
# picks the backend and its server: unset, mail is printed to the console while developing and
# handed to the local mail server in production (`check --deploy` refuses the console there).
# EMAIL_BACKEND names any other backend (django-anymail's), whose settings come as JSON in ANYMAIL.
_email = env.email_url_config(
    env.str("EMAIL_URL", default="") or ("consolemail://" if DEBUG else "smtp://localhost:25")
)
MAILERS = {"default": {"BACKEND": env.str("EMAIL_BACKEND", default="") or _email["EMAIL_BACKEND"]}}
if MAILERS["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": _email.get("EMAIL_HOST") or "localhost",
        "port": _email.get("EMAIL_PORT") or 25,
        "username": _email.get("EMAIL_HOST_USER") or "",
        "password": _email.get("EMAIL_HOST_PASSWORD") or "",
        "use_tls": bool(_email.get("EMAIL_USE_TLS")),
        "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
        # A mail server that hangs holds up a worker, never a request: give up after this long.
        "timeout": env.int("EMAIL_TIMEOUT", default=10),
    }
ANYMAIL = env.json("ANYMAIL", default={})
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <newsroom@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that hangs must cost a reader a fraction of a second, not the request; and once
    # it has failed, pages stop asking it for a few seconds (newsroom/redis_cache.py).
    CACHES["default"]["BACKEND"] = "newsroom.redis_cache.RedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    )
# Seconds a rendered public page is kept (publishing retires it at once); 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=600)
# Seconds an article's ranking of related stories is remembered (articles/related.py): any
# teaser row written forgets them all at once; this bounds only an article shown by the clock
# alone (a scheduled or embargoed one reaching its time). 0 ranks on every uncached page.
RELATED_REMEMBERED_SECONDS = env.int("RELATED_REMEMBERED_SECONDS", default=60)
# How long a live blog page's entries, key events and JSON-LD, rendered, are kept in the cache;
# any change readers see retires them at once (articles/live_views.reader_context).
LIVE_REMEMBERED_SECONDS = env.int("LIVE_REMEMBERED_SECONDS", default=60)

# The edge caches (Varnish, a CDN) in front of the public pages: what Cache-Control lets them do
# (every purge retires what changed, so shared caches may keep a page long), and where purges go
# (README, "Edge cache"). Browsers keep a page PUBLIC_MAX_AGE seconds, shared caches
# EDGE_MAX_AGE, neither past the next scheduled publication.
PUBLIC_MAX_AGE = env.int("PUBLIC_MAX_AGE", default=30)
EDGE_MAX_AGE = env.int("EDGE_MAX_AGE", default=3600)
EDGE_STALE_WHILE_REVALIDATE = env.int("EDGE_STALE_WHILE_REVALIDATE", default=60)
EDGE_STALE_IF_ERROR = env.int("EDGE_STALE_IF_ERROR", default=86400)
EDGE_PURGE_VARNISH = env.list("EDGE_PURGE_VARNISH", default=[])  # e.g. http://127.0.0.1:6081/
EDGE_PURGE_TIMEOUT = env.float("EDGE_PURGE_TIMEOUT", default=2.0)
FASTLY_SERVICE_ID = env.str("FASTLY_SERVICE_ID", default="")
FASTLY_API_TOKEN = env.str("FASTLY_API_TOKEN", default="")
FASTLY_API_URL = env.str("FASTLY_API_URL", default="https://api.fastly.com")
FASTLY_SOFT_PURGE = env.bool("FASTLY_SOFT_PURGE", default=False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes, accounts/throttling.py; README, "Sign-in"): LOGIN_FAILURE_LIMIT
# failed sign-ins for one account (from anywhere) or from one address (on any account) lock
# sign-in for it for LOGIN_LOCKOUT_MINUTES after the last failure; the right password is refused
# meanwhile. Attempts are kept in the database (axes' AccessAttempt, shown in the admin).
AXES_ENABLED = env.bool("LOGIN_THROTTLING", default=True)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# A lockout ends at a time we can tell people; attempts during it do not push it back.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
# Reverse proxies in front of the application that append to X-Forwarded-For (nginx, then
# Varnish, in deploy/: 2). Zero trusts no header: the address is REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Two-factor sign-in (README, "Sign-in"): with this on, everyone who may publish must set up a
# second factor before the admin opens for them. On in production, off while developing.
TWO_FACTOR_REQUIRED_FOR_PUBLISHERS = env.bool(
    "TWO_FACTOR_REQUIRED_FOR_PUBLISHERS", default=not DEBUG
)
OTP_TOTP_ISSUER = SITE_NAME

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Media on the local disk, or in an S3-compatible bucket with MEDIA_STORAGE_URL or AWS_* (README,
# "Object storage"; newsroom/media_storage.py).
try:
    media = media_storage.from_environment(os.environ)
except media_storage.MediaStorageError as error:
    sys.exit(str(error))
MEDIA_URL = media.media_url or MEDIA_URL
STORAGES = {
    "default": media.backend,
    "staticfiles": {
        # Hashed, compressed names in production; plain files while developing and testing.
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    },
}

# While developing, WhiteNoise serves files straight from the apps (no collectstatic needed).
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TAGGIT_CASE_INSENSITIVE = True

# Content Security Policy: no inline scripts anywhere, the admin included.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *media_storage.origins(MEDIA_URL)],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
}

# HTTPS hardening: on by default whenever DEBUG is off; each can be turned off behind a proxy.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# The load balancer's health probe may come over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Production logs one JSON object per line (requests, errors, everything) for a log collector;
# development keeps readable lines, and runserver prints the requests itself.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "newsroom.jsonlog.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {"no_tokens": {"()": "newsroom.middleware.TokenFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["no_tokens"],
        }
    },
    "loggers": {
        # One line per request (newsroom/middleware.py).
        "newsroom.requests": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Unhandled errors go to Sentry when a DSN is given; nothing is sent otherwise.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from newsroom import sentry

    sentry.start(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# How long a rendition replaced by a new crop or credit stays in storage: longer than any cached
# page may point at it (EDGE_MAX_AGE, then EDGE_STALE_IF_ERROR, then browsers).
RETIRED_RENDITION_SECONDS = env.int("RETIRED_RENDITION_SECONDS", default=2 * 24 * 3600)

# Photo desk upload limits.
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=50_000_000)
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=40 * 1024 * 1024)

# Wire desk: the largest agency file accepted (bigger ones are refused before reading).
WIRE_MAX_BYTES = env.int("WIRE_MAX_BYTES", default=5 * 1024 * 1024)
# What one wire item may hold; an item over any of them is refused whole, never truncated.
# ninjs nests about ten levels at most (GeoJSON in places); deeper JSON is refused unparsed.
WIRE_MAX_DEPTH = env.int("WIRE_MAX_DEPTH", default=32)
WIRE_MAX_BYLINES = env.int("WIRE_MAX_BYLINES", default=20)  # writers, so authors created
WIRE_MAX_TAGS = env.int("WIRE_MAX_TAGS", default=50)  # subjects, people written about, keywords
WIRE_MAX_PICTURES = env.int("WIRE_MAX_PICTURES", default=30)
# Where drop folders may be (README, "Where wire copy arrives"): a folder feed, or
# `ingest_wire --watch DIR` once this is set, must lie inside one of these directories.
WIRE_DROP_ROOTS = env.list("WIRE_DROP_ROOTS", default=[])
# Feed URLs are pulled from public addresses only; true lets a feed on this machine or the
# office network be pulled (and the tests' local server).
WIRE_FEED_ALLOW_PRIVATE = env.bool("WIRE_FEED_ALLOW_PRIVATE", default=False)

# What one request may bring in (Django refuses more with a 400 page saying which limit:
# newsroom/errors.py): form fields (well above what our admin forms post), files at once
# (a wire batch, a bulk photo upload), and bytes besides files (a pasted wire item may be as
# large as a wire file). Per article, in the admin form: bylines and tags (each above what one
# wire item may bring, so an imported draft can be saved as it came).
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=100)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int(
    "DATA_UPLOAD_MAX_MEMORY_SIZE", default=WIRE_MAX_BYTES + 1024 * 1024
)
ARTICLE_MAX_BYLINES = env.int("ARTICLE_MAX_BYLINES", default=30)
ARTICLE_MAX_TAGS = env.int("ARTICLE_MAX_TAGS", default=100)
# An editor's open page keeps their unsaved work (articles/autosave.py): one autosave may be as
# large as the form may post; an autosave left this many days is deleted (by the next autosave).
AUTOSAVE_MAX_BYTES = env.int("AUTOSAVE_MAX_BYTES", default=DATA_UPLOAD_MAX_MEMORY_SIZE)
AUTOSAVE_KEEP_DAYS = env.int("AUTOSAVE_KEEP_DAYS", default=30)
