"""The review workflow, declared in one place: which status can follow which, and what to call it."""

from dataclasses import dataclass

from django.db import models


class ReviewStatus(models.TextChoices):
    SHARED = "shared", "Shared"
    IN_REVIEW = "in_review", "In review"
    FEEDBACK_SENT = "feedback_sent", "Feedback sent"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"


# The statuses of a review still waiting for its network; the others mean the feedback has gone back.
OPEN_STATUSES = (ReviewStatus.SHARED, ReviewStatus.IN_REVIEW)


@dataclass(frozen=True)
class StatusInfo:
    """How a status shows: its label, the NHS.UK tag colour, what the founder and the adviser are told while a
    review is in it, and the adviser's confirmation once they have moved a review into it. `{hin}` and
    `{organisation}` in the messages are the network's and the company's names."""

    status: str
    label: str
    tag: str
    founder_message: str
    adviser_message: str
    moved_message: str = ""
    # The founder's message links to the feedback on the results page.
    founder_reads_feedback: bool = False

    def founder_text(self, *, hin: str) -> str:
        return self.founder_message.format(hin=hin)

    def moved_text(self, *, organisation: str) -> str:
        return (self.moved_message or "The review status has been changed.").format(organisation=organisation)


_FEEDBACK_SENT_TO_ADVISER = "Your feedback has been sent to the company, so it can no longer change."

STATUSES: dict[str, StatusInfo] = {
    info.status: info
    for info in (
        StatusInfo(
            status=ReviewStatus.SHARED,
            label=ReviewStatus.SHARED.label,
            tag="nhsuk-tag--blue",
            founder_message="An adviser will start reviewing it soon. We will email you when they send you their feedback.",
            adviser_message=(
                "Start the review to comment on each area and write your recommendation. The company sees your "
                "comments, ratings and recommendation once you send your feedback."
            ),
        ),
        StatusInfo(
            status=ReviewStatus.IN_REVIEW,
            label=ReviewStatus.IN_REVIEW.label,
            tag="nhsuk-tag--yellow",
            founder_message="An adviser is reviewing it. We will email you when they send you their feedback.",
            adviser_message=(
                "Comment on each area and write your recommendation: what the company does well and what it should "
                "do next. Your rating is your own view of an area: the company sees it beside the computed score, "
                "which it never replaces. Saving keeps everything you have typed on the page. Nothing is sent "
                "until you send your feedback."
            ),
            moved_message="You started the review. You can now comment on each area.",
        ),
        StatusInfo(
            status=ReviewStatus.FEEDBACK_SENT,
            label=ReviewStatus.FEEDBACK_SENT.label,
            tag="nhsuk-tag--green",
            founder_message="Read the feedback from {hin}",
            adviser_message=_FEEDBACK_SENT_TO_ADVISER,
            moved_message="Your feedback has been sent to {organisation}.",
            founder_reads_feedback=True,
        ),
        StatusInfo(
            status=ReviewStatus.CHANGES_REQUESTED,
            label=ReviewStatus.CHANGES_REQUESTED.label,
            tag="nhsuk-tag--orange",
            founder_message="Read the changes {hin} asked for",
            adviser_message=_FEEDBACK_SENT_TO_ADVISER,
            moved_message="{organisation} has been asked for changes.",
            founder_reads_feedback=True,
        ),
    )
}


def status_info(status: str) -> StatusInfo:
    """The table row for `status` (every ReviewStatus has one; a test checks)."""
    return STATUSES[status]


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

    def name(status: str) -> str:
        return STATUSES[status].label if status in STATUSES else status

    if source == to:
        return f"This review is already “{name(to)}”."
    return f"A review that is “{name(source)}” cannot be moved to “{name(to)}”."
