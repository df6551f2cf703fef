"""Second opinions: the adviser reviewing a share asks a colleague of the same network to rate its areas too.
Both advisers' ratings are kept, neither overwrites the other, and where they are far apart the first adviser
sees it before sending their feedback."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from innovator_portal.mail import email_build

from ..permissions import can_give_second_opinion, can_request_second_opinion
from .models import AdviserRating, AuditAction, SecondOpinion, SecondOpinionArea, Share, rating_needs_reason
from .selectors import adviser_hin_id
from .services import audit_record

logger = logging.getLogger("assessments.review")

# Ratings further apart than this many steps (Yes against No) are shown to the first adviser before sending.
FAR_APART = 1


class SecondOpinionRefused(Exception):
    """A second opinion that cannot be asked for or given, with the reason in words."""


# Reads -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpinionRatings:
    """A second opinion asked for on a share, with the colleague's name and their rating of each area."""

    opinion: SecondOpinion
    name: str
    areas: dict[str, SecondOpinionArea]  # domain key -> the colleague's rating; empty until given


def second_opinions_of_share(*, share: Share) -> list[OpinionRatings]:
    """The second opinions asked for on a share, oldest first, with their colleagues and ratings: two queries
    always, however many colleagues and areas (none asked for included)."""
    opinions = list(
        SecondOpinion.objects.filter(share=share)
        .select_related("adviser", "requested_by")
        .order_by("requested_at", "pk")
    )
    areas: dict[int, dict[str, SecondOpinionArea]] = {}
    for area in SecondOpinionArea.objects.filter(opinion__share=share).order_by("domain_key"):
        areas.setdefault(area.opinion_id, {})[area.domain_key] = area
    return [OpinionRatings(opinion, adviser_name(opinion.adviser), areas.get(opinion.pk, {})) for opinion in opinions]


def second_opinion_for_adviser(*, user, reference: str) -> SecondOpinion:
    """The second opinion asked of `user` on an assessment shared with their network, or 404 (not asked of
    them, another network's, withdrawn or not shared)."""
    return get_object_or_404(
        SecondOpinion.objects.filter(
            adviser=user, share__hin_id=adviser_hin_id(user), share__withdrawn_at__isnull=True
        ).select_related(
            "share__assessment__organisation",
            "share__assessment__framework_version",
            "share__hin",
            "requested_by",
        ),
        share__assessment__reference=reference,
    )


@dataclass(frozen=True, slots=True)
class RatingDifference:
    """An area the first adviser and a colleague rated more than one step apart."""

    domain_key: str
    domain_title: str
    yours: str
    colleague_name: str
    theirs: str
    their_comment: str


def adviser_name(user) -> str:
    if user is None:
        return "A former adviser"
    return user.get_full_name() or user.email


def rating_differences(*, reviews, opinions: list[OpinionRatings], domains) -> list[RatingDifference]:
    """The areas (of `domains`, in order) where a given second opinion is more than one step from the first
    adviser's rating (`reviews`: domain key -> DomainReview)."""
    differences = []
    for domain in domains:
        review = reviews.get(domain.key)
        if review is None or review.rating is None:
            continue
        for given in opinions:
            area = given.areas.get(domain.key)
            if area is not None and abs(area.rating - review.rating) > FAR_APART:
                differences.append(
                    RatingDifference(
                        domain_key=domain.key,
                        domain_title=domain.title,
                        yours=AdviserRating(review.rating).label,
                        colleague_name=given.name,
                        theirs=AdviserRating(area.rating).label,
                        their_comment=area.comment,
                    )
                )
    return differences


# Writes ------------------------------------------------------------------------------------------------


