"""The compliance matrix (its page, the results page's summary of it and the adviser's review) marks each answer
that claims a document: not evidenced, document expired or document attached (verified by a network, or not
acceptable to it); its summary line counts the answers not evidenced. Statuses and scores do not change."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.evidence.models import Verification
from assessments.framework import framework_get
from assessments.models import Assessment
from assessments.presenters.compliance import compliance_present
from assessments.selectors import assessment_answers
from tests.factories import EvidenceFactory, HealthInnovationNetworkFactory, ShareFactory, assessment_submitted
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DPIA = "Data protection impact assessment (DPIA)"
# The row of the data protection criterion has the DPIA answer (which claims the DPIA document) behind it.
ROW = "compliance-dtac_c2_data_protection"


def matrix_page(client, assessment):
    return parse(client.get(reverse("assessment_results_compliance", args=[assessment.reference])).content.decode())


def answer_item(tree, row_id: str, question_text: str) -> str:
    """The text of one answer in a row of the matrix."""
    items = [item.text for item in tree.by_id(row_id).find_all("li") if question_text in item.text]
    assert len(items) == 1, items
    return " ".join(items[0].split())


def dpia_question(assessment) -> str:
    return framework_get(assessment.framework_version).question_by_key["dpia_completed"].text


def test_an_answer_that_claims_a_document_without_one_is_not_evidenced_in_the_matrix(founder_client, submit):
    assessment = submit("best")
    statuses = {row.key: row.status for row in _matrix(assessment).rows}

    tree = matrix_page(founder_client, assessment)

    answer = answer_item(tree, ROW, dpia_question(assessment))
    assert "Not evidenced" in answer
    assert f"Not attached: {DPIA}" in answer
    assert "Document attached" not in answer
    # The statuses are the answers' own: the same with or without the marks.
    assert {row.key: row.status for row in _matrix(assessment, with_marks=True).rows} == statuses


def test_an_answer_with_its_document_attached_is_not_marked_not_evidenced(founder_client, submit):
    assessment = submit("best")
    EvidenceFactory(assessment=assessment, item_key="dpia_document")

    answer = answer_item(matrix_page(founder_client, assessment), ROW, dpia_question(assessment))

    assert "Document attached" in answer
    assert "Not evidenced" not in answer
    assert "verified by" not in answer


def test_an_answer_that_claims_no_document_has_no_mark(founder_client, submit):
    assessment = submit("best", dpia_completed="in_progress")

    answer = answer_item(matrix_page(founder_client, assessment), ROW, dpia_question(assessment))

    assert "Not evidenced" not in answer
    assert "Document" not in answer


def test_an_expired_document_is_marked_expired(founder_client, submit):
    assessment = submit("best")
    expired_on = TODAY - datetime.timedelta(days=1)
    EvidenceFactory(assessment=assessment, item_key="ico_registration_certificate", expires_on=expired_on)
    question = framework_get(assessment.framework_version).question_by_key["ico_registration"].text

    answer = answer_item(matrix_page(founder_client, assessment), ROW, question)

    assert "Document expired" in answer
    assert f"expired on {expired_on:%-d %B %Y}" in answer
    assert "Not evidenced" not in answer


def test_a_verified_document_says_by_which_network_and_when(founder_client, submit):
    assessment = submit("best")
    hin = HealthInnovationNetworkFactory()
    verified_at = timezone.now() - datetime.timedelta(days=3)
    EvidenceFactory(
        assessment=assessment,
        item_key="dpia_document",
        verification=Verification.VERIFIED,
        verified_hin=hin,
        verified_at=verified_at,
    )

    answer = answer_item(matrix_page(founder_client, assessment), ROW, dpia_question(assessment))

    assert f"verified by {hin.name} on {timezone.localdate(verified_at):%-d %B %Y}" in answer


def test_a_document_an_adviser_found_not_acceptable_says_so(founder_client, submit):
    assessment = submit("best")
    hin = HealthInnovationNetworkFactory()
    EvidenceFactory(
        assessment=assessment,
        item_key="dpia_document",
        verification=Verification.NOT_ACCEPTABLE,
        verification_reason="It is a draft.",
        verified_hin=hin,
        verified_at=timezone.now(),
    )

    answer = answer_item(matrix_page(founder_client, assessment), ROW, dpia_question(assessment))

    assert f"not acceptable to {hin.name}" in answer
    assert "verified by" not in answer


def test_the_summary_line_counts_the_answers_not_evidenced(founder_client, submit):
    assessment = submit("best")
    overall = Assessment.objects.get(pk=assessment.pk).results["overall"]
    before = _matrix(assessment, with_marks=True).evidence_count("missing")
    assert before >= 2

    EvidenceFactory(assessment=assessment, item_key="dpia_document")
    matrix = _matrix(assessment, with_marks=True)

    assert matrix.evidence_count("missing") == before - 1
    line = f"{matrix.summary}; {before - 1} answers not evidenced."
    assert line in matrix_page(founder_client, assessment).text
    results = parse(founder_client.get(reverse("assessment_results", args=[assessment.reference])).content.decode())
    assert line in results.text
    assert Assessment.objects.get(pk=assessment.pk).results["overall"] == overall


def test_the_summary_line_has_no_count_when_no_answer_claims_a_document(founder_client, submit):
    assessment = submit("worst")
    matrix = _matrix(assessment, with_marks=True)
    assert matrix.evidence_summary == ""

    assert "not evidenced" not in matrix_page(founder_client, assessment).text


def test_the_adviser_sees_the_marks_in_the_matrix(adviser_client, adviser):
    share = ShareFactory(hin=adviser.adviser_profile.hin, assessment=assessment_submitted(quality="best"))
    EvidenceFactory(assessment=share.assessment, item_key="clinical_safety_case_report")
    tree = parse(adviser_client.get(reverse("adviser_review", args=[share.assessment.reference])).content.decode())

    assert "Not evidenced" in answer_item(tree, ROW, dpia_question(share.assessment))
    question = framework_get(share.assessment.framework_version).question_by_key["dcb0129_safety_case"].text
    assert "Document attached" in answer_item(tree, "compliance-dtac_c1_clinical_safety", question)


def _matrix(assessment, *, with_marks=False):
    from assessments.evidence.services import assessment_evidence_marks

    framework = framework_get(assessment.framework_version)
    answers = assessment_answers(assessment=assessment)
    marks = assessment_evidence_marks(assessment, framework, answers) if with_marks else None
    return compliance_present(framework=framework, answers=answers, assessment=assessment, evidence=marks)
