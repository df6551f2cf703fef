"""The MDN HTTP Observatory's scan of the service under production settings over local TLS (bin/observatory-scan)
passes every test with the top grade."""

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _skip_reason() -> str:
    if os.geteuid() != 0:
        return "binding ports 443 and 80 needs root"
    if any(_listening(port) for port in (443, 80)):
        return "something else listens on port 443 or 80"
    if not (ROOT / "node_modules/@mdn/mdn-http-observatory/src/scan.js").exists():
        return "the HTTP Observatory is not installed (make install)"
    if not os.environ.get("DATABASE_URL", "sqlite").startswith("sqlite"):
        return "the scan makes its own SQLite database: the SQLite run of the suite covers it"
    return ""


@pytest.mark.skipif(bool(_skip_reason()), reason=_skip_reason() or "runs")
def test_the_observatory_grades_the_production_headers_a_plus_with_every_test_passed(tmp_path):
    answer_file = tmp_path / "scan.json"
    # The scan runs the production settings: nothing the test run set for Django (its settings module, the
    # browser tests' DJANGO_ALLOW_ASYNC_UNSAFE) may reach it.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    run = subprocess.run(
        [str(ROOT / "bin/observatory-scan"), "--json", str(answer_file)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    scan = json.loads(answer_file.read_text())
    tests = scan["tests"]
    assert [name for name, test in tests.items() if not test["pass"]] == []
    assert scan["scan"]["grade"] == "A+"
    assert scan["scan"]["score"] >= 130
    assert tests["content-security-policy"]["result"] == "csp-implemented-with-no-unsafe-default-src-none"
    assert tests["cross-origin-resource-policy"]["result"] == "corp-implemented-with-same-origin"
    assert tests["redirection"]["result"] == "redirection-to-https"
    assert f"Score {scan['scan']['score']}, grade A+" in run.stdout
