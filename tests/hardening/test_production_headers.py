"""The security headers and cookies of pages and static files, with what production.py changes applied.

The settings are not copied here: production.py is imported with the environment production needs
(.env.example), and every setting it changes from base.py is applied to the test settings (except
the mail server, which tests never reach). Requests go through the whole middleware stack.
"""

import importlib
import os
import sys
from http.cookies import SimpleCookie
from unittest import mock

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from innovator_portal.settings import base
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOST = "innovator-portal.example"
ORIGIN = f"https://{HOST}"
PRODUCTION_ENVIRONMENT = {
    "SECRET_KEY": "a-test-only-secret-key-that-is-long-enough-for-the-deploy-checks-0123456789",
    "ALLOWED_HOSTS": HOST,
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.innovator-portal.example:587",
}
NOT_APPLIED = {"MAILERS"}


def production_changes() -> dict:
    """The settings production.py sets differently from base.py, read from the module itself."""
    name = "innovator_portal.settings.production"
    sys.modules.pop(name, None)
    with mock.patch.dict(os.environ, PRODUCTION_ENVIRONMENT):
        production = importlib.import_module(name)
    sys.modules.pop(name, None)
    missing = object()
    return {
        setting: getattr(production, setting)
        for setting in dir(production)
        if setting.isupper()
        and setting not in NOT_APPLIED
        and getattr(production, setting) != getattr(base, setting, missing)
    }


@pytest.fixture(scope="module")
def changes():
    changes = production_changes()
    # If production.py stops making these stricter, these tests must fail rather than test nothing.
    assert {"SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"} <= set(changes)
    return changes


@pytest.fixture
def production(changes):
    with override_settings(**changes):
        yield


@pytest.fixture
def browser(production):
    """A client made under production settings (middleware reads them when it is built), checking CSRF."""
    return Client(enforce_csrf_checks=True, HTTP_HOST=HOST, headers={"origin": ORIGIN})


def get(client, path, **kwargs):
    return client.get(path, secure=True, **kwargs)


def csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict([*part.strip().split(" ", 1), ""][:2] for part in policy.split(";") if part.strip())


def assert_secure_headers(response, *, html=True):
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    if html:
        assert response.headers["X-Frame-Options"] == "DENY"
        directives = csp(response)
        assert directives["script-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["default-src"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
        assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


def set_cookies(response) -> SimpleCookie:
    """The cookies the response sets, with their attributes, as a browser reads the Set-Cookie headers."""
    jar = SimpleCookie()
    for morsel in response.cookies.values():
        jar.load(morsel.OutputString())
    return jar


def test_the_home_page_is_served_with_strict_headers(browser):
    response = get(browser, reverse("home"))
    assert response.status_code == 200
    assert_secure_headers(response)


def test_the_login_page_sets_a_host_only_secure_csrf_cookie(browser):
    response = get(browser, reverse("account_login"))
    assert response.status_code == 200
    assert_secure_headers(response)
    csrf = set_cookies(response)["__Host-csrftoken"]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"
    assert csrf["path"] == "/"
    assert not csrf["domain"]  # __Host- cookies must not name a domain


def test_logging_in_sets_a_secure_httponly_samesite_session_cookie_and_founder_pages_keep_the_headers(browser, founder):
    login_page = get(browser, reverse("account_login"))
    token = login_page.context["csrf_token"]
    response = browser.post(
        reverse("account_login"),
        {"login": founder.email, "password": PASSWORD, "csrfmiddlewaretoken": str(token)},
        secure=True,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session = set_cookies(response)["__Host-sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert session["path"] == "/"
    assert not session["domain"]
    assert not session["expires"]  # ends when the browser closes
    assert not session["max-age"]

    page = get(browser, reverse("founder_home"))
    assert page.status_code == 200
    assert_secure_headers(page)


@override_settings(WHITENOISE_USE_FINDERS=True)  # production serves collected files; tests read the sources
def test_static_files_are_served_with_nosniff_and_hsts(production):
    browser = Client(HTTP_HOST=HOST)
    response = get(browser, "/static/js/app.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert_secure_headers(response, html=False)


def test_plain_http_is_redirected_to_https(browser):
    response = browser.get(reverse("home"))
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/"


def test_the_load_balancers_plain_http_probe_of_the_health_check_is_answered_not_redirected(browser):
    response = browser.get(reverse("health"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert browser.get(reverse("health") + "more/").status_code == 301  # nothing else is exempt


def test_https_ended_at_the_proxy_counts_as_https(browser):
    response = browser.get(reverse("home"), headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert_secure_headers(response)
