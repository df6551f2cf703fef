"""Answers in words, the same on every page and in the PDF: money as £5,000, counts with commas, UK dates."""

import datetime

import pytest
from django.urls import reverse

from assessments.framework import framework_get
from assessments.framework.evaluate import answer_label
from tests.factories import assessment_submitted, framework_version_loaded

pytestmark = pytest.mark.django_db


def question(key):
    framework = framework_get(framework_version_loaded())
    return next(q for domain in framework.domains for q in domain.questions if q.key == key)


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("value_upfront_cost", 5000, "£5,000"),
        ("value_upfront_cost", 49.5, "£49.50"),
        ("value_upfront_cost", 1250000.0, "£1,250,000"),
        ("evidence_patients_count", 12000, "12,000 people"),
        ("evidence_sites_count", 3, "3 sites"),
        ("value_roi_months", 7.5, "7.5 months"),
        ("device_certificate_expiry", datetime.date(2029, 3, 31), "31 March 2029"),
    ],
)
def test_an_answer_in_words(key, value, words):
    assert answer_label(question(key), value) == words


def test_check_answers_compliance_and_answers_pages_agree(founder_client, organisation):
    assessment = assessment_submitted(
        organisation=organisation, value_upfront_cost=5000, device_certificate_expiry="2029-03-31"
    )
    pages = {
        name: " ".join(founder_client.get(reverse(name, args=[assessment.reference])).content.decode().split())
        for name in ("assessment_results_answers", "assessment_results_compliance")
    }
    assert "£5,000" in pages["assessment_results_answers"]
    assert "5000 pounds" not in pages["assessment_results_answers"]
    assert "31 March 2029" in pages["assessment_results_compliance"]
    assert "2029-03-31" not in pages["assessment_results_compliance"]


def test_the_product_type_is_named_in_the_framework_words_on_the_profile_and_check_answers(
    founder_client, organisation
):
    from tests.factories import AssessmentFactory, assessment_answered

    assessment = AssessmentFactory(organisation=organisation, product_type="ai")
    assessment_answered(assessment, product_type="ai")
    label = "Software that uses artificial intelligence or machine learning"
    for name in ("assessment_profile", "assessment_check"):
        page = " ".join(founder_client.get(reverse(name, args=[assessment.reference])).content.decode().split())
        assert label in page, name
        assert "AI or machine learning" not in page, name
    start = founder_client.get(reverse("assessment_start")).content.decode()
    assert label in start
