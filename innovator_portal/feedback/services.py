"""Writes about feedback on the service."""

from django.db import transaction
from django.utils import timezone

from .models import FEEDBACK_RETENTION, Feedback


@transaction.atomic
def feedback_create(
    *, satisfaction: str, improvement: str, page: str = "", reply_email: str = "", user=None
) -> Feedback:
    """Store one piece of feedback; the signed-in user (if any) is recorded with it."""
    feedback = Feedback(
        satisfaction=satisfaction,
        improvement=improvement,
        page=page,
        reply_email=reply_email,
        user=user if user is not None and user.is_authenticated else None,
    )
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def feedback_prune(*, now=None) -> int:
    """Delete feedback older than the retention period; returns how many were deleted."""
    cutoff = (now or timezone.now()) - FEEDBACK_RETENTION
    deleted, _ = Feedback.objects.filter(created_at__lt=cutoff).delete()
    return deleted
