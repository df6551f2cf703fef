"""Faults underneath the pages: the database failing in the middle of a save, the PDF renderer failing,
the mail server refusing. Each leaves the data whole and the user with a clear page, never a 500."""

import io
import logging
import re
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.urls import reverse

from assessments.models import Answer, Assessment, ReportFile, SectionRevision
from assessments.reports import render
from assessments.review.models import ReviewEvent
from assessments.review.workflow import ReviewStatus
from assessments.views.founder import SAVE_FAILED
from tests.factories import AssessmentFactory, assessment_submitted, review_every_area, section_page_url

pytestmark = pytest.mark.django_db

SECTION = "clinical_evidence"


def real_database_error(*args, **kwargs):
    """Fail as the database itself would: on PostgreSQL this also aborts the transaction in progress."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM table_that_is_not_there")
    raise AssertionError("the query above fails")


# A database error in the middle of saving a section ----------------------------------------------

BEFORE = {"evidence_primary_outcome": "Healing time", "evidence_plan_12_months": "yes", "evidence_patients_count": 3}
# Changes one answer, adds one and clears one: an update, an insert and a delete.
TYPED = {"evidence_primary_outcome": "Readmissions <within> 30 days", "evidence_independence": "peer_reviewed"}


@pytest.fixture
def draft(organisation, founder_client):
    draft = AssessmentFactory(organisation=organisation)
    url = section_page_url(draft, SECTION, "evidence_primary_outcome")
    assert founder_client.post(url, {"revision": 0, "action": "later", **BEFORE}).status_code == 302
    return draft


def checked_radio(html, name):
    """The value of the radio button of `name` that the page shows selected."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and re.search(r"\schecked\b", tag):
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def answers(draft):
    return dict(Answer.objects.filter(assessment=draft).values_list("question_key", "value"))


def test_a_database_error_midway_through_a_section_save_saves_nothing_and_keeps_what_was_typed(
    founder_client, draft, caplog
):
    url = section_page_url(draft, SECTION, "evidence_primary_outcome")
    before = answers(draft)
    updated_at = Assessment.objects.get(pk=draft.pk).updated_at

    # bulk_update runs after the revision moved on, a cleared answer was deleted and a new one inserted.
    with (
        mock.patch.object(Answer.objects, "bulk_update", side_effect=real_database_error) as failing,
        caplog.at_level(logging.ERROR),
    ):
        response = founder_client.post(url, {"revision": 1, "action": "later", **TYPED})

    assert failing.called
    assert response.status_code == 503
    html = response.content.decode()
    assert "There is a problem" in html
    assert SAVE_FAILED in html
    assert 'value="Readmissions &lt;within&gt; 30 days"' in html
    assert checked_radio(html, "evidence_independence") == "peer_reviewed"
    assert "Traceback" not in html
    # All or nothing: the revision, the deleted, inserted and changed answers are as they were.
    assert answers(draft) == before
    assert SectionRevision.objects.get(assessment=draft, domain_key=SECTION).revision == 1
    assert Assessment.objects.get(pk=draft.pk).updated_at == updated_at
    assert draft.reference in caplog.text

    # Once the database is back, the same form saves.
    response = founder_client.post(url, {"revision": 1, "action": "later", **TYPED})
    assert response.status_code == 302
    assert answers(draft) == TYPED  # the section's other questions were cleared: they were left blank


def test_a_database_error_on_the_first_write_of_a_section_is_refused_the_same_way(founder_client, organisation):
    draft = AssessmentFactory(organisation=organisation)
    url = section_page_url(draft, SECTION, "evidence_primary_outcome")
    with mock.patch.object(SectionRevision.objects, "get_or_create", side_effect=DatabaseError("connection lost")):
        response = founder_client.post(url, {"revision": 0, **TYPED})
    assert response.status_code == 503
    assert SAVE_FAILED in response.content.decode()
    assert not SectionRevision.objects.filter(assessment=draft).exists()
    assert not answers(draft)


# The PDF renderer failing ----------------------------------------------------------------------


