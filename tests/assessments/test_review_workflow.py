"""Sharing, the review state machine, notifications and the audit log, through the services."""

from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command

from assessments.review import services
from assessments.review.csv import csv_cell
from assessments.review.models import AuditEntry, ReviewEvent, Share
from assessments.review.selectors import review_state
from assessments.review.workflow import TRANSITIONS, ReviewStatus, transitions_from
from tests.factories import AdviserFactory, HealthInnovationNetworkFactory, assessment_submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    """A network none of whose advisers the test has made yet."""
    return HealthInnovationNetworkFactory(slug="south-london")


@pytest.fixture
def share(founder, submitted, network):
    return services.share_create(founder=founder, assessment=submitted, hin=network, consent=True)


def test_sharing_needs_consent_a_submitted_assessment_and_no_other_active_share(founder, organisation, network):
    from tests.factories import AssessmentFactory

    draft = AssessmentFactory(organisation=organisation)
    with pytest.raises(services.ShareRefused, match="agree"):
        services.share_create(founder=founder, assessment=draft, hin=network, consent=False)
    with pytest.raises(services.ShareRefused, match="Submit your assessment"):
        services.share_create(founder=founder, assessment=draft, hin=network, consent=True)
    submitted = assessment_submitted(organisation=organisation)
    services.share_create(founder=founder, assessment=submitted, hin=network, consent=True)
    with pytest.raises(services.ShareRefused, match="already shared"):
        services.share_create(
            founder=founder, assessment=submitted, hin=HealthInnovationNetworkFactory(slug="wessex"), consent=True
        )


def test_a_share_records_an_event_and_an_audit_entry(share, founder):
    assert share.status == ReviewStatus.SHARED
    event = ReviewEvent.objects.get(share=share)
    assert (event.actor, event.from_status, event.to_status) == (founder, "", ReviewStatus.SHARED)
    entry = AuditEntry.objects.get(action="shared")
    assert (entry.actor_email, entry.assessment_reference) == (founder.email, share.assessment.reference)


def test_the_networks_advisers_are_emailed_about_a_new_share(
    founder, submitted, network, django_capture_on_commit_callbacks
):
    first, second = AdviserFactory(), AdviserFactory()
    AdviserFactory(profile__hin=HealthInnovationNetworkFactory(slug="wessex"))
    with django_capture_on_commit_callbacks(execute=True):
        share = services.share_create(founder=founder, assessment=submitted, hin=network, consent=True)
    (message,) = [message for message in mail.outbox if first.email in message.to]
    assert sorted(message.to) == sorted([first.email, second.email])
    assert submitted.organisation.name in message.subject
    assert f"/adviser/assessments/{submitted.reference}/" in message.body
    assert message.alternatives[0].mimetype == "text/html"
    assert ReviewEvent.objects.get(share=share).notified_at is not None


@pytest.mark.parametrize(("source", "target"), list(TRANSITIONS))
def test_every_declared_move_is_allowed_and_recorded(share, source, target):
    adviser = AdviserFactory()
    Share.objects.filter(pk=share.pk).update(status=source)
    moved = services.review_transition(adviser=adviser, share=share, to_status=target, note="Looks promising")
    assert moved.status == target
    event = ReviewEvent.objects.filter(share=share).last()
    assert (event.actor, event.from_status, event.to_status, event.note) == (adviser, source, target, "Looks promising")
    assert AuditEntry.objects.filter(action="transitioned", details__to_status=target).exists()


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (source, target)
        for source in ReviewStatus.values
        for target in ReviewStatus.values
        if (source, target) not in TRANSITIONS
    ],
)
def test_every_other_move_is_refused_with_a_message_and_changes_nothing(share, source, target):
    Share.objects.filter(pk=share.pk).update(status=source)
    events = ReviewEvent.objects.count()
    with pytest.raises(services.TransitionRefused, match=r"cannot be moved|already"):
        services.review_transition(adviser=AdviserFactory(), share=share, to_status=target)
    share.refresh_from_db()
    assert share.status == source
    assert ReviewEvent.objects.count() == events


def test_the_founders_are_emailed_when_feedback_is_sent(share, organisation, django_capture_on_commit_callbacks):
    adviser = AdviserFactory()
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.FEEDBACK_SENT, note="Well done")
    (message,) = mail.outbox
    assert message.to == [organisation.memberships.get().user.email]
    assert "Well done" in message.body
    assert f"/assessments/{share.assessment.reference}/results/" in message.body


