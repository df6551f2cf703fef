"""Sessions are read through the shared cache, and the database row stays what counts: a session deleted there,
by logging out or by an operator, no longer signs anyone in, and a lost cache loses no one's session."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD, FounderFactory

pytestmark = pytest.mark.django_db


def signed_in(client) -> bool:
    return client.get(reverse("account_overview")).status_code == 200


def login(client, user) -> str:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client.cookies["sessionid"].value


def test_a_signed_in_page_reads_its_session_from_the_cache_not_the_session_table(client):
    login(client, FounderFactory())
    assert signed_in(client)  # shows (and so removes from the session) the "logged in" message
    with CaptureQueriesContext(connection) as queries:
        assert signed_in(client)
    assert not [query for query in queries if "django_session" in query["sql"]]


def test_a_session_outlives_a_lost_cache_because_the_database_row_is_kept(client):
    login(client, FounderFactory())
    cache.clear()
    assert signed_in(client)


def test_a_session_deleted_from_the_database_no_longer_signs_in_even_when_cached(client):
    founder = FounderFactory()
    key = login(client, founder)
    assert signed_in(client)  # the session is now in the cache
    Session.objects.filter(session_key=key).delete()
    response = client.get(reverse("account_overview"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_revoking_every_session_of_one_user_leaves_other_users_signed_in(client):
    founder, other = FounderFactory(), FounderFactory()
    login(client, founder)
    other_client = Client()
    login(other_client, other)
    assert signed_in(client)
    assert signed_in(other_client)
    founder_sessions = [
        session.pk for session in Session.objects.all() if session.get_decoded().get("_auth_user_id") == str(founder.pk)
    ]
    Session.objects.filter(pk__in=founder_sessions).delete()
    assert not signed_in(client)
    assert signed_in(other_client)


def test_a_logged_out_session_cookie_cannot_be_used_again(client):
    key = login(client, FounderFactory())
    assert client.post(reverse("account_logout")).status_code == 302
    replay = Client()
    replay.cookies["sessionid"] = key
    assert not signed_in(replay)
    assert not Session.objects.filter(session_key=key).exists()


def test_a_deactivated_account_is_signed_out_of_its_cached_session(client):
    founder = FounderFactory()
    login(client, founder)
    assert signed_in(client)
    founder.is_active = False
    founder.save()
    assert not signed_in(client)


def test_changing_the_password_signs_out_the_other_sessions(client):
    founder = FounderFactory()
    login(client, founder)
    assert signed_in(client)
    founder.set_password("a-new-long-password-1")
    founder.save()
    assert not signed_in(client)


def test_clearing_expired_sessions_keeps_current_ones(client):
    login(client, FounderFactory())
    call_command("clearsessions")
    assert signed_in(client)
