"""Jiceng's one settings module, driven by the environment.

SQLite is the embedded default (``var/jiceng.sqlite3``); ``DATABASE_URL=postgres://…``
switches to PostgreSQL, the production database. ``JICENG_ENV=production`` turns on the
deployment settings (``manage.py check --deploy`` passes under them).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("JICENG_VAR_DIR", BASE_DIR / "var"))

# Everything Jiceng writes (the database and its WAL, uploads, the secret key) is readable by
# its own account only: files 0600, folders 0700, whichever command or server started it.
os.umask(0o077)


def _keep_private(folder: Path) -> None:
    """``folder`` 0700 and what lies directly in it 0600 (folders 0700), also when an older
    version or another umask made them readable to others."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    for entry in folder.iterdir():
        try:
            entry.chmod(0o700 if entry.is_dir() else 0o600)
        except OSError:  # e.g. a file another process just removed (SQLite's -shm)
            pass


_keep_private(VAR_DIR)

PRODUCTION = os.environ.get("JICENG_ENV") == "production"


def _secret_key() -> str:
    """From the environment, else from a file made once per installation (0600). Workers that
    start together agree: the file appears whole or not at all, and the first one wins."""
    if key := os.environ.get("JICENG_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        draft = path.with_name(f".secret_key.{os.getpid()}")
        draft.write_text(get_random_secret_key())
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Off unless asked for: the demo (scripts/start) runs as a deployment does, with Jiceng's own
# error pages and no tracebacks; JICENG_DEBUG=1 shows Django's debug pages while developing.
DEBUG = os.environ.get("JICENG_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("JICENG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_q",
    "web.common",
    "web.jobs",
    "web.audit",
    "web.org",
    "web.workdays",
    "web.downloads",
    "web.meetings",
    "web.procedures",
    "web.recommendations",
    "web.elections",
    "web.deliberation",
    "web.commitments",
    "web.cases",
    "web.reps",
    "web.points",
    "web.congress",
    "web.proposals",
    "web.appraisals",
    "web.inspections",
    "web.open311",
    "web.studios",
    "web.accounts",
    "web.notify",
    "web.overview",
    "web.portal",
    "web.api",
    "web.demo",
]

MIDDLEWARE = [
    "web.common.middleware.HeadAsGetMiddleware",  # outermost: everything inside sees a GET
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "web.common.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "web.common.middleware.RequestSizeMiddleware",  # after the language is chosen, before the body is read
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "web.common.middleware.HtmxMiddleware",
    "web.common.middleware.DatabaseUnavailableMiddleware",  # innermost: sees the view's exceptions first
]

ROOT_URLCONF = "web.urls"
WSGI_APPLICATION = "web.wsgi.application"

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
                "django.template.context_processors.i18n",
                "web.notify.context.unread",
            ],
        },
    },
]

