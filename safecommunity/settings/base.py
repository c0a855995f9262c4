"""Settings shared by every environment. Values come from `safecommunity.env`."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from kombu import Queue

from certification.schedule import beat_schedule as certification_beat_schedule
from events.schedule import beat_schedule as events_beat_schedule
from programmes.schedule import beat_schedule as programmes_beat_schedule
from safecommunity.core import queues
from safecommunity.core.schedule import beat_schedule as core_beat_schedule
from safecommunity.env import BASE_DIR, env
from walks.schedule import beat_schedule as walks_beat_schedule

SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# APPS
DJANGO_APPS = [
    "safecommunity.core.admin_site.TryggAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "axes",
    "csp",
    "django_htmx",
    "import_export",
]
LOCAL_APPS = [
    "safecommunity.core",
    "injuries",
    "programmes",
    "walks",
    "certification",
    "reports",
    "events",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safecommunity.core.middleware.SessionLifetimeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "safecommunity.core.replica.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "safecommunity.urls"
WSGI_APPLICATION = "safecommunity.wsgi.application"

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
                "csp.context_processors.nonce",
                "safecommunity.core.context_processors.navigation",
            ],
        },
    },
]

# DATABASE
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A streaming replica for the reads of the API and the statistics pages
# (safecommunity/core/replica.py); without it everything uses the primary.
DATABASE_ROUTERS = ["safecommunity.core.replica.ReplicaRouter"]
REPLICA_DATABASE = ""
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    REPLICA_DATABASE = "replica"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# AUTHENTICATION
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute-force protection: lock the combination of username and IP address,
# so a stranger elsewhere cannot lock a user out of their own machine.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Password spraying: failures of one address across usernames (within the
# cool-off) first slow it to one attempt per LOGIN_ADDRESS_SLOW_SECONDS, then
# lock it (safecommunity.core.ratelimit).
LOGIN_ADDRESS_SLOW_AFTER = 10
LOGIN_ADDRESS_SLOW_SECONDS = 30
LOGIN_ADDRESS_LOCK_AFTER = 30
# Password reset e-mails an hour, per client address and per account.
PASSWORD_RESET_PER_ADDRESS = 5
PASSWORD_RESET_PER_ACCOUNT = 3
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind reverse proxies: how many of them append to X-Forwarded-For. The
# login lockout and the walk links' rate limit count per client address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "safecommunity.core.client_ip.client_ip"

# SESSIONS: idle timeout 30 minutes (rolling cookie), absolute limit 12 hours.
SESSION_COOKIE_AGE = 30 * 60
# The idle expiry is renewed at most once a minute (core.middleware), not
# with a database write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# SECURITY HEADERS
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# INTERNATIONALISATION
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# STATIC AND MEDIA
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents are private: never served under STATIC_URL or a public
# MEDIA_URL, only through views that check permissions.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
# No URL route serves this prefix: it exists only because Django's test
# servers expect a media URL. Files are downloaded through permission checks.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
MAX_UPLOAD_BYTES = 20 * 1024 * 1024

# E-MAIL
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Trygg <noreply@trygg.invalid>")
if EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":
    # The console shows subjects and other headers as a reader sees them.
    EMAIL_BACKEND = "safecommunity.core.mail.ConsoleEmailBackend"
# The portal's address: links in e-mails are made absolute with it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Where the accessibility statement asks people to report problems.
ACCESSIBILITY_EMAIL = env(
    "ACCESSIBILITY_EMAIL", default="tilgjengelighet@trygg.invalid"
)

# CELERY
REDIS_URL = env("REDIS_URL", default="")
BROKER_DATA_DIR = BASE_DIR / "var" / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    # Embedded default: Kombu's filesystem transport, so long jobs still run
    # in a worker beside `make run` without a Redis server.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_RESULT_BACKEND = None
# One queue per kind of work (safecommunity/core/queues.py): imports, PDFs,
# mail and the rest. A worker without -Q consumes every queue listed here.
CELERY_TASK_DEFAULT_QUEUE = queues.DEFAULT
CELERY_TASK_QUEUES = [Queue(name, routing_key=name) for name in queues.ALL]
CELERY_TASK_ROUTES = ("safecommunity.core.queues.route_task",)
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
# Late acknowledgement: a task is redelivered when its worker dies mid-run.
# Only idempotent tasks are written, so a second delivery is harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400_000  # KiB
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Long jobs (safecommunity/core/jobs.py): a running job's worker refreshes its
# heartbeat this often; a job without one for JOB_STALE_SECONDS (0: its task's
# time limit) is queued again, at most JOB_MAX_REQUEUES times, then failed.
JOB_HEARTBEAT_SECONDS = env.float("JOB_HEARTBEAT_SECONDS", default=30)
JOB_STALE_SECONDS = env.float("JOB_STALE_SECONDS", default=0)
JOB_MAX_REQUEUES = env.int("JOB_MAX_REQUEUES", default=3)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    **core_beat_schedule,
    **certification_beat_schedule,
    **programmes_beat_schedule,
    **walks_beat_schedule,
    **events_beat_schedule,
    # Long jobs whose worker is gone are queued again (safecommunity/core/jobs.py).
    "core-requeue-stale-jobs": {
        "task": "safecommunity.core.tasks.jobs_requeue_stale_task",
        "schedule": timedelta(seconds=env.float("JOB_SWEEP_SECONDS", default=60)),
    },
    # Uploaded injury files are kept a week (for the error file), then removed.
    "injuries-purge-import-files": {
        "task": "injuries.tasks.import_files_purge_task",
        "schedule": timedelta(hours=6),
    },
}
if REDIS_URL:
    # Three times the longest task's hard time limit: a running task is never
    # handed to a second worker while the first still works on it, and a task
    # whose worker was killed is redelivered within half an hour.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 30 * 60}
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": 30 * 60}
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DATA_DIR / "queue"),
        "data_folder_out": str(BROKER_DATA_DIR / "queue"),
        "processed_folder": str(BROKER_DATA_DIR / "processed"),
        "control_folder": str(BROKER_DATA_DIR / "control"),
        "store_processed": False,
    }

# CACHE: shared through Redis when configured, per process otherwise (the
# dashboard's rollups). Rate limits (walk links, logins by address, password
# resets) always use the "ratelimit" cache, which every web process shares:
# Redis when configured, else a database table (created by `migrate`).
RATELIMIT_CACHE_TABLE = "core_ratelimit_cache"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "trygg",
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "trygg-rl",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": RATELIMIT_CACHE_TABLE,
        },
    }

# DOMAIN
SMALL_CELL_THRESHOLD = env.int("SMALL_CELL_THRESHOLD", default=5)
CERTIFICATE_VALIDITY_YEARS = env.int("CERTIFICATE_VALIDITY_YEARS", default=5)
# Event participants' names, addresses and roles are deleted this many days
# after the event ends; only their number is kept.
EVENT_DATA_RETENTION_DAYS = env.int("EVENT_DATA_RETENTION_DAYS", default=30)
# Days after an injury import during which the user who made it may undo it.
IMPORT_UNDO_DAYS = env.int("IMPORT_UNDO_DAYS", default=14)
# Requests per personal API token: "N/s", "N/min", "N/hour" or "N/day".
API_RATE_LIMIT = env("API_RATE_LIMIT", default="120/min")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "filters": {
        "client_error_without_traceback": {
            "()": "safecommunity.core.log_filters.ClientErrorWithoutTraceback"
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "axes": {"level": "WARNING"},
        # A 403 or 400 is logged as one warning line, without a traceback.
        "django.request": {"filters": ["client_error_without_traceback"]},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
