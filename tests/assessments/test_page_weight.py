"""Light pages: the results and check-answers pages stay under 1,000 DOM elements for the longest assessment in
the tests (every question shown, the worst answers: every barrier at risk, every gate failed, the longest plan).
Long detail is behind NHS.UK details components or on its own page (the barriers with their evidence, the answers).
The browser's own count, with the elements it adds, is checked in tests/e2e/test_results_page.py."""

import pytest
from django.urls import reverse

from assessments.framework import framework_get
from assessments.models import Answer
from assessments.scoring import score_assessment, visible_questions
from tests.factories import AssessmentFactory, answers_for
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db

LIMIT = 1000


def elements(html: str) -> int:
    """Every element of the page, <html> included, from a parse that fails on unclosed tags."""
    return sum(1 for _ in parse(html).iter())


@pytest.fixture
def longest(submit):
    """The worst answers to every question the widest classification answers show."""
    assessment = submit("worst")
    results = assessment.results_record
    assert all(barrier.level != "low" for barrier in results.barriers), "every barrier at risk"
    assert len(results.actions) >= 40
    return assessment


def test_the_results_page_of_the_longest_assessment_is_under_1000_elements(founder_client, longest):
    html = founder_client.get(reverse("assessment_results", args=[longest.reference])).content.decode()

    assert elements(html) < LIMIT
    # Every step of the plan is still on the page, with what to do.
    assert html.count('class="app-action-plan__item"') == len(longest.results_record.actions)


def test_the_check_answers_page_of_the_longest_assessment_is_under_1000_elements(founder_client, organisation):
    draft = AssessmentFactory(organisation=organisation)
    framework = framework_get(draft.framework_version)
    answers = answers_for(framework, quality="worst")
    shown = set(visible_questions(framework, answers))
    Answer.objects.bulk_create(
        Answer(assessment=draft, question_key=key, value=value) for key, value in answers.items() if key in shown
    )
    assert len(score_assessment(framework, answers).actions) >= 40

    html = founder_client.get(reverse("assessment_check", args=[draft.reference])).content.decode()

    assert elements(html) < LIMIT
    assert html.count('class="nhsuk-summary-list__row"') >= len(shown)
