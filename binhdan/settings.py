"""Settings for binhdan, read from environment variables.

One module for every environment (development, tests, production). Defaults are for a
developer's machine: SQLite in the project folder and DEBUG on. Production sets at least
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (see README.md, "Configuration").
"""

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# openpyxl without lxml: the large exports write each row's XML as text
# (binhdan/spreadsheets.py `stream_table`), which openpyxl's lxml writer does not allow, and
# lxml came into the install with python-docx. Read once, when openpyxl is first imported
# (after these settings in every process of the portal). 40,000 households: 4.4 s with
# lxml, 1.6 s without.
os.environ.setdefault("OPENPYXL_LXML", "False")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "1")

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
#: The placeholder in .env.example: a copy left unedited must not start production.
_EXAMPLE_SECRET_KEY = "change-me-to-a-long-random-string-50-characters-or-more"
_MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def secret_key() -> str:
    """SECRET_KEY, or the contents of the file SECRET_KEY_FILE names (systemd's
    LoadCredential=, docker secrets). With DEBUG off a weak key refuses to start."""
    path = os.getenv("SECRET_KEY_FILE", "").strip()
    if path and os.getenv("SECRET_KEY"):
        raise ImproperlyConfigured("Set SECRET_KEY or SECRET_KEY_FILE, not both.")
    if path:
        try:
            key = Path(path).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"SECRET_KEY_FILE {path!r} cannot be read: {error}"
            ) from None
    else:
        key = os.getenv("SECRET_KEY", "")
    if DEBUG:
        return key or _DEV_SECRET_KEY
    if not key or key == _DEV_SECRET_KEY:
        raise ImproperlyConfigured(f"Set SECRET_KEY when DEBUG is off; make one with {_MAKE_A_KEY}")
    if key == _EXAMPLE_SECRET_KEY or len(key) < 50 or len(set(key)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak (the .env.example placeholder, shorter than 50 characters "
            f"or fewer than 5 different characters); make one with {_MAKE_A_KEY}"
        )
    return key


SECRET_KEY = secret_key()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# JSON for the phone's outbox, Django's page otherwise.
CSRF_FAILURE_VIEW = "binhdan.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "binhdan.apps.AxesConfig",  # django-axes, named in Vietnamese
    "csp",
    "binhdan",
    "teams",
    "households",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Moves the session's end at most once a minute (SESSION_REFRESH_SECONDS).
    "binhdan.middleware.SessionRefreshMiddleware",
    "binhdan.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "binhdan.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "binhdan.middleware.PasswordChangeRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # In DEBUG only: the portal's 404 and 500 pages instead of Django's technical pages.
    "binhdan.middleware.DebugErrorPagesMiddleware",
    # A unique violation no form expected: the 409 page, not a 500 (binhdan/uniqueness.py).
    "binhdan.middleware.UniqueConflictMiddleware",
    # Last, as django-axes asks: turns a locked-out log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "binhdan.urls"
WSGI_APPLICATION = "binhdan.wsgi.application"

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
                "binhdan.context_processors.navigation",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL names another database
# (production: postgres://USER:PASSWORD@HOST:5432/NAME).
_CONNECTION = {"conn_max_age": envint("DB_CONN_MAX_AGE", "60"), "conn_health_checks": True}
DATABASES = {
    "default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", **_CONNECTION)
}
# A PostgreSQL streaming replica of it (deploy/replica.md): the dashboard, the reports and the
# exports read from it, through binhdan/replicas.py; everything else, and every write, goes
# to "default". Unset: one database, as before. In the test suite the alias mirrors the
# test database (set it to DATABASE_URL's value).
_REPLICA_URL = os.getenv("DATABASE_REPLICA_URL", "").strip()
if _REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        _REPLICA_URL, **_CONNECTION, test_options={"MIRROR": "default"}
    )
    DATABASE_ROUTERS = ["binhdan.replicas.ReplicaRouter"]
    # Inside the sessions' middleware: the session saved on every response is not counted as
    # a write of the request (binhdan/replicas.py says why).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
        "binhdan.replicas.ReplicaMiddleware",
    )
