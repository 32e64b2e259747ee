"""Shouwang settings: one module, configured only through the environment.

Every knob is a ``SHOUWANG_*`` variable (or ``DATABASE_URL``) read through the typed helpers
in :mod:`shouwang.env`; ``docs/operators/configuration.md`` lists them all. Tests override
in fixtures, never through a second settings module.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from shouwang.env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent
ROOT_DIR = Path(env_str("SHOUWANG_ROOT", str(PROJECT_DIR.parent.parent)))
VAR_DIR = Path(env_str("SHOUWANG_VAR_DIR", str(ROOT_DIR / "var")))

ENVIRONMENT = env_str("SHOUWANG_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("SHOUWANG_ENV must be 'development' or 'production'")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("SHOUWANG_DEBUG", not PRODUCTION)
SECRET_KEY = env_str("SHOUWANG_SECRET_KEY") or ""
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SHOUWANG_SECRET_KEY is required in production")
    SECRET_KEY = "development-only-secret-key-never-use-in-production"

ALLOWED_HOSTS = env_list("SHOUWANG_ALLOWED_HOSTS", [] if PRODUCTION else ["*"])
CSRF_TRUSTED_ORIGINS = env_list("SHOUWANG_CSRF_TRUSTED_ORIGINS", [])
# How many reverse proxies stand in front (0: clients connect directly). With proxies,
# the client address comes from X-Forwarded-For and HTTPS from X-Forwarded-Proto.
TRUSTED_PROXIES = env_int("SHOUWANG_TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Personal data keys (see shouwang.core.pii). The first key of SHOUWANG_PII_KEYS encrypts;
# the others only decrypt, until `shouwang rotate-pii-key` has re-encrypted every value.
PII_KEYS = env_list("SHOUWANG_PII_KEYS", [])
PII_HMAC_KEY = env_str("SHOUWANG_PII_HMAC_KEY") or ""
if not PII_KEYS or not PII_HMAC_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SHOUWANG_PII_KEYS and SHOUWANG_PII_HMAC_KEY are required in production"
        )
    # Fixed development keys: a developer's demo database stays readable across restarts.
    PII_KEYS = PII_KEYS or ["ZGV2ZWxvcG1lbnQtb25seS1waWkta2V5LTMyYnl0ZXM="]
    PII_HMAC_KEY = PII_HMAC_KEY or "development-only-hmac-key"

DEMO_PASSWORD = env_str("SHOUWANG_DEMO_PASSWORD", "shouwang-demo")
DEMO_ALLOWED = not PRODUCTION

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "simple_history",
    "shouwang.core",
    "shouwang.people",
    "shouwang.isolation",
    "shouwang.workforce",
    "shouwang.checkpoints",
    "shouwang.quarantine",
    "shouwang.enterprises",
    "shouwang.policies",
    "shouwang.demands",
    "shouwang.reports",
    "shouwang.demo",
    # After the product's apps: its registration/ templates (password change) extend the
    # admin site, which is not served, and would hide the product's own.
    "django.contrib.admin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shouwang.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# A device's passage (shouwang.wsgi routes it) needs headers, the district's language and
# the audit trail's request, and no session, CSRF, login, message or lockout middleware.
MACHINE_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "shouwang.core.middleware.ChosenLanguageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "shouwang.urls"
WSGI_APPLICATION = "shouwang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "shouwang.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'shouwang.sqlite3'}",
        conn_max_age=env_int("SHOUWANG_DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the task worker write while pages read; IMMEDIATE avoids "database is
        # locked" when two writers upgrade their read transactions at the same moment.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "shouwang.core.backends.ShouwangModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Idle expiry: the session lives SHOUWANG_IDLE_MINUTES after the last request.
SESSION_COOKIE_AGE = env_int("SHOUWANG_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION

AXES_FAILURE_LIMIT = env_int("SHOUWANG_LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = env_int("SHOUWANG_LOGIN_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = LOGIN_COOLOFF_MINUTES / 60  # axes counts in hours
# Lock a username from the address that failed, so one person mistyping at a shared
# checkpoint tablet does not lock out the whole shift.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "shouwang.core.views.auth.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "shouwang.core.network.client_ip"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = env_str("SHOUWANG_TIME_ZONE", "Asia/Shanghai")
#: How often the command room's large screen fetches its numbers again.
SCREEN_REFRESH_SECONDS = env_int("SHOUWANG_SCREEN_REFRESH_SECONDS", 60)
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# `make static` copies the npm packages' built files here; they are never committed.
STATICFILES_DIRS = [("vendor", VAR_DIR / "vendor")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "shouwang.core.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shouwang 守望 API",
    "DESCRIPTION": "Devices and integrations. Every endpoint is scoped to the caller's areas.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from the installed package: district intranets have no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_pii": {"()": "shouwang.core.pii_logging.RedactPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_pii"]},
    },
    "root": {"handlers": ["console"], "level": env_str("SHOUWANG_LOG_LEVEL", "INFO")},
    # Every login would otherwise log four lines, every PDF seven; warnings still show.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

NAV_TITLE = _("守望")
