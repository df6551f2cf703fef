import pytest

from assessments.review import services as review_services
from assessments.review.workflow import ReviewStatus
from tests.factories import assessment_submitted


@pytest.fixture
def in_review(organisation, founder, adviser):
    """A submitted assessment shared with the adviser's network, its review started by the adviser."""
    assessment = assessment_submitted(organisation=organisation, quality="middling")
    share = review_services.share_create(
        founder=founder, assessment=assessment, hin=adviser.adviser_profile.hin, consent=True
    )
    return review_services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
