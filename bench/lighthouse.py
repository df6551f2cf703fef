"""Lighthouse scores of the founder's main pages (`make bench`, or `python -m bench.lighthouse` alone).

1. In a throwaway folder: a SQLite database migrated, with the framework loaded and a founder who has a
   submitted assessment and a fully answered draft, signed in already (a session in the database); the
   static files collected, as production serves them (WhiteNoise, compressed and hashed names).
2. Gunicorn with the production settings (DEBUG off) on 127.0.0.1. Every request Lighthouse makes carries
   the header of the TLS-terminating proxy production runs behind (X-Forwarded-Proto: https), as in
   bench/load.py, so HTTPS redirects and secure cookies apply as they do live without relaxing a setting.
3. Lighthouse (node_modules/.bin/lighthouse) drives Chromium (CHROMIUM_PATH, or Debian's /usr/bin/chromium),
   mobile form factor with its default simulated throttling, on four pages: the start page (signed out), the
   first section page and check your answers of the draft, and the results of the submitted assessment
   (signed in: the session cookie is sent with --extra-headers). Each page is opened a few times to warm the
   server up, then run LIGHTHOUSE_RUNS times (3 by default); the median of each category is recorded.
4. Prints each score with its target and, for any audit that fails under accessibility or best practices,
   what it is and where; merges lighthouse_<page>_<category> (integers 0-100; categories performance,
   accessibility and best_practices) into bench/results.json.

Targets (issue 14): accessibility 100 and best practices 100 on every page; performance at least 95.
LIGHTHOUSE_REPORTS=<folder> keeps each run's full JSON report there.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100}
PAGES = ("start", "section", "check", "results")
SERVER_WORKERS = 2
LIGHTHOUSE_TIMEOUT = 180  # seconds for one page
# Performance scores vary from run to run (more on a shared machine): each page is run this many times and
# the median of each category recorded, as Lighthouse's documentation advises.
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", 3))


def log(message: str) -> None:
    print(f"[bench-lighthouse {time.strftime('%H:%M:%S')}] {message}", flush=True)


def production_environment(folder: Path) -> dict[str, str]:
    """The production settings, on a throwaway SQLite database, serving only loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "innovator_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'lighthouse.sqlite3'}",
        "CACHE_URL": "dbcache://django_cache",
        "EMAIL_URL": "dummymail://",
        # As production runs: a report a page asks for is queued for the workers, not rendered in the request.
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "LOG_LEVEL": "WARNING",
    }


def seed() -> dict:
    """Run in a child process with the production settings: the database, the founder and their session."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("framework", "load", verbosity=0)

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from assessments.demo import demo_answers
    from assessments.framework import framework_get
    from assessments.models import Answer
    from assessments.scoring import visible_questions
    from bench.report import assessment_made
    from tests.factories import AssessmentFactory, FounderFactory

    founder = FounderFactory.create()
    organisation = founder.memberships.get().organisation
    submitted, _shown = assessment_made(organisation, quality="middling", widest=True)
    draft = AssessmentFactory.create(organisation=organisation)
    framework = framework_get(draft.framework_version)
    answers = demo_answers(framework, quality="middling", widest=True)
    shown = set(visible_questions(framework, answers))
    Answer.objects.bulk_create(
        Answer(assessment=draft, question_key=key, value=value) for key, value in answers.items() if key in shown
    )
    session = SessionStore()
    session[SESSION_KEY] = str(founder.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = founder.get_session_auth_hash()
    session.create()
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        "paths": {
            "start": "/",
            "section": f"/assessments/{draft.reference}/sections/{framework.domains[0].key}/",
            "check": f"/assessments/{draft.reference}/check/",
            "results": f"/assessments/{submitted.reference}/results/",
        },
    }


def prepare(environment: dict[str, str]) -> dict:
    """Seed the database and collect the static files (in child processes, with the production settings)."""
    collect = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=environment
    )
    seeded = subprocess.run(
        [sys.executable, "-m", "bench.lighthouse", "seed"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    if collect.wait() != 0:
        raise RuntimeError("collectstatic failed")
    if seeded.returncode != 0:
        raise RuntimeError(f"seeding failed:\n{seeded.stderr[-3000:]}")
    return json.loads(seeded.stdout.strip().splitlines()[-1])


def key(page: str, category: str) -> str:
    """The name of a figure in bench/results.json, e.g. lighthouse_results_best_practices."""
    return f"lighthouse_{page}_{category.replace('-', '_')}"


def warm_up(url: str, headers: dict[str, str]) -> None:
    """Open the page a few times first: a server worker's first request loads templates and the framework,
    which is not what a founder's visit usually costs."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (our own loopback server)
    # Workers take requests from one socket in no set order: twice as many requests as workers.
    for _ in range(2 * SERVER_WORKERS):
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our own loopback server)
            response.read()


# Lighthouse now and then loses the trace of a page load ("Something went wrong with recording the trace over
# your page load. Please run Lighthouse again.", e.g. NO_NAVSTART): a failed recording, not a failed page, so
# such a run is made again, at most this many times in all.
LIGHTHOUSE_ATTEMPTS = 3
TRACE_LOST = "Please run Lighthouse again"


