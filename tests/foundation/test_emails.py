"""Every email the service sends, in one layout: a subject that starts with the service name, a plain text
body that opens with the service name and closes with the team's sign-off, the same words as HTML in the
shared layout, and the link the reader needs, in both."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from assessments.review import services as review
from assessments.review.workflow import ReviewStatus
from innovator_portal.organisations import services as organisations
from tests.factories import PASSWORD, AdviserFactory, UserFactory, assessment_submitted

pytestmark = pytest.mark.django_db

SIGN_OFF = "From the Innovator Portal team"
AUTOMATED = "This is an automated email. Please do not reply to it."


def words(text: str) -> str:
    return " ".join(unescape(text).split())


def html_of(message) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def assert_in_the_layout(message, *, subject: str, says: list[str], link: str):
    """The email's subject, both bodies in the layout, what both say, and the link in both."""
    assert message.subject == f"[Innovator Portal] {subject}"
    text, html = message.body, html_of(message)
    assert text.startswith("Innovator Portal\n\n"), text[:40]
    assert text.rstrip().endswith(f"{SIGN_OFF}\n\n{AUTOMATED}"), text[-120:]
    assert '<html lang="en-GB">' in html
    assert re.search(r'<p style="[^"]*color: #005eb8">Innovator Portal</p>', html)
    assert SIGN_OFF in html
    assert AUTOMATED in html
    assert html.count("Innovator Portal</p>") == 1  # the service name once, at the top
    for said in says:
        assert said in words(text), said
        assert said in words(re.sub(r"<[^>]+>", " ", html)), said
    assert link in text
    assert f'href="{link}"' in html


def only(outbox, *, to: str):
    (message,) = [message for message in outbox if to in message.to]
    return message


@pytest.fixture
def shared(founder, organisation, django_capture_on_commit_callbacks):
    adviser = AdviserFactory(full_name="Dr Helen Carter")
    hin = adviser.adviser_profile.hin
    assessment = assessment_submitted(organisation=organisation, quality="middling")
    with django_capture_on_commit_callbacks(execute=True):
        share = review.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    return share, adviser


def site_link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# Account emails (allauth's, in the service's layout) -------------------------------------------------------


def test_the_verification_email(client):
    client.post(
        reverse("account_signup"),
        {"full_name": "Priya Shah", "email": "priya@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    assert_in_the_layout(
        message,
        subject="Confirm your email address",
        says=["Hello Priya Shah,", "Confirm your email address to finish setting up your Innovator Portal account"],
        link=link,
    )


def test_the_password_reset_email(client):
    user = UserFactory(full_name="Sam Jones")

    client.post(reverse("account_reset_password"), {"email": user.email})

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", message.body).group(0)
    assert_in_the_layout(
        message,
        subject="Reset your password",
        says=["Hello Sam Jones,", "Use this link to create a new password", "The link can only be used once."],
        link=link,
    )


def test_every_account_email_gets_the_html_layout(rf):
    """Emails written only as plain text (allauth's) get their HTML from it: paragraphs, with links."""
    from allauth.account.adapter import get_adapter

    request = rf.get("/")
    adapter = get_adapter(request)
    message = adapter.render_mail(
        "account/email/password_changed",
        "sam@example.org",
        {"user": UserFactory(full_name="Sam Jones"), "timestamp": None, "ip": "192.0.2.1", "user_agent": "Firefox"},
    )
    html = html_of(message)
    assert '<p style="font-family: Arial, sans-serif">Your password was changed.</p>' in html
    assert "Hello Sam Jones," in html
    assert html.count(SIGN_OFF) == 1


# The service's own emails ----------------------------------------------------------------------------------


def test_the_invitation_email(founder, organisation):
    invitation = organisations.invitation_create(
        organisation=organisation, invited_by=founder, email="colleague@example.org"
    )

    (message,) = mail.outbox
    assert message.to == ["colleague@example.org"]
    assert_in_the_layout(
        message,
        subject=f"{founder.full_name} has invited you to join {organisation.name}",
        says=[
            "Hello,",
            f"{founder.full_name} has invited you to join {organisation.name} on Innovator Portal",
            "The link works until",
        ],
        link=site_link(reverse("invitation_accept", args=[invitation.token])),
    )


def test_the_share_notification_to_the_networks_advisers(shared):
    share, adviser = shared
    message = only(mail.outbox, to=adviser.email)
    assessment = share.assessment
    assert_in_the_layout(
        message,
        subject=f"{assessment.organisation.name} has shared a readiness assessment with {share.hin.name}",
        says=[
            "Hello,",
            f"has shared the readiness assessment of {assessment.product_name} ({assessment.reference})",
            f"You are receiving this because you are an adviser of {share.hin.name} on Innovator Portal.",
        ],
        link=site_link(reverse("adviser_review", args=[assessment.reference])),
    )


def test_the_share_confirmation_to_the_company(shared, founder):
    share, _ = shared
    message = only(mail.outbox, to=founder.email)
    assessment = share.assessment
    assert_in_the_layout(
        message,
        subject=f"Your assessment of {assessment.product_name} has been shared with {share.hin.name}",
        says=[
            "Hello,",
            f"{founder.full_name} shared the readiness assessment of {assessment.product_name}",
            "What happens next",
            f"You are receiving this because you are a member of {assessment.organisation.name} on Innovator Portal.",
        ],
        link=site_link(reverse("assessment_results", args=[assessment.reference]) + "#sharing"),
    )


@pytest.mark.parametrize(
    ("to_status", "subject", "said"),
    [
        (ReviewStatus.FEEDBACK_SENT, "{hin} has sent feedback on {product}", "and sent you feedback."),
        (
            ReviewStatus.CHANGES_REQUESTED,
            "{hin} has asked for changes to {product}",
            "and asked you to make changes before they go further.",
        ),
    ],
)
def test_the_feedback_and_changes_requested_emails(
    shared, founder, to_status, subject, said, django_capture_on_commit_callbacks
):
    share, adviser = shared
    review.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review.review_transition(adviser=adviser, share=share, to_status=to_status, note="Start with the DTAC.")

    (message,) = mail.outbox
    assert message.to == [founder.email]
    assessment = share.assessment
    assert_in_the_layout(
        message,
        subject=subject.format(hin=share.hin.name, product=assessment.product_name),
        says=[
            "Hello,",
            f"Dr Helen Carter of {share.hin.name} has reviewed the readiness assessment of {assessment.product_name}",
            said,
            "Start with the DTAC.",
            f"You are receiving this because you are a member of {assessment.organisation.name} on Innovator Portal.",
        ],
        link=site_link(reverse("assessment_results", args=[assessment.reference])),
    )
