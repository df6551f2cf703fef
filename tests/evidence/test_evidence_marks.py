"""Beside each answer that claims a document, the answers page of the results and the adviser's review say whether it is
evidenced: attached, not evidenced or expired; the scores do not change."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Assessment
from tests.factories import EvidenceFactory, ShareFactory, assessment_submitted

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def row_of(page: str, question_key: str) -> str:
    start = page.index(f'id="question-{question_key}"')
    return page[start : page.index("</div>", start)]


def test_the_results_page_marks_each_claimed_answer_attached_not_evidenced_or_expired(founder_client, organisation):
    assessment = assessment_submitted(organisation=organisation, quality="best")
    overall = assessment.results["overall"]
    EvidenceFactory(assessment=assessment, item_key="clinical_safety_case_report")
    EvidenceFactory(
        assessment=assessment, item_key="cyber_essentials_certificate", expires_on=TODAY - datetime.timedelta(days=1)
    )
    page = founder_client.get(reverse("assessment_results_answers", args=[assessment.reference])).content.decode()
    assert "Document attached" in row_of(page, "dcb0129_safety_case")
    expired = row_of(page, "cyber_essentials_level")
    assert "Document expired" in expired
    assert f"expired on {TODAY - datetime.timedelta(days=1):%-d %B %Y}" in expired
    assert "Not evidenced" in row_of(page, "dpia_completed")
    assert "Not attached: Data protection impact assessment (DPIA)" in row_of(page, "dpia_completed")
    # A question whose answer claims nothing has no mark.
    assert "evidenced" not in row_of(page, "procurement_reference_sites")
    assert Assessment.objects.get(pk=assessment.pk).results["overall"] == overall


def test_an_answer_that_claims_no_document_is_not_marked(founder_client, organisation):
    assessment = assessment_submitted(organisation=organisation, quality="best", dcb0129_safety_case="in_progress")
    page = founder_client.get(reverse("assessment_results_answers", args=[assessment.reference])).content.decode()
    assert "Not evidenced" not in row_of(page, "dcb0129_safety_case")


def test_the_adviser_sees_the_same_marks(adviser_client, adviser):
    share = ShareFactory(hin=adviser.adviser_profile.hin, assessment=assessment_submitted(quality="best"))
    EvidenceFactory(assessment=share.assessment, item_key="clinical_safety_case_report")
    page = adviser_client.get(reverse("adviser_review", args=[share.assessment.reference])).content.decode()
    assert "Document attached" in row_of(page, "dcb0129_safety_case")
    assert "Not evidenced" in row_of(page, "dpia_completed")
