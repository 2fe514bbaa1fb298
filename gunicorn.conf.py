"""gunicorn settings for the web hosts (``gunicorn -c gunicorn.conf.py config.wsgi``); every value
from the environment so one file serves every host."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Logs to stdout/stderr for the process manager; the access log is one line per request.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = (
    'remote=%({x-forwarded-for}i)s method=%(m)s path="%(U)s" status=%(s)s '
    'bytes=%(B)s duration_ms=%(M)s agent="%(a)s"'
)
# Only the proxies in front of us may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "config.wsgi:application"

# Load the app once in the master and fork the workers from it, so they share its memory
# (Django, Wagtail and jieba's dictionary for search, about 84 MB) instead of each loading
# its own copy.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in ("1", "true", "yes", "on")


def when_ready(server):
    """In the master, before the first fork: load jieba's dictionary (home.search) so every
    worker inherits it, and freeze the objects made so far so the garbage collector of a
    worker does not write to (and so copy) the shared pages."""
    import gc

    from home import search

    search.preload()
    _close_connections()
    gc.freeze()


def pre_fork(server, worker):
    """No database or cache connection may be shared by master and worker."""
    _close_connections()


def _close_connections():
    if "django" not in __import__("sys").modules:
        return
    from django.conf import settings

    if not settings.configured:
        return
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    caches.close_all()