@pytest.fixture
def submitted(organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    return assessment_submitted(organisation=organisation, quality="middling")


class PrinterFault:
    """Stands in for WeasyPrint's printing (slow, and tested elsewhere): fails while `broken`."""

    def __init__(self):
        self.broken = True

    def __call__(self, *, html):
        if self.broken:
            raise OSError("No space left on device")
        assert "<html" in html
        return b"%PDF-1.7\n% stand-in\n%%EOF\n"


def test_a_report_render_failure_shows_a_retry_button_and_retrying_works_once_the_fault_is_gone(
    founder_client, submitted, monkeypatch, caplog
):
    printer = PrinterFault()
    monkeypatch.setattr(render, "html_to_pdf", printer)
    report_url = reverse("assessment_report", args=[submitted.reference])
    retry_url = reverse("assessment_report_retry", args=[submitted.reference])

    failed = founder_client.get(report_url)

    assert failed.status_code == 503
    html = failed.content.decode()
    assert "Sorry, your report could not be made" in html
    assert f'action="{retry_url}"' in html
    assert "Try again" in html
    assert "No space left on device" not in html  # the cause is in the log, with the reference
    assert submitted.reference in caplog.text
    assert founder_client.get(report_url).status_code == 503  # looking again does not hide the failure
    assert ReportFile.objects.get(assessment=submitted).status == ReportFile.Status.FAILED

    printer.broken = False
    retried = founder_client.post(retry_url)

    assert retried.status_code == 302
    assert retried["Location"] == report_url
    download = founder_client.get(report_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert ReportFile.objects.get(assessment=submitted).status == ReportFile.Status.READY


# The mail server refusing --------------------------------------------------------------------------


def test_an_email_failure_keeps_the_review_move_and_its_event_and_records_the_error(
    adviser_client, adviser, in_review, founder, caplog, django_capture_on_commit_callbacks
):
    review_every_area(share=in_review, adviser=adviser)
    url = reverse("adviser_review_transition", args=[in_review.assessment.reference])
    refused = smtplib.SMTPException("451 4.3.0 Mail server temporarily rejected message")
    mail.outbox.clear()

    with (
        mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=refused) as send,
        django_capture_on_commit_callbacks(execute=True),
        caplog.at_level(logging.ERROR),
    ):
        response = adviser_client.post(url, {"to_status": ReviewStatus.FEEDBACK_SENT, "note": "Well done"})

    assert send.called
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == ReviewStatus.FEEDBACK_SENT
    event = ReviewEvent.objects.filter(share=in_review).last()
    assert (event.from_status, event.to_status, event.note) == (
        ReviewStatus.IN_REVIEW,
        ReviewStatus.FEEDBACK_SENT,
        "Well done",
    )
    assert event.notified_at is None
    assert event.notification_error.startswith("SMTPException: 451 4.3.0")
    assert in_review.assessment.reference in caplog.text
    assert not mail.outbox

    # The adviser's page says the feedback was sent; the email goes once the mail server is back.
    page = adviser_client.get(response["Location"]).content.decode()
    assert "Your feedback has been sent" in page
    call_command("notifications_retry", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [[founder.email]]
    event.refresh_from_db()
    assert event.notified_at is not None
    assert event.notification_error == ""


@pytest.mark.parametrize(
    "fault",
    [smtplib.SMTPException("451 4.3.0 Mail server temporarily rejected message"), ConnectionRefusedError(111, "")],
    ids=["refused", "unreachable"],
)
def test_an_email_failure_while_inviting_a_colleague_says_so_and_keeps_the_earlier_invitation(
    founder_client, founder, organisation, fault, caplog
):
    from innovator_portal.organisations import services as organisation_services
    from innovator_portal.organisations.models import Invitation

    earlier = organisation_services.invitation_create(
        organisation=organisation, invited_by=founder, email="sam@example.org"
    )
    url = reverse("invitation_create", args=[organisation.pk])

    with (
        mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=fault),
        caplog.at_level(logging.ERROR),
    ):
        response = founder_client.post(url, {"email": "Sam@example.org"})

    assert response.status_code == 503
    page = response.content.decode()
    assert "There is a problem" in page
    assert "We could not send the invitation email to sam@example.org just now" in page
    assert 'value="Sam@example.org"' in page  # what was typed is still there
    assert list(Invitation.objects.all()) == [earlier]  # the link already sent still works
    assert "Could not send the invitation email" in caplog.text


@pytest.mark.parametrize(
    "fault",
    [smtplib.SMTPException("451 4.3.0 Mail server temporarily rejected message"), ConnectionRefusedError(111, "")],
    ids=["refused", "unreachable"],
)
def test_an_email_failure_on_sign_up_or_password_reset_says_so_and_keeps_the_account(client, fault, caplog):
    from django.contrib.auth import get_user_model

    from tests.factories import PASSWORD, UserFactory

    existing = UserFactory()
    with (
        mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=fault),
        caplog.at_level(logging.ERROR),
    ):
        signup = client.post(
            reverse("account_signup"),
            {
                "full_name": "Sam Jones",
                "email": "new.founder@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            follow=True,
        )
        client.logout()
        reset = client.post(reverse("account_reset_password"), {"email": existing.email}, follow=True)

    assert signup.status_code == 200
    assert "We could not send the email to new.founder@example.org just now" in signup.content.decode()
    assert get_user_model().objects.filter(email="new.founder@example.org").exists()
    assert reset.status_code == 200
    assert f"We could not send the email to {existing.email} just now" in reset.content.decode()
    assert caplog.text.count("Could not send the account email") == 2
