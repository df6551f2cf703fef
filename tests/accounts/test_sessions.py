"""How long a signed-in session lasts: an idle timeout for advisers and admins, an absolute lifetime for all."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, AdviserFactory, FounderFactory, UserFactory, add_totp

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
IDLE_MESSAGE = "For your security, you have been logged out after 30 minutes without using the service"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def staff():
    user = UserFactory(is_staff=True, is_superuser=True)
    add_totp(user)
    return user


def assert_logged_out_to_log_in(client, response, next_path, message):
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={next_path.replace('/', '%2F')}"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert message in page.content.decode()


@pytest.mark.parametrize("make_user", [lambda: AdviserFactory(totp=True), staff], ids=["adviser", "admin"])
def test_advisers_and_admins_are_logged_out_after_30_minutes_without_a_request(client, clock, make_user):
    client.force_login(make_user())
    assert client.get(reverse("account_overview")).status_code == 200
    clock.shift(timedelta(minutes=30, seconds=1))
    response = client.get(reverse("account_overview"))
    assert_logged_out_to_log_in(client, response, reverse("account_overview"), IDLE_MESSAGE)


def test_an_adviser_who_keeps_using_the_service_stays_logged_in(client, clock):
    client.force_login(AdviserFactory(totp=True))
    for _ in range(6):  # three hours, a request every 29 minutes
        clock.shift(timedelta(minutes=29))
        assert client.get(reverse("account_overview")).status_code == 200
    assert "_auth_user_id" in client.session


def test_a_founder_is_not_logged_out_for_being_idle(client, clock):
    client.force_login(FounderFactory())
    clock.shift(timedelta(hours=8))
    assert client.get(reverse("account_overview")).status_code == 200


def test_the_idle_timeout_is_a_setting(client, clock, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 5 * 60
    client.force_login(AdviserFactory(totp=True))
    clock.shift(timedelta(minutes=4))
    assert client.get(reverse("account_overview")).status_code == 200
    clock.shift(timedelta(minutes=5, seconds=1))
    response = client.get(reverse("account_overview"))
    assert_logged_out_to_log_in(client, response, reverse("account_overview"), "logged out after 5 minutes")


def test_every_session_ends_14_days_after_logging_in_however_active(client, clock):
    client.force_login(FounderFactory())
    for _ in range(14):
        clock.shift(timedelta(days=1))
        assert client.get(reverse("account_overview")).status_code == 200
    clock.shift(timedelta(seconds=1))
    response = client.get(reverse("founder_home"))
    assert_logged_out_to_log_in(
        client,
        response,
        reverse("founder_home"),
        "You have been logged out because you logged in more than 14 days ago",
    )


def test_the_absolute_lifetime_counts_from_each_log_in(client, clock):
    founder = FounderFactory()
    client.force_login(founder)
    clock.shift(timedelta(days=13))
    client.logout()
    assert client.post(reverse("account_login"), {"login": founder.email, "password": PASSWORD}).status_code == 302
    clock.shift(timedelta(days=13))
    assert client.get(reverse("account_overview")).status_code == 200


def test_a_form_posted_after_the_idle_timeout_changes_nothing_and_asks_to_log_in_again(client, clock):
    adviser = AdviserFactory(totp=True)
    client.force_login(adviser)
    clock.shift(timedelta(minutes=31))
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_login")
    assert type(adviser).objects.filter(pk=adviser.pk).exists()
    assert IDLE_MESSAGE in client.get(response.url).content.decode()


def test_a_founder_idle_past_the_lifetime_is_logged_out_too(client, clock):
    client.force_login(FounderFactory())
    clock.shift(timedelta(days=14, hours=2))
    response = client.get(reverse("founder_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
