"""bin/backup-restore-check against the PostgreSQL server on 127.0.0.1:5432 (skipped without one)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bin" / "backup-restore-check"
SERVER = "postgres://postgres@127.0.0.1:5432"
CLIENT_TOOLS = ("pg_dump", "pg_restore", "psql")


def postgres_missing() -> str | None:
    """Why the check cannot run here, or None."""
    missing = [tool for tool in CLIENT_TOOLS if shutil.which(tool) is None]
    if missing:
        return f"PostgreSQL client tools not installed: {', '.join(missing)} (apt-get install postgresql-client)"
    probe = subprocess.run(
        ["psql", "-X", "-At", f"{SERVER}/postgres", "-c", "SELECT 1"], capture_output=True, text=True, timeout=15
    )
    if probe.returncode != 0:
        return f"no PostgreSQL server accepting user postgres at 127.0.0.1:5432: {probe.stderr.strip()[:200]}"
    return None


def script_environment() -> dict[str, str]:
    # The script makes its own databases; the suite's database and settings must not leak into it.
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL" and not key.startswith("DJANGO_")}
    env["PYTHON"] = sys.executable
    return env


def databases() -> list[str]:
    result = subprocess.run(
        ["psql", "-X", "-At", f"{SERVER}/postgres", "-c", "SELECT datname FROM pg_database"],
        capture_output=True,
        text=True,
        timeout=15,
        check=True,
    )
    return result.stdout.split()


def test_backup_is_restored_into_a_fresh_database_with_every_row_and_then_dropped():
    reason = postgres_missing()
    if reason:
        pytest.skip(reason)
    process = subprocess.Popen(
        [str(SCRIPT)], cwd=ROOT, env=script_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output, _ = process.communicate(timeout=240)
    assert process.returncode == 0, output
    assert "manage.py check and a smoke query" in output
    assert "System check identified no issues" in output
    assert "newest submitted: IP-" in output
    assert "restored identically" in output
    # Both the seeded source and the restored copy are gone (the script names them after its process id).
    assert [name for name in databases() if f"_{process.pid}_" in name and name.startswith("backup_check_")] == []


def test_without_the_client_tools_it_says_which_are_missing(tmp_path):
    # A PATH with bash and what the script needs before its check, but no PostgreSQL tools.
    for tool in ("bash", "dirname", "sed"):
        (tmp_path / tool).symlink_to(shutil.which(tool))
    env = {**script_environment(), "PATH": str(tmp_path)}
    result = subprocess.run(
        [shutil.which("bash"), str(SCRIPT)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 3
    assert "needs pg_dump" in result.stderr
    assert "postgresql-client" in result.stderr
