"""The adviser's review page speaks to the adviser about the company ("their product"), not to the founder."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.review import services
from assessments.templatetags.wording import company_words
from tests.factories import assessment_submitted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("founder_words", "company"),
    [
        ("An NHS buyer could make a decision to adopt your product for routine use.", "adopt their product"),
        ("run a time-limited, well-evaluated pilot with you.", "pilot with them."),
        ("A buyer would still expect you to gather local evidence", "expect them to gather"),
        ("You have credible evidence of benefit", "They have credible evidence"),
        ("Your evidence, assurance and commercial model", "Their evidence"),
        ("A buyer in a new area should be able to adopt you quickly", "adopt them quickly"),
        ("If you're unsure, say so", "If they're unsure"),
    ],
)
def test_founder_words_are_reworded_about_the_company(founder_words, company):
    assert company in company_words(founder_words)


def test_youth_and_layout_are_left_alone():
    assert company_words("Young people's services, laid out for you.") == "Young people's services, laid out for them."


def test_the_review_page_speaks_about_the_company_and_the_results_page_to_the_founder(
    adviser_client, founder, organisation, hin
):
    assessment = assessment_submitted(organisation=organisation, quality="middling")
    services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    review = " ".join(
        adviser_client.get(reverse("adviser_review", args=[assessment.reference])).content.decode().split()
    )
    assert "Close the gaps in their action plan before they approach a site" in review
    assert "They have some of the building blocks" in review
    assert "your action plan" not in review
    for founder_words in ("Why this applies to you", "Why this is in your plan", "you answered “", "you did not tick"):
        assert founder_words not in review
    assert "they answered “" in review
    assert "Why this applies to the company" in review
    assert "Why this is in their plan" in review

    founder_client = Client()
    founder_client.force_login(founder)
    results = founder_client.get(reverse("assessment_results", args=[assessment.reference])).content.decode()
    assert "Close the gaps in your action plan before you approach a site" in " ".join(results.split())
