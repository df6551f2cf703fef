"""The load generator of `make bench-load`: simulated founders and advisers, driven by locust as a library.

Run by bench/load.py as `.venv/load/bin/python bench/load_locust.py PLAN.json RESULT.json`, in its own
virtualenv (requirements-bench.txt): locust runs on gevent, which patches the standard library, so it is
kept out of the Django processes; this file imports nothing of the project. The plan (accounts, sessions,
the form data of each section) is made by bench/load.py, which also checks the database afterwards
against what this process reports as saved.

Why locust rather than a home-made thread pool: FastHttpUser (geventhttpclient) costs far less CPU per
request than threads with `requests`, which matters when the generator shares two cores with the server,
and its users, spawning and stopping are well tested. Timings are taken from its request events, exactly
(locust's own percentiles are rounded).

Every request plays the part of the TLS-terminating load balancer in front of production: it carries
`X-Forwarded-Proto: https` (so the production settings' HTTPS redirect, secure cookies and CSRF origin
checks all apply as they do live) and `X-Forwarded-For` with one address per simulated user (so the
per-address log-in limits see many clients, as they would behind a proxy with TRUSTED_PROXY_COUNT=1).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import math
import random
import re
import struct
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from http.cookiejar import Cookie, DefaultCookiePolicy
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, constant, events, task
from locust.env import Environment

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION = re.compile(r'<input[^>]*\bname="revision"[^>]*>')
VALUE = re.compile(r'\bvalue="([^"]*)"')
ASSESSMENT_LOCATION = re.compile(r"^/assessments/([^/]+)/$")
REPORT_LINK = re.compile(r'href="(/adviser/[^"]*report[^"]*)"')
# The "being prepared" page: the URL its script asks and how often (bench/load.py passes how many times).
STATUS_URL = re.compile(r'data-status-url="([^"]+)"')
POLL_INTERVAL = re.compile(r'data-poll-interval="([0-9.]+)"')

PLAN: dict = {}
RESULT: dict = {
    "saved": [],
    "submitted": [],
    "adviser_report_link": None,
    # Each report download a user started, by who started it: answered with the PDF, or with the
    # "being prepared" page.
    "downloads": {"founder": {"ready": 0, "pending": 0}, "adviser": {"ready": 0, "pending": 0}},
    # Founders' waits for the report of what they had just submitted: seconds from the submit response to
    # the PDF (for those that got it), and how many waits began, ended with a failed render or were given up.
    "report_waits_s": [],
    "report_waits_started": 0,
    "report_failed": 0,
    "report_gave_up": 0,
}
TIMINGS: dict[str, list[float]] = defaultdict(list)
FAILURES: dict[str, int] = defaultdict(int)
FAILURE_SAMPLES: dict[str, str] = {}
MEASURE_FROM = 0.0  # requests that finish before this moment (warm-up) are not counted
# Nor those after the run's time is up: founders then waiting for the report of what they had just submitted
# see their wait through (for at most the plan's drain_seconds), and everyone else stops.
MEASURE_UNTIL = math.inf
WAITING = 0  # founders between a submit response and the end of their wait for its report


class Failed(Exception):
    """A page did not answer as a browser user would expect; the rest of this round is skipped."""


@events.request.add_listener
def _on_request(request_type, name, response_time, exception, **_kwargs):
    if not MEASURE_FROM <= time.time() <= MEASURE_UNTIL:
        return
    TIMINGS[name].append(response_time)
    if exception is not None:
        FAILURES[name] += 1
        FAILURE_SAMPLES.setdefault(name, str(exception)[:300])


def totp_now(secret: str, period: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows now (RFC 6238, as allauth checks it)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // period), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


_addresses = itertools.count(1)


class Visitor(FastHttpUser):
    """A browser behind the load balancer: the proxy's headers, its own client address, form posts."""

    abstract = True
    wait_time = constant(0)
    network_timeout = 60.0
    connection_timeout = 10.0
    max_retries = 0

    def on_start(self):
        number = next(_addresses)
        self.headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
        }
        host = urlsplit(self.host).netloc
        # What a browser sends with a form post over HTTPS (Django checks it against the request's host).
        self.origin = f"https://{host}"
        # The browser's connection was HTTPS (only the proxy's hop to the app server is plain HTTP on
        # loopback), so its secure cookies (the __Host- session and CSRF cookies) travel with each request.
        self.client.cookiejar.set_policy(DefaultCookiePolicy(secure_protocols=("https", "http")))
        self.finishing = False

    def stop_check(self):
        """After the run's time, only a founder seeing a report wait through makes requests."""
        if time.time() > MEASURE_UNTIL and not self.finishing:
            raise Failed

    def think(self):
        low, high = PLAN.get("think", (0, 0))
        if high:
            gevent.sleep(random.uniform(low, high))

    def fetch(self, path: str, name: str, *, expect: int = 200, content_type: str | None = None):
        self.stop_check()
        with self.client.get(
            path, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} (expected {expect}) for {path}")
                raise Failed
            if content_type and not (response.headers.get("Content-Type") or "").startswith(content_type):
                response.failure(f"{response.headers.get('Content-Type')} (expected {content_type}) for {path}")
                raise Failed
            response.success()
            return response

    def report_fetch(self, path: str, name: str, *, who: str):
        """Start a download: the PDF (a stored file) or the "being prepared" page; returns that page's
        status URL and poll interval, or None if the PDF came. Anything else is a failure."""
        self.stop_check()
        with self.client.get(
            path, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            content_type = response.headers.get("Content-Type") or ""
            if response.status_code == 200 and content_type.startswith("application/pdf"):
                response.success()
                RESULT["downloads"][who]["ready"] += 1
                return None
            status_url = STATUS_URL.search(response.text or "") if response.status_code == 202 else None
            if status_url is None:
                response.failure(f"{response.status_code} {content_type} (expected the PDF or 202) for {path}")
                raise Failed
            response.success()
            RESULT["downloads"][who]["pending"] += 1
            interval = POLL_INTERVAL.search(response.text)
            return status_url.group(1), max(1.0, float(interval.group(1)) if interval else 3.0)

    def report_wait(self, reference: str, submitted_at: float) -> None:
        """Download the report of what was just submitted, as a founder would: if it is being prepared, the
        page's script asks its status URL every few seconds and, once it is ready, downloads it."""
        RESULT["report_waits_started"] += 1
        path = f"/assessments/{reference}/report/"
        pending = self.report_fetch(path, "report download (founder)", who="founder")
        if pending is not None:
            status_url, interval = pending
            for _check in range(PLAN["report_checks"]):
                gevent.sleep(interval)
                response = self.fetch(status_url, "report status (founder)", content_type="application/json")
                status = json.loads(response.text).get("status")
                if status == "failed":
                    RESULT["report_failed"] += 1
                    return
                if status == "ready":
                    break
            else:
                RESULT["report_gave_up"] += 1
                return
            self.fetch(path, "report download (founder, when ready)", content_type="application/pdf")
        RESULT["report_waits_s"].append(time.monotonic() - submitted_at)

    def submit(self, path: str, name: str, fields: list[tuple[str, str]], *, page_text: str, to: str = "") -> str:
        """Post a form as the browser would (with the page's CSRF token); returns where it redirected,
        which must start with `to` (a form shown again with errors, or a log-in page, is a failure)."""
        self.stop_check()
        token = CSRF.search(page_text)
        data = [("csrfmiddlewaretoken", token.group(1) if token else ""), *fields]
        headers = {
            **self.headers,
            "Origin": self.origin,
            "Referer": self.origin + path,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        with self.client.post(
            path, name=name, data=urlencode(data), headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location") or ""
            if response.status_code != 302 or not urlsplit(location).path.startswith(to):
                response.failure(f"{response.status_code} to {location!r} (expected a redirect to {to}...) for {path}")
                raise Failed
            response.success()
            return location

    def log_in(self, email: str, password: str, *, totp_secret: str | None = None) -> None:
        # A fresh browser each time: after a failed attempt, allauth may still hold a half-finished log-in.
        self.client.cookiejar.clear()
        page = self.fetch("/accounts/login/", "log in (GET)")
        location = self.submit(
            "/accounts/login/",
            "log in (POST)",
            [("login", email), ("password", password)],
            page_text=page.text,
            to="/accounts/2fa/authenticate/" if totp_secret else "/dashboard/",
        )
        if totp_secret:
            page = self.fetch(location, "log in: authenticator code (GET)")
            self.submit(
                location,
                "log in: authenticator code (POST)",
                [("code", totp_now(totp_secret))],
                page_text=page.text,
                to="/dashboard/",
            )

    def use_session(self, session_key: str) -> None:
        """Carry a session made in the database (as if logged in earlier), to time pages without log-ins."""
        name = PLAN["session_cookie"]
        host = urlsplit(self.host).hostname or ""
        self.client.cookiejar.set_cookie(
            Cookie(0, name, session_key, None, False, host, False, False, "/", True, True, None, False, None, None, {})
        )


# Capacity: one page as fast as it answers --------------------------------------------------------


class TrivialPage(Visitor):
    """The health check: the whole middleware stack, no database; the baseline."""

    @task
    def health(self):
        with contextlib.suppress(Failed):
            self.fetch("/health/", "trivial page (/health/)")


# The accounts of the plan (JSON from bench/load.py), one per simulated user.
_capacity_sessions: Iterator[dict] = itertools.cycle([])


class SectionPage(Visitor):
    """A signed-in founder opening sections of their draft (pages only: the saves are timed in the journeys)."""

    def on_start(self):
        super().on_start()
        self.account = next(_capacity_sessions)
        self.use_session(self.account["session"])

    @task
    def section(self):
        domain = random.choice(PLAN["domains"])
        with contextlib.suppress(Failed):
            self.fetch(f"/assessments/{self.account['reference']}/sections/{domain}/", "section page (GET)")


# Journeys -------------------------------------------------------------------------------------------

_founders: Iterator[dict] = iter([])
_advisers: Iterator[dict] = iter([])


class Founder(Visitor):
    """Logs in, then round after round: task list, every section answered, check answers, submit, results,
    download the report of what was just submitted (waiting for it if it is being prepared), start the next
    assessment."""

    def on_start(self):
        super().on_start()
        self.account = next(_founders)
        self.reference = self.account["reference"]
        self.signed_in = False

    @task
    def round(self):
        try:
            if not self.signed_in:
                self.log_in(self.account["email"], self.account["password"])
                self.signed_in = True
            self._round()
        except Failed:
            gevent.sleep(0.5)

    def _start(self):
        page = self.fetch("/assessments/new/", "start assessment (GET)")
        location = self.submit(
            "/assessments/new/",
            "start assessment (POST)",
            PLAN["profile_post"],
            page_text=page.text,
            to="/assessments/",
        )
        started = ASSESSMENT_LOCATION.match(urlsplit(location).path)
        if not started:
            raise Failed
        self.reference = started.group(1)

    def _round(self):
        if self.reference is None:
            self._start()
        reference, quality = self.reference, self.account["quality"]
        base = f"/assessments/{reference}"
        self.fetch(f"{base}/", "task list")
        self.think()
        for section in PLAN["sections"][quality]:
            path = f"{base}/sections/{section['path']}"
            page = self.fetch(path, "section (GET)")
            revision = REVISION.search(page.text)
            value = VALUE.search(revision.group(0)) if revision else None
            if value is None:
                raise Failed
            fields = [("revision", value.group(1)), *((name, text) for name, text in section["post"])]
            self.think()
            self.submit(path, "section (POST)", fields, page_text=page.text, to=f"{base}/")
            RESULT["saved"].append([reference, section["step"], quality])
        self.fetch(f"{base}/check/", "check answers")
        self.think()
        page = self.fetch(f"{base}/submit/", "submit (GET)")
        location = self.submit(
            f"{base}/submit/", "submit (POST)", [("declaration", "on")], page_text=page.text, to=f"{base}/results/"
        )
        global WAITING
        submitted_at = time.monotonic()
        RESULT["submitted"].append(reference)
        self.reference = None
        self.finishing, WAITING = True, WAITING + 1
        try:
            self.fetch(location, "results")
            gevent.sleep(PLAN.get("results_read", 0))
            self.report_wait(reference, submitted_at)
        finally:
            self.finishing, WAITING = False, WAITING - 1
        self.think()
        self._start()


class Adviser(Visitor):
    """Logs in with an authenticator code, then: the queue, the queue filtered and searched, a review, its report."""

    def on_start(self):
        super().on_start()
        self.account = next(_advisers)
        self.signed_in = False

    @task
    def round(self):
        try:
            if not self.signed_in:
                self.log_in(self.account["email"], self.account["password"], totp_secret=self.account["totp_secret"])
                self.signed_in = True
            self._round()
        except Failed:
            gevent.sleep(0.5)

    def _round(self):
        self.fetch("/adviser/", "queue")
        self.think()
        self.fetch("/adviser/?status=shared&sort=oldest", "queue (filtered)")
        self.think()
        self.fetch(f"/adviser/?q={self.account['search']}", "queue (search)")
        self.think()
        reference = random.choice(self.account["references"])
        page = self.fetch(f"/adviser/assessments/{reference}/", "review")
        link = REPORT_LINK.search(page.text)
        RESULT["adviser_report_link"] = bool(link) or bool(RESULT["adviser_report_link"])
        self.think()
        if link:
            # Reports of these assessments were stored beforehand: an adviser who finds one being prepared
            # moves on (counted as a download that did not find the report ready).
            self.report_fetch(link.group(1), "report download (adviser)", who="adviser")
            self.think()


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of sorted values."""
    index = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]


def main(plan_path: str, result_path: str) -> None:
    global MEASURE_FROM, _capacity_sessions, _founders, _advisers
    PLAN.update(json.loads(open(plan_path).read()))  # noqa: SIM115 (read once, closed at exit)
    phase, seconds, warm_up = PLAN["phase"], PLAN["seconds"], PLAN.get("warm_up", 0)
    if phase == "trivial":
        classes, users = [TrivialPage], PLAN["users"]
    elif phase == "section":
        _capacity_sessions = itertools.cycle(PLAN["capacity_sessions"])
        classes, users = [SectionPage], PLAN["users"]
    else:
        _founders, _advisers = iter(PLAN["founders"]), iter(PLAN["advisers"])
        Founder.fixed_count, Adviser.fixed_count = len(PLAN["founders"]), len(PLAN["advisers"])
        classes, users = [Founder, Adviser], len(PLAN["founders"]) + len(PLAN["advisers"])

    environment = Environment(user_classes=classes, host=PLAN["host"], events=events)
    runner = environment.create_local_runner()
    started = time.time()
    MEASURE_FROM = started + warm_up
    runner.start(users, spawn_rate=PLAN.get("spawn_rate", users))

    def stop():
        global MEASURE_UNTIL
        MEASURE_UNTIL = time.time()
        drain_until = MEASURE_UNTIL + PLAN.get("drain_seconds", 0)
        while WAITING and time.time() < drain_until:
            gevent.sleep(0.2)
        runner.quit()

    gevent.spawn_later(seconds, stop)
    runner.greenlet.join()
    measured = MEASURE_UNTIL - MEASURE_FROM

    stats = {}
    for name, timings in TIMINGS.items():
        ordered = sorted(timings)
        stats[name] = {
            "count": len(ordered),
            "failures": FAILURES.get(name, 0),
            "rps": len(ordered) / measured,
            "p50": percentile(ordered, 0.50),
            "p95": percentile(ordered, 0.95),
            "p99": percentile(ordered, 0.99),
        }
    RESULT.update(
        phase=phase,
        seconds=measured,
        users=users,
        stats=stats,
        failure_samples=FAILURE_SAMPLES,
        generator_cpu_warning=bool(getattr(runner, "cpu_warning_emitted", False)),
    )
    with open(result_path, "w") as out:
        json.dump(RESULT, out, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:3])
