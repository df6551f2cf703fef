"""The shared cache: the database cache by default (nothing to run but SQLite), Redis through CACHE_URL.

Settings are read in a fresh interpreter, as an app server reads them at start-up, with the environment given.
The round trip through a real Redis server (127.0.0.1:6379, as in CI) is skipped where none answers.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import override_settings

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/1"
PRINT_CACHES = "from django.conf import settings; import json; print(json.dumps(settings.CACHES['default']))"


def clean_environment(settings_module: str, **extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_"))}
    environment.update(DJANGO_SETTINGS_MODULE=settings_module, **extra)
    return environment


def production_environment(**extra: str) -> dict[str, str]:
    return clean_environment(
        "innovator_portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="innovator-portal.example",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.innovator-portal.example:587",
        CLAMD_SOCKET="/run/clamav/clamd.ctl",
        **extra,
    )


def default_cache(environment: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PRINT_CACHES], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cache_url_redis_gives_djangos_own_redis_cache_at_that_address():
    cache = default_cache(production_environment(CACHE_URL=REDIS_URL))
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == REDIS_URL


def test_without_cache_url_the_cache_is_the_database_table():
    cache = default_cache(clean_environment("innovator_portal.settings.base"))
    assert cache == {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}


def test_check_deploy_with_redis_reports_no_issues():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(CACHE_URL=REDIS_URL),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_cache():
    if not redis_answers():
        pytest.skip("no Redis server answers on 127.0.0.1:6379")
    # Keys of their own, so that nothing else kept in this Redis database is touched.
    prefix = f"test-{uuid.uuid4().hex}"
    redis_settings = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    with override_settings(CACHES={"default": {**redis_settings, "KEY_PREFIX": prefix}}):
        yield caches["default"]
        caches["default"].close()
    # Not cache.clear(), which empties the whole Redis database.
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.mark.django_db
def test_a_session_is_read_from_redis_and_still_ended_by_deleting_its_row(redis_cache, client):
    user = UserFactory()
    client.force_login(user)
    session_key = client.cookies["sessionid"].value
    cached = redis_cache.get(KEY_PREFIX + session_key)
    assert cached is not None
    assert cached["_auth_user_id"] == str(user.pk)

    Session.objects.get(session_key=session_key).delete()  # through Django: its copy leaves the cache too
    assert redis_cache.get(KEY_PREFIX + session_key) is None
