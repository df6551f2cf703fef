"""A section page's CPU time as gunicorn serves it, in one process: `python -m bench.section_wsgi [--profile]`.

What `make bench-load` measures over HTTP, without the load generator and the other workers sharing the
cores: the production settings (DEBUG off, hashed static files, `cached_db` sessions on Redis, persistent
connections to PostgreSQL on 127.0.0.1:5432), and requests through Django's WSGI handler (every middleware)
with the proxy's headers, the session cookie and the CSRF cookie a browser sends back. A throwaway database
(`innovator_portal_section`, dropped first and at the end) holds one founder with a fully answered draft, as
in bench-load's capacity run; Redis database 12 is emptied at the start and the end.

Prints the CPU time (time.process_time) and the elapsed time of a section page (every section in turn) and of
the trivial page (/health/, no cookies), medians of rounds of requests, and the ratio of their CPU times.
`--profile` prints the functions taking the most CPU time over 30 rounds of the section pages (cProfile).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path

from bench.load import PASSWORD, ROOT, SERVER_URL, production_environment

DATABASE = "innovator_portal_section"
CACHE_URL = "redis://127.0.0.1:6379/12"
ROUNDS = 15
PROFILED_ROUNDS = 30


def _database(*, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
        if not drop_only:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))


def _seed() -> tuple[str, str, list[str]]:
    """A founder signed in (a session in the database) with a fully answered draft: (session key, reference,
    section keys)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.cached_db import SessionStore

    from assessments import services
    from assessments.demo import demo_answers
    from assessments.framework import framework_current
    from assessments.models import Answer
    from innovator_portal.middleware import SESSION_ACTIVE_KEY, SESSION_STARTED_KEY
    from innovator_portal.organisations.models import Membership, Organisation, Region
    from tests.factories import PROFILE

    framework = framework_current()
    user = get_user_model().objects.create_user(email="founder@section.example", password=PASSWORD)
    user.full_name = "Section Founder"
    user.save(update_fields=["full_name"])
    organisation = Organisation.objects.create(name="Section Company Ltd", region=Region.LONDON)
    Membership.objects.create(user=user, organisation=organisation)
    draft = services.assessment_start(founder=user, organisation=organisation, profile=PROFILE)
    Answer.objects.filter(assessment=draft).delete()
    Answer.objects.bulk_create(
        Answer(assessment=draft, question_key=key, value=value, updated_by=user)
        for key, value in demo_answers(framework, quality="middling", widest=True).items()
        if value is not None
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_STARTED_KEY] = session[SESSION_ACTIVE_KEY] = time.time()
    session.create()
    return session.session_key or "", draft.reference, [domain.key for domain in framework.domains]


class Browser:
    """Requests through the WSGI handler as the proxy in front passes them on, keeping the cookies set."""

    def __init__(self, application, cookies: dict[str, str]):
        self.application = application
        self.cookies = cookies

    def get(self, path: str, *, cookies: bool = True) -> None:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_X_FORWARDED_PROTO": "https",
            "HTTP_X_FORWARDED_FOR": "10.0.0.1",
            "HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        answered: dict = {}

        def start_response(status, headers, exc_info=None):
            answered.update(status=status, headers=headers)

        response = self.application(environ, start_response)
        b"".join(response)
        response.close()
        if not answered["status"].startswith("200"):
            raise RuntimeError(f"{path} answered {answered['status']}")
        if cookies:
            for name, value in answered["headers"]:
                if name.lower() == "set-cookie":
                    parsed = SimpleCookie()
                    parsed.load(value)
                    self.cookies.update({key: morsel.value for key, morsel in parsed.items()})


def _timed(browser: Browser, paths: list[str], *, cookies: bool = True) -> tuple[float, float]:
    """CPU and elapsed milliseconds per request over the paths, once each."""
    cpu, wall = time.process_time(), time.perf_counter()
    for path in paths:
        browser.get(path, cookies=cookies)
    return (time.process_time() - cpu) * 1000 / len(paths), (time.perf_counter() - wall) * 1000 / len(paths)


def main(profile: bool = False) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-section-") as name:
        folder = Path(name)
        environment = {**production_environment(folder, CACHE_URL), "DATABASE_URL": f"{SERVER_URL}/{DATABASE}"}
        os.environ.update(environment)
        _database()
        try:
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                cwd=ROOT,
                env={**os.environ},
                check=True,
            )
            import django

            django.setup()
            import redis
            from django.conf import settings
            from django.core.handlers.wsgi import WSGIHandler
            from django.core.management import call_command
            from django.db import connections

            redis.Redis.from_url(CACHE_URL).flushdb()
            call_command("migrate", interactive=False, verbosity=0)
            call_command("framework", "load", verbosity=0)
            session, reference, domains = _seed()
            browser = Browser(WSGIHandler(), {settings.SESSION_COOKIE_NAME: session})
            sections = [f"/assessments/{reference}/sections/{key}/" for key in domains]
            trivial = ["/health/"] * 20
            for _ in range(3):  # warm up: templates, the framework, the markup caches, the connections
                _timed(browser, sections)
                _timed(browser, trivial, cookies=False)
            if profile:
                profiler = cProfile.Profile(time.process_time)
                profiler.enable()
                for _ in range(PROFILED_ROUNDS):
                    _timed(browser, sections)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
            section_runs, trivial_runs = [], []
            for _ in range(ROUNDS):  # in turn, so that both meet the machine as it is
                section_runs.append(_timed(browser, sections))
                trivial_runs.append(_timed(browser, trivial, cookies=False))
            connections.close_all()
        finally:
            _database(drop_only=True)
            try:
                import redis

                redis.Redis.from_url(CACHE_URL).flushdb()
            except Exception as error:  # the database is dropped whatever happens; say so
                print(f"could not empty {CACHE_URL}: {type(error).__name__}: {error}")
    figures = {
        "section_cpu_ms": statistics.median(cpu for cpu, _ in section_runs),
        "section_cpu_lowest_ms": min(cpu for cpu, _ in section_runs),
        "section_elapsed_ms": statistics.median(wall for _, wall in section_runs),
        "trivial_cpu_ms": statistics.median(cpu for cpu, _ in trivial_runs),
        "trivial_elapsed_ms": statistics.median(wall for _, wall in trivial_runs),
    }
    print(
        f"section page: CPU {figures['section_cpu_ms']:.2f} ms (lowest round {figures['section_cpu_lowest_ms']:.2f}), "
        f"elapsed {figures['section_elapsed_ms']:.2f} ms; trivial page: CPU {figures['trivial_cpu_ms']:.2f} ms, "
        f"elapsed {figures['trivial_elapsed_ms']:.2f} ms; CPU ratio trivial / section "
        f"{figures['trivial_cpu_ms'] / figures['section_cpu_ms']:.3f} (medians of {ROUNDS} rounds, "
        f"{len(sections)} sections and {len(trivial)} trivial pages a round; load average "
        f"{os.getloadavg()[0]:.1f})"
    )
    return figures


if __name__ == "__main__":
    main(profile="--profile" in sys.argv[1:])