# JICENG_DB_CONN_MAX_AGE > 0 keeps a worker's connection between requests; the health check makes
# the first request after a database restart reconnect instead of failing on the dropped connection
# (bench/reliability.py, "PostgreSQL restart").
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'jiceng.sqlite3'}",
        conn_max_age=int(os.environ.get("JICENG_DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and os.environ.get("JICENG_DB_POOL"):
    # Opt-in (web/serve.py's default server runs Django in one thread per process, keeping its
    # connection): a pool per process, for a server run with many threads. Each request borrows
    # a connection and gives it back, so the connections PostgreSQL sees are bounded by the pool,
    # not by the threads; each borrowed one is checked first (CONN_HEALTH_CHECKS), so a database
    # restart costs no request a dropped connection. A pool replaces persistent connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ["JICENG_DB_POOL"]),
        "timeout": 20,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue instead of failing with "database is locked" mid-transaction.
    # secure_delete zeroes what a delete frees, and the engine below truncates the write-ahead log
    # when a connection closes (and web.meetings.secrecy when a poll closes), so no old page
    # images are left to tell the order ballots arrived in (docs/meetings.md).
    DATABASES["default"]["ENGINE"] = "web.common.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        " PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "org:home"
LOGOUT_REDIRECT_URL = "portal:index"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest body a form with files may have, refused unread above it (413, see
# web.common.middleware.RequestSizeMiddleware): the largest upload Jiceng takes, a 20 MB roster,
# and room for the form around it. Each upload's own limit is checked after that, with a sentence.
JICENG_MAX_UPLOAD_REQUEST_BYTES = int(os.environ.get("JICENG_MAX_UPLOAD_REQUEST_MB", "21")) * 1024 * 1024

# Sessions, cookies, CSRF: strict everywhere, secure-only in production.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "web.common.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("JICENG_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("JICENG_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("JICENG_TRUSTED_ORIGINS", "").split(",") if o]

# Content Security Policy, sent by web.common.middleware: every asset is Jiceng's own.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)

# Login rate limiting (web.accounts.throttle): attempts per window, per username and per address.
LOGIN_ATTEMPTS_LIMIT = int(os.environ.get("JICENG_LOGIN_ATTEMPTS", "5"))
LOGIN_ATTEMPTS_WINDOW = int(os.environ.get("JICENG_LOGIN_WINDOW", "900"))
# Requests without an account (web.cases.intake.limits): per phone number and per address in a
# window; wrong tracking codes per case number and per address, in the sign-in window.
INTAKE_PER_PHONE = int(os.environ.get("JICENG_INTAKE_PER_PHONE", "5"))
INTAKE_PER_ADDRESS = int(os.environ.get("JICENG_INTAKE_PER_ADDRESS", "30"))
INTAKE_WINDOW = int(os.environ.get("JICENG_INTAKE_WINDOW", "3600"))
# Proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated); the
# per-address limit then counts the client behind them, not the proxy.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("JICENG_TRUSTED_PROXIES", "").split(",") if p.strip()]
# A new account's (or a reset's) one-time password setup link expires after this many hours.
SETUP_LINK_HOURS = int(os.environ.get("JICENG_SETUP_LINK_HOURS", "72"))

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JICENG_LOG_LEVEL", "WARNING")},
}

JICENG_SITE_NAME = _("基层")

# Static files: collected into var/staticfiles by the setup script and served by WhiteNoise
# (in every mode), so the demo runs under the same server a deployment uses.
WHITENOISE_USE_FINDERS = DEBUG

# Ballot secrecy (docs/meetings.md): phone voting codes are printed in batches of at least this
# many unnamed slips; a channel (paper or phone) taken by fewer voters than the second figure is
# never published on its own: the record merges both into one hand count.
MEETINGS_MIN_CODE_BATCH = int(os.environ.get("JICENG_MIN_CODE_BATCH", "5"))
MEETINGS_MIN_CHANNEL_VOTERS = int(os.environ.get("JICENG_MIN_CHANNEL_VOTERS", "5"))
# On PostgreSQL phone ballots wait, out of the write-ahead log, until this many of a poll have
# arrived (or it closes), then are sealed together in a random order (web/meetings/sealing.py).
MEETINGS_SEAL_BATCH = int(os.environ.get("JICENG_SEAL_BATCH", "10"))


# Background work (web/jobs/queue.py, docs/background.md): Django-Q2's queue on the database.
# A job not finished within ``timeout`` seconds is stopped; one whose worker died (killed, the
# machine lost) is delivered again after ``retry`` seconds, at most ``max_attempts`` times.
JOB_TIMEOUT = int(os.environ.get("JICENG_JOB_TIMEOUT", "1800"))
JOB_RETRY = int(os.environ.get("JICENG_JOB_RETRY", "1860"))
if JOB_RETRY <= JOB_TIMEOUT:
    # a job still running when it is delivered again would run twice at once
    raise ImproperlyConfigured("JICENG_JOB_RETRY must be longer than JICENG_JOB_TIMEOUT")
Q_CLUSTER = {
    "name": "jiceng",
    "orm": "default",
    "workers": int(os.environ.get("JICENG_JOB_WORKERS", "2")),
    "timeout": JOB_TIMEOUT,
    "retry": JOB_RETRY,
    "max_attempts": 5,
    "ack_failures": True,
    "save_limit": 500,
    "poll": 0.5,
    "catch_up": False,
    "label": "后台任务",
}

# Documents made in the background (web/downloads, docs/background.md): a file is kept this many
# days after it is made, then the periodic job deletes it.
DOWNLOADS_KEEP_DAYS = int(os.environ.get("JICENG_DOWNLOAD_DAYS", "7"))

# Notifications (web/notify, docs/notifications.md): the outbox delivers by SMS and email.
# SMS: "file" appends to var/sms.log (the demo), "console" prints, "http" posts JSON to the
# provider's endpoint with the template id and signature the provider approved.
NOTIFY_SMS_BACKEND = os.environ.get("JICENG_SMS_BACKEND", "file")
NOTIFY_SMS_FILE = VAR_DIR / "sms.log"
NOTIFY_SMS_URL = os.environ.get("JICENG_SMS_URL", "")
NOTIFY_SMS_KEY = os.environ.get("JICENG_SMS_KEY", "")  # sent as "Authorization: Bearer …" when set
NOTIFY_SMS_SIGNATURE = os.environ.get("JICENG_SMS_SIGNATURE", "基层")
NOTIFY_SMS_SIGNED = "【{}】"  # how a Chinese SMS shows its signature, at the head of the text
NOTIFY_SMS_TEMPLATE = os.environ.get("JICENG_SMS_TEMPLATE", "")  # the template id for every kind…
NOTIFY_SMS_TEMPLATES = dict(  # …unless a kind has its own: "commitment.overdue=SMS_1,commitment.progress_due=SMS_2"
    pair.strip().split("=", 1) for pair in os.environ.get("JICENG_SMS_TEMPLATES", "").split(",") if "=" in pair
)
NOTIFY_SMS_TIMEOUT = float(os.environ.get("JICENG_SMS_TIMEOUT", "5"))
#: the most SMS per hour a person may allow themselves on their settings page
NOTIFY_SMS_PER_HOUR_MAX = int(os.environ.get("JICENG_SMS_PER_HOUR_MAX", "10"))
#: a failed attempt waits NOTIFY_RETRY_BASE seconds, doubled each time up to NOTIFY_RETRY_CAP; after
#: NOTIFY_MAX_ATTEMPTS the delivery has failed. A claimed send not recorded within NOTIFY_LEASE
#: seconds (its worker died) is tried again.
NOTIFY_RETRY_BASE = int(os.environ.get("JICENG_NOTIFY_RETRY_BASE", "60"))
NOTIFY_RETRY_CAP = int(os.environ.get("JICENG_NOTIFY_RETRY_CAP", str(6 * 3600)))
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("JICENG_NOTIFY_MAX_ATTEMPTS", "6"))
NOTIFY_LEASE = int(os.environ.get("JICENG_NOTIFY_LEASE", "300"))
# Email: Django's backends. Outside production, messages are files in var/mail (the demo).
EMAIL_BACKEND = os.environ.get(
    "JICENG_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("JICENG_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("JICENG_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("JICENG_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("JICENG_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("JICENG_EMAIL_TLS") == "1"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("JICENG_EMAIL_FROM", "jiceng@localhost")
#: the site's address, for "sign in to read more" in an email (no link at all when empty)
JICENG_SITE_URL = os.environ.get("JICENG_SITE_URL", "")
