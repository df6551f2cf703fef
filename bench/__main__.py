"""`python -m bench`: run every benchmark module."""

import os

from bench import scoring

# Benchmarks that need Django set it up themselves; this makes the settings the test settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovator_portal.settings.test")

MODULES = [scoring]

for module in MODULES:
    module.main()
