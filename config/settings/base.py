"""Settings shared by every environment; everything deployment-specific comes from the environment.

The embedded default (no variables set) is SQLite plus Celery on kombu's filesystem transport,
so a newcomer runs the whole product with no server. ``DATABASE_URL`` and ``CELERY_BROKER_URL``
switch to PostgreSQL and Redis.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    # Our apps first so their templates and translations win.
    "branch",
    "home",
    "care",
    "recognition",
    "training",
    "partylife",
    "selfmanagement",
    "api",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Third party
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "branch.security.NullCharacterGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Each cached fragment's versions are read once per request (branch/caching.py).
    "branch.caching.RequestVersionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A search of hundreds of words overflows Wagtail's query builder: keep the first 20.
    "branch.security.SearchTermsLimitMiddleware",
    # A printed first-login password must be changed before anything else (branch/accounts.py).
    "branch.accounts.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Admin URLs naming another branch's page, image or document answer 404 (home/admin_scope.py).
    "home.admin_scope.AdminBranchBoundaryMiddleware",
    "branch.security.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "branch.context_processors.people",
                "home.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the Celery worker write while the web server reads.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so every login path (site, Wagtail admin) is refused while locked out.
    "axes.backends.AxesStandaloneBackend",
    "branch.auth.StaffNumberBackend",
    # Django's username login, refusing a person whose leaving day has come (as the 工号 one).
    "branch.auth.UsernameBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
# The embedded default (dev, tests, SQLite) caches in each process's memory and needs no server;
# production caches in Redis when CACHE_URL (or REDIS_URL) names one (config/settings/production.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "zhibu",
    }
}
SESSION_EXPIRE_AT_BROWSER_CLOSE = False

# Login throttling (django-axes) on every login path, see README "Login throttling":
# - per ACCOUNT: 5 failures from anywhere, through any login form, lock the account for 30
#   minutes (lifted earlier by the branch secretary in the admin); an unknown name counts under
#   what was typed;
# - per client ADDRESS: 100 failures an hour over all names lock that address, so spraying many
#   names is bounded while a crew behind one NAT is not locked out by one person's typos.
# The attempts live in the database, so every web host behind the proxy sees them.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "branch.security.login_username"
AXES_LOCKOUT_CALLABLE = "branch.security.lockout_response"
AXES_HANDLER = "branch.security.LoginThrottleHandler"
# Every failure is logged with its address: the per-address ceiling counts these rows.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Attempts refused while locked are not counted, so the lock lifts 30 minutes after it began.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=100)
LOGIN_ADDRESS_WINDOW_MINUTES = env.int("LOGIN_ADDRESS_WINDOW_MINUTES", default=60)
LOGIN_FAILURE_LOG_DAYS = env.int("LOGIN_FAILURE_LOG_DAYS", default=30)
# axes.W006 asks for the address in the lockout key; here the address has its own ceiling
# (branch.security.LoginThrottleHandler) and the account key must not depend on it.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind N reverse proxies, the client address is the N-th from the right of X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)
AXES_IPWARE_PROXY_ORDER = "right-most"

# Content Security Policy (django-csp 4): every asset is served by the project, our templates
# have no inline script or style. The Wagtail admin gets 'unsafe-inline' for its own inline
# scripts and styles, see branch.security.ContentSecurityPolicyMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# When a reverse proxy sends the files: the internal location it maps to MEDIA_ROOT (e.g.
# "/protected-media/"); /media/ then answers with X-Accel-Redirect after the object check.
MEDIA_ACCEL_REDIRECT = env("MEDIA_ACCEL_REDIRECT", default="")
# Confidential uploads (hardship attachments, roster uploads awaiting confirmation) live here,
# outside MEDIA_ROOT, and are only ever streamed by a view that checks permissions.
PRIVATE_STORAGE_ROOT = Path(env("PRIVATE_STORAGE_ROOT", default=str(BASE_DIR / "private")))
# The TrueType Chinese font the yearly 台账 PDF embeds; empty → WenQuanYi Zen Hei (`make fonts`).
LEDGER_PDF_FONT = env("LEDGER_PDF_FONT", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The group-chat webhook (branch.channels): https only, never to a private, loopback,
# link-local, reserved or multicast address, unless the host name is listed here (e.g. an
# on-premises chat server: WEBHOOK_ALLOWED_HOSTS=chat.corp.local). WEBHOOK_CA_BUNDLE: a CA
# file for such a server's certificate (empty: the public CAs of certifi).
WEBHOOK_ALLOWED_HOSTS = env.list("WEBHOOK_ALLOWED_HOSTS", default=[])
WEBHOOK_CA_BUNDLE = env("WEBHOOK_CA_BUNDLE", default="")

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="支部之家 <noreply@localhost>")

# Wagtail
WAGTAIL_SITE_NAME = "支部之家"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Study materials approved by their branch are published on the approver's decision.
WAGTAIL_FINISH_WORKFLOW_ACTION = "home.workflow_actions.publish_approved"
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_USER_LOGIN_FORM = "branch.forms.AdminLoginForm"  # its password field labelled
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed"}]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = (
    "serve_view"  # documents go through Wagtail's view so privacy rules apply
)
# Uploaded documents other than PDF are downloaded as attachments (never rendered inline, so an
# HTML or SVG file cannot run in our origin), and Wagtail serves them with
# "Content-Security-Policy: default-src 'none'"; images are limited to raster formats.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]  # PDFs open in the browser, sandboxed
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "doc", "xls", "ppt", "txt"]
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Celery: the embedded default is kombu's filesystem transport, which needs no server.
CELERY_FILESYSTEM_DIR = Path(env("CELERY_FILESYSTEM_DIR", default=str(VAR_DIR / "celery")))
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
# The queue tasks go to unless routed elsewhere (a host or a test may give its workers their own).
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Redis redelivers a message whose worker died (kill -9, power loss) only after the visibility
# timeout, so it must be longer than the longest task (the daily care job over tens of thousands
# of people, well under an hour). Unacknowledged messages are swept every
# interval × throttle seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60 * 6),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        {
            "data_folder_in": str(CELERY_FILESYSTEM_DIR / "out"),
            "data_folder_out": str(CELERY_FILESYSTEM_DIR / "out"),
            "processed_folder": str(CELERY_FILESYSTEM_DIR / "processed"),
            "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
            "store_processed": False,
        }
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "keyvalue": {
            "format": "time=%(asctime)s level=%(levelname)s logger=%(name)s msg=%(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "keyvalue"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "jieba": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

BRANCH_SITE_TITLE = _("Branch Home")

# Notification channels: attempts per delivery and the first retry delay (doubled each time).
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
NOTIFICATION_RETRY_BASE_SECONDS = env.int("NOTIFICATION_RETRY_BASE_SECONDS", default=30)
# Deliveries (e-mail, group bot) of a batch job go out this many to a Celery message.
NOTIFICATION_DELIVERY_BATCH = env.int("NOTIFICATION_DELIVERY_BATCH", default=100)

# The API (/api/v1/): device tokens for apps, the session for the site; every error in one shape
# with a stable code; pages of 20 (at most 100); requests limited per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env("API_RATE_PER_TOKEN", default="120/min"),
        "token_issue": env("API_RATE_TOKEN_ISSUE", default="20/hour"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "支部之家 API",
    "DESCRIPTION": "手机应用与企业微信小程序使用的接口。说明见 docs/api.md。",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["api.schema.only_our_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {"SuggestionStatusEnum": "recognition.models.SuggestionStatus"},
}
