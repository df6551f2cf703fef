"""An adviser's feedback as the company reads it, on the results page and in the PDF report alike.

Built only from a share whose review was sent back (review.selectors.share_with_feedback chooses it):
comments on a review still in progress are the adviser's drafts and never reach this presenter. Each area
the adviser commented on or rated comes in the framework's order, with the score the answers earned beside
the adviser's rating, which never replaces it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from ..framework import framework_get
from ..review.models import AdviserRating, MaturityJudgement
from ..review.selectors import domain_reviews, review_events, share_with_feedback
from ..review.workflow import status_info

__all__ = [
    "AreaDigest",
    "DomainComment",
    "Excerpt",
    "Feedback",
    "FeedbackDigest",
    "excerpt",
    "feedback_digest_present",
    "feedback_for_assessment",
    "feedback_present",
    "feedback_preview",
]


@dataclass(frozen=True, slots=True)
class DomainComment:
    """The adviser's view of one area, beside the score the answers earned (which the rating never replaces)."""

    domain_title: str
    comment: str = ""
    score: float | None = None
    rating_label: str = ""
    rationale: str = ""
    domain_key: str = ""
    not_reviewed: bool = False  # the adviser chose not to review the area; `rationale` says why


@dataclass(frozen=True, slots=True)
class Feedback:
    """The review sent back to the company: who sent it and when, the recommendation, the note sent with it,
    and the comments on each area."""

    hin_name: str
    adviser_name: str  # the sender's name; "" when their account has gone
    status_label: str  # e.g. "Feedback sent", "Changes requested"
    recommendation: str
    sent_at: datetime.datetime | None = None
    domain_comments: Sequence[DomainComment] = ()
    note: str = ""
    status: str = ""
    maturity_label: str = ""  # the adviser's overall judgement; "" when they gave none
    stage_title: str = ""  # the computed readiness stage, which the judgement never replaces


def _domain_comments(*, reviews, framework, results) -> tuple[DomainComment, ...]:
    scores = {domain.key: domain.score for domain in results.domains} if results else {}
    return tuple(
        DomainComment(
            domain_title=domain.title,
            comment=review.comment,
            score=scores.get(domain.key),
            rating_label="Not reviewed"
            if review.not_reviewed
            else (AdviserRating(review.rating).label if review.rating else ""),
            rationale=review.rationale,
            domain_key=domain.key,
            not_reviewed=review.not_reviewed,
        )
        for domain in framework.domains
        if (review := reviews.get(domain.key)) and (review.comment or review.rating or review.not_reviewed)
    )


def _maturity_label(share) -> str:
    return MaturityJudgement(share.maturity).label if share.maturity in MaturityJudgement.values else ""


def feedback_present(*, share, reviews, events, framework, results) -> Feedback:
    """The feedback of `share` (a share whose review was sent back), from its area reviews (domain key ->
    DomainReview), its history (oldest first), the framework it was taken on and its Results record."""
    sent = next((event for event in reversed(events) if event.to_status == share.status), None)
    return Feedback(
        hin_name=share.hin.name,
        adviser_name=(sent.actor_name if sent else "") or "",
        status_label=share.status_info.label,
        recommendation=share.recommendation,
        sent_at=sent.created_at if sent else None,
        note=(sent.note if sent else "") or "",
        status=share.status,
        domain_comments=_domain_comments(reviews=reviews, framework=framework, results=results),
        maturity_label=_maturity_label(share),
        stage_title=results.stage.title if results else "",
    )


def feedback_preview(*, share, reviews, framework, results, adviser, to_status: str, note: str) -> Feedback:
    """The feedback of a review still in progress as the company would read it if `adviser` sent it now as
    `to_status` (feedback sent, or changes requested) with `note`: for the adviser's "Check your feedback"."""
    return Feedback(
        hin_name=share.hin.name,
        adviser_name=adviser.get_full_name(),
        status_label=status_info(to_status).label,
        recommendation=share.recommendation,
        sent_at=timezone.now(),
        note=note.strip(),
        status=to_status,
        domain_comments=_domain_comments(reviews=reviews, framework=framework, results=results),
        maturity_label=_maturity_label(share),
        stage_title=results.stage.title if results else "",
    )


def feedback_for_assessment(*, assessment) -> Feedback | None:
    """The feedback the company can see on `assessment`, or None before any has been sent (three queries)."""
    share = share_with_feedback(assessment=assessment)
    if share is None:
        return None
    return feedback_present(
        share=share,
        reviews=domain_reviews(share=share),
        events=review_events(share=share),
        framework=framework_get(assessment.framework_version),
        results=assessment.results_record,
    )


# The report's core keeps to a page budget: its feedback section shows each text up to these lengths, and the
# whole of every text is in the feedback appendix after the answers. What is not ready yet takes about two
# lines of the report, a comment one and the recommendation three: the longest feedback then takes about a page.
REASON_EXCERPT_CHARS = 200
COMMENT_EXCERPT_CHARS = 100
RECOMMENDATION_EXCERPT_CHARS = 350


@dataclass(frozen=True, slots=True)
class Excerpt:
    """The opening of a text, cut at a word with an ellipsis when it is longer than its limit."""

    text: str
    shortened: bool = False


def excerpt(text: str, limit: int) -> Excerpt:
    """`text` whole when it has at most `limit` characters; otherwise its words up to `limit`, then "…"."""
    text = text.strip()
    if len(text) <= limit:
        return Excerpt(text)
    cut = text[:limit]
    if cut[-1].isalnum() and text[limit].isalnum() and " " in cut:  # the limit falls inside a word: drop it
        cut = cut.rsplit(maxsplit=1)[0]
    return Excerpt(cut.rstrip(" ,;:.") + "…", shortened=True)


@dataclass(frozen=True, slots=True)
class AreaDigest:
    """One area of the feedback as the report's core shows it: the adviser's view, their texts shortened."""

    area: DomainComment
    rationale: Excerpt
    comment: Excerpt


@dataclass(frozen=True, slots=True)
class FeedbackDigest:
    """The feedback as the report's core shows it; `shortened` when some text is only in full in the appendix."""

    recommendation: Excerpt
    areas: tuple[AreaDigest, ...]

    @property
    def shortened(self) -> bool:
        return self.recommendation.shortened or any(
            area.rationale.shortened or area.comment.shortened for area in self.areas
        )


def feedback_digest_present(feedback: Feedback) -> FeedbackDigest:
    """The feedback shortened for the report's core: each text up to its limit, the rest in the appendix."""
    return FeedbackDigest(
        recommendation=excerpt(feedback.recommendation, RECOMMENDATION_EXCERPT_CHARS),
        areas=tuple(
            AreaDigest(
                area=area,
                rationale=excerpt(area.rationale, REASON_EXCERPT_CHARS),
                comment=excerpt(area.comment, COMMENT_EXCERPT_CHARS),
            )
            for area in feedback.domain_comments
        ),
    )
