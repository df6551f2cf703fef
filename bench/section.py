"""Where a section page's time goes, in one process: `python -m bench.section [--profile]`.

The same measure as `make bench-load` reports (bench.load.section_cost: median milliseconds of the trivial
page, of a section page, and of a section page without its template, through django.test.Client), on a
throwaway database: SQLite (a temporary file) by default, or the server DATABASE_URL names (a test database is
made on it and dropped). The founder's draft has every question answered, as in the load test's capacity run.
`--profile` prints the functions taking the most time over 200 section pages (cProfile, cumulative time).
"""

import cProfile
import os
import pstats
import sys
import tempfile
from pathlib import Path

PROFILED_PAGES = 200


def main(profile: bool = False) -> dict[str, float]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovator_portal.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    from assessments.demo import demo_answers
    from assessments.framework import framework_current, framework_versions_sync
    from bench.load import section_cost
    from innovator_portal.organisations.models import Membership
    from tests.factories import AssessmentFactory, FounderFactory, assessment_answered

    with tempfile.TemporaryDirectory() as folder:
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(Path(folder) / "bench.sqlite3")
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            framework_versions_sync()
            founder = FounderFactory.create()
            draft = AssessmentFactory.create(organisation=Membership.objects.get(user=founder).organisation)
            framework = framework_current()
            assessment_answered(draft, **demo_answers(framework, quality="middling", widest=True))
            client = Client()
            client.force_login(founder)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            domains = [domain.key for domain in framework.domains]
            cost = section_cost(session=session, reference=draft.reference, domains=domains)
            if profile:
                _profile(session, f"/assessments/{draft.reference}/sections/{domains[0]}/")
        finally:
            teardown_databases(old_config, verbosity=0)
    print(
        f"section page {cost['section']:.2f} ms ({cost['section'] - cost['without_template']:.2f} ms its template), "
        f"{cost['queries']} queries; trivial page {cost['trivial']:.2f} ms; CPU time: section page "
        f"{cost['section_cpu']:.2f} ms, trivial page {cost['trivial_cpu']:.2f} ms "
        f"({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, medians of 7 per section, mean of the sections)"
    )
    return cost


def _profile(session: str, path: str) -> None:
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session
    client.get(path, secure=True)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(PROFILED_PAGES):
        client.get(path, secure=True)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main(profile="--profile" in sys.argv[1:])
