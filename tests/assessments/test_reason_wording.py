"""An option the founder did not tick is worded as what it is wherever a reason is shown: on every framework
version, for results stored before and after the wording changed."""

import pytest
from django.urls import reverse

from assessments.presenters.results import AnswerLine, causes_sentence
from assessments.services import assessment_submit
from tests.factories import AssessmentFactory, assessment_answered, framework_version_of

pytestmark = pytest.mark.django_db

WHOLE_LIFE = "A whole-life cost for the length of the contract"
WHOLE_LIFE_QUESTION = "What do you offer buyers to show value over the whole life of your product?"


def submitted_on(version, *, organisation, founder, **overrides):
    assessment = AssessmentFactory(organisation=organisation, framework_version=framework_version_of(version))
    assessment_answered(assessment, quality="best", user=founder, **overrides)
    return assessment_submit(assessment=assessment, user=founder)


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_a_reason_for_an_option_not_ticked_says_the_founder_did_not_tick_it(
    version, founder_client, organisation, founder
):
    assessment = submitted_on(
        version, organisation=organisation, founder=founder, value_pricing_offer=["outcome_based"]
    )
    page = founder_client.get(reverse("assessment_results", args=[assessment.reference])).content.decode()
    assert "Show the whole-life cost and value of your product" in page
    assert f"you did not tick “{WHOLE_LIFE}” for “{WHOLE_LIFE_QUESTION}”" in page
    assert "you answered “Not selected" not in page
    assert "Not selected: " not in page.split('id="action-build_whole_life_cost_model"')[1].split("</li>")[0]


def test_the_answers_behind_a_reason_share_one_lead_and_an_option_not_ticked_has_its_own():
    causes = (
        AnswerLine("a", "Question A?", "No"),
        AnswerLine("b", "Question B?", "Don't know"),
        AnswerLine("c", "Question C?", "Not selected: Option C"),
        AnswerLine("d", "Question D?", "Yes"),
    )
    assert causes_sentence(causes) == (
        "you answered “No” to “Question A?”; “Don't know” to “Question B?”; "
        "you did not tick “Option C” for “Question C?”; you answered “Yes” to “Question D?”"
    )
