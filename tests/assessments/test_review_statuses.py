"""The status table: every review status has one label, tag colour and message for each side, and each page
that shows a status shows that row."""

import pytest
from django.urls import reverse

from assessments.review.workflow import STATUSES, ReviewStatus
from tests.factories import ShareFactory

pytestmark = pytest.mark.django_db

TAGS = {
    ReviewStatus.SHARED: "nhsuk-tag--blue",
    ReviewStatus.IN_REVIEW: "nhsuk-tag--yellow",
    ReviewStatus.FEEDBACK_SENT: "nhsuk-tag--green",
    ReviewStatus.CHANGES_REQUESTED: "nhsuk-tag--orange",
}


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_every_status_has_a_row_with_its_label():
    assert set(STATUSES) == set(ReviewStatus.values)
    for status, info in STATUSES.items():
        assert info.label == ReviewStatus(status).label
        assert info.tag == TAGS[status]
        assert info.founder_message
        assert info.adviser_message


@pytest.mark.parametrize("status", ReviewStatus.values)
def test_the_founder_sees_the_status_tag_and_its_message(status, founder_client, submitted, hin):
    ShareFactory(assessment=submitted, hin=hin, status=status)
    page = text(founder_client.get(reverse("assessment_results", args=[submitted.reference])))
    info = STATUSES[status]
    assert f'<strong class="nhsuk-tag {info.tag}">{info.label}</strong>' in page
    assert info.founder_message.format(hin=hin.name) in page


@pytest.mark.parametrize("status", ReviewStatus.values)
def test_the_adviser_sees_the_status_tag_on_the_queue_and_the_review(status, adviser_client, submitted, hin):
    ShareFactory(assessment=submitted, hin=hin, status=status)
    info = STATUSES[status]
    tag = f'<strong class="nhsuk-tag {info.tag}">{info.label}</strong>'
    assert tag in text(adviser_client.get(reverse("adviser_queue")))
    review = text(adviser_client.get(reverse("adviser_review", args=[submitted.reference])))
    assert tag in review
    assert info.adviser_message in review
