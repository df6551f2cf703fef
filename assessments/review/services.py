"""Writes for sharing and reviewing. Each runs in one transaction and records itself in the audit log."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..framework import framework_get
from ..models import Assessment
from ..permissions import assessment_shareable, can_assign, share_movable, share_reviewable, share_sendable
from ..reports.services import report_prepare
from .consent import CONSENT_VERSION
from .models import AuditAction, AuditEntry, DomainReview, MaturityJudgement, ReviewEvent, Share, rating_needs_reason
from .notifications import notify_event
from .rollup import rollup_apply
from .workflow import FOUNDER_NOTIFIED, ReviewStatus, transition_refusal


class ShareRefused(Exception):
    """A share that cannot be made, with the reason in words."""


class TransitionRefused(Exception):
    """A move the workflow does not allow, with the reason in words."""


class AssignmentRefused(Exception):
    """An assignment that cannot be made, with the reason in words."""


class ReviewChanged(Exception):
    """Someone else saved the review after the page being saved was opened."""


def review_revision(*, reviews, recommendation: str, maturity: str = "") -> str:
    """A fingerprint of what a review says (its areas, by domain key -> DomainReview, its recommendation and
    maturity judgement):
    the page carries it, so that saving over a colleague's newer changes is noticed instead of silent."""
    content = sorted(
        (key, review.comment, review.rating, review.not_reviewed, review.rationale) for key, review in reviews.items()
    )
    return hashlib.sha256(repr((content, recommendation, maturity)).encode()).hexdigest()[:16]


class ReviewLocked(Exception):
    """Comments and the recommendation can change only while the review is in progress."""


def _editable(share: Share) -> Share:
    locked = Share.objects.select_for_update().get(pk=share.pk)
    decision = share_reviewable(locked)
    if not decision:
        raise ReviewLocked(decision.reason)
    return locked


def audit_record(*, actor, action: str, assessment: Assessment | None, hin=None, **details) -> AuditEntry:
    """Append one entry to the audit log."""
    return AuditEntry.objects.create(
        actor=actor,
        actor_email=getattr(actor, "email", "") or "",
        action=action,
        assessment=assessment,
        assessment_reference=assessment.reference if assessment else "",
        hin=hin,
        details=details,
    )


PSEUDONYM_PREFIX = "deleted-account-"


def pseudonym_new() -> str:
    """A name for a deleted account in the audit log: the same for all its entries, so they still read as
    one person's, but derived from nothing, so it leads back to nobody."""
    return PSEUDONYM_PREFIX + secrets.token_hex(6)


@transaction.atomic
def account_records_pseudonymise(*, user) -> str:
    """Drop an account's identity from the records that outlive it: its audit entries keep what was done,
    to which assessment and when, under a pseudonym instead of its email address; the review events it
    made keep their moves and notes without its name. Returns the pseudonym."""
    pseudonym = pseudonym_new()
    # The records are otherwise unchangeable (ImmutableModel); this is the one change made to them.
    AuditEntry.objects.filter(actor=user).update(actor=None, actor_email=pseudonym)
    ReviewEvent.objects.filter(actor=user).update(actor=None, actor_name="")
    return pseudonym


