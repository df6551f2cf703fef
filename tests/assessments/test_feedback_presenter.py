"""One feedback presenter for the results page and the PDF report, built from the share that one selector
chooses; and the results page offers sharing and withdrawal as the permission decisions allow."""

import pytest
from django.urls import reverse

from assessments.presenters.feedback import feedback_for_assessment
from assessments.reports.render import report_pdf_render
from assessments.review import services
from assessments.review.selectors import review_for_founder, share_with_feedback
from assessments.review.workflow import ReviewStatus
from tests.factories import HealthInnovationNetworkFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def sent_back(founder, submitted, hin, adviser):
    share = services.share_create(founder=founder, assessment=submitted, hin=hin, consent=True)
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    services.domain_review_save(
        adviser=adviser,
        share=share,
        domain_key="regulatory",
        comment="Register with the MHRA first.",
        rating=2,
        rationale="No MHRA registration yet.",
    )
    services.recommendation_save(adviser=adviser, share=share, recommendation="Talk to us about a pilot.")
    return services.review_transition(
        adviser=adviser, share=share, to_status=ReviewStatus.CHANGES_REQUESTED, note="Please add the DPIA."
    )


def test_the_page_and_the_report_show_the_same_feedback(founder_client, submitted, sent_back, adviser):
    feedback = feedback_for_assessment(assessment=submitted)
    page = text(founder_client.get(reverse("assessment_results", args=[submitted.reference])))
    report = pdf_text(report_pdf_render(assessment=submitted, feedback=feedback))

    (area,) = feedback.domain_comments
    assert (area.domain_key, area.comment, area.rating_label) == (
        "regulatory",
        "Register with the MHRA first.",
        "Partially",
    )
    assert (feedback.adviser_name, feedback.note) == (adviser.full_name, "Please add the DPIA.")
    for shown in (page, report):
        assert area.domain_title in shown
        assert area.comment in shown
        assert area.rating_label in shown
        assert feedback.recommendation in shown
        assert adviser.full_name in shown
    assert feedback.note in page


def test_one_selector_chooses_the_share_whose_feedback_is_shown(founder, submitted, sent_back, adviser):
    services.share_withdraw(founder=founder, share=sent_back)
    other = HealthInnovationNetworkFactory(slug="east-midlands")
    later = services.share_create(founder=founder, assessment=submitted, hin=other, consent=True)

    assert share_with_feedback(assessment=submitted) == sent_back  # the new share has no feedback yet
    assert review_for_founder(assessment=submitted).feedback == sent_back
    assert later.status == ReviewStatus.SHARED


def test_the_results_page_offers_sharing_or_withdrawal_as_allowed(founder_client, founder, submitted, hin):
    url = reverse("assessment_results", args=[submitted.reference])
    share_url = f'href="{reverse("assessment_share", args=[submitted.reference])}"'
    withdraw_url = f'href="{reverse("assessment_withdraw", args=[submitted.reference])}"'

    page = founder_client.get(url).content.decode()
    assert share_url in page
    assert withdraw_url not in page

    services.share_create(founder=founder, assessment=submitted, hin=hin, consent=True)
    page = founder_client.get(url).content.decode()
    assert share_url not in page
    assert withdraw_url in page