def test_a_failed_email_keeps_the_review_is_logged_and_is_sent_again_later(
    share, django_capture_on_commit_callbacks, caplog
):
    adviser = AdviserFactory()
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("mail server down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.CHANGES_REQUESTED)
    share.refresh_from_db()
    assert share.status == ReviewStatus.CHANGES_REQUESTED
    event = ReviewEvent.objects.filter(share=share).last()
    assert event.notified_at is None
    assert "mail server down" in event.notification_error
    assert share.assessment.reference in caplog.text
    mail.outbox.clear()
    call_command("notifications_retry")
    assert len(mail.outbox) == 1
    event.refresh_from_db()
    assert event.notified_at is not None


def test_comments_are_only_taken_while_the_review_is_in_progress(share):
    adviser = AdviserFactory()
    with pytest.raises(services.ReviewLocked, match="Start the review"):
        services.domain_review_save(
            adviser=adviser, share=share, domain_key="codesign", comment="x", rating=None, rationale=""
        )
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    services.domain_review_save(
        adviser=adviser, share=share, domain_key="codesign", comment="Good", rating=3, rationale="Users involved"
    )
    with pytest.raises(ValueError, match="not ready yet"):
        services.domain_review_save(
            adviser=adviser, share=share, domain_key="codesign", comment="", rating=2, rationale=" "
        )
    # Yes needs no reason.
    services.domain_review_save(adviser=adviser, share=share, domain_key="value", comment="", rating=3, rationale="")
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.FEEDBACK_SENT)
    with pytest.raises(services.ReviewLocked, match="feedback has been sent"):
        services.recommendation_save(adviser=adviser, share=share, recommendation="Changed my mind")


def test_withdrawing_removes_access_at_once_and_is_recorded(share, founder):
    services.share_withdraw(founder=founder, share=share)
    assert not Share.objects.for_hin(share.hin_id).exists()
    assert AuditEntry.objects.filter(action="withdrawn", assessment=share.assessment).exists()
    with pytest.raises(services.TransitionRefused, match="withdrawn"):
        services.review_transition(adviser=AdviserFactory(), share=share, to_status=ReviewStatus.IN_REVIEW)


def test_a_retake_after_changes_were_requested_is_linked_to_the_old_share(share, founder, network):
    from assessments.services import assessment_retake, assessment_submit
    from tests.factories import assessment_answered

    adviser = AdviserFactory()
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.CHANGES_REQUESTED)
    retake = assessment_retake(founder=founder, previous=share.assessment)
    retake.answers.all().delete()
    assessment_answered(retake, quality="best")
    retake = assessment_submit(assessment=retake, user=founder)
    new_share = services.share_create(founder=founder, assessment=retake, hin=network, consent=True)
    assert new_share.replaces == share


def test_the_review_state_for_the_report_changes_when_feedback_is_sent(share):
    adviser = AdviserFactory()
    assert review_state(assessment=share.assessment) == ""
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    assert review_state(assessment=share.assessment) == ""
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.FEEDBACK_SENT)
    assert review_state(assessment=share.assessment).startswith(f"{share.pk}:feedback_sent:")


def test_audit_entries_and_review_events_cannot_be_changed_or_deleted(share):
    entry = AuditEntry.objects.first()
    entry.action = "viewed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    event = ReviewEvent.objects.first()
    event.note = "rewritten"
    with pytest.raises(PermissionError):
        event.save()


def test_the_admin_shows_the_audit_log_read_only_and_exports_it(admin_client, share):
    response = admin_client.get("/admin/assessments/auditentry/")
    assert response.status_code == 200
    assert share.assessment.reference in response.content.decode()
    assert admin_client.get(f"/admin/assessments/auditentry/{AuditEntry.objects.first().pk}/delete/").status_code == 403
    export = admin_client.post(
        "/admin/assessments/auditentry/",
        {"action": "export_csv", "_selected_action": list(AuditEntry.objects.values_list("pk", flat=True))},
    )
    assert export.streaming
    body = b"".join(export.streaming_content).decode()
    assert share.assessment.reference in body


@pytest.mark.parametrize("value", ["=SUM(A1:A9)", "+44 20", "-1", "@cmd", "\tx", "\rx"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(value):
    assert csv_cell(value) == "'" + value


def test_the_workflow_offers_the_right_moves():
    assert [to for to, _ in transitions_from(ReviewStatus.SHARED)] == [ReviewStatus.IN_REVIEW]
    assert {to for to, _ in transitions_from(ReviewStatus.IN_REVIEW)} == {
        ReviewStatus.FEEDBACK_SENT,
        ReviewStatus.CHANGES_REQUESTED,
    }
    assert transitions_from(ReviewStatus.FEEDBACK_SENT) == []


def test_deleting_a_founders_account_keeps_the_audit_log_under_a_pseudonym(share, founder):
    from innovator_portal.accounts.services import account_delete

    account_delete(user=founder)
    entry = AuditEntry.objects.get(action="shared")
    assert entry.actor is None
    assert entry.assessment_reference == share.assessment.reference
    assert entry.actor_email.startswith(services.PSEUDONYM_PREFIX)


def test_cohort_totals_follow_shares_and_withdrawals_and_can_be_rebuilt(founder, organisation, network):
    from assessments.review.insights import cohort_insights
    from assessments.review.models import CohortRollup

    first = services.share_create(
        founder=founder, assessment=assessment_submitted(organisation=organisation), hin=network, consent=True
    )
    services.share_create(
        founder=founder,
        assessment=assessment_submitted(organisation=organisation, quality="worst"),
        hin=network,
        consent=True,
    )
    assert cohort_insights(hin_id=network.pk).count == 2
    services.share_withdraw(founder=founder, share=first)
    incremental = cohort_insights(hin_id=network.pk)
    assert incremental.count == 1
    assert {s.key: s.count for s in incremental.stages if s.count} == {"early": 1}
    CohortRollup.objects.all().delete()
    call_command("insights_rebuild")
    assert cohort_insights(hin_id=network.pk) == incremental
