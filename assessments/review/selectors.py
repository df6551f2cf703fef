"""Reads for advisers and founders, always scoped: an adviser sees only their network's active shares."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import DomainReview, ReviewEvent, Share
from .workflow import ReviewStatus


def adviser_hin_id(user) -> int:
    """The network an adviser belongs to (advisers have exactly one)."""
    try:
        return user.adviser_profile.hin_id
    except AttributeError as error:  # not an adviser: nothing of a network's is theirs
        raise Http404("This page does not exist.") from error


def shares_for_adviser(*, user):
    """The active shares with the adviser's network, with what the queue shows (no bulky JSON)."""
    return (
        Share.objects.for_hin(adviser_hin_id(user))
        .select_related("assessment__organisation", "assessment__framework_version")
        .defer("assessment__results", "assessment__framework_version__definition")
    )


def share_for_adviser(*, user, reference: str) -> Share:
    """One assessment shared with the adviser's network, or 404 (not shared, withdrawn, or elsewhere)."""
    return get_object_or_404(
        Share.objects.for_hin(adviser_hin_id(user)).select_related(
            "assessment__organisation", "assessment__framework_version", "hin", "replaces__assessment"
        ),
        assessment__reference=reference,
    )


def share_active(*, assessment) -> Share | None:
    """The assessment's current share, if it is shared."""
    return Share.objects.active().filter(assessment=assessment).select_related("hin").first()


def share_with_feedback(*, assessment) -> Share | None:
    """The most recent share of the assessment whose review has been sent back to the company."""
    return (
        Share.objects.filter(
            assessment=assessment, status__in=[ReviewStatus.FEEDBACK_SENT, ReviewStatus.CHANGES_REQUESTED]
        )
        .select_related("hin")
        .order_by("-updated_at")
        .first()
    )


def domain_reviews(*, share: Share) -> dict[str, DomainReview]:
    """The adviser's comments on each area: domain key -> DomainReview."""
    return {review.domain_key: review for review in DomainReview.objects.filter(share=share)}


def review_events(*, share: Share) -> list[ReviewEvent]:
    """The review's history, oldest first."""
    return list(ReviewEvent.objects.filter(share=share).order_by("created_at", "pk"))


def review_state(*, assessment) -> str:
    """A short string that changes whenever feedback the company can see changes (for the report cache)."""
    share = share_with_feedback(assessment=assessment)
    if share is None:
        return ""
    return f"{share.pk}:{share.status}:{share.updated_at.isoformat()}"
