"""The review workflow, declared in one place: which status can follow which, and what to call it."""

from django.db import models


class ReviewStatus(models.TextChoices):
    SHARED = "shared", "Shared"
    IN_REVIEW = "in_review", "In review"
    FEEDBACK_SENT = "feedback_sent", "Feedback sent"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"


# (from, to) -> the adviser's button for that move.
TRANSITIONS: dict[tuple[str, str], str] = {
    (ReviewStatus.SHARED, ReviewStatus.IN_REVIEW): "Start the review",
    (ReviewStatus.IN_REVIEW, ReviewStatus.FEEDBACK_SENT): "Send feedback to the company",
    (ReviewStatus.IN_REVIEW, ReviewStatus.CHANGES_REQUESTED): "Ask the company for changes",
}

# Moves the founder is told about by email.
FOUNDER_NOTIFIED = {ReviewStatus.FEEDBACK_SENT, ReviewStatus.CHANGES_REQUESTED}


def transitions_from(status: str) -> list[tuple[str, str]]:
    """The statuses a review can move to from `status`, with the button text for each."""
    return [(to, label) for (source, to), label in TRANSITIONS.items() if source == status]


def transition_allowed(source: str, to: str) -> bool:
    return (source, to) in TRANSITIONS


def transition_refusal(source: str, to: str) -> str:
    """Why a move is not allowed, in words."""
    names = dict(ReviewStatus.choices)
    if source == to:
        return f"This review is already “{names.get(to, to)}”."
    return f"A review that is “{names.get(source, source)}” cannot be moved to “{names.get(to, to)}”."
