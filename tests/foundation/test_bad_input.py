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
    assert "Enter a valid email address" in html
