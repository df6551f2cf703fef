"""Load test (`make bench-load`): gunicorn with the production settings on PostgreSQL, simulated users.

1. Makes a fresh PostgreSQL database on 127.0.0.1:5432 (`innovator_portal_load`, dropped first), migrates it,
   creates the cache table, loads the framework and seeds founders (each with a draft and a submitted
   assessment shared with a network, its report already stored), advisers with authenticator apps, and
   signed-in sessions for the capacity runs. `collectstatic` runs meanwhile.
   The cache is Redis (`redis://127.0.0.1:6379/13`, a Redis database the bench owns, emptied at the start and
   the end) when a Redis server answers there, as production runs; otherwise the database cache. The printed
   note says which.
2. Starts gunicorn (production settings, 2 x cores + 1 sync workers, 127.0.0.1 only) and drives it with
   bench/load_locust.py (locust, in its own virtualenv), in three runs:
   - capacity of the trivial page (`/health/`: every middleware, no database), as fast as it answers;
   - capacity of a founder's section page, the same way;
   - journeys for LOAD_SECONDS (default 60), with one report worker (`manage.py db_worker`, the same
     environment) beside gunicorn: founders log in, open the task list, open and save every page of every section, check
     their answers, submit, see the results, download the report of what they submitted (the submission
     queued its render: if it is not ready yet, they wait as the "being prepared" page does, asking its
     status URL every few seconds) and start again; advisers log in with an authenticator code and open
     the queue (plain, filtered, searched), reviews and reports (stored beforehand).
3. Checks the database: every answer that a founder saved and was told was saved is stored as sent, and
   every submission that succeeded is submitted.
4. Prints the table, writes it to the "## Load" section of docs/performance.md and merges the figures into
   bench/results.json. Gunicorn and the worker are stopped and the database dropped at the end, whatever
   happened.

Targets (issue 7): section page throughput at least 0.25 of the trivial page's; no lost answers; no errors.
Reports: at least 0.95 of the downloads users start find the report ready (the PDF at once, not the
"being prepared" page); the median wait from submitting to the first PDF is under a minute (what the
"being prepared" page tells founders to expect).
Settings: LOAD_SECONDS, LOAD_CAPACITY_SECONDS, LOAD_FOUNDERS, LOAD_ADVISERS, LOAD_CAPACITY_USERS, LOAD_WORKERS,
LOAD_THINK_SECONDS (the longest pause between two pages of a journey; pauses are drawn between 0 and it),
LOAD_RESULTS_READ_SECONDS (how long a founder reads the results page after submitting before asking for the
PDF; default 15),
LOAD_REPORT_DRAIN_SECONDS (when the journeys' time is up, how long founders waiting for a report still wait;
their requests after the time is up are not in the table).
"""

from __future__ import annotations

import json
import logging
import math
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOAD_PYTHON = ROOT / ".venv" / "load" / "bin" / "python"
GENERATOR = ROOT / "bench" / "load_locust.py"
GUNICORN = Path(sys.executable).parent / "gunicorn"
DOCS = ROOT / "docs" / "performance.md"
SECTION = "## Load"

SERVER_URL = "postgres://postgres@127.0.0.1:5432"
# The shared cache, as production runs it: Redis on 127.0.0.1:6379 when it answers, in a database of its own
# (emptied at the start and the end); otherwise the database cache.
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_DATABASE = 13
DATABASE = "innovator_portal_load"
PASSWORD = "a-long-and-unusual-passphrase"  # noqa: S105 (throwaway accounts in a throwaway database)
QUALITIES = ("best", "middling", "worst")


def _setting[N: (int, float)](name: str, default: N) -> N:
    return type(default)(os.environ.get(name, default))


