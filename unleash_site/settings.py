"""Settings: the only module that reads the environment (through django-environ).

Two profiles: the embedded one (default: SQLite, no Redis, files under DATA_DIR) and
``DJANGO_ENV=production`` (set by the Dockerfile), which refuses the embedded SECRET_KEY and
turns on HTTPS-only cookies, HSTS and the proxy SSL header. Importing this module creates no
directory: ``serve``, ``migrate`` and the Celery app create DATA_DIR where they need it.
"""

import re
import warnings
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "data")))

DJANGO_ENV = env.str("DJANGO_ENV", default="embedded")
if DJANGO_ENV not in ("embedded", "production"):
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'embedded' or 'production', not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=False)
EMBEDDED_SECRET_KEY = "insecure-embedded-profile-key-change-me-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=EMBEDDED_SECRET_KEY)
if PRODUCTION and SECRET_KEY == EMBEDDED_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_ENV=production refuses the embedded SECRET_KEY, which is public. Set SECRET_KEY "
        "to a secret of your own (50+ random characters), e.g. the output of: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "unleash_site.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Redoc/Swagger assets served locally: no CDN
    "core",
    "accounts",
    "unleash_site.apps.SiteConfig",
    "flags",
    "maintenance",
    "metrics",
    "integrations",
    "invites",
]

MIDDLEWARE = [
    # SDK routes (client/frontend API) leave here for the lean path (core.sdk_gateway)
    "core.sdk_gateway.SdkGatewayMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # JSON errors under /api (404, 405, 500) and a 503 when the database is unreachable
    "core.middleware.ApiErrorMiddleware",
    # Content-Security-Policy on HTML pages (the admin): scripts only from our own origin
    "core.middleware.ContentSecurityPolicyMiddleware",
    # counts and times SDK requests for /internal-backstage/prometheus (metrics.prometheus)
    "metrics.prometheus.SdkRequestMetricsMiddleware",
    # answers CORS pre-flights for /api/frontend* before anything else can refuse them
    "flags.cors.FrontendCorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # records IP and user agent on the session row (admins see and revoke sessions)
    "accounts.middleware.SessionMetaMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# The middleware above that SDK responses pass through on the lean path (core.sdk_gateway),
# in MIDDLEWARE's order; the rest (sessions, CSRF, auth, messages) does nothing for them.
SDK_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ApiErrorMiddleware",
    "metrics.prometheus.SdkRequestMetricsMiddleware",
    "flags.cors.FrontendCorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "unleash_site.urls"
WSGI_APPLICATION = "unleash_site.wsgi.application"

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
                "maintenance.context_processors.maintenance",
                "flags.context_processors.banners",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'unleash.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web workers read while the scheduler writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is optional: without it (the embedded profile) every consumer falls back to the
# database, which is also the degraded path when Redis is unreachable in production.
REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "unleash",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 2)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if PRODUCTION:
    # TLS ends at the reverse proxy, which says so in X-Forwarded-Proto (set it there, and
    # strip any value the client sent).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Health probes come over plain HTTP from inside the host or cluster.
    SECURE_REDIRECT_EXEMPT = [r"^health$", r"^ready$", r"^internal-backstage/"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Django's model backend, except that logins during maintenance never re-hash a password.
AUTHENTICATION_BACKENDS = ["maintenance.auth_backend.MaintenanceAwareModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    # Token first: its authenticate_header makes "no credentials" a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "flags.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Maintenance last: it lets the other permissions answer 401/403 before its 503.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "maintenance.permissions.MaintenanceWritesRefused",
    ],
    # One throttle policy for every API door: per-IP limits of the view's throttle_scope.
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttling.IpRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON nested past textcheck.MAX_JSON_DEPTH (or deep enough to overflow) is a 400.
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.BoundedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    # Unleash's error shape {id, name, message, details} for every API error.
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Unleash-compatible feature-flag server",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several serializers have a `type` choice; name the flag-type set instead of "Type913Enum".
    "ENUM_NAME_OVERRIDES": {"FeatureTypeEnum": "flags.models.features.FeatureType.values"},
    # The SDK views answer prebuilt bytes (no serializer to read): described by a hook.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "flags.api.admin.sdk_docs.add_sdk_routes",
    ],
}

# Celery: Redis in production; the embedded profile uses kombu's filesystem transport so
# the scheduler runs with no service to start. All its folders sit under DATA_DIR (kombu's
# default control folder is ./control); unleash_site.celery creates them.
# (localhost: kombu warns on every connection about a filesystem URL without a host)
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = DATA_DIR / "celery-queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(DATA_DIR / "celery-control"),
        "processed_folder": str(DATA_DIR / "celery-processed"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The beat schedule's state file (not the schedule itself, which unleash_site.celery holds);
# each beat needs its own, two beats sharing one corrupt it.
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE", default=str(DATA_DIR / "celerybeat-schedule")
)
# Shortens every periodic task's interval (tests run real beat ticks with it); 0 = as coded.
BEAT_INTERVAL_SECONDS = env.float("BEAT_INTERVAL_SECONDS", default=0.0)