@transaction.atomic
def second_opinion_request(*, adviser, share: Share, colleague, note: str = "") -> SecondOpinion:
    """Ask a colleague of the share's network for a second review; they are emailed and see it in their
    queue. Audited."""
    locked = Share.objects.select_for_update().get(pk=share.pk)
    decision = can_request_second_opinion(adviser, locked, colleague)
    if not decision:
        raise SecondOpinionRefused(decision.reason)
    if SecondOpinion.objects.filter(share=locked, adviser=colleague).exists():
        raise SecondOpinionRefused(f"You have already asked {adviser_name(colleague)} for a second opinion.")
    opinion = SecondOpinion.objects.create(share=locked, adviser=colleague, requested_by=adviser, note=note.strip())
    audit_record(
        actor=adviser,
        action=AuditAction.SECOND_OPINION_REQUESTED,
        assessment=locked.assessment,
        hin=locked.hin,
        share=locked.pk,
        colleague=colleague.pk,
    )
    Share.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    transaction.on_commit(lambda: _notify(opinion.pk))
    return opinion


@transaction.atomic
def second_opinion_give(*, adviser, opinion: SecondOpinion, areas: dict[str, dict]) -> SecondOpinion:
    """Save a colleague's second opinion: each area's rating (`areas`: domain key -> {"rating", "comment"}),
    with a comment for anything but Yes. Saving again replaces their own earlier ratings, never the first
    adviser's. Audited."""
    Share.objects.select_for_update().get(pk=opinion.share_id)
    decision = can_give_second_opinion(adviser, opinion)
    if not decision:
        raise SecondOpinionRefused(decision.reason)
    rows = []
    for key, values in areas.items():
        rating, comment = values["rating"], (values.get("comment") or "").strip()
        if rating not in AdviserRating.values:
            raise ValueError(f"Unknown rating {rating!r}.")
        if rating_needs_reason(rating) and not comment:
            raise ValueError("A rating below Yes needs to say what is not ready yet.")
        rows.append(SecondOpinionArea(opinion=opinion, domain_key=key, rating=rating, comment=comment))
    SecondOpinionArea.objects.filter(opinion=opinion).delete()
    SecondOpinionArea.objects.bulk_create(rows)
    first_given = opinion.given_at is None
    opinion.given_at = timezone.now()
    opinion.save(update_fields=["given_at"])
    Share.objects.filter(pk=opinion.share_id).update(updated_at=timezone.now())
    audit_record(
        actor=adviser,
        action=AuditAction.SECOND_OPINION_GIVEN,
        assessment=opinion.share.assessment,
        hin=opinion.share.hin,
        share=opinion.share_id,
        ratings={row.domain_key: row.rating for row in rows},
    )
    if first_given:
        transaction.on_commit(lambda: _notify(opinion.pk, given=True))
    return opinion


# The email ---------------------------------------------------------------------------------------------


def _notify(opinion_id: int, *, given: bool = False) -> None:
    try:
        second_opinion_notify.enqueue(opinion_id, given)
    except Exception:  # a broken queue must not break the request that asked or gave
        logger.exception("Could not queue the email for second opinion %s", opinion_id)


@task
def second_opinion_notify(opinion_id: int, given: bool = False) -> bool:
    """Email the colleague asked for a second opinion or, once `given`, the adviser who asked; returns whether
    it was sent (a failure is logged)."""
    opinion = SecondOpinion.objects.select_related(
        "share__assessment__organisation", "share__hin", "adviser", "requested_by"
    ).get(pk=opinion_id)
    recipient = opinion.requested_by if given else opinion.adviser
    if recipient is None or not recipient.email:
        return True
    share = opinion.share
    reference = share.assessment.reference
    path = (
        reverse("adviser_feedback_check", args=[reference])
        if given
        else reverse("adviser_second_opinion", args=[reference])
    )
    message = email_build(
        template="second_opinion_given" if given else "second_opinion_requested",
        context={
            "opinion": opinion,
            "share": share,
            "assessment": share.assessment,
            "organisation": share.assessment.organisation,
            "hin": share.hin,
            "requested_by": adviser_name(opinion.requested_by),
            "colleague": adviser_name(opinion.adviser),
            "link": settings.SITE_URL.rstrip("/") + path,
        },
        to=[recipient.email],
    )
    try:
        message.send()
    except Exception:
        logger.exception("Second opinion email for assessment %s could not be sent", reference)
        return False
    return True