LOAD_SECONDS = _setting("LOAD_SECONDS", 60)
CAPACITY_SECONDS = _setting("LOAD_CAPACITY_SECONDS", 10)
WARM_UP_SECONDS = 2  # of each capacity run, not counted: workers load templates and the framework
FOUNDERS = _setting("LOAD_FOUNDERS", 10)
ADVISERS = _setting("LOAD_ADVISERS", 2)
CAPACITY_USERS = _setting("LOAD_CAPACITY_USERS", 10)
WORKERS = _setting("LOAD_WORKERS", 2 * (os.cpu_count() or 1) + 1)
THINK_SECONDS = _setting("LOAD_THINK_SECONDS", 0.5)
# How long a founder reads the results page (stage, next steps, what stands before the next stage) after
# submitting, before asking for the PDF; 0 asks at once.
RESULTS_READ_SECONDS = _setting("LOAD_RESULTS_READ_SECONDS", 15.0)
SPAWN_RATE = 1  # journeys' users started per second: each log-in hashes a password (about a second of CPU)
REPORT_BYTES = 300_000
TARGET_RATIO = 0.25
TARGET_READY_SHARE = 0.95
TARGET_FIRST_DOWNLOAD_S = 60
REPORT_CHECKS = 60  # how many times the "being prepared" page's script asks before it gives up (report-status.js)
# When the journeys' time is up, founders waiting for a report see it through for at most this long.
REPORT_DRAIN_SECONDS = _setting("LOAD_REPORT_DRAIN_SECONDS", 120)


def log(message: str) -> None:
    print(f"[bench-load {time.strftime('%H:%M:%S')}] {message}", flush=True)


# The database --------------------------------------------------------------------------------------


def database_recreate(*, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
        if not drop_only:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))


def redis_url() -> str | None:
    """The bench's Redis database if a Redis server answers a PING on 127.0.0.1:6379, else None."""
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            if not connection.recv(16).startswith(b"+PONG"):
                return None
    except OSError:
        return None
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DATABASE}"


def redis_flush(url: str) -> None:
    """Empty the bench's Redis database (and only it)."""
    import redis

    with redis.Redis.from_url(url, socket_timeout=5) as client:
        client.flushdb()


def production_environment(folder: Path, cache_url: str | None = None) -> dict[str, str]:
    """What production needs, for a server on loopback behind a (simulated) TLS-terminating proxy; the cache is
    Redis at `cache_url`, or the database cache without one."""
    return {
        "DJANGO_SETTINGS_MODULE": "innovator_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{SERVER_URL}/{DATABASE}",
        # Persistent connections, as production should run (docs/operations.md).
        "CONN_MAX_AGE": "60",
        "CACHE_URL": cache_url or "dbcache://django_cache",
        "EMAIL_URL": "dummymail://",
        # As production runs: submitting (or a download of a report not stored yet) queues the render for the
        # report worker started beside gunicorn for the journeys.
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        # The load generator sends X-Forwarded-For as the one proxy in front would.
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
    }


# Seeding ---------------------------------------------------------------------------------------------


def form_data(question, value) -> list[tuple[str, str]]:
    """A stored answer as the section form posts it."""
    if value is None:
        return []
    if question.type == "multiple_choice":
        return [(question.key, str(item)) for item in value]
    if question.type == "date":
        year, month, day = str(value).split("-")
        return [(f"{question.key}_day", day), (f"{question.key}_month", month), (f"{question.key}_year", year)]
    return [(question.key, str(value))]


def sections_plan(framework, profile_product_type: str) -> dict[str, list[dict]]:
    """For each answer quality: each page of each section (long sections are asked over pages), its form
    data, and what the server stores when it is saved in order (worked out by the same form the server uses,
    starting from a new draft)."""
    from django.http import QueryDict

    from assessments.demo import demo_answers
    from assessments.questionnaire.form import SectionForm
    from assessments.questionnaire.pages import section_pages

    plans = {}
    for quality in QUALITIES:
        answers = demo_answers(framework, quality=quality, widest=True)
        saved: dict = {"product_type": profile_product_type}
        sections = []
        for domain in framework.domains:
            for page, questions in enumerate(section_pages(domain), start=1):
                post = [pair for question in questions for pair in form_data(question, answers.get(question.key))]
                data = QueryDict(mutable=True)
                for name, text in [("revision", "0"), *post]:
                    data.appendlist(name, text)
                form = SectionForm(data, framework=framework, domain=domain, saved=saved, page=page)
                if not form.is_valid():
                    raise RuntimeError(
                        f"The {quality} answers to {domain.key} page {page} do not validate: {form.errors.as_json()}"
                    )
                expected = dict(form.answers_to_save)
                for key, value in expected.items():
                    if value is None:
                        saved.pop(key, None)
                    else:
                        saved[key] = value
                sections.append(
                    {
                        "step": f"{domain.key}:{page}",
                        "path": f"{domain.key}/" if page == 1 else f"{domain.key}/pages/{page}/",
                        "post": post,
                        "expected": expected,
                    }
                )
        plans[quality] = sections
    return plans


