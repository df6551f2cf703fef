"""The NHS.UK font stack (Arial, the design system's fallback for Frutiger) in the stylesheet and the emails."""

import re

import pytest
from django.conf import settings
from django.core import mail

from assessments.review import services
from assessments.review.workflow import ReviewStatus
from tests.factories import AdviserFactory, HealthInnovationNetworkFactory, assessment_submitted

NHSUK_FONT_STACK = "arial,sans-serif"


def test_the_built_stylesheet_sets_the_nhsuk_font_stack_on_the_page():
    css = (settings.BASE_DIR / "static" / "build" / "css" / "main.css").read_text()
    assert f"html{{font-family:{NHSUK_FONT_STACK}}}" in css
    assert "Frutiger" not in css  # the licensed web font is never requested


def html_body_style(message) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return re.search(r'<body[^>]*style="([^"]*)"', html).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("to_status", [ReviewStatus.SHARED, ReviewStatus.FEEDBACK_SENT, ReviewStatus.CHANGES_REQUESTED])
def test_every_html_email_is_set_in_the_nhsuk_font_stack(
    founder, organisation, to_status, django_capture_on_commit_callbacks
):
    hin = HealthInnovationNetworkFactory(slug="south-london")
    adviser = AdviserFactory(profile__hin=hin)
    assessment = assessment_submitted(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    if to_status != ReviewStatus.SHARED:
        services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.review_transition(adviser=adviser, share=share, to_status=to_status, note="Thank you")
    assert mail.outbox
    for message in mail.outbox:  # a share also sends the company its confirmation
        style = " ".join(html_body_style(message).split())
        assert "font-family: Arial, sans-serif" in style
