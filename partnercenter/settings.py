"""Settings, all read from the environment with defaults that serve one user on a laptop.

Without DATABASE_URL the portal runs on a SQLite file; without CELERY_BROKER_URL Celery uses the
filesystem transport under var/, so `make run` needs nothing but Python. Production sets both.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="insecure-local-only-key-change-me-in-production-0123456789abcdef")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_countries",
    "axes",
    "partnercenter",
    "accounts",
    "customers",
    "commerce",
    "software",
    "billing",
    "reservations",
    "simulation",
    "support",
    "demo",
    "arm",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partnercenter.security_headers.SecurityHeadersMiddleware",
    "partnercenter.api.middleware.ApiConventionsMiddleware",
    "arm.middleware.ArmConventionsMiddleware",
    "partnercenter.hostile_paths.HostilePathMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.PartnerUsersStayOutOfAdminMiddleware",
    "partnercenter.pages.DomainErrorPageMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnercenter.urls"
WSGI_APPLICATION = "partnercenter.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.capabilities",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default has the web server and the worker writing to one file: take the write lock at
    # BEGIN and wait for it, instead of failing with "database is locked" halfway through a transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # The planner's cost of a random page read. PostgreSQL's default (4) is for spinning disks: with it, an
    # invoice's lines by id walk the primary key past every other invoice's lines instead of reading the
    # (invoice, id) index range (bench/explain.py). SSD storage: 1.1, the usual figure.
    random_page_cost = env.float("DATABASE_RANDOM_PAGE_COST", default=1.1)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", f"-c random_page_cost={random_page_cost}")
    # Persistent connections: with Django's default (0) every request opened its own, and a new PostgreSQL
    # backend costs more than a whole order (bench/profile_writes.py --reconnect: about 10 ms a request, most
    # of it the server's CPU). Checked before reuse, so a connection the server dropped is replaced.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = ["accounts.backends.SignInLockoutBackend", "django.contrib.auth.backends.ModelBackend"]
# Sign-in brute-force limit (django-axes) on /login/ and /admin/login/: after LOGIN_FAILURE_LIMIT failures
# for one username, or from one address, sign-ins are refused (even with the right password) for
# LOGIN_COOLOFF_MINUTES. Failures are kept in the admin (Access failures); deleting the Access attempt unlocks.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("it", _("Italian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str("STATICFILES_BACKEND", default="whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

# Security: strict by default, relaxed only by DEBUG (local) or explicit variables.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.api_permissions.HasRequiredCapability"],
    "DEFAULT_THROTTLE_CLASSES": ["partnercenter.api.throttling.PartnerCenterThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["partnercenter.api.rendering.OrjsonRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "partnercenter.api.rendering.JSONFirstNegotiation",
    "DEFAULT_PARSER_CLASSES": ["partnercenter.api.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "partnercenter.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Partner Center Simulator API",
    "DESCRIPTION": "Partner Center v1 and Azure reservation operations, simulated with real rules.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Status sets shared by several resources get one name instead of a hash.
    "ENUM_NAME_OVERRIDES": {
        "AzureStatusEnum": ["active", "suspended", "deleted"],
        "BillingCycleEnum": ["one_time", "monthly", "annual"],
        "AzurePlanBillingCycleEnum": ["monthly"],
    },
    # /v1/openapi.json is Partner Center's contract; Azure's routes have their own at /azure/openapi.json.
    "PREPROCESSING_HOOKS": ["arm.schema.without_azure_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "partnercenter.api.schema.every_operation_errors",
        "partnercenter.api.schema.path_parameter_limits",
    ],
}
# API: token lifetime (seconds, wall clock), rate limit per credential and per customer, idempotency key retention.
API_TOKEN_LIFETIME = env.int("API_TOKEN_LIFETIME", default=3600)
# Failed POST /oauth2/token attempts allowed per client_id and per username (successes never count).
API_TOKEN_FAILURE_RATE = env.str("API_TOKEN_FAILURE_RATE", default="10/min")
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="500/min")
# Azure API (/azure, ARM conventions): items per page before nextLink; Retry-After (seconds) on 202s.
AZURE_API_PAGE_SIZE = env.int("AZURE_API_PAGE_SIZE", default=100)
AZURE_API_RETRY_AFTER = env.int("AZURE_API_RETRY_AFTER", default=1)
# Output serializers walk a plan compiled once per class (partnercenter/api/compiled_output.py); False: DRF's walk.
API_COMPILED_OUTPUT = env.bool("API_COMPILED_OUTPUT", default=True)
API_IDEMPOTENCY_RETENTION = timedelta(hours=env.int("API_IDEMPOTENCY_RETENTION_HOURS", default=24))

# Celery: the database is the source of truth for what is due; the broker is only the fast path.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": 3600}
    if not CELERY_BROKER_URL.startswith("filesystem")
    else {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),  # else kombu writes ./control in the checkout
        "store_processed": False,
    }
)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "sweep-due-effects": {"task": "partnercenter.tasks.sweep_due_effects", "schedule": 60.0},
    "purge-idempotency-records": {"task": "partnercenter.tasks.purge_idempotency_records", "schedule": 3600.0},
}

# The cache holds the rate limits and failure budgets, so every web process must share it: CACHE_URL,
# else the broker's Redis (keys prefixed) when the broker is Redis, else a per-process cache that only
# suits one local process (`check --deploy` warns about it: partnercenter/security_checks.py).
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CELERY_BROKER_URL,
            "KEY_PREFIX": "portal-cache",
        }
    }
else:
    CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal")}

CANCELLATION_VISIBILITY_DELAY = timedelta(seconds=env.int("CANCELLATION_VISIBILITY_DELAY", default=15 * 60))
# When true, each cancellation becomes visible after a random delay up to CANCELLATION_VISIBILITY_DELAY.
CANCELLATION_VISIBILITY_RANDOM = env.bool("CANCELLATION_VISIBILITY_RANDOM", default=False)
# How long a reservation refund or exchange quote (Azure's sessionId) can be returned or exchanged.
RESERVATION_QUOTE_LIFETIME = timedelta(seconds=env.int("RESERVATION_QUOTE_LIFETIME", default=15 * 60))
# Rotating SECRET_KEY: put the old value in SECRET_KEY_FALLBACKS (comma-separated) until
# `manage.py reencrypt_product_keys` has run; sessions and signed values keep working meanwhile too.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
# Fernet key for product keys at rest; empty = derived from SECRET_KEY. Previous dedicated keys go in
# SOFTWARE_KEY_ENCRYPTION_KEY_FALLBACKS (comma-separated) until the keys are re-encrypted.
SOFTWARE_KEY_ENCRYPTION_KEY = env.str("SOFTWARE_KEY_ENCRYPTION_KEY", default="")
SOFTWARE_KEY_ENCRYPTION_KEY_FALLBACKS = env.list("SOFTWARE_KEY_ENCRYPTION_KEY_FALLBACKS", default=[])
SOFTWARE_DOWNLOAD_LINK_TTL = timedelta(seconds=env.int("SOFTWARE_DOWNLOAD_LINK_TTL", default=24 * 3600))
# Support request attachments: a private folder (never under MEDIA_ROOT or STATIC_ROOT, no URL), served
# only by the download view to the request's partner and to support staff. Allowed types: support/attachments.py.
SUPPORT_ATTACHMENT_ROOT = env.path("SUPPORT_ATTACHMENT_ROOT", default=VAR_DIR / "support-attachments")
SUPPORT_ATTACHMENT_MAX_BYTES = env.int("SUPPORT_ATTACHMENT_MAX_BYTES", default=4 * 1024 * 1024)
SUPPORT_ATTACHMENT_MAX_FILES = env.int("SUPPORT_ATTACHMENT_MAX_FILES", default=5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
