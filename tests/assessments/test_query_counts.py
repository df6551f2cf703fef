"""Pages run a fixed number of queries, however many questions and answers there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer
from tests.factories import AssessmentFactory, assessment_answered

pytestmark = pytest.mark.django_db

PAGES = {
    "assessment_tasks": (),
    "assessment_section": ("regulatory",),
    "assessment_check": (),
    "assessment_submit": (),
}
# The most each page may run: the session, the user with their adviser profile (for the role), the assessment
# with its organisation and version, and the answers (a section page reads the assessment, its version, that
# section's revision and the answers in one query); the task list also reads which sections have been opened.
# The framework definition is read once per process, then cached.
# The task list also looks up the newest framework version, to offer moving a draft started on an older one.
BUDGET = {"assessment_tasks": 6, "assessment_section": 3, "assessment_check": 4, "assessment_submit": 4}


def queries(client, name, assessment):
    client.get(reverse(name, args=[assessment.reference, *PAGES[name]]))  # warm the framework cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name, args=[assessment.reference, *PAGES[name]]))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", PAGES)
def test_founder_pages_run_the_same_few_queries_with_one_answer_or_all(founder_client, organisation, name):
    few = AssessmentFactory(organisation=organisation)
    many = AssessmentFactory(organisation=organisation)
    assessment_answered(many)
    assert Answer.objects.filter(assessment=many).count() > 80
    count = queries(founder_client, name, few)
    assert queries(founder_client, name, many) == count
    assert count <= BUDGET[name], f"{name} ran {count} queries"


def test_the_dashboard_runs_the_same_queries_for_one_assessment_or_ten(founder_client, organisation):
    AssessmentFactory(organisation=organisation)
    founder_client.get(reverse("founder_home"))
    with CaptureQueriesContext(connection) as one:
        founder_client.get(reverse("founder_home"))
    for _ in range(9):
        AssessmentFactory(organisation=organisation)
    with CaptureQueriesContext(connection) as ten:
        founder_client.get(reverse("founder_home"))
    assert len(one) == len(ten)
