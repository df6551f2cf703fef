"""Reads of feedback about the service."""

from .models import Feedback


def feedback_export(*, user) -> list[dict]:
    """The feedback a user sent while logged in, for their data download."""
    return [
        {
            "sent_at": feedback.created_at,
            "satisfaction": feedback.get_satisfaction_display(),
            "how_we_could_improve": feedback.improvement,
            "page": feedback.page,
            "reply_email": feedback.reply_email,
        }
        for feedback in Feedback.objects.filter(user=user).order_by("created_at")
    ]