def lighthouse_run(url: str, headers: dict[str, str], report_path: Path) -> dict:
    """One Lighthouse run (made again when Lighthouse lost its trace); returns its JSON report."""
    for attempt in range(1, LIGHTHOUSE_ATTEMPTS + 1):
        try:
            return _lighthouse_once(url, headers, report_path)
        except RuntimeError as error:
            if TRACE_LOST not in str(error) or attempt == LIGHTHOUSE_ATTEMPTS:
                raise
            log(f"Lighthouse lost the trace of {url}; running it again ({attempt + 1} of {LIGHTHOUSE_ATTEMPTS})")
    raise AssertionError("unreachable")


def _lighthouse_once(url: str, headers: dict[str, str], report_path: Path) -> dict:
    headers_path = report_path.with_suffix(".headers.json")
    headers_path.write_text(json.dumps(headers))
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report_path}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--extra-headers={headers_path}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]
    environment = {**os.environ, "CHROME_PATH": CHROMIUM}
    finished = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=LIGHTHOUSE_TIMEOUT
    )
    if finished.returncode != 0 or not report_path.exists():
        raise RuntimeError(f"Lighthouse failed on {url} ({finished.returncode}):\n{finished.stderr[-3000:]}")
    return json.loads(report_path.read_text())


def scores(report: dict) -> dict[str, int]:
    """Each category's score as an integer 0-100 (0 when Lighthouse could not score it)."""
    return {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def failures(report: dict, category: str) -> list[str]:
    """The audits that cost the category points: title, score and the first few elements or items."""
    lines = []
    for reference in report["categories"][category]["auditRefs"]:
        audit = report["audits"][reference["id"]]
        if reference["weight"] == 0 or audit["score"] is None or audit["score"] >= 1:
            continue
        items = (audit.get("details") or {}).get("items") or []
        where = []
        for item in items[:3]:
            node = item.get("node") or {}
            where.append(node.get("snippet") or item.get("description") or item.get("url") or json.dumps(item)[:160])
        lines.append(f"{audit['id']} ({audit['score']:.2f}): {audit['title']}" + "".join(f"\n      {w}" for w in where))
    return lines


def main() -> dict:
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make install` (it is an npm development dependency).")
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium was not found at {CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH.")
    from bench.load import free_port, gunicorn_start, gunicorn_stop

    began = time.monotonic()
    kept = os.environ.get("LIGHTHOUSE_REPORTS")
    figures: dict[str, int] = {}
    problems: dict[str, list[str]] = {}
    runs: dict[str, list[dict[str, int]]] = {page: [] for page in PAGES}
    server = None
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as name:
        folder = Path(name)
        environment = {**os.environ, **production_environment(folder)}
        environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        try:
            log("migrating a throwaway database, seeding a founder, collecting static files")
            seeded = prepare(environment)
            port = free_port()
            log(f"starting gunicorn (production settings) on 127.0.0.1:{port}")
            server = gunicorn_start(environment, port, folder / "gunicorn.log", workers=SERVER_WORKERS)
            for page in PAGES:
                headers = {"X-Forwarded-Proto": "https"}
                if page != "start":
                    headers["Cookie"] = seeded["cookie"]
                url = f"http://127.0.0.1:{port}{seeded['paths'][page]}"
                warm_up(url, headers)
                for run in range(1, RUNS + 1):
                    log(f"Lighthouse on the {page} page, run {run} of {RUNS}")
                    report_path = folder / f"{page}-{run}.json"
                    report = lighthouse_run(url, headers, report_path)
                    if report.get("runtimeError"):
                        raise RuntimeError(f"Lighthouse could not load the {page} page: {report['runtimeError']}")
                    if report["finalDisplayedUrl"] != url:
                        raise RuntimeError(f"The {page} page redirected to {report['finalDisplayedUrl']}")
                    if kept:
                        Path(kept).mkdir(parents=True, exist_ok=True)
                        shutil.copy(report_path, Path(kept) / f"lighthouse-{page}-{run}.json")
                    runs[page].append(scores(report))
                    for category in ("accessibility", "best-practices"):
                        seen = problems.setdefault(f"{page} / {category}", [])
                        seen.extend(line for line in failures(report, category) if line not in seen)
                for category in CATEGORIES:
                    figures[key(page, category)] = statistics.median_low(run[category] for run in runs[page])
        finally:
            gunicorn_stop(server)
            server_log = folder / "gunicorn.log"
            if server_log.exists() and server_log.read_text().strip():
                log("the server logged:\n" + server_log.read_text()[-3000:])

    print("## Lighthouse (mobile)")
    print(f"| page | {' | '.join(CATEGORIES)} |")
    print("|---|" + "---|" * len(CATEGORIES))
    for page in PAGES:
        cells = []
        for category in CATEGORIES:
            score = figures[key(page, category)]
            target = TARGETS[category]
            comparison = "≥" if category == "performance" else "="
            spread = sorted(run[category] for run in runs[page])
            each = f"; runs {spread[0]}-{spread[-1]}" if spread[0] != spread[-1] else ""
            cells.append(f"{score} (target {comparison} {target}: {'met' if score >= target else 'NOT met'}{each})")
        print(f"| {page} | {' | '.join(cells)} |")
    print(f"Medians of {RUNS} runs a page (LIGHTHOUSE_RUNS), each after a request that warms the server up.")
    for where, lines in problems.items():
        for line in lines:
            print(f"- {where}: {line}")
    from bench.results import record

    record(**figures)
    log(f"done in {time.monotonic() - began:.0f} s; figures merged into bench/results.json")
    return figures


if __name__ == "__main__":
    if sys.argv[1:] == ["seed"]:
        print(json.dumps(seed()))
    else:
        main()
