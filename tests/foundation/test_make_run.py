"""`make run` gives the links in emails the address it serves on, unless SITE_URL is set."""

import shutil
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def site_url_served(tmp_path, *variables, environment=None):
    """The SITE_URL that `make run` hands the server, with a stand-in for Python and the set-up steps skipped."""
    python = tmp_path / "python"
    python.write_text('#!/bin/sh\necho "SITE_URL=$SITE_URL"\n')
    python.chmod(0o755)
    env_file = tmp_path / ".env"
    if not env_file.exists():
        env_file.write_text("DEBUG=true\n")
    result = subprocess.run(
        ["make", "-s", "-o", "db", "run", f"PY={python}", f"ENV_FILE={env_file}", *variables],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", **(environment or {})},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()[-1].removeprefix("SITE_URL=")


def test_links_lead_to_the_host_and_port_being_served(tmp_path):
    assert site_url_served(tmp_path) == "http://127.0.0.1:8000"
    assert site_url_served(tmp_path, "PORT=8123") == "http://127.0.0.1:8123"
    assert site_url_served(tmp_path, "HOST=localhost", "PORT=9000") == "http://localhost:9000"


def test_serving_on_every_interface_links_to_this_machine(tmp_path):
    assert site_url_served(tmp_path, "HOST=0.0.0.0", "PORT=8123") == "http://127.0.0.1:8123"


def test_a_site_url_set_in_the_environment_or_the_env_file_is_kept(tmp_path):
    environment = {"SITE_URL": "https://portal.example.org"}
    assert site_url_served(tmp_path, "PORT=8123", environment=environment) == "https://portal.example.org"
    (tmp_path / ".env").write_text("SITE_URL=https://staging.example.org\n")
    # Django reads the file itself; make leaves SITE_URL unset so that the file's value is the one used.
    assert site_url_served(tmp_path, "PORT=8123") == ""
