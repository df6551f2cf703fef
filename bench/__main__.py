"""`python -m bench`: run every benchmark module."""

import os

from bench import pages, report, scoring

# Benchmarks that need Django set it up themselves; this makes the settings the test settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovator_portal.settings.test")

MODULES = [scoring, report, pages]

for module in MODULES:
    module.main()

# Adviser queue and cohort insights with 10 and 10,000 shared assessments (its own throwaway database).
from bench import queue_insights  # noqa: E402

queue_insights.main()

# Lighthouse on the founder's main pages, served by gunicorn with the production settings (its own database).
from bench import lighthouse  # noqa: E402

lighthouse.main()