def audit_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the audit entries older than the retention period (AUDIT_RETENTION_DAYS); returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _ = AuditEntry.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _event(*, share: Share, actor, from_status: str, to_status: str, note: str = "") -> ReviewEvent:
    event = ReviewEvent.objects.create(
        share=share,
        actor=actor,
        actor_name=actor.get_full_name() if actor else "",
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    transaction.on_commit(lambda: notify_event(event_id=event.pk))
    return event


@transaction.atomic
def share_create(*, founder, assessment: Assessment, hin, consent: bool) -> Share:
    """Share a submitted assessment with one network, after the founder agreed to the consent statement.

    A retake of an assessment whose review asked for changes is linked to that earlier share."""
    if not consent:
        raise ShareRefused("Confirm that you agree to share this assessment")
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    active = Share.objects.active().filter(assessment=locked).select_related("hin").first()
    decision = assessment_shareable(locked, active_share=active)
    if not decision:
        raise ShareRefused(decision.reason)
    replaces = None
    if locked.previous_id:
        replaces = (
            Share.objects.filter(assessment_id=locked.previous_id, status=ReviewStatus.CHANGES_REQUESTED)
            .order_by("-shared_at")
            .first()
        )
    share = Share.objects.create(
        assessment=locked, hin=hin, shared_by=founder, consent_version=CONSENT_VERSION, replaces=replaces
    )
    rollup_apply(share=share, sign=1)
    _event(share=share, actor=founder, from_status="", to_status=ReviewStatus.SHARED)
    audit_record(actor=founder, action=AuditAction.SHARED, assessment=locked, hin=hin, share=share.pk)
    return share


@transaction.atomic
def share_withdraw(*, founder, share: Share) -> Share:
    """Withdraw a share: the network loses access at once; its history stays."""
    locked = Share.objects.select_for_update().get(pk=share.pk)
    if locked.withdrawn_at is None:
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = founder
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        rollup_apply(share=locked, sign=-1)
        audit_record(
            actor=founder, action=AuditAction.WITHDRAWN, assessment=locked.assessment, hin=locked.hin, share=locked.pk
        )
    return locked


@transaction.atomic
def review_transition(*, adviser, share: Share, to_status: str, note: str = "") -> Share:
    """Move a review on, if the workflow allows it from where it is now (checked under a row lock, so
    two advisers moving it at once leave a valid state)."""
    locked = Share.objects.select_for_update().get(pk=share.pk)
    decision = share_movable(locked, to_status)
    if not decision:
        raise TransitionRefused(decision.reason)
    from_status = locked.status
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    _event(share=locked, actor=adviser, from_status=from_status, to_status=to_status, note=note.strip())
    audit_record(
        actor=adviser,
        action=AuditAction.TRANSITIONED,
        assessment=locked.assessment,
        hin=locked.hin,
        share=locked.pk,
        from_status=from_status,
        to_status=to_status,
    )
    if to_status in FOUNDER_NOTIFIED:
        # The report now shows the feedback: render it before the company comes to download it.
        report_prepare(assessment=locked.assessment)
    return locked


@transaction.atomic
def share_assign(*, adviser, share: Share, assignee) -> Share:
    """Assign a review to an adviser of its network (`adviser` may assign it to themselves or to a colleague);
    recorded in the audit log with who it was assigned to before."""
    locked = Share.objects.select_for_update().get(pk=share.pk)
    decision = can_assign(adviser, locked, assignee)
    if not decision:
        raise AssignmentRefused(decision.reason)
    previous = locked.assigned_to_id
    if previous == assignee.pk:
        return locked
    locked.assigned_to = assignee
    locked.save(update_fields=["assigned_to", "updated_at"])
    audit_record(
        actor=adviser,
        action=AuditAction.ASSIGNED,
        assessment=locked.assessment,
        hin=locked.hin,
        share=locked.pk,
        assigned_from=previous,
        assigned_to=assignee.pk,
    )
    return locked


@transaction.atomic
def feedback_send(*, adviser, share: Share, to_status: str, note: str = "") -> Share:
    """Send the review to the company, as feedback or as a request for changes: only when every area is rated
    or marked not reviewed (checked under the row lock, with the review as it is now)."""
    locked = Share.objects.select_for_update().get(pk=share.pk)
    if to_status not in FOUNDER_NOTIFIED:
        raise TransitionRefused(transition_refusal(locked.status, to_status))
    reviews = {review.domain_key: review for review in DomainReview.objects.filter(share=locked)}
    domains = framework_get(locked.assessment.framework_version).domains
    decision = share_sendable(locked, to_status, reviews=reviews, domains=domains)
    if not decision:
        raise TransitionRefused(decision.reason)
    return review_transition(adviser=adviser, share=locked, to_status=to_status, note=note)


@transaction.atomic
def domain_review_save(
    *, adviser, share: Share, domain_key: str, comment: str, rating: int | None, rationale: str
) -> DomainReview:
    """Save an adviser's comment on one area, with an optional rating; anything but Yes needs to say what is
    not ready yet (`rationale`)."""
    if rating_needs_reason(rating) and not rationale.strip():
        raise ValueError("A rating below Yes needs to say what is not ready yet.")
    share = _editable(share)
    review, _ = DomainReview.objects.update_or_create(
        share=share,
        domain_key=domain_key,
        defaults={
            "comment": comment.strip(),
            "rating": rating,
            "not_reviewed": False,
            "rationale": rationale.strip(),
            "updated_by": adviser,
        },
    )
    Share.objects.filter(pk=share.pk).update(updated_at=timezone.now())
    audit_record(
        actor=adviser,
        action=AuditAction.COMMENTED,
        assessment=share.assessment,
        hin=share.hin,
        share=share.pk,
        domain=domain_key,
        rating=rating,
    )
    return review


@transaction.atomic
def review_save(
    *,
    adviser,
    share: Share,
    areas: dict[str, dict],
    recommendation: str,
    maturity: str | None = None,
    revision: str | None = None,
) -> list[str]:
    """Save the whole review at once: each area's comment, rating (or that it was not reviewed) and rationale
    (`areas`: domain key -> {"comment", "rating", "not_reviewed", "rationale"}), the recommendation and, unless
    None, the overall maturity judgement ("" for none yet). Only what changed is written and audited; returns
    the keys of the areas that changed."""
    share = _editable(share)
    existing = {review.domain_key: review for review in DomainReview.objects.filter(share=share)}
    current = review_revision(reviews=existing, recommendation=share.recommendation, maturity=share.maturity)
    if revision is not None and revision != current:
        raise ReviewChanged(
            "A colleague has changed this review since you opened it. What you typed is below, not saved yet: "
            "check it against their changes, then save again."
        )
    changed = []
    for key, values in areas.items():
        comment = (values.get("comment") or "").strip()
        rating = values.get("rating")
        not_reviewed = bool(values.get("not_reviewed"))
        rationale = (values.get("rationale") or "").strip()
        if (rating_needs_reason(rating) or not_reviewed) and not rationale:
            raise ValueError("A rating below Yes, or not reviewing an area, needs a reason.")
        if rating is not None and not_reviewed:
            raise ValueError("An area not reviewed has no rating.")
        review = existing.get(key)
        now = (comment, rating, not_reviewed, rationale)
        if review is None and now == ("", None, False, ""):
            continue
        if review is not None and (review.comment, review.rating, review.not_reviewed, review.rationale) == now:
            continue
        DomainReview.objects.update_or_create(
            share=share,
            domain_key=key,
            defaults={
                "comment": comment,
                "rating": rating,
                "not_reviewed": not_reviewed,
                "rationale": rationale,
                "updated_by": adviser,
            },
        )
        audit_record(
            actor=adviser,
            action=AuditAction.COMMENTED,
            assessment=share.assessment,
            hin=share.hin,
            share=share.pk,
            domain=key,
            rating=rating,
            not_reviewed=not_reviewed,
        )
        changed.append(key)
    recommendation = recommendation.strip()
    recommended = recommendation != share.recommendation
    if recommended:
        share.recommendation = recommendation
        audit_record(
            actor=adviser, action=AuditAction.RECOMMENDED, assessment=share.assessment, hin=share.hin, share=share.pk
        )
    judged = maturity is not None and maturity != share.maturity
    if judged:
        if maturity and maturity not in MaturityJudgement.values:
            raise ValueError(f"Unknown maturity judgement {maturity!r}.")
        audit_record(
            actor=adviser,
            action=AuditAction.JUDGED,
            assessment=share.assessment,
            hin=share.hin,
            share=share.pk,
            maturity_from=share.maturity,
            maturity_to=maturity,
        )
        share.maturity = maturity or ""
    if changed or recommended or judged:
        share.save(update_fields=["recommendation", "maturity", "updated_at"])
    return changed


@transaction.atomic
def recommendation_save(*, adviser, share: Share, recommendation: str) -> Share:
    """Save the adviser's overall recommendation."""
    share = _editable(share)
    share.recommendation = recommendation.strip()
    share.save(update_fields=["recommendation", "updated_at"])
    audit_record(
        actor=adviser, action=AuditAction.RECOMMENDED, assessment=share.assessment, hin=share.hin, share=share.pk
    )
    return share


def adviser_viewed(*, adviser, share: Share) -> None:
    """Record that an adviser opened a shared assessment."""
    audit_record(actor=adviser, action=AuditAction.VIEWED, assessment=share.assessment, hin=share.hin, share=share.pk)


def adviser_report_downloaded(*, adviser, share: Share) -> None:
    """Record that an adviser downloaded the PDF report of a shared assessment."""
    audit_record(
        actor=adviser, action=AuditAction.REPORT_DOWNLOADED, assessment=share.assessment, hin=share.hin, share=share.pk
    )


def adviser_evidence_pack_downloaded(*, adviser, share: Share) -> None:
    """Record that an adviser downloaded the evidence pack (report and documents) of a shared assessment."""
    audit_record(
        actor=adviser,
        action=AuditAction.REPORT_DOWNLOADED,
        assessment=share.assessment,
        hin=share.hin,
        share=share.pk,
        download="evidence_pack",
    )