# `manage.py serve`: where granian listens, its processes, and how hard serve tries to keep
# its children alive (unleash_site.supervision.Policy).
HOST = env.str("HOST", default="127.0.0.1")
PORT = env.int("PORT", default=8000)
WEB_WORKERS = env.int("WEB_WORKERS", default=0)  # 0: one per CPU, at least 2
# measured in bench/README.md: 4 blocking threads beat 1 on every SDK scenario
WEB_BLOCKING_THREADS = env.int("WEB_BLOCKING_THREADS", default=4)
SERVE_MAX_RESTARTS = env.int("SERVE_MAX_RESTARTS", default=5)
SERVE_RESTART_BACKOFF = env.float("SERVE_RESTART_BACKOFF", default=1.0)
SERVE_RESTART_BACKOFF_MAX = env.float("SERVE_RESTART_BACKOFF_MAX", default=30.0)
SERVE_STABLE_AFTER = env.float("SERVE_STABLE_AFTER", default=60.0)
# prometheus_client's multiprocess folder (the library reads this variable too, when imported).
# Empty: `serve` gives its granian workers a fresh temporary one (removed when serve stops); a
# path: that folder, emptied of metric files at every start. Unset in a process, the scrape
# shows that process's own figures (metrics.prometheus).
PROMETHEUS_MULTIPROC_DIR = env.str("PROMETHEUS_MULTIPROC_DIR", default="")

# Unleash-compatible behaviour.
INIT_ADMIN_API_TOKENS = env.list("INIT_ADMIN_API_TOKENS", default=[])
INIT_BACKEND_API_TOKENS = env.list("INIT_BACKEND_API_TOKENS", default=[])
INIT_FRONTEND_API_TOKENS = env.list("INIT_FRONTEND_API_TOKENS", default=[])
# Fernet key(s) that encrypt API token secrets at rest (flags/tokens.py); the first encrypts,
# all decrypt (rotation). Empty: a key derived from SECRET_KEY, so production must set SECRET_KEY.
TOKEN_ENCRYPTION_KEYS = env.list("TOKEN_ENCRYPTION_KEY", default=[])
# The frontend API's allowed origins until an admin sets them (POST /api/admin/ui-config/cors).
FRONTEND_API_ORIGINS = env.list("FRONTEND_API_ORIGINS", default=["*"])

# This server's public URL (Unleash's UNLEASH_URL): links in webhook messages start with it.
UNLEASH_URL = env.str("UNLEASH_URL", default="http://localhost:8000")
# Integrations (webhooks, integrations/): Unleash's variable names. Webhooks post only to
# public addresses unless the host is listed or private URLs are allowed (self-hosted setups
# posting to an internal service list its host).
INTEGRATION_ALLOW_PRIVATE_URLS = env.bool("UNLEASH_ALLOW_PRIVATE_URL_IN_INTEGRATION", default=False)
INTEGRATION_ALLOWED_HOSTS = env.list("UNLEASH_ALLOW_LIST_INTEGRATION", default=[])
# One delivery try is bounded by this; a failed try is retried this many times with backoff.
INTEGRATION_TIMEOUT_SECONDS = env.float("INTEGRATION_TIMEOUT_SECONDS", default=10.0)
INTEGRATION_DELIVERY_RETRIES = env.int("INTEGRATION_DELIVERY_RETRIES", default=3)
INTEGRATION_RETRY_BACKOFF_SECONDS = env.float("INTEGRATION_RETRY_BACKOFF_SECONDS", default=5.0)

