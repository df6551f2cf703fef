"""An expired certificate counts as not in place: scores, gates, barriers, the action plan and the compliance matrix
are computed as if the answer were the item's `when_expired`, judged on the day of submission (today for a draft),
and the answer behind reads with the expiry date. The stored answers never change."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from assessments.compliance import compliance_evaluate
from assessments.evidence.models import Evidence
from assessments.evidence.services import answers_judged
from assessments.framework import framework_get
from assessments.framework.loader import framework_file_read, yaml_parse
from assessments.framework.validator import framework_validate
from assessments.models import Answer, Assessment
from assessments.presenters.results import results_present
from assessments.reports.render import report_pdf_render
from assessments.scoring import score_assessment
from assessments.services import assessment_submit
from tests.factories import AssessmentFactory, EvidenceFactory, ShareFactory, answers_for, assessment_answered
from tests.pdf import pdf_text, squash

pytestmark = pytest.mark.django_db

SUBMITTED_ON = datetime.date(2026, 3, 10)
EXPIRED_ON = datetime.date(2026, 3, 3)
ISSUED_ON = datetime.date(2025, 3, 3)
NOTE = "Cyber Essentials Plus (certificate expired on 3 March 2026)"


def draft_with_cyber_essentials(organisation=None, *, expires_on=EXPIRED_ON, document=True):
    """A draft with the best answers (Cyber Essentials Plus) and, unless `document` is false, its certificate."""
    assessment = AssessmentFactory(**({"organisation": organisation} if organisation else {}))
    assessment_answered(assessment, quality="best", cyber_essentials_level="plus")
    if document:
        EvidenceFactory(
            assessment=assessment, item_key="cyber_essentials_certificate", issued_on=ISSUED_ON, expires_on=expires_on
        )
    return assessment


def submitted_on(assessment, day=SUBMITTED_ON):
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12), tick=False):
        return assessment_submit(assessment=assessment, user=None)


def cyber_action(results):
    return next((action for action in results.actions if action.key == "get_cyber_essentials"), None)


def c3_status(assessment, on=SUBMITTED_ON):
    framework = framework_get(assessment.framework_version)
    answers = {answer.question_key: answer.value for answer in Answer.objects.filter(assessment=assessment)}
    judged = answers_judged(framework, answers, Evidence.objects.filter(assessment=assessment), on=on)
    rows = compliance_evaluate(framework, judged.answers, on=on, labels=judged.notes)
    return next(row for row in rows if row.key == "dtac_c3_technical_security")


def test_an_expired_certificate_at_submission_brings_the_action_lowers_the_score_and_fails_the_criterion():
    expired = submitted_on(draft_with_cyber_essentials())
    current = submitted_on(draft_with_cyber_essentials(expires_on=SUBMITTED_ON + datetime.timedelta(days=200)))
    action = cyber_action(expired.results_record)
    assert action is not None
    assert NOTE in [cause.answer_label for reason in action.reasons for cause in reason.causes]
    assert expired.results["overall"] < current.results["overall"]
    assert c3_status(expired).status == "not_met"
    assert NOTE in [answer.answer_label for answer in c3_status(expired).answers]
    # What the founder said is kept.
    assert Answer.objects.get(assessment=expired, question_key="cyber_essentials_level").value == "plus"


def test_a_certificate_that_has_not_expired_changes_nothing():
    current = submitted_on(draft_with_cyber_essentials(expires_on=SUBMITTED_ON + datetime.timedelta(days=200)))
    assert cyber_action(current.results_record) is None
    assert c3_status(current).status == "met"
    assert "expired on" not in str(current.results)


def test_a_certificate_expiring_on_the_day_of_submission_is_still_in_place():
    current = submitted_on(draft_with_cyber_essentials(expires_on=SUBMITTED_ON))
    assert cyber_action(current.results_record) is None
    assert c3_status(current).status == "met"


def test_an_answer_without_its_document_scores_as_given():
    without = submitted_on(draft_with_cyber_essentials(document=False))
    current = submitted_on(draft_with_cyber_essentials(expires_on=SUBMITTED_ON + datetime.timedelta(days=200)))
    assert without.results["overall"] == current.results["overall"]
    assert cyber_action(without.results_record) is None
    assert c3_status(without).status == "met"


def test_an_expired_document_for_an_answer_that_no_longer_claims_it_changes_nothing():
    assessment = AssessmentFactory()
    assessment_answered(assessment, quality="best", cyber_essentials_level="none")
    EvidenceFactory(
        assessment=assessment, item_key="cyber_essentials_certificate", issued_on=ISSUED_ON, expires_on=EXPIRED_ON
    )
    framework = framework_get(assessment.framework_version)
    answers = {answer.question_key: answer.value for answer in Answer.objects.filter(assessment=assessment)}
    judged = answers_judged(framework, answers, Evidence.objects.filter(assessment=assessment), on=SUBMITTED_ON)
    assert judged.answers == answers
    assert judged.notes == {}


def test_answers_judged_replaces_each_expired_answer_with_its_when_expired_value():
    framework = framework_get(AssessmentFactory().framework_version)
    answers = answers_for(framework, quality="best")
    documents = [
        Evidence(item_key="ico_registration_certificate", expires_on=EXPIRED_ON),
        Evidence(item_key="penetration_test_summary", expires_on=SUBMITTED_ON + datetime.timedelta(days=1)),
    ]
    judged = answers_judged(framework, answers, documents, on=SUBMITTED_ON)
    assert judged.answers["ico_registration"] == "no"
    assert judged.answers["pen_test_last_12_months"] == answers["pen_test_last_12_months"]
    assert judged.notes == {"ico_registration": "Yes (certificate expired on 3 March 2026)"}
    assert answers["ico_registration"] == "yes"


def test_scoring_reads_a_cause_with_the_label_given_and_otherwise_in_the_answers_words():
    framework = framework_get(AssessmentFactory().framework_version)
    answers = {**answers_for(framework, quality="best"), "cyber_essentials_level": "none"}
    labelled = cyber_action(score_assessment(framework, answers, labels={"cyber_essentials_level": NOTE}))
    plain = cyber_action(score_assessment(framework, answers))
    assert labelled is not None
    assert plain is not None
    assert NOTE in [cause.answer_label for reason in labelled.reasons for cause in reason.causes]
    assert NOTE not in [cause.answer_label for reason in plain.reasons for cause in reason.causes]


def test_a_draft_is_judged_today(founder_client, organisation):
    draft = draft_with_cyber_essentials(organisation, expires_on=datetime.date.today() - datetime.timedelta(days=1))
    assert cyber_action(results_present(assessment=draft)) is not None
    fresh = draft_with_cyber_essentials(organisation, expires_on=datetime.date.today())
    assert cyber_action(results_present(assessment=fresh)) is None


def test_the_results_page_and_the_matrix_show_the_expiry_and_the_answers_page_what_was_said(
    founder_client, organisation
):
    assessment = submitted_on(draft_with_cyber_essentials(organisation))
    results = founder_client.get(reverse("assessment_results", args=[assessment.reference])).content.decode()
    assert NOTE in results
    compliance = founder_client.get(
        reverse("assessment_results_compliance", args=[assessment.reference])
    ).content.decode()
    assert NOTE in compliance
    answers = founder_client.get(reverse("assessment_results_answers", args=[assessment.reference])).content.decode()
    assert "Document expired" in answers
    assert NOTE not in answers


def test_the_adviser_review_shows_the_expiry(adviser_client, adviser):
    assessment = submitted_on(draft_with_cyber_essentials())
    ShareFactory(hin=adviser.adviser_profile.hin, assessment=assessment)
    page = adviser_client.get(reverse("adviser_review", args=[assessment.reference])).content.decode()
    assert NOTE in page


def test_the_pdf_action_plan_reads_with_the_expiry_date():
    expired = Assessment.objects.get(pk=submitted_on(draft_with_cyber_essentials()).pk)
    assert squash(NOTE) in squash(pdf_text(report_pdf_render(assessment=expired)))


def test_the_pdf_of_a_current_certificate_has_no_expiry_note():
    current = submitted_on(draft_with_cyber_essentials(expires_on=SUBMITTED_ON + datetime.timedelta(days=200)))
    current = Assessment.objects.get(pk=current.pk)
    text = squash(pdf_text(report_pdf_render(assessment=current)))
    # Scored as in place on the day of submission: no expiry note beside the answer behind the plan or matrix
    # (the document's own mark still says it has expired since, judged on the day the report is made).
    assert "CyberEssentialsPlus(certificateexpiredon" not in text
    assert "CyberEssentialsPlus" in text


# The framework's `when_expired` ------------------------------------------------------------------------------


def framework_data():
    path = Path("assessments/framework/versions/1.1.yaml")
    return yaml_parse(text=path.read_text(), label="1.1.yaml")


def item_of(data, key):
    return next(item for item in data["evidence"] if item["key"] == key)


def test_every_expiring_item_of_1_1_says_what_its_answer_counts_as_once_expired():
    framework = framework_file_read(path="assessments/framework/versions/1.1.yaml").framework
    expiring = [item for item in framework.evidence if item.expires]
    assert expiring
    assert all(item.when_expired is not None for item in expiring)
    assert all(item.when_expired is None for item in framework.evidence if not item.expires)
    assert framework.evidence_by_key["cyber_essentials_certificate"].when_expired == "none"
    assert framework.evidence_by_key["ico_registration_certificate"].when_expired == "no"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "cyber_essentials_certificate",
            "lapsed",
            "when_expired 'lapsed' is not a possible answer to 'cyber_essentials_level' "
            "(its choices are plus, basic, none, dont_know)",
        ),
        (
            "cyber_essentials_certificate",
            "basic",
            "when_expired 'basic' still claims the document (claimed_if holds for it): it must be an answer that "
            "counts as not having it",
        ),
        (
            "ico_registration_certificate",
            False,
            'when_expired must be in quotes, like when_expired: "no", not false',
        ),
        (
            "clinical_safety_case_report",
            "none",
            "when_expired is only for a document that expires (expires: true)",
        ),
    ],
)
def test_the_validator_refuses_a_when_expired_that_does_not_fit(key, value, message):
    data = framework_data()
    item_of(data, key)["when_expired"] = value
    framework, errors = framework_validate(data=data, label="test.yaml")
    assert framework is None
    assert any(error.endswith(message) for error in errors), errors


def test_the_validator_takes_a_when_expired_that_fits():
    data = framework_data()
    item_of(data, "cyber_essentials_certificate")["when_expired"] = "dont_know"
    framework, errors = framework_validate(data=data, label="test.yaml")
    assert errors == []
    assert framework is not None
    assert framework.evidence_by_key["cyber_essentials_certificate"].when_expired == "dont_know"
