import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_after_five_wrong_passwords_logging_in_is_refused_with_429_and_a_clear_message(client):
    UserFactory(email="target@example.org")
    statuses = [
        client.post(reverse("account_login"), {"login": "target@example.org", "password": "wrong-guess"}).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [200] * 5
    response = client.post(reverse("account_login"), {"login": "target@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "too many failed attempts to log in" in response.content.decode()


def test_the_login_limit_is_kept_in_the_shared_database_cache(settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_a_wrong_password_is_explained_without_saying_whether_the_account_exists(client):
    UserFactory(email="known@example.org")
    known = client.post(reverse("account_login"), {"login": "known@example.org", "password": "nope"})
    unknown = client.post(reverse("account_login"), {"login": "unknown@example.org", "password": "nope"})
    assert known.status_code == unknown.status_code == 200
    for response in (known, unknown):
        html = response.content.decode()
        assert "There is a problem" in html
        assert "Traceback" not in html


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two@@example.org", "spaces in@example.org"])
def test_a_malformed_email_at_sign_up_gets_a_clear_message(client, email):
    response = client.post(reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter an email address in the correct format, like name@example.com" in html


def failed_logins(client, count, *, client_ip=None):
    """Failed log-ins to `count` different accounts, optionally from different client addresses."""
    statuses = []
    for n in range(count):
        headers = {"x-forwarded-for": client_ip or f"198.51.100.{n + 1}"}
        response = client.post(
            reverse("account_login"), {"login": f"nobody{n}@example.org", "password": "wrong"}, headers=headers
        )
        statuses.append(response.status_code)
    return statuses


def test_behind_a_trusted_proxy_login_limits_count_each_client_address_separately(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert 429 not in failed_logins(client, 12)
    assert failed_logins(client, 12, client_ip="203.0.113.7")[-1] == 429


def test_the_admin_site_is_logged_in_to_through_the_rate_limited_login_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
