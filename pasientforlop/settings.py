"""Settings for pasientforlop, read from environment variables only.

Every variable is documented in README.md ("Configuration"). The defaults run the demo on an
embedded SQLite database in ./data; production sets PASIENTFORLOP_SECRET_KEY and DATABASE_URL.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from pasientforlop.lib.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(env_str("PASIENTFORLOP_DATA_DIR") or BASE_DIR / "data").resolve()
NODE_MODULES = Path(env_str("PASIENTFORLOP_NODE_MODULES") or BASE_DIR / "node_modules")

DEBUG = env_bool("PASIENTFORLOP_DEBUG", False)
DEMO_MODE = env_bool("PASIENTFORLOP_DEMO", False)
#: A test environment (HelseID test, NHN test): Tenor synthetic national IDs are accepted.
TEST_ENVIRONMENT = env_bool("PASIENTFORLOP_TEST_ENVIRONMENT", False)

SECRET_KEY = env_str("PASIENTFORLOP_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "PASIENTFORLOP_SECRET_KEY is not set. Set it to a long random value in production "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), or set "
            "PASIENTFORLOP_DEBUG=1 for local development. The demo (pasientforlop demo) "
            "makes its own key."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("PASIENTFORLOP_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("PASIENTFORLOP_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "pasientforlop.accounts",
    "pasientforlop.audit",
    "pasientforlop.pathways",
    "pasientforlop.whatmatters",
    "pasientforlop.improvement",
    "pasientforlop.interop",
    "pasientforlop.networks",
    "pasientforlop.plo",
    "pasientforlop.lib",
    "pasientforlop.admin_apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
]
FORM_RENDERER = "pasientforlop.lib.forms.FormRenderer"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pasientforlop.lib.nul_guard.RefuseNulMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pasientforlop.audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pasientforlop.lib.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "pasientforlop.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pasientforlop.audit.middleware.AccessOnNeedMiddleware",
    "pasientforlop.lib.no_store.NoStoreMiddleware",
]

ROOT_URLCONF = "pasientforlop.urls"
WSGI_APPLICATION = "pasientforlop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pasientforlop.lib.navigation.navigation",
            ],
        },
    },
]

# Database: SQLite in the data directory unless DATABASE_URL names another.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "pasientforlop.sqlite3",
            "OPTIONS": {
                # WAL lets readers work while one writer writes; writers wait up to 20 s
                # for each other instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "pasientforlop.lib.passwords.MinimumLength",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Log-in throttling: failures counted per user name and per address in a sliding window.
LOGIN_FAILURE_WINDOW_MINUTES = env_int("PASIENTFORLOP_LOGIN_FAILURE_WINDOW_MINUTES", 15)
LOGIN_FAILURES_PER_USER = env_int("PASIENTFORLOP_LOGIN_FAILURES_PER_USER", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("PASIENTFORLOP_LOGIN_FAILURES_PER_ADDRESS", 20)
# Access on need (tilgang ved behov): how long one opening lasts.
ACCESS_ON_NEED_HOURS = env_int("PASIENTFORLOP_ACCESS_ON_NEED_HOURS", 8)

# Sessions live in the database (stateless web processes) and end after inactivity.
SESSION_IDLE_MINUTES = env_int("PASIENTFORLOP_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("PASIENTFORLOP_SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
BEHIND_TLS_PROXY = env_bool("PASIENTFORLOP_BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client's address behind proxies: X-Forwarded-For is read only when the connection
# comes from one of TRUSTED_PROXIES (addresses or networks), and the entry PROXY_COUNT from
# the right is the client (each proxy appends the address it saw). 0 ignores the header.
PROXY_COUNT = env_int("PASIENTFORLOP_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)
TRUSTED_PROXIES = env_list("PASIENTFORLOP_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
# Sent only on HTTPS responses, so harmless on the plain-HTTP demo.
SECURE_HSTS_SECONDS = 31536000
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline scripts anywhere: scripts only from our own static files. Styles may be inline
# (htmx's indicator style, SVG charts); Designsystemet's icons are data: URLs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Two-factor authentication (TOTP): optional for everyone; when this is on, everyone with a
# role that gives access to patient data must set it up before using the product.
REQUIRE_TWO_FACTOR_FOR_PATIENT_DATA = env_bool("PASIENTFORLOP_REQUIRE_2FA", False)
PASSWORD_RESET_TIMEOUT = env_int("PASIENTFORLOP_PASSWORD_RESET_MINUTES", 60) * 60

# Seal audit records in a keyed hash chain (audit/chain.py); on by default on SQLite, where
# the database cannot refuse a DELETE. "1"/"0" to force it on or off.
AUDIT_HASH_CHAIN = (
    env_bool("PASIENTFORLOP_AUDIT_CHAIN", False) if env_str("PASIENTFORLOP_AUDIT_CHAIN") else None
)

# Uploads stream to a temporary file and stop at this size (lib/uploads.py); xlsx/ods/zip
# content may unpack to at most UPLOAD_MAX_UNZIPPED_BYTES.
UPLOAD_MAX_BYTES = env_int("PASIENTFORLOP_UPLOAD_MAX_MB", 20) * 1024 * 1024
UPLOAD_MAX_UNZIPPED_BYTES = env_int("PASIENTFORLOP_UPLOAD_MAX_UNZIPPED_MB", 200) * 1024 * 1024
FILE_UPLOAD_HANDLERS = ["pasientforlop.lib.uploads.SizeLimitedUploadHandler"]

# API requests allowed per token and minute; past it the API answers 429 with Retry-After.
API_RATE_PER_MINUTE = env_int("PASIENTFORLOP_API_RATE_PER_MINUTE", 600)

# OpenID Connect log-in (HelseID, ID-porten or another provider) beside passwords.
OIDC_ISSUER = env_str("PASIENTFORLOP_OIDC_ISSUER")
OIDC_CLIENT_ID = env_str("PASIENTFORLOP_OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = env_str("PASIENTFORLOP_OIDC_CLIENT_SECRET")
OIDC_SCOPES = env_str("PASIENTFORLOP_OIDC_SCOPES", "openid profile")
OIDC_PROVIDER_NAME = env_str("PASIENTFORLOP_OIDC_PROVIDER_NAME", "HelseID")
# private_key_jwt client authentication (HelseID requires it): a JWK (JSON) or PEM file.
OIDC_PRIVATE_KEY_FILE = env_str("PASIENTFORLOP_OIDC_PRIVATE_KEY_FILE")
# Push the authorisation request to the provider first (PAR) when it offers it.
OIDC_USE_PAR = env_bool("PASIENTFORLOP_OIDC_USE_PAR", True)
# Link a person not linked yet by the HPR number in HelseID's hpr_number claim.
OIDC_LINK_BY_HPR = env_bool("PASIENTFORLOP_OIDC_LINK_BY_HPR", False)
# The lowest HelseID security level accepted (4 = high, e.g. BankID); 0 accepts any.
OIDC_MIN_SECURITY_LEVEL = env_int("PASIENTFORLOP_OIDC_MIN_SECURITY_LEVEL", 0)

# Language and time: Norwegian bokmål first, nynorsk and English; Europe/Oslo.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["pasientforlop.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # also makes the data directory
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/designsystemet-css", NODE_MODULES / "@digdir" / "designsystemet-css" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/swagger-ui", NODE_MODULES / "swagger-ui-dist"),
]
WHITENOISE_USE_FINDERS = True

# Uploaded files (learning-network materials): kept in the data directory and served only
# through views that check access and send them as attachments, never from MEDIA_URL.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
# The national population coverage is measured against (SSB, 1 January 2024).
NETWORKS_NATIONAL_POPULATION = env_int("PASIENTFORLOP_NATIONAL_POPULATION", 5_550_203)

# E-mail (Django 6.1 mailers): the console in the demo, SMTP when PASIENTFORLOP_SMTP_HOST is set.
SMTP_HOST = env_str("PASIENTFORLOP_SMTP_HOST")
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": env_int("PASIENTFORLOP_SMTP_PORT", 587),
                "username": env_str("PASIENTFORLOP_SMTP_USER"),
                "password": env_str("PASIENTFORLOP_SMTP_PASSWORD"),
                "use_tls": env_bool("PASIENTFORLOP_SMTP_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("PASIENTFORLOP_FROM_EMAIL", "pasientforlop@localhost")
# The address people reach the product at, for links in e-mails (no trailing slash needed).
BASE_URL = env_str("PASIENTFORLOP_BASE_URL", "http://localhost:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PASIENTFORLOP_LOG_LEVEL", "INFO")},
}
