"""`make audit` (bin/dependency-audit): says plainly what it could not check, and never calls that clean.

The vulnerability services are stood in for by local servers, so that no test needs the network."""

import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bin" / "dependency-audit"
# Nothing listens on port 9 (discard) here: a connection is refused at once.
UNREACHABLE = "http://127.0.0.1:9"

needs_npm = pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")

DJANGO_VULNERABILITY = {
    "id": "PYSEC-2099-1",
    "aliases": [],
    "details": "A made-up vulnerability for the test.",
    "affected": [
        {
            "package": {"name": "django", "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0"}]}],
        }
    ],
}


def audit(**env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "OSV_URL": UNREACHABLE + "/v1/query", "npm_config_registry": UNREACHABLE + "/"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, str(SCRIPT)], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def services():
    """A stand-in OSV database and npm audit service on 127.0.0.1; `vulnerable` makes them report one each."""
    state = {"vulnerable": False, "queries": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Content-Encoding") == "gzip":  # npm compresses what it sends
                raw = gzip.decompress(raw)
            body = json.loads(raw or b"{}")
            if self.path == "/v1/query":
                state["queries"] += 1
                name = (body.get("package") or {}).get("name", "")
                answer = {"vulns": [DJANGO_VULNERABILITY]} if state["vulnerable"] and name == "django" else {}
            elif self.path == "/-/npm/v1/security/advisories/bulk":
                answer = {}
                if state["vulnerable"] and "sass" in body:
                    answer = {
                        "sass": [
                            {
                                "id": 1,
                                "url": "https://example.org/advisory/1",
                                "title": "A made-up advisory",
                                "severity": "high",
                                "vulnerable_versions": "<99.0.0",
                                "cwe": [],
                                "cvss": {"score": 7.5, "vectorString": None},
                            }
                        ]
                    }
            else:
                self.send_response(404)
                self.end_headers()
                return
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # npm asks for package metadata it does not need here: none, at once
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_port}"
    yield state
    server.shutdown()
    server.server_close()


def test_unreachable_services_are_reported_as_not_checked_never_as_clean():
    run = audit()
    assert run.returncode == 2, run.stdout + run.stderr
    assert f"Python: could not reach the OSV vulnerability database at {UNREACHABLE}/v1/query" in run.stdout
    assert "npm: could not reach the npm registry's audit service" in run.stdout
    assert run.stdout.count(": not checked") == 2
    assert "no known vulnerabilities" not in run.stdout.lower()


def test_a_service_that_answers_with_something_else_is_not_taken_for_a_clean_audit(services):
    # An index or proxy that answers, but not as the audit service does: still not checked.
    run = audit(OSV_URL=services["url"] + "/not-the-api", npm_config_registry=services["url"] + "/elsewhere/x/")
    assert "HTTP 404" in run.stdout
    assert "no known vulnerabilities" not in run.stdout.lower()
    assert run.returncode == 2


@needs_npm
def test_reachable_services_with_nothing_to_report_say_so(services):
    run = audit(OSV_URL=services["url"] + "/v1/query", npm_config_registry=services["url"] + "/")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Python: no known vulnerabilities in the" in run.stdout
    assert "npm: no known vulnerabilities in package-lock.json" in run.stdout
    assert services["queries"] > 20  # every pinned package was asked about


@needs_npm
def test_known_vulnerabilities_are_listed_and_fail_the_audit(services):
    services["vulnerable"] = True
    run = audit(OSV_URL=services["url"] + "/v1/query", npm_config_registry=services["url"] + "/")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Python: django 6.1.3: PYSEC-2099-1 (fixed in 99.0)" in run.stdout
    assert "npm: sass: high" in run.stdout
    assert "no known vulnerabilities" not in run.stdout.lower()
