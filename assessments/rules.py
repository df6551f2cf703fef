"""Permission predicates for assessments. Views fetch through the scoped selectors; these say what a
user may do with an assessment they can see."""

from innovator_portal.accounts.roles import is_founder

from .models import Assessment


def can_view_assessment(user, assessment: Assessment) -> bool:
    """Founders of the assessment's organisation."""
    return is_founder(user) and assessment.organisation.memberships.filter(user=user).exists()


def can_edit_assessment(user, assessment: Assessment) -> bool:
    """Founders of the organisation, while the assessment is a draft."""
    return not assessment.is_submitted and can_view_assessment(user, assessment)
