"""Settings, all from the environment (see README.md and .env.example).

With no environment at all the site starts for local use: DEBUG on, SQLite in
``var/``, and a Celery broker on the filesystem that needs no server.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from .env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Fail closed: production unless told otherwise. `make run`, `make test` and the test settings
# (zoomadmin/test_settings.py) turn DEBUG on for local use.
DEBUG = env_bool("DEBUG", False)
# The stand-in Zoom (apps/sandbox: a consent page that signs anyone in, a control API with no
# authentication) is installed only with DEBUG, or with SANDBOX=on set explicitly; SANDBOX=off
# leaves it out even with DEBUG. Without SANDBOX=on its command binds only to loopback.
SANDBOX = env_choice("SANDBOX", ("on", "off"))
SANDBOX_ENABLED = SANDBOX == "on" or (DEBUG and SANDBOX != "off")
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "django_celery_results",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "apps.accounts.zoom_provider",
    # The project's apps in their layers, bottom up (tests/test_layers.py): each imports
    # only the apps listed before it.
    "apps.lib",
    "apps.accounts",
    "apps.zoom",
    "apps.connections",
    "apps.jobs",
    "apps.mirror",
    "apps.users",
    "apps.events",
    "apps.meetings",
    "apps.webinars",
    "apps.registrants",
    "apps.reports",
    "apps.dashboard",
    "apps.webhooks",
]
if SANDBOX_ENABLED:
    INSTALLED_APPS += [
        # The stand-in Zoom: its core, then one line per area (apps/sandbox/areas/<area>).
        "apps.sandbox",
        "apps.sandbox.areas.users",
        "apps.sandbox.areas.events",
        "apps.sandbox.areas.reports",
    ]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apps.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "apps.accounts.middleware.CurrentAccountMiddleware",
]

ROOT_URLCONF = "zoomadmin.urls"
WSGI_APPLICATION = "zoomadmin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.dashboard.navigation.navigation",
            ],
        },
    },
]

# --- Databases -------------------------------------------------------------


def _database(url: str, test_name: str | None) -> dict:
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock when a transaction opens, which is what
        # makes "exactly one token refresh" hold on SQLite (select_for_update is a
        # no-op there). The timeout lets concurrent writers queue instead of failing.
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    config["TEST"] = {"NAME": test_name} if test_name else {}
    return config


def _independent(config: dict) -> dict:
    # The sandbox's test database needs nothing from ``default``.
    config["TEST"]["DEPENDENCIES"] = []
    return config


DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
_default_test_name = env_str("TEST_DATABASE_NAME")
if not _default_test_name:
    if DATABASE_URL.startswith("sqlite"):
        # A file, not memory: the worker and the sandbox are other processes.
        _default_test_name = str(VAR_DIR / "test_db.sqlite3")
    else:
        _default_test_name = "test_" + dj_database_url.parse(DATABASE_URL)["NAME"]
SANDBOX_DATABASE_PATH = env_str("SANDBOX_DATABASE_PATH", str(VAR_DIR / "sandbox.sqlite3"))
DATABASES = {
    "default": _database(DATABASE_URL, _default_test_name),
    "sandbox": _independent(
        _database(
            f"sqlite:///{SANDBOX_DATABASE_PATH}",
            env_str("TEST_SANDBOX_DATABASE_PATH", str(VAR_DIR / "test_sandbox.sqlite3")),
        )
    ),
}
DATABASE_ROUTERS = ["zoomadmin.routers.SandboxRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth: django-allauth with the Zoom provider -----------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
SOCIALACCOUNT_ONLY = True
ACCOUNT_EMAIL_VERIFICATION = "none"
# No local sign-in at all (SOCIALACCOUNT_ONLY); allauth wants a unique email for email logins.
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*"]
# A local user is a Zoom user id (its social account), never an email: two Zoom identities with
# one address stay two users, no sign-up form asks for an email (apps/connections/signin.py), and
# an email never signs anyone into an existing user.
ACCOUNT_UNIQUE_EMAIL = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_STORE_TOKENS = False  # the connection keeps tokens, encrypted
SOCIALACCOUNT_ADAPTER = "apps.connections.signin.ZoomSocialAccountAdapter"

# --- Zoom ------------------------------------------------------------------

ZOOM_CLIENT_ID = env_str("ZOOM_CLIENT_ID")
ZOOM_CLIENT_SECRET = env_str("ZOOM_CLIENT_SECRET")
ZOOM_LOGIN_CLIENT_ID = env_str("ZOOM_LOGIN_CLIENT_ID")
ZOOM_LOGIN_CLIENT_SECRET = env_str("ZOOM_LOGIN_CLIENT_SECRET")
ZOOM_OAUTH_BASE_URL = env_str("ZOOM_OAUTH_BASE_URL", "https://zoom.us").rstrip("/")
ZOOM_API_BASE_URL = env_str("ZOOM_API_BASE_URL", "https://api.zoom.us/v2").rstrip("/")
ZOOM_WEBHOOK_SECRET_TOKEN = env_list("ZOOM_WEBHOOK_SECRET_TOKEN")
# The Zoom account ids that may become tenants (a Zoom admin's sign-in or connect); empty: any.
ZOOM_ALLOWED_ACCOUNT_IDS = env_list("ZOOM_ALLOWED_ACCOUNT_IDS")
ZOOM_HTTP_TIMEOUT = (env_int("ZOOM_CONNECT_TIMEOUT", 5), env_int("ZOOM_READ_TIMEOUT", 30))
# Refresh an access token this many seconds before Zoom would expire it.
ZOOM_TOKEN_REFRESH_MARGIN = 300

_login_id = ZOOM_LOGIN_CLIENT_ID or ZOOM_CLIENT_ID
_login_secret = ZOOM_LOGIN_CLIENT_SECRET if ZOOM_LOGIN_CLIENT_ID else ZOOM_CLIENT_SECRET
SOCIALACCOUNT_PROVIDERS = {
    "zoom": {
        "APP": {"client_id": _login_id, "secret": _login_secret},
        # PKCE (S256) on the sign-in flow too; the connect flow sends it itself (apps/connections/views.py).
        "OAUTH_PKCE_ENABLED": True,
    }
}


def _encryption_keys() -> list[str]:
    keys = env_list("TOKEN_ENCRYPTION_KEYS")
    if keys:
        return keys
    if not DEBUG:
        raise ImproperlyConfigured("TOKEN_ENCRYPTION_KEYS must be set when DEBUG is false")
    # Local use only: a Fernet key derived from the (dev) SECRET_KEY.
    return [base64.urlsafe_b64encode(hashlib.sha256(SECRET_KEY.encode()).digest()).decode()]


TOKEN_ENCRYPTION_KEYS = _encryption_keys()

# --- Celery ----------------------------------------------------------------

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "django-db")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(env_str("CELERY_BROKER_DIR", str(VAR_DIR / "broker")))
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),  # else kombu writes ./control in the checkout
        "store_processed": False,
        "polling_interval": 0.1,
    }
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXTENDED = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "refresh-idle-zoom-connections": {
        "task": "apps.zoom.tasks.refresh_idle_connections",
        "schedule": 30 * 60,
    },
    "requeue-stale-jobs": {
        "task": "apps.jobs.tasks.requeue_stale_jobs",
        "schedule": 30,
    },
    "schedule-syncs": {
        "task": "apps.mirror.tasks.schedule_syncs",
        "schedule": 60,
    },
    "purge-registrants": {
        "task": "apps.registrants.tasks.purge_registrants",
        "schedule": 6 * 3600,
    },
    "requeue-stuck-webhook-events": {
        "task": "apps.webhooks.tasks.requeue_stuck_events",
        "schedule": 60,
    },
    "purge-webhook-events": {
        "task": "apps.webhooks.tasks.purge_old_events",
        "schedule": 24 * 3600,
    },
    "refresh-overview-charts": {
        "task": "apps.reports.tasks.refresh_overviews",
        "schedule": 15 * 60,
    },
}
# The mirror is fully re-synced this often (webhooks keep it fresh in between).
SYNC_INTERVAL = env_int("SYNC_INTERVAL", 3600)
# Registrants' personal data is purged this many days after their event ended.
REGISTRANT_RETENTION_DAYS = env_int("REGISTRANT_RETENTION_DAYS", 90)
# A running job whose heartbeat is older than this is taken to be dead and re-queued.
JOB_STALE_AFTER = env_int("JOB_STALE_AFTER", 120)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 5)
# A report run fetches this many of its windows (months) at once.
REPORT_WINDOW_THREADS = env_int("REPORT_WINDOW_THREADS", 3)
# Webhook events: applied with this many attempts (back-off from BASE doubling up to CAP seconds),
# and deleted this many days after they arrived (their payloads hold personal data).
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 5)
WEBHOOK_RETRY_BASE = env_int("WEBHOOK_RETRY_BASE", 5)
WEBHOOK_RETRY_CAP = env_int("WEBHOOK_RETRY_CAP", 300)
WEBHOOK_EVENT_RETENTION_DAYS = env_int("WEBHOOK_EVENT_RETENTION_DAYS", 30)

# --- REST API --------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["apps.connections.api.auth.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": None,
}

# --- Static files, i18n ----------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Security --------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    # Sign-in and "Connect Zoom" forms redirect to Zoom's consent page.
    "form-action": [CSP.SELF, ZOOM_OAUTH_BASE_URL],
}
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# Sessions end after this many seconds without a request, and this long after sign-in regardless.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_LIFETIME = env_int("SESSION_LIFETIME", 12 * 3600)
SESSION_COOKIE_AGE = SESSION_LIFETIME
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging: one line per event, never a token or a request body -----------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"urllib3": {"level": "WARNING"}},
}

# Refresh an OAuth connection's token when unused this long (Zoom's lapse after 90 days).
ZOOM_IDLE_REFRESH_AFTER = env_int("ZOOM_IDLE_REFRESH_AFTER", 7 * 24 * 3600)

# Zoom's plan limits (pro or business) and optional overrides, e.g. '{"Light": 10, "daily": 5000}'.
ZOOM_PLAN = env_str("ZOOM_PLAN", "pro")
ZOOM_RATE_LIMITS = json.loads(env_str("ZOOM_RATE_LIMITS", "{}") or "{}")
# The share of the daily Heavy/Resource-intensive cap that background work leaves for people.
ZOOM_DAILY_RESERVE = float(env_str("ZOOM_DAILY_RESERVE", "0.2"))
# Windows are widened by this fraction so that network jitter never tips a burst over.
ZOOM_RATE_MARGIN = float(env_str("ZOOM_RATE_MARGIN", "0.1"))
# Where every process and worker shares the budget: Redis when the broker is Redis, else a local file.
ZOOM_RATE_BUDGET_URL = env_str(
    "ZOOM_RATE_BUDGET_URL",
    (CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://"))
     else f"sqlite:///{VAR_DIR / 'rate_budget.sqlite3'}"),
)
# Retries of temporary failures: full-jitter exponential back-off, capped.
ZOOM_RETRY_ATTEMPTS = env_int("ZOOM_RETRY_ATTEMPTS", 5)
ZOOM_RETRY_BASE = float(env_str("ZOOM_RETRY_BASE", "0.5"))
ZOOM_RETRY_CAP = float(env_str("ZOOM_RETRY_CAP", "8"))