#: Seconds a browser reads from the primary after a request of its that wrote: longer than
#: the replica's usual lag, so that the page after a form shows what was saved.
REPLICA_PIN_SECONDS = envint("REPLICA_PIN_SECONDS", "5")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "teams.User"
# Passwords: Argon2id with OWASP's parameters (binhdan/hashers.py); the others only read
# passwords kept by earlier versions, each kept again with the first at its owner's log-in.
PASSWORD_HASHERS = [
    "binhdan.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
ARGON2_MEMORY_KIB = envint("ARGON2_MEMORY_KIB", "19456")
ARGON2_TIME_COST = envint("ARGON2_TIME_COST", "2")
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out user/IP before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "binhdan.security.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language, dates and time: Vietnamese first, dd/mm/yyyy, Asia/Ho_Chi_Minh.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "binhdan" / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["binhdan.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files served at the site's root by WhiteNoise: /favicon.ico, which browsers ask for there.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Report deadlines (DOMAIN.md "Deadlines"): day of the quarter's last month.
TEAM_REPORT_DUE_DAY = envint("TEAM_REPORT_DUE_DAY", "21")
COMMUNE_REPORT_DUE_DAY = envint("COMMUNE_REPORT_DUE_DAY", "26")

# KPI K11: adults with basic digital skills confirmed on VNeID / adults, target in percent
# (Kế hoạch 01-KH/BCĐTW: 100 % by the end of 2026; some provinces set 80 % for 2025).
SKILLS_TARGET_PERCENT = envint("SKILLS_TARGET_PERCENT", "100")
# KPI K8: a household's VNeID counts as an essential platform only once activated (level 2,
# đã kích hoạt), not when the account was only received (đã thu nhận). 0: both count. After a
# change, run `manage.py tallies --rebuild`.
K8_VNEID_ACTIVATED_ONLY = envbool("K8_VNEID_ACTIVATED_ONLY", "1")

# Security. In production (DEBUG=0) the secure choices are the defaults; behind a reverse
# proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=1 (it trusts X-Forwarded-Proto).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
# Each request moves the session's end (an idle timeout), written at most once every
# SESSION_REFRESH_SECONDS (binhdan.middleware.SessionRefreshMiddleware), not on every page.
SESSION_REFRESH_SECONDS = envint("SESSION_REFRESH_SECONDS", "60")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "1")
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "1")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")
if envbool("SECURE_PROXY_SSL_HEADER", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check answers over plain HTTP on loopback (monitoring, load balancer).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
#: Behind nginx, the client's address is the last X-Forwarded-For entry (nginx appends it);
#: without a proxy it is REMOTE_ADDR. Used by the log-in lock-out and the data access log.
TRUST_X_FORWARDED_FOR = envbool("TRUST_X_FORWARDED_FOR", "0")

# Content Security Policy (django-csp): no inline scripts or styles, nothing from elsewhere,
# no framing, forms post only to the portal itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The installable app's service worker and manifest (binhdan/webapp.py)
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Log-in lock-out (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for the same user
# name from the same address, that pair is locked for LOGIN_COOLOFF_MINUTES (or until the
# commune office unlocks it on the Accounts page, /tai-khoan/, or `manage.py unlock_account`).
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", "30"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "binhdan.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "binhdan.security.client_ip"
# Successful log-ins are not recorded (data minimisation; failures are, until unlocked).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Uploads (Excel imports, at most 5 MB: binhdan/spreadsheets.py) are read in memory and never
# saved; a larger request body goes to a temporary file outside anything the web server
# serves, and is deleted at the end of the request. There is no MEDIA_URL: nothing uploaded
# is ever served.
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024  # a 5 MB workbook never touches the disk
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields other than files (Django's default)
FILE_UPLOAD_TEMP_DIR = os.getenv("FILE_UPLOAD_TEMP_DIR") or tempfile.gettempdir()

# Backups (python manage.py backup): where the dump files go.
BACKUP_DIR = Path(os.getenv("BACKUP_DIR", BASE_DIR / "backups"))

# Exports (issue 17): a list of more rows than this is written by `manage.py run_jobs` in the
# background, and the user follows it on a progress page, rather than holding a web worker.
EXPORT_INLINE_MAX_ROWS = envint("EXPORT_INLINE_MAX_ROWS", "50000")
# Where those files wait for their download: never under anything the web server serves
# (they hold residents' personal data). The worker deletes them after EXPORT_KEEP_DAYS.
EXPORT_DIR = Path(os.getenv("EXPORT_DIR", BASE_DIR / "var" / "exports"))
EXPORT_KEEP_DAYS = envint("EXPORT_KEEP_DAYS", "2")
# A report's annexes are laid out beside its body, one process per core (binhdan/pdf.py); 1:
# one after the other, in the process that asked.
PDF_PROCESSES = envint("PDF_PROCESSES", str(os.cpu_count() or 1))

# Signed copies of the reports (issue 20): the PDFs the office or a village leader uploads
# once the report is signed, kept (every earlier copy too) outside anything the web server
# serves and handed out only as attachments, after the report's own access check.
SIGNED_COPY_DIR = Path(os.getenv("SIGNED_COPY_DIR", BASE_DIR / "var" / "signed"))
SIGNED_COPY_MAX_MB = envint("SIGNED_COPY_MAX_MB", "10")

# E-mail (reminders, `manage.py send_reminders`): sent only when EMAIL_HOST is set; without
# it the reminders are the portal's notifications alone. PORTAL_URL makes their links whole.
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "10")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "webmaster@localhost")
PORTAL_URL = os.getenv("PORTAL_URL", "")

# The access log of personal-data downloads (binhdan.models.DataAccessLog) names staff and
# their addresses: `manage.py purge_access_log` deletes entries older than this many days.
ACCESS_LOG_KEEP_DAYS = envint("ACCESS_LOG_KEEP_DAYS", "1095")

# The tally guard (reports/kpis/tallyguard.py): a write to the rows the dashboard's tallies count
# that no service recounted raises at commit. On while developing and in the test suite;
# off in production, where it would only cost a string test per statement.
_TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
TALLY_GUARD = envbool("TALLY_GUARD", "1" if DEBUG or _TESTING else "0")

# Logs go to stderr. Residents' personal data is never logged: no request bodies, and
# Django's own 500 e-mails are off (no ADMINS).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_client_error_tracebacks": {"()": "binhdan.logs.NoTracebackForClientErrors"},
        "no_personal_data": {"()": "binhdan.logs.NoPersonalDataFromConstraintErrors"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_client_error_tracebacks", "no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default logging gives "django" a console handler of its own (in DEBUG),
        # and the record went on to the root's as well: every line twice. Here it has none
        # and only propagates. ("django.server", runserver's request lines, keeps its own.)
        "django": {"handlers": [], "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports each rendering step at INFO: noise in production logs.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
