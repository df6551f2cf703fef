import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def production_environment(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="innovator_portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="innovator-portal.example",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.innovator-portal.example:587",
        CLAMD_SOCKET="/run/clamav/clamd.ctl",
        **extra,
    )
    return env


def test_check_deploy_with_production_settings_reports_no_issues():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = production_environment()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "'self' data:"
    assert directives["connect-src"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.django_db
def test_pages_deny_framing_sniffing_and_leaking_referrers(client):
    response = client.get(reverse("home"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style(client):
    html = client.get(reverse("home")).content.decode()
    assert "<script>" not in html
    assert 'script type="module" src="' in html
    assert "style=" not in html


@pytest.mark.django_db
def test_a_form_posted_without_csrf_token_is_refused_with_a_plain_explanation():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "someone@example.org", "password": "x"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_address_shows_the_nhs_styled_not_found_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "nhsuk-header" in html


def test_the_server_error_page_works_without_the_database_and_shows_no_trace(rf):
    from innovator_portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "Traceback" not in html


def test_a_malformed_host_gets_a_bad_request_page_not_a_trace(client):
    response = client.get("/", headers={"host": "bad host!"})
    assert response.status_code == 400
    assert "Traceback" not in response.content.decode()


def test_collected_static_files_get_hashed_names_and_module_imports_are_rewritten(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=production_environment(STATIC_ROOT=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    app_js = list((tmp_path / "js").glob("app.*.js"))
    assert app_js, "the app's JavaScript is served under a hashed name"
    imported = app_js[0].read_text()
    assert "nhsuk-frontend.min." in imported
    assert "nhsuk-frontend.min.js" not in imported, "the import points at the hashed vendor file"
    assert list((tmp_path / "build" / "css").glob("main.*.css"))