# Per-IP limits per API scope, requests per minute (0 = unlimited); see
# core/api/throttling.py. Unleash's variable names are honoured as fallbacks. Defaults are
# generous because the Python SDK never backs off and many instances can share one NAT address.
RATE_LIMITS = {
    "client_register": env.int(
        "RATE_LIMIT_CLIENT_REGISTER_PER_MINUTE",
        default=env.int("REGISTER_CLIENT_RATE_LIMIT_PER_MINUTE", default=6000),
    ),
    "client_metrics": env.int(
        "RATE_LIMIT_CLIENT_METRICS_PER_MINUTE",
        default=env.int("CLIENT_METRICS_RATE_LIMIT_PER_MINUTE", default=6000),
    ),
    "frontend_register": env.int(
        "RATE_LIMIT_FRONTEND_REGISTER_PER_MINUTE",
        default=env.int("REGISTER_FRONTEND_RATE_LIMIT_PER_MINUTE", default=6000),
    ),
    "frontend_metrics": env.int(
        "RATE_LIMIT_FRONTEND_METRICS_PER_MINUTE",
        default=env.int("FRONTEND_METRICS_RATE_LIMIT_PER_MINUTE", default=6000),
    ),
    "frontend": env.int("RATE_LIMIT_FRONTEND_PER_MINUTE", default=60000),
    # The admin API (tokens and sessions), off by default as in Unleash.
    "admin_api": env.int("RATE_LIMIT_ADMIN_API_PER_MINUTE", default=0),
}
# Take the caller's IP from X-Forwarded-For (rate limits, frontend remoteAddress) only when a
# trusted reverse proxy sets it.
TRUST_PROXY = env.bool("TRUST_PROXY", default=False)
# How many proxies of ours append to X-Forwarded-For: the client is the address the outermost
# one saw, the n-th entry from the right; entries left of it are whatever the client sent.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
# Failed admin logins allowed per username and IP within the window before logins are refused.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=15 * 60)
# Largest accepted SDK metrics/register body (413 above it); Edge's bulk posts get more room.
SDK_MAX_BODY_BYTES = env.int("SDK_MAX_BODY_BYTES", default=1024 * 1024)
SDK_BULK_MAX_BODY_BYTES = env.int("SDK_BULK_MAX_BODY_BYTES", default=10 * 1024 * 1024)
# Aggregated SDK metrics: hourly rows kept this long; instances dropped when silent 2 days.
METRICS_RETENTION_DAYS = env.int("METRICS_RETENTION_DAYS", default=30)
METRICS_INSTANCE_RETENTION_DAYS = env.int("METRICS_INSTANCE_RETENTION_DAYS", default=2)
METRICS_FLUSH_SECONDS = env.float("METRICS_FLUSH_SECONDS", default=5.0)
# How long a web process may hold accepted SDK metrics in memory before writing them to
# Redis (metrics.buffer._Accumulator): one merged write per window instead of one per post,
# -40% server CPU per post and the only way past 4,500 posts/s on 2 cores (bench/README.md);
# a kill -9 of the process loses up to this window of what it answered 202, less than a
# crash of a Redis without persistence loses (README, "When a dependency goes away").
# 0 writes every request to a store before answering it.
METRICS_BUFFER_WINDOW_MS = env.int("METRICS_BUFFER_WINDOW_MS", default=50)
UNLEASH_MAINTENANCE_MODE = env.str("UNLEASH_MAINTENANCE_MODE", default="")
# How long a web process trusts its copy of the configuration revision before asking Redis:
# the bound on how late an SDK sees a change, against one Redis round trip per request.
UNLEASH_REVISION_CHECK_INTERVAL = env.float("UNLEASH_REVISION_CHECK_INTERVAL", default=0.1)
# How often a process compares what Redis says (config revision, maintenance state) with the
# database: the bound on how long Redis back from a crash with old data can mislead anyone.
UNLEASH_DATABASE_CHECK_INTERVAL = env.float("UNLEASH_DATABASE_CHECK_INTERVAL", default=1.0)

# Streaming to SDKs (flags/streaming, README "Streaming"): open streams per server process
# (429 beyond, SDKs then poll), seconds between heartbeats (SDK read timeouts are 30-60 s),
# bytes queued for one slow client before it is dropped, seconds between database checks
# that catch a lost Redis message, audit events of changes kept for resuming clients, and
# whether polling SDKs are told `fetch-mode: streaming` on /api/client/features, and the
# seconds a stopping process gives its streams to take `fetch-mode: polling` (the SDKs then
# poll, and come back to a stream when a poll is answered with `fetch-mode: streaming`).
UNLEASH_STREAMING_MAX_STREAMS = env.int("UNLEASH_STREAMING_MAX_STREAMS", default=2000)
UNLEASH_STREAMING_HEARTBEAT = env.float("UNLEASH_STREAMING_HEARTBEAT", default=15.0)
UNLEASH_STREAMING_BUFFER_BYTES = env.int("UNLEASH_STREAMING_BUFFER_BYTES", default=8 * 2**20)
UNLEASH_STREAMING_CHECK_INTERVAL = env.float("UNLEASH_STREAMING_CHECK_INTERVAL", default=1.0)
UNLEASH_STREAMING_DELTA_LOG = env.int("UNLEASH_STREAMING_DELTA_LOG", default=1000)
UNLEASH_STREAMING_FETCH_MODE_HINT = env.bool("UNLEASH_STREAMING_FETCH_MODE_HINT", default=False)
UNLEASH_STREAMING_HAND_OFF_SECONDS = env.float("UNLEASH_STREAMING_HAND_OFF_SECONDS", default=2.0)

# Sent on HTML pages outside /api (core.middleware); empty to send none.
CONTENT_SECURITY_POLICY = env.str(
    "CONTENT_SECURITY_POLICY",
    default=(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
)

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        # a refused request (4xx) is one line: no traceback of the exception that refused it
        "refusals_without_traceback": {"()": "unleash_site.log_filters.RefusalWithoutTraceback"},
        # the every-few-seconds Celery bookkeeping of routine tasks goes to DEBUG
        "routine_tasks_at_debug": {"()": "unleash_site.log_filters.RoutineTasksAtDebug"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["refusals_without_traceback", "routine_tasks_at_debug"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The embedded profile serves static files through the finders, so STATIC_ROOT exists only
# after collectstatic (production images); whitenoise's warning about it is noise there.
warnings.filterwarnings("ignore", message=re.escape(f"No directory at: {STATIC_ROOT}"))
