"""The administration site asks staff for a second factor, as adviser pages ask advisers."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from innovator_portal.admin_site import SET_UP_SECOND_FACTOR
from tests.factories import PASSWORD, AdviserFactory, UserFactory, add_totp, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_without_authenticator():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.mark.parametrize("path", ["/admin/", "/admin/accounts/user/", "/admin/mfa/authenticator/"])
def test_staff_without_an_authenticator_app_are_refused_the_admin_and_sent_to_set_one_up(
    client, staff_without_authenticator, path
):
    client.force_login(staff_without_authenticator)
    response = client.get(path, follow=True)
    # Setting up a second factor asks for the password again first; the message waits on that page.
    assert [url for url, _ in response.redirect_chain][-2:] == [
        reverse("mfa_activate_totp"),
        f"{reverse('account_reauthenticate')}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F",
    ]
    assert SET_UP_SECOND_FACTOR in response.content.decode()
    assert "Site administration" not in response.content.decode()


def test_staff_without_an_authenticator_app_cannot_change_anything_in_the_admin(client, staff_without_authenticator):
    adviser = AdviserFactory(totp=True)
    client.force_login(staff_without_authenticator)
    response = client.post(f"/admin/accounts/user/{adviser.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    adviser.refresh_from_db()
    assert adviser.is_active


def test_staff_who_set_up_an_authenticator_app_reach_the_admin(client, staff_without_authenticator):
    client.force_login(staff_without_authenticator)
    add_totp(staff_without_authenticator)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Site administration" in response.content.decode()


def test_staff_log_in_to_the_admin_with_their_password_and_a_code(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    secret = add_totp(admin)
    response = client.get("/admin/")
    login = client.get(response.url)
    assert login.status_code == 302
    assert login.url.startswith(reverse("account_login"))

    response = client.post(login.url, {"login": admin.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(response.url, follow=True).request["PATH_INFO"] == "/admin/"
    assert "Site administration" in client.get("/admin/").content.decode()


def test_the_admin_home_page_asks_staff_without_an_authenticator_app_to_set_one_up(client, staff_without_authenticator):
    client.force_login(staff_without_authenticator)
    html = client.get(reverse("dashboard")).content.decode()
    assert "The administration site needs a second factor" in html
    assert reverse("mfa_activate_totp") in html
    assert "Go to the administration site" not in html


def test_the_admin_home_page_links_to_the_admin_for_staff_with_an_authenticator_app(admin_client):
    html = admin_client.get(reverse("dashboard")).content.decode()
    assert reverse("admin:index") in html


def test_a_signed_in_founder_is_refused_the_admin(client):
    client.force_login(UserFactory())
    assert client.get("/admin/login/?next=/admin/").status_code == 403
    assert not list(get_messages(client.get("/admin/login/").wsgi_request))
