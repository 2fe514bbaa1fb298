"""Production settings: import them in a fresh interpreter with a production-like environment,
as gunicorn would, and run Django's deploy check."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "production-test-key-with-enough-entropy-0123456789",
    "DJANGO_ALLOWED_HOSTS": "zhibu.example",
    "DATABASE_URL": "postgres://zhibu@db.internal:5432/zhibu",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
}


def run_python(code: str, **overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    env.update(PRODUCTION_ENV)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


SETTINGS_DUMP = """
import django, json
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "HSTS": s.SECURE_HSTS_SECONDS,
    "SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "STATIC": s.STORAGES["staticfiles"]["BACKEND"],
    "LOG_FORMATTER": s.LOGGING["handlers"]["console"]["formatter"],
    "ENGINE": s.DATABASES["default"]["ENGINE"],
    "BROKER": s.CELERY_BROKER_URL,
    "CSP_SCRIPT": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"],
}))
"""


def test_production_settings_values():
    result = run_python(SETTINGS_DUMP)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["HSTS"] >= 60 * 60 * 24 * 365 and values["SSL_REDIRECT"]
    assert values["STATIC"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["LOG_FORMATTER"] == "json"
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["BROKER"].startswith("redis://")
    assert values["CSP_SCRIPT"] == ["'self'"]


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL"])
def test_production_refuses_to_start_without(missing):
    result = run_python("import django; django.setup()", **{missing: None})
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_logs_are_one_json_object_per_line():
    result = run_python(
        "import django, logging; django.setup(); logging.getLogger('zhibu').warning('体检 %s', 'ok')"
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout.strip().splitlines()[-1])
    assert record["message"] == "体检 ok"
    assert record["level"] == "WARNING" and record["logger"] == "zhibu"


def test_check_deploy_has_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_gunicorn_config_reads_the_environment():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import runpy, json; c = runpy.run_path('gunicorn.conf.py'); "
            "print(json.dumps({k: c[k] for k in ('bind', 'workers', 'accesslog', 'wsgi_app')}))",
        ],
        cwd=ROOT,
        env={**os.environ, "WEB_CONCURRENCY": "3", "GUNICORN_BIND": "0.0.0.0:9000"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "bind": "0.0.0.0:9000",
        "workers": 3,
        "accesslog": "-",
        "wsgi_app": "config.wsgi:application",
    }


# Content Security Policy (runs under the test settings, which share base.py's policy)


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


@pytest.mark.django_db
def test_site_pages_have_a_strict_policy(client):
    policy = _csp(client.get(reverse("login")))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_site_templates_need_no_inline_script_or_style(client, org):
    import re

    client.force_login(org.secretary_user)
    for url in [reverse("login"), reverse("people_list"), reverse("inbox")]:
        client.logout() if url == reverse("login") else client.force_login(org.secretary_user)
        html = client.get(url).content.decode()
        # Inline <script> is only JSON data (type="application/json"), never code.
        for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html):
            assert 'type="application/json"' in tag, (url, tag)
        assert "<style" not in html and " style=" not in html, url
        assert not re.search(r"""(src|href)=["']https?://""", html), url  # nothing off-site


@pytest.mark.django_db
def test_wagtail_admin_works_under_its_policy(client, org):
    client.force_login(org.secretary_user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    policy = _csp(response)
    assert "'unsafe-inline'" in policy["script-src"] and "'unsafe-inline'" in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    html = response.content.decode()
    import re

    # Every script and stylesheet the admin loads is our own (the policy allows only 'self').
    for src in re.findall(r"""<(?:script|link)[^>]+(?:src|href)=["']([^"']+)["']""", html):
        assert not src.startswith(("http://", "https://", "//")), src


def test_the_500_page_needs_no_inline_style_and_no_request_context(rf):
    """The error page must look right under the production CSP (no inline style) and render
    even when the request context is what failed."""
    from pathlib import Path

    from django.conf import settings
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "<style" not in html and "style=" not in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert "服务器出了点问题" in html
    assert (Path(settings.BASE_DIR) / "static" / "css" / "site.css").is_file()


CACHE_DUMP = """
import django, json
django.setup()
from django.conf import settings as s
print(json.dumps({"cache": s.CACHES["default"], "sessions": s.SESSION_ENGINE}))
"""


def test_production_caches_in_redis_and_keeps_sessions_there_when_given_a_cache_url():
    result = run_python(CACHE_DUMP, CACHE_URL="redis://redis.internal:6379/1")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["cache"]["BACKEND"] == "branch.cache_backends.RedisCache"  # Django's, subclassed
    assert values["cache"]["LOCATION"] == "redis://redis.internal:6379/1"
    assert values["sessions"] == "django.contrib.sessions.backends.cached_db"
    # REDIS_URL is the fallback name
    result = run_python(CACHE_DUMP, REDIS_URL="redis://cache.internal:6379/2", CACHE_URL=None)
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["cache"]["LOCATION"] == "redis://cache.internal:6379/2"


def test_without_a_cache_url_production_needs_no_redis_for_cache_or_sessions(tmp_path):
    result = run_python(CACHE_DUMP, CACHE_URL=None, REDIS_URL=None, CACHE_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["cache"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert values["cache"]["LOCATION"] == str(tmp_path)
    assert values["sessions"] == "django.contrib.sessions.backends.db"


CACHE_BUMP = """
import django
django.setup()
from branch import caching
print("before", caching.versions([7], ["study"])[-1])
caching.bump(7, "study")
print("after", caching.versions([7], ["study"])[-1])
"""
CACHE_READ = """
import django
django.setup()
from branch import caching
print("seen", caching.versions([7], ["study"])[-1])
"""


def test_without_a_cache_url_a_change_in_one_process_is_seen_by_the_others(tmp_path):
    """Two processes of one host (two gunicorn workers, or the web and the Celery worker): a
    version bumped by one is the version the other reads, so no worker serves a fragment of
    before the change."""
    env = {"CACHE_URL": None, "REDIS_URL": None, "CACHE_DIR": str(tmp_path / "cache")}
    first = run_python(CACHE_READ, **env)
    assert first.returncode == 0, first.stderr
    bumped = run_python(CACHE_BUMP, **env)
    assert bumped.returncode == 0, bumped.stderr
    lines = dict(
        line.split() for line in bumped.stdout.split("\n") if line.startswith(("before", "after"))
    )
    assert lines["before"] != lines["after"]
    seen = run_python(CACHE_READ, **env)
    assert seen.stdout.split()[-1] == lines["after"]
    assert first.stdout.split()[-1] != lines["after"]


def test_dev_and_tests_cache_in_memory(settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_gunicorn_loads_the_app_and_the_search_dictionary_before_forking(tmp_path):
    """Workers fork from a master that already holds the app and jieba's dictionary, so they
    share that memory; GUNICORN_PRELOAD=false turns the preload off."""
    code = (
        "import runpy, json, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.test')\n"
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "connection.ensure_connection()\n"
        "c = runpy.run_path('gunicorn.conf.py')\n"
        "c['when_ready'](None)\n"
        "from home import search\n"
        "print(json.dumps({'preload': c['preload_app'],\n"
        "    'dictionary': search._tokenizer.cache_info().currsize,\n"
        "    'db_open': connection.connection is not None}))\n"
    )

    def run(**env):
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SECRET_KEY": "x",
                # a file database: an in-memory one is never closed
                "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                **env,
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    assert run() == {"preload": True, "dictionary": 1, "db_open": False}
    assert run(GUNICORN_PRELOAD="false")["preload"] is False
