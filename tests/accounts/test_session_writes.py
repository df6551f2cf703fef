"""Opening a page writes nothing: not the session (to the database or the cache), not any other row. The
session is saved when something in it changes: logging in, a message to show, an adviser's activity (at most
once a minute)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD, AdviserFactory, AssessmentFactory, assessment_answered

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(client, path) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in captured if query["sql"].lstrip().upper().startswith(WRITES)]


def test_a_founder_opening_a_section_page_again_writes_nothing(client, founder, organisation):
    draft = AssessmentFactory(organisation=organisation)
    assessment_answered(draft)
    client.post(reverse("account_login"), {"login": founder.email, "password": PASSWORD})
    path = reverse("assessment_section", args=[draft.reference, "regulatory"])
    client.get(path)  # the first visit records that the section was opened, and shows the "logged in" message
    assert writes(client, path) == []
    assert writes(client, path) == []


def test_an_adviser_active_within_a_minute_writes_nothing_and_a_minute_later_only_the_session(client, time_machine):
    time_machine.move_to(datetime(2027, 3, 1, 9, 0, tzinfo=UTC), tick=False)
    adviser = AdviserFactory(totp=True)
    client.force_login(adviser)
    client.get(reverse("account_overview"))
    time_machine.shift(timedelta(seconds=30))
    assert writes(client, reverse("account_overview")) == []
    time_machine.shift(timedelta(seconds=31))
    written = writes(client, reverse("account_overview"))
    assert written
    assert all("django_session" in sql or "django_cache" in sql for sql in written)
