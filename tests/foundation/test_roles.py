import pytest
from django.urls import reverse

from innovator_portal.accounts.roles import Role, role_of
from tests.factories import AdviserFactory, FounderFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_role_of_an_anonymous_visitor_is_none(rf):
    from django.contrib.auth.models import AnonymousUser

    assert role_of(AnonymousUser()) is None


def test_a_user_with_an_adviser_profile_is_an_adviser():
    assert role_of(AdviserFactory()) == Role.ADVISER


def test_a_staff_user_is_an_admin():
    assert role_of(UserFactory(is_staff=True)) == Role.ADMIN


def test_anyone_else_is_a_founder():
    assert role_of(FounderFactory()) == Role.FOUNDER
    assert role_of(UserFactory()) == Role.FOUNDER


def test_the_dashboard_sends_each_role_to_its_home(client):
    client.force_login(FounderFactory())
    assert client.get(reverse("dashboard")).url == reverse("founder_home")
    client.force_login(AdviserFactory(totp=True))
    assert client.get(reverse("dashboard")).url == reverse("adviser_queue")
    client.force_login(UserFactory(is_staff=True))
    assert "Platform administration" in client.get(reverse("dashboard")).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    for name in ["dashboard", "founder_home", "adviser_home", "account_overview", "organisation_create"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_an_adviser_without_an_authenticator_app_is_sent_to_set_one_up(client):
    client.force_login(AdviserFactory())
    response = client.get(reverse("adviser_home"))
    assert response.url == reverse("mfa_activate_totp")
    # allauth asks for the password again before setting up a second factor; the message waits.
    page = client.get(response.url, follow=True)
    assert "Advisers must set up an authenticator app" in page.content.decode()


def test_an_adviser_with_an_authenticator_app_sees_their_network(adviser_client, adviser):
    response = adviser_client.get(reverse("adviser_home"))
    assert response.status_code == 200
    assert adviser.adviser_profile.hin.name in response.content.decode()


def test_an_adviser_sees_colleagues_of_their_own_network_only(adviser_client, adviser):
    colleague = AdviserFactory(full_name="Colleague Same Network")
    AdviserFactory(full_name="Adviser Elsewhere", profile__hin__slug="wessex")
    html = adviser_client.get(reverse("adviser_home")).content.decode()
    assert colleague.full_name in html
    assert "Adviser Elsewhere" not in html


def test_a_founder_gets_not_found_on_adviser_pages(founder_client):
    assert founder_client.get(reverse("adviser_home")).status_code == 404


def test_an_adviser_gets_not_found_on_founder_pages(adviser_client, organisation):
    assert adviser_client.get(reverse("founder_home")).status_code == 404
    assert adviser_client.get(reverse("organisation_create")).status_code == 404
    assert adviser_client.get(reverse("organisation_detail", args=[organisation.pk])).status_code == 404


def test_the_account_page_shows_whether_two_factor_authentication_is_on(client):
    user = UserFactory()
    client.force_login(user)
    assert "Off" in client.get(reverse("account_overview")).content.decode()
    client.force_login(AdviserFactory(totp=True))
    assert "On" in client.get(reverse("account_overview")).content.decode()
