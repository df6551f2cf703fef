"""Settings shared by every environment.

Every value can be set from the environment (see `.env.example`); the defaults are safe for a
developer's machine: an SQLite file, console email and a database cache.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is read when present; real environment variables win over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="") or "insecure-local-development-key-do-not-use-in-production"
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_NAME = "Innovator Portal"
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Where people write to the team that runs the service: the contact, privacy and accessibility pages give it.
CONTACT_EMAIL = env("CONTACT_EMAIL", default="support@innovator-portal.localhost")

INSTALLED_APPS = [
    # Django's admin, on a site that asks staff for a second factor (innovator_portal/admin_site.py).
    "innovator_portal.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Always installed so its table exists; used only when TASKS_BACKEND=database (below).
    "django_tasks_db",
    "innovator_portal.accounts",
    "innovator_portal.hins",
    "innovator_portal.organisations",
    "innovator_portal.forms",
    "innovator_portal.feedback",
    "assessments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "innovator_portal.middleware.CrossOriginResourcePolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "innovator_portal.middleware.RefuseNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "innovator_portal.middleware.PrivateNoStoreMiddleware",
    "innovator_portal.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "innovator_portal.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "innovator_portal.accounts.middleware.NameRequiredMiddleware",
]

ROOT_URLCONF = "innovator_portal.urls"
WSGI_APPLICATION = "innovator_portal.wsgi.application"
ASGI_APPLICATION = "innovator_portal.asgi.application"

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
                "innovator_portal.context_processors.site",
                "assessments.context_processors.review_statuses",
            ],
            "libraries": {"site": "innovator_portal.site_tags"},
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds login rate limits and copies of sessions, so it must be shared by every app server process:
# the database cache by default, Redis (CACHE_URL=redis://host:6379/1, or rediss:// over TLS) where there is one.
# django-environ gives Django's own Redis cache for redis:// (client: the `redis` package in requirements.txt).
CACHES = {
    "default": env.cache("CACHE_URL", default="dbcache://django_cache"),
}

# Sessions are stored in the database and read through the cache: with Redis, a page reads its session from
# memory; the database row is what counts, so a session can be listed and revoked there (innovator_portal.sessions).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "default"
# Every session ends this long after its log-in, however active (innovator_portal.middleware); advisers' and
# admins' sessions also end after this long without a request. The cookie itself lasts until the browser closes.
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=14 * 24 * 60 * 60)
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
# The stored session outlives that rule by a day, so that whoever comes back is told why they were logged out;
# after that it is deleted (`manage.py clearsessions`).
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS + 24 * 60 * 60

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "innovator_portal.accounts.backends.ModelBackend",
    "innovator_portal.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Accounts: email is the login; sign-up needs a verified address.
ACCOUNT_ADAPTER = "innovator_portal.accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up also asks for the person's full name, which is how they are named to others and in emails.
ACCOUNT_FORMS = {
    "signup": "innovator_portal.accounts.forms.SignupForm",
    "login": "innovator_portal.accounts.forms.LoginForm",
    "reset_password": "innovator_portal.accounts.forms.ResetPasswordForm",
}
ACCOUNT_USER_DISPLAY = "innovator_portal.accounts.models.user_display"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Sessions end when the browser closes: shared and clinical computers are common.
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Failed log-ins are limited per address and per account; the counters live in the shared cache.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/5m/key"),
    # Feedback can be sent without an account, so it is limited per address, in the same shared cache.
    "feedback": env("FEEDBACK_RATE_LIMIT", default="5/10m/ip,20/d/ip"),
}
# Behind a load balancer every request comes from the proxy's address; to rate limit per client,
# say how many proxies to trust (the client address is then read from X-Forwarded-For) or which
# header carries the client address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default=None)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# A code is accepted for one 30-second step either side of the current one: a code typed as the step ends
# (or sent over a slow connection, or from a phone whose clock is a little out) still works.
MFA_TOTP_TOLERANCE = env.int("MFA_TOTP_TOLERANCE", default=1)
MFA_ADAPTER = "innovator_portal.accounts.adapters.MFAAdapter"


def mailers_from(email: dict) -> dict:
    """Django's MAILERS setting from an EMAIL_URL parsed by django-environ."""
    options = {
        "host": email.get("EMAIL_HOST"),
        "port": email.get("EMAIL_PORT"),
        "username": email.get("EMAIL_HOST_USER"),
        "password": email.get("EMAIL_HOST_PASSWORD"),
        "use_tls": email.get("EMAIL_USE_TLS"),
        "use_ssl": email.get("EMAIL_USE_SSL"),
        "timeout": env.int("EMAIL_TIMEOUT", default=10),
    }
    is_smtp = email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    return {
        "default": {
            "BACKEND": email["EMAIL_BACKEND"],
            "OPTIONS": {key: value for key, value in options.items() if value} if is_smtp else {},
        }
    }


# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587; the console by default.
MAILERS = mailers_from(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Innovator Portal <no-reply@innovator-portal.localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Evidence files (assessments/evidence): private files, never served from a public path (no URL serves
# MEDIA_ROOT); downloads go through a permission-checked view. EVIDENCE_STORAGE=s3 keeps them in
# S3-compatible object storage instead (django-storages; docs/operations.md, "Evidence files").
EVIDENCE_STORAGE = env.str("EVIDENCE_STORAGE", default="local")
if EVIDENCE_STORAGE not in ("local", "s3"):
    raise ImproperlyConfigured(f"EVIDENCE_STORAGE must be local or s3, not {EVIDENCE_STORAGE!r}.")
EVIDENCE_STORAGE_OPTIONS = (
    # Under MEDIA_ROOT unless EVIDENCE_ROOT says otherwise; no address serves either.
    {"location": env.str("EVIDENCE_ROOT", default="") or None, "base_url": "/no-public-address/"}
    if EVIDENCE_STORAGE == "local"
    else {
        "bucket_name": env.str("EVIDENCE_S3_BUCKET"),
        "endpoint_url": env.str("EVIDENCE_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("EVIDENCE_S3_REGION", default="") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "innovator_portal.storage.StaticStorage"},
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
        if EVIDENCE_STORAGE == "local"
        else "storages.backends.s3.S3Storage",
        "OPTIONS": EVIDENCE_STORAGE_OPTIONS,
    },
}
# Evidence uploads: one file of at most this size per request (the proxy must accept bodies this large on
# the evidence upload address: EVIDENCE_REQUEST_MAX_BYTES plus DATA_UPLOAD_MAX_MEMORY_SIZE).
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
# A larger body is refused unread (413); between the two the page says the file is too large.
EVIDENCE_REQUEST_MAX_BYTES = env.int("EVIDENCE_REQUEST_MAX_BYTES", default=EVIDENCE_MAX_BYTES + 5 * 1024 * 1024)
# The malware scan of evidence files: clamd's socket (a path, or host:port); empty turns scanning off, and
# `manage.py check --deploy` warns.
CLAMD_SOCKET = env.str("CLAMD_SOCKET", default="")
CLAMD_TIMEOUT = env.int("CLAMD_TIMEOUT", default=30)
# Request bodies. Only the evidence upload takes a file (one); a file part sent to any other page is refused
# (400), and any body larger than the page accepts is refused unread (413,
# innovator_portal.middleware.RequestSizeLimitMiddleware).
# The proxy in front should refuse larger bodies too (docs/operations.md, "Sessions and sign-in").
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)  # 2.5 MiB
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)
DATA_UPLOAD_MAX_NUMBER_FILES = 1
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MEDIA_URL = "/media/"

# Background tasks (PDF reports, ADR 0007). "immediate" runs a task in the request that enqueues it,
# so no worker is needed; "database" queues it in the database for `manage.py db_worker` to run.
TASKS_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}, not {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[TASKS_BACKEND]}}
# A report still being prepared after this many seconds is queued again (its worker may have died).
REPORT_PENDING_TIMEOUT = env.int("REPORT_PENDING_TIMEOUT", default=600)
# Render an assessment's report when it is submitted and when feedback is sent, so that downloads find it
# ready (in the request with the immediate backend; by the workers with the database backend).
REPORT_PREPARE = env.bool("REPORT_PREPARE", default=True)

# Audit log entries older than this many days are deleted by `manage.py audit_prune` (run daily).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)
if AUDIT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured(f"AUDIT_RETENTION_DAYS must be 1 or more days, not {AUDIT_RETENTION_DAYS}.")

# The working days a network usually takes to start reviewing a shared assessment, as founders are told
# when they share one.
REVIEW_TYPICAL_WORKING_DAYS = env.int("REVIEW_TYPICAL_WORKING_DAYS", default=10)
# A review still open this many days after it was shared is emailed about by `manage.py review_reminders`
# (run daily): to its assigned adviser, or to the network's advisers when no one is assigned.
REVIEW_REMINDER_DAYS = env.int("REVIEW_REMINDER_DAYS", default=10)
if REVIEW_REMINDER_DAYS < 1:
    raise ImproperlyConfigured(f"REVIEW_REMINDER_DAYS must be 1 or more days, not {REVIEW_REMINDER_DAYS}.")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["nhsuk"]
CRISPY_TEMPLATE_PACK = "nhsuk"
CRISPY_FAIL_SILENTLY = False

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Content-Security-Policy: what the pages use, from our own origin only; no inline script or style, no framing.
SECURE_CSP = {
    # Nothing by default: each kind of resource the pages use is allowed from our own origin by name, so
    # anything else (frames, media, workers, manifests, plugins) is refused.
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Cross-Origin-Resource-Policy on every response (innovator_portal.middleware): nothing of ours, pages,
# reports or static files, can be loaded into another site's page.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "innovator_portal.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.security.DisallowedHost": {"level": "ERROR"}},
}
