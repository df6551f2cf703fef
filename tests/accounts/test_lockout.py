"""The per-account limit on failed log-ins: the locked-out person is told how to get back in, and admins see
each lock-out in the audit log."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.review.models import AuditAction, AuditEntry
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-and-unusual-passphrase"
WRONG = "wrong-guess"


def attempt(client, email, password=WRONG, ip="203.0.113.9"):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, headers={"x-forwarded-for": ip}
    )


@pytest.fixture(autouse=True)
def trusted_proxy(settings):
    # Each test's attempts come from an address of its choosing.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def lock_out(client, email, ip="203.0.113.9"):
    for _ in range(5):
        assert attempt(client, email, ip=ip).status_code == 200
    return attempt(client, email, ip=ip)


def test_the_lock_out_page_says_a_password_reset_still_works_and_links_to_it(client):
    UserFactory(email="target@example.org")
    response = lock_out(client, "target@example.org")
    assert response.status_code == 429
    html = response.content.decode()
    assert "To log in now, reset your password: the reset link still works" in html
    assert "You can still get back in now" in html
    assert f'<a href="{reverse("account_reset_password")}">reset your password</a>' in html


def test_a_password_reset_during_a_lock_out_lets_the_person_log_in_straight_away(client):
    user = UserFactory(email="target@example.org")
    lock_out(client, "target@example.org", ip="198.51.100.1")
    assert attempt(client, user.email, PASSWORD, ip="198.51.100.2").status_code == 429

    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
    form = client.get(urlsplit(link).path, follow=True)
    assert form.status_code == 200
    done = client.post(form.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302

    response = attempt(client, user.email, NEW_PASSWORD, ip="198.51.100.3")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_lock_out_is_recorded_once_in_the_audit_log_for_admins(admin_client):
    user = UserFactory(email="target@example.org")
    client = Client()
    lock_out(client, "target@example.org", ip="203.0.113.77")
    attempt(client, "target@example.org", ip="203.0.113.78")
    attempt(client, "target@example.org", PASSWORD, ip="203.0.113.79")

    [entry] = AuditEntry.objects.filter(action=AuditAction.ACCOUNT_LOCKED)
    assert entry.actor == user
    assert entry.actor_email == "target@example.org"
    assert entry.assessment is None
    assert entry.details == {"client_ip": "203.0.113.77", "failed_attempts": 5, "locked_for_seconds": 300}

    page = admin_client.get(reverse("admin:assessments_auditentry_changelist"), {"action": "account_locked"})
    assert page.status_code == 200
    assert "Account locked after failed log-ins" in page.content.decode()
    assert "target@example.org" in page.content.decode()


def test_a_lock_out_is_logged_as_a_security_warning(client, caplog):
    user = UserFactory(email="target@example.org")
    with caplog.at_level("WARNING", logger="innovator_portal.security"):
        lock_out(client, "target@example.org")
    [record] = [r for r in caplog.records if r.name == "innovator_portal.security"]
    assert (
        record.getMessage()
        == f"Account {user.pk} locked for up to 300 seconds after 5 failed log-ins; the last from 203.0.113.9"
    )


def test_a_new_lock_out_after_the_last_one_ended_is_recorded_again(client, time_machine):
    UserFactory(email="target@example.org")
    time_machine.move_to(timezone.now(), tick=False)
    lock_out(client, "target@example.org")
    time_machine.shift(301)
    lock_out(client, "target@example.org")
    assert AuditEntry.objects.filter(action=AuditAction.ACCOUNT_LOCKED).count() == 2


def test_attempts_on_an_address_with_no_account_record_nothing(client):
    assert lock_out(client, "nobody@example.org").status_code == 429
    assert not AuditEntry.objects.exists()


def test_too_many_attempts_from_one_address_on_many_accounts_is_not_an_account_lock_out(client):
    for n in range(10):
        UserFactory(email=f"person-{n}@example.org")
        assert attempt(client, f"person-{n}@example.org").status_code == 200
    assert attempt(client, "person-0@example.org").status_code == 429
    assert not AuditEntry.objects.exists()