def seed() -> dict:
    """Accounts and data for the three runs; returns the plan for the load generator (with the expectations)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from assessments import services
    from assessments.demo import demo_answers
    from assessments.framework import framework_current
    from assessments.models import Answer

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    from assessments.review.services import share_create
    from innovator_portal.hins.models import AdviserProfile, HealthInnovationNetwork
    from innovator_portal.organisations.models import Membership, Organisation, Region
    from tests.factories import PROFILE

    user_model = get_user_model()
    # One hash for every account: hashing is what makes creating users slow, and they share the password.
    password_hash = make_password(PASSWORD)
    framework = framework_current()
    hins = list(HealthInnovationNetwork.objects.order_by("pk")[:2])

    def person(email: str, name: str):
        user = user_model.objects.create(email=email, full_name=name, password=password_hash)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        return user

    def founder(label: str):
        user = person(f"founder-{label}@load.example", f"Founder {label}")
        organisation = Organisation.objects.create(name=f"Load Company {label} Ltd", region=Region.LONDON)
        Membership.objects.create(user=user, organisation=organisation)
        return user, organisation

    founders, shared = [], defaultdict(list)
    with transaction.atomic():
        for number in range(FOUNDERS):
            user, organisation = founder(f"{number:03d}")
            quality = QUALITIES[number % len(QUALITIES)]
            earlier = services.assessment_start(founder=user, organisation=organisation, profile=PROFILE)
            Answer.objects.filter(assessment=earlier).delete()
            Answer.objects.bulk_create(
                Answer(assessment=earlier, question_key=key, value=value, updated_by=user)
                for key, value in demo_answers(framework, quality=quality, widest=True).items()
                if value is not None
            )
            earlier = services.assessment_submit(assessment=earlier, user=user)
            hin = hins[number % len(hins)]
            share_create(founder=user, assessment=earlier, hin=hin, consent=True)
            shared[hin.pk].append(earlier)
            draft = services.assessment_start(founder=user, organisation=organisation, profile=PROFILE)
            founders.append(
                {
                    "email": user.email,
                    "password": PASSWORD,
                    "reference": draft.reference,
                    "quality": quality,
                }
            )

        advisers = []
        for number in range(ADVISERS):
            hin = hins[number % len(hins)]
            user = person(f"adviser-{number:03d}@load.example", f"Adviser {number}")
            AdviserProfile.objects.create(user=user, hin=hin, job_title="Innovation adviser")
            secret = generate_totp_secret()
            TOTP.activate(user, secret)
            advisers.append(
                {
                    "email": user.email,
                    "password": PASSWORD,
                    "totp_secret": secret,
                    "references": [assessment.reference for assessment in shared[hin.pk]],
                    "search": "Load+Company",
                }
            )

        # Founders of the section-page capacity run: a fully answered draft each, signed in already (a
        # session in the database), so that run times pages rather than password hashing.
        capacity_sessions = []
        answers = demo_answers(framework, quality="middling", widest=True)
        for number in range(CAPACITY_USERS):
            user, organisation = founder(f"capacity-{number:03d}")
            draft = services.assessment_start(founder=user, organisation=organisation, profile=PROFILE)
            Answer.objects.filter(assessment=draft).delete()
            Answer.objects.bulk_create(
                Answer(assessment=draft, question_key=key, value=value, updated_by=user)
                for key, value in answers.items()
                if value is not None
            )
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            capacity_sessions.append({"session": session.session_key, "reference": draft.reference})

    profile_post = [
        (name, str(item)) for name, value in PROFILE.items() for item in (value if isinstance(value, list) else [value])
    ]
    return {
        "founders": founders,
        "advisers": advisers,
        "capacity_sessions": capacity_sessions,
        "shared": [assessment for assessments in shared.values() for assessment in assessments],
        "sections": sections_plan(framework, PROFILE["product_type"]),
        "domains": [domain.key for domain in framework.domains],
        "profile_post": profile_post,
    }


def reports_store(assessments) -> None:
    """Store a report for each assessment submitted before the runs (those advisers download), as if each had
    been downloaded once already: a stored file, found by its key (a hash of what the report shows). The file
    is a stand-in of a long report's size (rendering is timed by bench/report.py). Reports of what founders
    submit during the journeys are rendered for real, by the worker."""
    from assessments.models import ReportFile
    from assessments.reports.cache import report_key_current
    from assessments.reports.storage import report_store

    pdf = b"%PDF-1.7\n" + os.urandom(REPORT_BYTES) + b"\n%%EOF\n"
    for assessment in assessments:
        # Submitting queued the render already (its row is pending): the stand-in takes its place, and the
        # worker then finds it ready and leaves it.
        report, _created = ReportFile.objects.get_or_create(
            assessment=assessment, key=report_key_current(assessment=assessment)
        )
        report_store(report=report, pdf=pdf)


# The server and the generator --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_start(
    environment: dict[str, str], port: int, log_path: Path, *, workers: int = WORKERS
) -> subprocess.Popen:
    command = [
        str(GUNICORN),
        "innovator_portal.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--timeout=60",
        "--graceful-timeout=10",
        f"--error-logfile={log_path}",
        "--log-level=warning",
        # Workers fork from a master that has imported the project: faster start, shared memory.
        "--preload",
    ]
    # The app's own log (errors and tracebacks included) goes to standard error: into the same file.
    with log_path.open("ab") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    request = urllib.request.Request(f"http://127.0.0.1:{port}/health/", headers={"X-Forwarded-Proto": "https"})
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}):\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 (our own loopback server)
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /health/ within 60 s")


def gunicorn_stop(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.terminate()  # SIGTERM: the master stops its workers
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def worker_start(environment: dict[str, str], log_path: Path) -> subprocess.Popen:
    """The report worker, as production runs it (docs/operations-reports.md): renders what is queued."""
    with log_path.open("ab") as output:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    time.sleep(1)
    if worker.poll() is not None:
        raise RuntimeError(f"the report worker exited ({worker.returncode}):\n{log_path.read_text()[-3000:]}")
    return worker


def worker_stop(worker: subprocess.Popen | None) -> None:
    """SIGTERM: the worker finishes the render it is on (seconds), then exits."""
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=10)


def generate(folder: Path, plan: dict) -> dict:
    """One run of the load generator; returns its figures and what it saved."""
    plan_path, result_path = folder / f"{plan['phase']}-plan.json", folder / f"{plan['phase']}-result.json"
    plan_path.write_text(json.dumps(plan))
    subprocess.run(
        [str(LOAD_PYTHON), str(GENERATOR), str(plan_path), str(result_path)],
        cwd=ROOT,
        check=True,
        timeout=plan["seconds"] + plan.get("drain_seconds", 0) + 120,
    )
    return json.loads(result_path.read_text())


# Checking the database -----------------------------------------------------------------------------------


def answers_check(saved: list, expected_by_quality: dict) -> tuple[int, int]:
    """(answers checked, answers lost): every answer of every section save the generator was told had
    succeeded must be stored exactly as the form stores it (a cleared one must be absent)."""
    from assessments.models import Answer

    expected: dict[str, dict] = defaultdict(dict)
    sections = {quality: {s["step"]: s["expected"] for s in plan} for quality, plan in expected_by_quality.items()}
    for reference, step, quality in saved:
        expected[reference].update(sections[quality][step])
    stored: dict[str, dict] = defaultdict(dict)
    rows = Answer.objects.filter(assessment__reference__in=list(expected)).values_list(
        "assessment__reference", "question_key", "value"
    )
    for reference, key, value in rows.iterator():
        stored[reference][key] = value
    checked = lost = 0
    for reference, answers in expected.items():
        for key, value in answers.items():
            checked += 1
            if value is None:
                lost += key in stored[reference]
            else:
                lost += stored[reference].get(key, object()) != value
    return checked, lost


def submissions_check(submitted: list[str]) -> int:
    from assessments.models import Assessment

    return Assessment.objects.filter(reference__in=submitted, status=Assessment.Status.SUBMITTED).count()


def reports_check(submitted: list[str]) -> dict[str, int]:
    """How many reports of the assessments submitted in the journeys are ready, pending or failed."""
    from django.db.models import Count

    from assessments.models import ReportFile

    rows = ReportFile.objects.filter(assessment__reference__in=submitted).values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(ReportFile.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def report_figures(journeys: dict) -> dict:
    """The share of the report downloads users started that found the report ready, founders' own share, and
    the median seconds from a submission to its first PDF (None when no founder got one)."""
    import statistics

    downloads = journeys["downloads"]
    started = sum(counts["ready"] + counts["pending"] for counts in downloads.values())
    ready = sum(counts["ready"] for counts in downloads.values())
    founder = downloads["founder"]
    founder_started = founder["ready"] + founder["pending"]
    waits = journeys["report_waits_s"]
    unfinished = journeys["report_waits_started"] - len(waits) - journeys["report_failed"] - journeys["report_gave_up"]
    return {
        "downloads": started,
        "ready_share": ready / started if started else 0.0,
        "founder_downloads": founder_started,
        "founder_ready_share": founder["ready"] / founder_started if founder_started else 0.0,
        "first_download_s": statistics.median(waits) if waits else None,
        "first_download_p95_s": sorted(waits)[max(0, math.ceil(0.95 * len(waits)) - 1)] if waits else None,
        "waits": len(waits),
        "failed": journeys["report_failed"],
        "gave_up": journeys["report_gave_up"],
        "unfinished": unfinished,
    }


def section_cost(*, session: str, reference: str, domains: list[str]) -> dict[str, float]:
    """Where a section page's time goes, in this process (no HTTP, no contention): the median milliseconds of
    the trivial page, of a section page, and of a section page whose template is not rendered."""
    import statistics

    from django.conf import settings
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client

    from assessments.views import founder

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session
    paths = [f"/assessments/{reference}/sections/{key}/" for key in domains]

    def median_ms(path: str, runs: int = 7, clock=time.perf_counter) -> float:
        client.get(path, secure=True)
        timings = []
        for _ in range(runs):
            start = clock()
            response = client.get(path, secure=True)
            timings.append((clock() - start) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
        return statistics.median(timings)

    section = statistics.mean(median_ms(path) for path in paths)
    # CPU time of this process as well: on a busy machine the elapsed time also counts waiting for a core.
    section_cpu = statistics.mean(median_ms(path, clock=time.process_time) for path in paths)
    queries = []

    def query_record(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(query_record):
        client.get(paths[0], secure=True)
    render = founder.render
    # Measurement only: the same view with its template left out shows what the rendering costs.
    founder.render = lambda *args, **kwargs: HttpResponse("")
    try:
        without_template = statistics.mean(median_ms(path) for path in paths)
    finally:
        founder.render = render
    return {
        "trivial": median_ms("/health/", runs=25),
        "trivial_cpu": median_ms("/health/", runs=25, clock=time.process_time),
        "section": section,
        "section_cpu": section_cpu,
        "without_template": without_template,
        "queries": len(queries),
    }


# Reporting ---------------------------------------------------------------------------------------------------


def table(runs: dict[str, dict]) -> str:
    lines = [
        "| run | page | requests | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, result in runs.items():
        for name, figures in sorted(result["stats"].items(), key=lambda item: item[0]):
            lines.append(
                f"| {label} | {name} | {figures['count']:,} | {figures['rps']:.1f} | {figures['p50']:.0f} "
                f"| {figures['p95']:.0f} | {figures['p99']:.0f} | {figures['failures']} |"
            )
    return "\n".join(lines)


def docs_write(text: str) -> None:
    """Replace the Load section of docs/performance.md; the other sections stay as they are."""
    document = DOCS.read_text() if DOCS.exists() else "# Performance\n"
    start = document.find(f"\n{SECTION}\n")
    if start == -1:
        before, after = document.rstrip("\n") + "\n\n", ""
    else:
        following = document.find("\n## ", start + len(SECTION) + 2)
        before, after = document[: start + 1], ("" if following == -1 else document[following + 1 :])
    DOCS.write_text(before + f"{SECTION}\n\n{text}\n" + ("\n" + after if after else ""))


def main() -> dict:
    if not LOAD_PYTHON.exists():
        sys.exit("The load generator is not installed: run `make bench-load` (it installs requirements-bench.txt).")
    # SIGTERM (a stopped make) unwinds like Ctrl-C, so that the server is stopped and the database dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    began = time.monotonic()
    server = worker = collect = None
    with tempfile.TemporaryDirectory(prefix="bench-load-") as name:
        folder = Path(name)
        cache_url = redis_url()
        environment = {**os.environ, **production_environment(folder, cache_url)}
        os.environ.update(environment)
        try:
            if cache_url:
                log(f"cache: Redis at {cache_url} (emptied)")
                redis_flush(cache_url)
            else:
                log(f"cache: the database cache (no Redis answered on {REDIS_HOST}:{REDIS_PORT})")
            log(f"creating database {DATABASE} on 127.0.0.1:5432")
            database_recreate()
            collect = subprocess.Popen(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=environment
            )
            import django
            from django.core.management import call_command

            django.setup()
            # Django's own loggers log at INFO whatever LOG_LEVEL says; the notification tasks would flood this.
            logging.getLogger("django.tasks").setLevel(logging.WARNING)
            log("migrating, creating the cache table, loading the framework")
            call_command("migrate", interactive=False, verbosity=0)
            call_command("createcachetable", verbosity=0)
            call_command("framework", "load", verbosity=0)
            log(f"seeding {FOUNDERS} founders, {ADVISERS} advisers, {CAPACITY_USERS} signed-in founders")
            plan = seed()
            if collect.wait() != 0:
                raise RuntimeError("collectstatic failed")
            log("storing reports of the shared assessments")
            reports_store(plan.pop("shared"))
            from django.db import connections

            connections.close_all()

            port = free_port()
            log(f"starting gunicorn with {WORKERS} workers on 127.0.0.1:{port}")
            server = gunicorn_start(environment, port, folder / "gunicorn.log")
            host = f"http://127.0.0.1:{port}"
            from django.conf import settings

            common = {"host": host, "session_cookie": settings.SESSION_COOKIE_NAME, "domains": plan["domains"]}
            runs = {}
            log(f"capacity of the trivial page: {CAPACITY_USERS} users, {CAPACITY_SECONDS} s")
            runs["capacity"] = generate(
                folder,
                {
                    **common,
                    "phase": "trivial",
                    "seconds": CAPACITY_SECONDS,
                    "warm_up": WARM_UP_SECONDS,
                    "users": CAPACITY_USERS,
                },
            )
            log(f"capacity of the section page: {CAPACITY_USERS} users, {CAPACITY_SECONDS} s")
            section_run = generate(
                folder,
                {
                    **common,
                    "phase": "section",
                    "seconds": CAPACITY_SECONDS,
                    "warm_up": WARM_UP_SECONDS,
                    "users": CAPACITY_USERS,
                    "capacity_sessions": plan["capacity_sessions"],
                },
            )
            runs["capacity"]["stats"].update(section_run["stats"])
            runs["capacity"]["failure_samples"].update(section_run["failure_samples"])
            log("starting the report worker")
            worker = worker_start(environment, folder / "worker.log")
            log(f"journeys: {FOUNDERS} founders and {ADVISERS} advisers, {LOAD_SECONDS} s")
            runs["journeys"] = generate(
                folder,
                {
                    **common,
                    "phase": "journeys",
                    "seconds": LOAD_SECONDS,
                    "think": [0, THINK_SECONDS],
                    "spawn_rate": SPAWN_RATE,
                    "founders": plan["founders"],
                    "advisers": plan["advisers"],
                    "sections": {
                        quality: [{"step": s["step"], "path": s["path"], "post": s["post"]} for s in sections]
                        for quality, sections in plan["sections"].items()
                    },
                    "profile_post": plan["profile_post"],
                    "report_checks": REPORT_CHECKS,
                    "results_read": RESULTS_READ_SECONDS,
                    "drain_seconds": REPORT_DRAIN_SECONDS,
                },
            )
            gunicorn_stop(server)
            server = None
            worker_stop(worker)
            worker = None
            server_log = (folder / "gunicorn.log").read_text()
            worker_log = (folder / "worker.log").read_text()

            journeys = runs["journeys"]
            checked, lost = answers_check(journeys["saved"], plan["sections"])
            log("timing a section page in this process")
            try:
                cost = section_cost(**plan["capacity_sessions"][0], domains=plan["domains"])
            except Exception as error:  # an explanation, not a measure: its failure does not void the run
                log(f"could not time the section page in this process: {type(error).__name__}: {error}")
                cost = None
            submitted = journeys["submitted"]
            confirmed = submissions_check(submitted)
            lost += len(set(submitted)) - confirmed
            rendered = reports_check(submitted)
        finally:
            if collect is not None and collect.poll() is None:
                collect.kill()
            gunicorn_stop(server)
            worker_stop(worker)
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: S110 (Django may not have been set up; the drop below is what matters)
                pass
            database_recreate(drop_only=True)
            log(f"dropped database {DATABASE}")
            if cache_url:
                try:
                    redis_flush(cache_url)
                except Exception as error:  # the database is dropped whatever happens; say so, do not hide the run
                    log(f"could not empty {cache_url}: {type(error).__name__}: {error}")

    capacity = runs["capacity"]["stats"]
    trivial = capacity["trivial page (/health/)"]
    section = capacity["section page (GET)"]
    section_journey = journeys["stats"].get("section (GET)", {"p95": 0.0})
    errors = sum(f["failures"] for run in runs.values() for f in run["stats"].values())

    def logged_errors(text: str) -> int:
        return sum(
            1
            for line in text.splitlines()
            if " ERROR " in line or " CRITICAL " in line or "[ERROR]" in line or "[CRITICAL]" in line
        )

    server_errors = logged_errors(server_log) + logged_errors(worker_log)
    reports = report_figures(journeys)
    first_download = reports["first_download_s"]
    ratio = section["rps"] / trivial["rps"] if trivial["rps"] else 0.0
    adviser_link = journeys.get("adviser_report_link")

    def verdict(met: bool) -> str:
        return "met" if met else "NOT met"

    summary = [
        f"- section page / trivial page throughput: {section['rps']:.1f} / {trivial['rps']:.1f} requests/s = "
        f"**{ratio:.2f}** (target ≥ {TARGET_RATIO}: {verdict(ratio >= TARGET_RATIO)})",
        f"- lost answers: **{lost}** of {checked:,} saved answers checked in the database, and of "
        f"{len(submitted)} submissions (target 0: {verdict(lost == 0)})",
        f"- errors: **{errors}** failed requests, {server_errors} errors logged by the server and the report "
        f"worker (target 0: {verdict(errors == 0 and server_errors == 0)})",
        f'- report downloads that found the report ready (the PDF at once, not the "being prepared" page): '
        f"**{reports['ready_share']:.2f}** of {reports['downloads']} (target ≥ {TARGET_READY_SHARE}: "
        f"{verdict(reports['downloads'] > 0 and reports['ready_share'] >= TARGET_READY_SHARE)}); founders "
        f"downloading what they had just submitted: {reports['founder_ready_share']:.2f} of "
        f"{reports['founder_downloads']}; advisers (reports stored beforehand): the rest",
        "- first download after submitting (median seconds from the submit response to the PDF, waiting as "
        'the "being prepared" page does): '
        + (
            f"**{first_download:.1f} s**, p95 {reports['first_download_p95_s']:.1f} s, of {reports['waits']} "
            f"(target < {TARGET_FIRST_DOWNLOAD_S} s: {verdict(first_download < TARGET_FIRST_DOWNLOAD_S)})"
            if first_download is not None
            else f"**none** got the PDF (target < {TARGET_FIRST_DOWNLOAD_S} s: NOT met)"
        )
        + f"; {reports['failed']} renders failed, {reports['gave_up']} waits given up, {reports['unfinished']} "
        f"still waiting {REPORT_DRAIN_SECONDS} s after the run's time was up (not counted)",
        f"- reports of the journeys' submissions after the run: {rendered['ready']} ready, {rendered['pending']} "
        f"still queued or rendering, {rendered['failed']} failed (one report worker)",
        f"- section page p95 in the journeys: {section_journey['p95']:.0f} ms; in the capacity run: "
        f"{section['p95']:.0f} ms",
        f"- submissions: **{len(submitted)}** in {journeys['seconds']:.0f} s, {confirmed} confirmed submitted "
        "in the database",
    ]
    if cost:
        summary.append(
            f"- where a section page's time goes (in one process, no HTTP, no other requests; medians): "
            f"{cost['section']:.1f} ms, of which {cost['section'] - cost['without_template']:.1f} ms "
            f"({1 - cost['without_template'] / cost['section']:.0%}) rendering its template and "
            f"{cost['without_template']:.1f} ms the rest (middleware, session, {cost['queries']} queries, the form); "
            f"the trivial page: {cost['trivial']:.2f} ms"
        )
    if not adviser_link:
        summary.append("- the adviser's review page has no report link yet, so advisers download no report")
    samples = {name: sample for run in runs.values() for name, sample in run["failure_samples"].items()}
    if samples:
        summary.append("- first failure of each page: " + "; ".join(f"{n}: {s}" for n, s in samples.items()))
    if any(run.get("generator_cpu_warning") for run in runs.values()):
        summary.append("- locust warned that the load generator itself was short of CPU")

    cache = (
        f"Redis cache (`CACHE_URL=redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DATABASE}`, Django's RedisCache, a Redis "
        "database the bench empties at the start and the end)"
        if cache_url
        else f"database cache (no Redis answered on {REDIS_HOST}:{REDIS_PORT})"
    )
    note = (
        f"`make bench-load` on {os.cpu_count()} cores shared with the load generator (and, here, with other "
        f"work: figures are noisy), Python {platform.python_version()}, PostgreSQL on 127.0.0.1, gunicorn "
        f"with {WORKERS} sync workers, production settings (CONN_MAX_AGE=60, {cache}, "
        "sessions in the database read through that cache, TASKS_BACKEND=database, one report worker "
        "(`manage.py db_worker`) during the journeys). Every request carries the headers of the TLS-terminating proxy in front "
        "(X-Forwarded-Proto, X-Forwarded-For), so HTTPS redirects, secure cookies and CSRF origin checks "
        f"apply as live. Capacity runs: {CAPACITY_USERS} users without pauses for {CAPACITY_SECONDS} s, "
        f"the first {WARM_UP_SECONDS} s not counted; the section page is opened by founders already signed "
        f"in, on fully answered drafts. Journeys: {FOUNDERS} founders and {ADVISERS} advisers for "
        f"{LOAD_SECONDS} s (`LOAD_SECONDS`; the other settings are listed in bench/load.py), pausing 0 to {THINK_SECONDS} s between pages and reading the results for {RESULTS_READ_SECONDS:g} s before downloading the report, logging in for real (founders: "
        f"password; advisers: password and authenticator code), starting one user every {1 / SPAWN_RATE:g} s. Reports: "
        "submitting queues the render, and the founder then downloads the report of what they submitted; if the "
        '"being prepared" page answers, they wait as its script does (asking the status URL at the page\'s '
        f"interval, {REPORT_CHECKS} times at most) and download the PDF once it is ready; when the time is up, founders "
        f"then waiting see it through (for {REPORT_DRAIN_SECONDS} s at most; those requests are not in the table) and the "
        "others stop. Advisers download "
        f"reports of assessments submitted before the run, stored beforehand ({REPORT_BYTES // 1000} KB stand-ins "
        "under each assessment's current key). The ready share counts the downloads users started (a founder's "
        "first request, an adviser's), not the status checks or the download that follows them. Lost answers: after the run, each answer of each section "
        "save that was answered with a redirect is compared with its row in the database."
    )
    text = table(runs) + "\n\n" + "\n".join(summary) + "\n\n" + note
    print()
    print(text)
    figures = {
        "load_section_rps": round(section["rps"], 1),
        "load_trivial_rps": round(trivial["rps"], 1),
        "load_section_p95_ms": round(section_journey["p95"], 1),
        "load_errors": errors + server_errors,
        "load_lost_answers": lost,
        "load_submissions": len(submitted),
        "load_report_ready_share": round(reports["ready_share"], 3),
        "load_report_ready_share_founder": round(reports["founder_ready_share"], 3),
        "load_report_first_download_s": None if first_download is None else round(first_download, 1),
    }
    from bench.results import record

    record(**figures)
    docs_write(text)
    log(f"done in {time.monotonic() - began:.0f} s; figures merged into bench/results.json")
    return figures


if __name__ == "__main__":
    main()
