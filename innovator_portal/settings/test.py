"""Settings for the test suite: fast and self-contained."""

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tests see the source files directly; hashed names are checked by a collectstatic test.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_AUTOREFRESH = True
# Tests render a report only where they ask for one (tests/assessments/test_report_prepare.py turns this on).
REPORT_PREPARE = False
