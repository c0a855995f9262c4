"""Settings for the test suite."""

from .base import *  # noqa: F403
from .base import env

# The demo data and `seed_demo` (development only; not in production).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else"  # noqa: S105  # nosec B105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests that need a worker start a real one (tests/conftest.py); everything
# else runs tasks in the calling process.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
if not REDIS_URL:  # noqa: F405
    # Worker tests start an in-process worker on the in-memory transport
    # when no Redis is configured; CI sets REDIS_URL and uses a real one.
    CELERY_BROKER_URL = "memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
AXES_ENABLED = True
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Tests assert behaviour in English; tests of the Norwegian default and of the
# language switch set LANGUAGE_CODE = "nb" themselves.
LANGUAGE_CODE = "en"
# Each test starts with an empty per-process cache (tests/conftest.py).
# Rate limits use the database cache here: each test's transaction (or the
# flush after a transactional test) leaves it empty.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": RATELIMIT_CACHE_TABLE,  # noqa: F405
    },
}
# A second alias on the same server stands in for a replica (TEST MIRROR);
# reads go to it only in the tests that turn REPLICA_DATABASE on, since a
# mirror does not see the uncommitted rows of a test's transaction.
REPLICA_DATABASE = ""
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["replica"] = {  # noqa: F405
        **DATABASES["default"],  # noqa: F405
        "TEST": {"MIRROR": "default"},
    }
