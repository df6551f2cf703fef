"""Review emails: replies to the company's feedback go to its network, and advisers are reminded of reviews
that have waited too long (manage.py review_reminders)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from assessments.review import services
from assessments.review.models import Share
from assessments.review.notifications import waiting_reminders_send
from assessments.review.workflow import ReviewStatus
from tests.factories import AdviserFactory, assessment_submitted, review_every_area

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def share(founder, organisation, hin):
    assessment = assessment_submitted(organisation=organisation, quality="middling")
    return services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)


def waited(share, days):
    Share.objects.filter(pk=share.pk).update(shared_at=NOW - datetime.timedelta(days=days))


@pytest.mark.parametrize(("contact", "reply_to"), [("team@hin.example.org", ["team@hin.example.org"]), ("", [])])
def test_the_company_replies_to_its_networks_contact_address_where_it_has_one(
    share, adviser, hin, founder, contact, reply_to, django_capture_on_commit_callbacks
):
    hin.contact_email = contact
    hin.save()
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    review_every_area(share=share, adviser=adviser)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_send(adviser=adviser, share=share, to_status=ReviewStatus.FEEDBACK_SENT)
    (email,) = mail.outbox
    assert email.to == [founder.email]
    assert email.reply_to == reply_to


def test_the_advisers_email_about_a_new_share_has_no_reply_address(
    founder, organisation, hin, adviser, django_capture_on_commit_callbacks
):
    hin.contact_email = "team@hin.example.org"
    hin.save()
    assessment = assessment_submitted(organisation=organisation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    (to_advisers,) = [email for email in mail.outbox if adviser.email in email.to]
    assert to_advisers.reply_to == []


def test_the_assigned_adviser_is_reminded_of_a_review_waiting_too_long_once_per_period(share, adviser):
    colleague = AdviserFactory()
    Share.objects.filter(pk=share.pk).update(assigned_to=colleague)
    waited(share, 12)
    mail.outbox.clear()

    assert waiting_reminders_send(days=10, now=NOW) == (1, 0)
    (email,) = mail.outbox
    assert email.to == [colleague.email]
    assert (
        email.subject
        == f"[Innovator Portal] {share.assessment.product_name} from {share.assessment.organisation.name} has waited 12 days for review"
    )
    assert f"/adviser/assessments/{share.assessment.reference}/" in email.body
    assert "It is assigned to you." in email.body

    # Not again the next day; again once another period has gone by.
    assert waiting_reminders_send(days=10, now=NOW + datetime.timedelta(days=1)) == (0, 0)
    assert waiting_reminders_send(days=10, now=NOW + datetime.timedelta(days=11)) == (1, 0)


def test_an_unassigned_review_reminds_every_adviser_of_the_network(share, adviser, hin):
    colleague = AdviserFactory()
    waited(share, 15)
    mail.outbox.clear()
    call_command("review_reminders", days=10)
    (email,) = mail.outbox
    assert sorted(email.to) == sorted([adviser.email, colleague.email])
    assert "No one is assigned to it yet" in email.body


@pytest.mark.parametrize("status", [ReviewStatus.FEEDBACK_SENT, ReviewStatus.CHANGES_REQUESTED])
def test_reviews_sent_back_or_recent_or_withdrawn_are_not_reminded(share, adviser, founder, status, settings):
    settings.REVIEW_REMINDER_DAYS = 10
    waited(share, 3)
    mail.outbox.clear()
    call_command("review_reminders")
    Share.objects.filter(pk=share.pk).update(status=status)
    waited(share, 30)
    call_command("review_reminders")
    Share.objects.filter(pk=share.pk).update(status=ReviewStatus.SHARED, withdrawn_at=NOW)
    call_command("review_reminders")
    assert mail.outbox == []
