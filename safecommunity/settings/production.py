"""Production settings: secure by default, refuse to start when misconfigured."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import EMAIL_BACKEND, REDIS_URL, env

DEBUG = False

_secret = env("SECRET_KEY", default="")
if not _secret or _secret.startswith("django-insecure") or len(_secret) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or insecure: set SECRET_KEY to a random value "
        "of at least 50 characters."
    )
SECRET_KEY = _secret

if not env("ALLOWED_HOSTS", default=""):
    raise ImproperlyConfigured("ALLOWED_HOSTS is missing: name the host names served.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Without Redis the cache (login lockout, rate limits) is per process and the
# broker is a folder on one machine: neither holds for a real deployment.
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL is missing: production needs Redis for the shared cache and the "
        "Celery broker (e.g. redis://redis:6379/0)."
    )

# Password reset links and notifications must reach people, not a log.
_NOT_DELIVERING = {
    "django.core.mail.backends.console.EmailBackend",
    "safecommunity.core.mail.ConsoleEmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
if not env("EMAIL_URL", default="") or EMAIL_BACKEND in _NOT_DELIVERING:
    raise ImproperlyConfigured(
        "EMAIL_URL is missing or does not deliver e-mail: set it to an SMTP server "
        "(e.g. smtp+tls://user:password@smtp.example.org:587)."
    )

# Links in e-mails: the first host name served, over HTTPS, unless set.
SITE_URL = env("SITE_URL", default=f"https://{ALLOWED_HOSTS[0]}").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_NAME = "__Secure-csrftoken"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
