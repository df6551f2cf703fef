"""The failed log-in limit holds across app server processes, not per process.

A real gunicorn with two worker processes serves a fresh SQLite database (so the test does not depend on
the test database's engine) with the shared database cache that holds allauth's counters. Every request
closes its connection, and the attempts are made to alternate between the two workers (the access log
names the worker that answered each one). With a per-process cache each worker would allow 5 failures of
its own (checked: with CACHE_URL="locmemcache://" for the server, the sixth attempt is let through).
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
EMAIL = "target@example.org"
PASSWORD = "the-right-passphrase-for-this-test"
KEY_LIMIT = 5  # LOGIN_FAILED_RATE_LIMIT below: 5 failures per account in 5 minutes (and 10 a minute per address)

SETUP = f"""
import django
django.setup()
from django.core.management import call_command
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
call_command("migrate", verbosity=0)
call_command("createcachetable")
user = get_user_model().objects.create_user(email={EMAIL!r}, password={PASSWORD!r})
EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn with two workers on a free loopback port; always stopped at the end."""
    folder = tmp_path_factory.mktemp("gunicorn")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="innovator_portal.settings.test",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        CACHE_URL="dbcache://django_cache",
        LOGIN_FAILED_RATE_LIMIT="10/m/ip,5/5m/key",
        TRUSTED_PROXY_COUNT="0",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=environment, check=True, timeout=120)

    port = free_port()
    access_log = folder / "access.log"
    error_log = (folder / "error.log").open("wb")
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "innovator_portal.wsgi:application",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            f"--access-logfile={access_log}",
            "--access-logformat=%(p)s %(m)s %(U)s %(s)s",
            "--graceful-timeout=5",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=error_log,
        start_new_session=True,  # its own process group, so that the finalizer stops the workers too
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if request(port, "GET", "/accounts/login/")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("gunicorn did not start:\n" + (folder / "error.log").read_text())
            time.sleep(0.2)
        yield port, access_log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        error_log.close()


def connect(port) -> http.client.HTTPConnection:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    connection.connect()
    return connection


def request(port_or_connection, method, path, *, body=None, cookies=None):
    """One request on its own connection (Connection: close); returns (status, headers, text). Pass an open
    connection to send the request on it."""
    headers = {"Connection": "close", "Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode(body)
    connection = port_or_connection
    if isinstance(connection, int):
        connection = http.client.HTTPConnection("127.0.0.1", port_or_connection, timeout=15)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def login_form(port) -> tuple[dict, str]:
    """What a new visitor gets from the log-in page: the CSRF cookie and the form's token."""
    status, headers, html = request(port, "GET", "/accounts/login/")
    assert status == 200
    cookies = dict(
        cookie.split(";", 1)[0].split("=", 1) for cookie in headers.get_all("Set-Cookie") if "csrftoken=" in cookie
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookies, token


def log_in(connection, form, password) -> int:
    """Post the log-in form fetched as `form` on `connection` (a port, or an open connection)."""
    cookies, token = form
    body = {"login": EMAIL, "password": password, "csrfmiddlewaretoken": token}
    status, _, html = request(connection, "POST", "/accounts/login/", body=body, cookies=cookies)
    if status == 429:
        assert "too many failed attempts to log in" in html
    return status


def log_in_on_both_workers(port, passwords) -> list[int]:
    """Log-in attempts, one after another, that alternate between the two workers.

    A sync worker serves one connection at a time. A connection opened and left silent is taken by one
    worker, which waits for its request; the next connection can only be taken by the other worker.
    After that attempt, the silent connection carries the next one, to the first worker.
    """
    statuses = []
    for index in range(0, len(passwords), 2):
        pair = passwords[index : index + 2]
        forms = [login_form(port) for _ in pair]
        waiting = connect(port)
        time.sleep(0.1)  # let a worker take it
        statuses.append(log_in(port, forms[0], pair[0]))
        if len(pair) == 2:
            statuses.append(log_in(waiting, forms[1], pair[1]))
        else:
            waiting.close()
    return statuses


def workers_of_logins(access_log: Path) -> list[int]:
    """The worker process id that answered each log-in post, in order."""
    time.sleep(0.2)  # the access log line is written just after the response
    lines = access_log.read_text().splitlines()
    return [int(re.search(r"\d+", line).group()) for line in lines if " POST /accounts/login/ " in line]


def test_failed_logins_are_limited_in_total_across_two_gunicorn_workers(server):
    port, access_log = server

    statuses = log_in_on_both_workers(port, ["a-wrong-guess"] * (KEY_LIMIT + 3) + [PASSWORD])

    workers = workers_of_logins(access_log)
    assert len(workers) == KEY_LIMIT + 4
    assert len(set(workers)) == 2
    assert all(first != second for first, second in zip(workers[::2], workers[1::2], strict=False)), workers
    # Each worker saw fewer than 5 of the first 5 failures, and still the sixth attempt and every one after
    # it is refused, even with the right password: the count is shared, not kept per process.
    assert max(workers[:KEY_LIMIT].count(pid) for pid in set(workers)) < KEY_LIMIT
    assert statuses == [200] * KEY_LIMIT + [429] * 4
