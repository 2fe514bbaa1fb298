"""Production: every secret from the environment, HTTPS only (TLS ends at the proxy), static
files from whitenoise, logs to stdout as JSON. See docs/deploy.md for the variables."""

from .base import *  # noqa: F403
from .base import LOGGING, STORAGES, VAR_DIR, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")  # no default: refuse to start without one
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The proxy terminates TLS and sets X-Forwarded-Proto; it must overwrite a client's value.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its own preview views SAMEORIGIN

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CELERY_BROKER_URL = env("CELERY_BROKER_URL")

# One cache for every web process: Redis from CACHE_URL (or REDIS_URL), e.g.
# redis://redis.internal:6379/1 — a database of its own, not the broker's (clearing the cache
# empties its database). Sessions then live in the cache, written through to the database
# (cached_db), so a request reads its session without a query and a restart of Redis logs no
# one out. Without either variable the processes of one host (gunicorn's workers, the Celery
# worker) share a cache of files in CACHE_DIR, so a change made through one of them is seen by
# the next page any of them draws (a cache in each process's memory would serve the others'
# stale fragments until they expire); sessions then stay in the database. Several hosts need
# CACHE_URL.
CACHE_URL = env("CACHE_URL", default=env("REDIS_URL", default=""))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("CACHE_DIR", default=str(VAR_DIR / "cache")),
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="zhibu"),
        "TIMEOUT": env.int("CACHE_TIMEOUT", default=300),
        "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=20000)},
    }
}
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "branch.cache_backends.RedisCache",  # Django's, one client per pool
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="zhibu"),
            "TIMEOUT": env.int("CACHE_TIMEOUT", default=300),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

# One JSON object per line on stdout; the process manager or the container runtime collects it.
LOGGING = {
    **LOGGING,
    "formatters": {
        **LOGGING["formatters"],
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": env("LOG_FORMAT", default="json"),
        }
    },
}
