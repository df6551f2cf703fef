"""Check your answers: what is still to answer first, the product profile, and each section's answers
behind "View and change", so submitting is near the top."""

import pytest
from django.urls import reverse

from assessments.framework import framework_get
from assessments.models import Answer
from assessments.questionnaire.pages import question_page
from tests.factories import AssessmentFactory, assessment_answered
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(organisation):
    return AssessmentFactory(organisation=organisation, product_name="WoundWatch", intended_users="District nurses")


@pytest.fixture
def framework(draft):
    return framework_get(draft.framework_version)


def check(client, draft):
    response = client.get(reverse("assessment_check", args=[draft.reference]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_questions_still_to_answer_come_first_each_linking_to_its_page(founder_client, draft, framework):
    assessment_answered(draft)
    regulatory = framework.domain_by_key["regulatory"]
    question = regulatory.questions[-1]
    Answer.objects.filter(assessment=draft, question_key=question.key).delete()
    html = check(founder_client, draft)
    callout = parse(html).find(id="still-to-answer")
    assert "1 question still to answer" in callout.text
    link = callout.find("a")
    assert link.text == question.text
    page = question_page(regulatory, question.key)
    assert link.attrs["href"] == (
        reverse("assessment_section_page", args=[draft.reference, "regulatory", page])
        + f"?return=check#question-{question.key}"
    )
    assert html.index("still-to-answer") < html.index("nhsuk-details")
    assert "Continue to submit" not in html


def test_the_product_profile_is_shown_with_a_change_link(founder_client, draft):
    main = parse(check(founder_client, draft)).find("main")
    assert "Product profile" in main.text
    assert "WoundWatch" in main.text
    assert "District nurses" in main.text
    assert "Software or app (not using machine learning or AI)" in main.text  # the framework's words
    profile = reverse("assessment_profile", args=[draft.reference])
    assert any(link.attrs.get("href") == profile for link in main.find_all("a"))


def test_each_section_opens_to_its_answers_with_change_links(founder_client, draft, framework):
    assessment_answered(draft)
    main = parse(check(founder_client, draft)).find("main")
    details = main.find_all("details", cls="nhsuk-details")
    assert len(details) == len(framework.domains)
    for domain, item in zip(framework.domains, details, strict=True):
        assert "View and change" in item.find("summary").text
        assert domain.title in item.find("summary").text
        assert item.find_all("a", cls=None)
    codesign = framework.domain_by_key["codesign"]
    assert any(codesign.questions[0].text in item.text for item in details)


def test_a_complete_assessment_offers_submit_before_the_answers(founder_client, draft):
    assessment_answered(draft)
    html = check(founder_client, draft)
    assert "still-to-answer" not in html
    assert html.index("Continue to submit") < html.index("Product profile")
