"""The audit log outlives accounts without their identity, and keeps nothing longer than its retention period."""

import datetime
import importlib
import io

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.review import services
from assessments.review.models import AuditAction, AuditEntry, ReviewEvent
from assessments.review.services import PSEUDONYM_PREFIX
from assessments.review.workflow import ReviewStatus
from innovator_portal.accounts.models import User
from tests.factories import (
    PASSWORD,
    AdviserFactory,
    HealthInnovationNetworkFactory,
    MembershipFactory,
    assessment_submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hin():
    return HealthInnovationNetworkFactory(slug="south-london")


@pytest.fixture
def reviewed(founder, organisation, hin):
    """A founder's share that an adviser viewed and sent feedback on, and that the founder then withdrew."""
    adviser = AdviserFactory(profile__hin=hin, full_name="Ada Adviser")
    share = services.share_create(
        founder=founder, assessment=assessment_submitted(organisation=organisation), hin=hin, consent=True
    )
    services.adviser_viewed(adviser=adviser, share=share)
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.FEEDBACK_SENT, note="Well done")
    services.share_withdraw(founder=founder, share=share)
    return share, adviser


def _identities(user) -> list:
    """Every stored value that would name the user, in the audit log and the review history."""
    values = [*AuditEntry.objects.values_list("actor_email", flat=True)]
    values += [*ReviewEvent.objects.values_list("actor_name", flat=True)]
    return [value for value in values if value and value in (user.email, user.full_name)]


def test_a_deleted_founders_audit_entries_stay_under_one_pseudonym(client, founder, organisation, reviewed):
    share, adviser = reviewed
    MembershipFactory(organisation=organisation)  # a colleague, so that the organisation and its share stay
    before = list(AuditEntry.objects.order_by("pk").values_list("action", "assessment_reference", "created_at"))
    client.force_login(founder)

    response = client.post(reverse("account_delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=founder.pk).exists()
    # Every event is kept: what was done, to which assessment, when.
    after = list(AuditEntry.objects.order_by("pk").values_list("action", "assessment_reference", "created_at"))
    assert after == before
    assert _identities(founder) == []
    founders = AuditEntry.objects.filter(action__in=[AuditAction.SHARED, AuditAction.WITHDRAWN])
    pseudonyms = set(founders.values_list("actor_email", flat=True))
    assert len(pseudonyms) == 1
    (pseudonym,) = pseudonyms
    assert pseudonym.startswith(PSEUDONYM_PREFIX)
    assert founder.email.split("@")[0] not in pseudonym
    # The adviser's entries and name are untouched.
    assert set(AuditEntry.objects.filter(actor=adviser).values_list("actor_email", flat=True)) == {adviser.email}
    assert ReviewEvent.objects.filter(actor=adviser, actor_name="Ada Adviser").count() == 2
    assert ReviewEvent.objects.get(share=share, to_status=ReviewStatus.SHARED).actor_name == ""


def test_two_deleted_accounts_get_different_pseudonyms(reviewed, founder):
    _share, adviser = reviewed
    adviser.delete()
    founder.delete()
    assert len(set(AuditEntry.objects.values_list("actor_email", flat=True))) == 2
    assert not AuditEntry.objects.exclude(actor_email__startswith=PSEUDONYM_PREFIX).exists()


def test_an_adviser_deleted_in_the_admin_leaves_the_review_history_without_their_name(admin_client, reviewed, founder):
    share, adviser = reviewed
    response = admin_client.post(reverse("admin:accounts_user_delete", args=[adviser.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=adviser.pk).exists()
    assert _identities(adviser) == []
    assert ReviewEvent.objects.filter(to_status=ReviewStatus.FEEDBACK_SENT).get().note == "Well done"
    assert AuditEntry.objects.filter(action=AuditAction.VIEWED).get().actor_email.startswith(PSEUDONYM_PREFIX)
    founder_client = Client()
    founder_client.force_login(founder)
    page = founder_client.get(reverse("assessment_results", args=[share.assessment.reference])).content.decode()
    assert "Ada Adviser" not in page


def test_entries_left_by_accounts_deleted_earlier_are_pseudonymised_by_the_migration(reviewed, founder):
    _share, adviser = reviewed
    # As deletion left them before: the account gone, its address and name still in the records.
    AuditEntry.objects.filter(actor=founder).update(actor=None)
    ReviewEvent.objects.update(actor=None)
    migration = importlib.import_module("assessments.migrations.0007_audit_pseudonymise_deleted_accounts")

    migration.pseudonymise(apps, None)

    assert _identities(founder) == []
    assert set(ReviewEvent.objects.values_list("actor_name", flat=True)) == {""}
    assert set(AuditEntry.objects.filter(actor=adviser).values_list("actor_email", flat=True)) == {adviser.email}
    assert len(set(AuditEntry.objects.filter(actor=None).values_list("actor_email", flat=True))) == 1


# Retention ------------------------------------------------------------------------------------------


def _entry(*, days_ago: int) -> AuditEntry:
    with time_machine.travel(timezone.now() - datetime.timedelta(days=days_ago), tick=False):
        return services.audit_record(actor=None, action=AuditAction.VIEWED, assessment=None)


def test_the_audit_log_keeps_entries_two_years_by_default(settings):
    assert settings.AUDIT_RETENTION_DAYS == 730


def test_audit_prune_deletes_entries_older_than_the_retention_period_and_keeps_the_rest():
    old, recent, today = _entry(days_ago=731), _entry(days_ago=729), _entry(days_ago=0)
    out = io.StringIO()

    call_command("audit_prune", stdout=out)

    assert set(AuditEntry.objects.values_list("pk", flat=True)) == {recent.pk, today.pk}
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert out.getvalue().strip() == "1 audit entry older than 730 days deleted"


def test_audit_prune_follows_the_setting(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    _entry(days_ago=31), _entry(days_ago=40), _entry(days_ago=29)
    out = io.StringIO()
    call_command("audit_prune", stdout=out)
    assert AuditEntry.objects.count() == 1
    assert out.getvalue().strip() == "2 audit entries older than 30 days deleted"
