"""Emails about reviews: the network's advisers on a new share, the founders to confirm the share, and on
feedback or a request for changes. Sent by a task after the review is committed, so a failed send never loses the review:
it is logged, recorded on the event (shown in the admin) and sent again by `manage.py notifications_retry`."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from innovator_portal.mail import email_build

from .models import ReviewEvent, Share
from .workflow import FOUNDER_NOTIFIED, OPEN_STATUSES, ReviewStatus

logger = logging.getLogger("assessments.review")


def notify_event(*, event_id: int) -> None:
    """Queue the email for a review event (sent at once with the default task backend)."""
    try:
        review_event_notify.enqueue(event_id)
    except Exception:  # a broken queue must not break the request that made the review
        logger.exception("Could not queue the email for review event %s", event_id)


@task
def review_event_notify(event_id: int) -> bool:
    """Send the emails for one review event; returns whether they were sent (or none were needed). They are
    sent together, so a retry after a failure sends each of them again."""
    event = ReviewEvent.objects.select_related("share__assessment__organisation", "share__hin").get(pk=event_id)
    if event.notified_at is not None:
        return True
    emails = _emails(event)
    if not emails:
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
        return True
    share = event.share
    context = _context(event=event, share=share)
    messages = [
        email_build(
            template=template,
            context={**context, "link": settings.SITE_URL.rstrip("/") + path},
            to=recipients,
            reply_to=_reply_to(share) if template.startswith("review_") and template != "review_shared" else None,
        )
        for recipients, template, path in emails
    ]
    try:
        for message in messages:
            message.send()
    except Exception as error:
        logger.exception(
            "Email for review event %s of assessment %s could not be sent", event.pk, share.assessment.reference
        )
        event.notification_error = f"{type(error).__name__}: {error}"[:300]
        event.save(update_fields=["notification_error"])
        return False
    event.notified_at = timezone.now()
    event.notification_error = ""
    event.save(update_fields=["notified_at", "notification_error"])
    return True


def _emails(event) -> list[tuple[list[str], str, str]]:
    """The emails an event sends: (recipients, template, path of the link) for each. A new share tells the
    network's advisers and confirms it to the company's members; feedback and requests for changes go to
    the company's members."""
    share = event.share
    reference = share.assessment.reference
    results = reverse("assessment_results", args=[reference])
    members = sorted(share.assessment.organisation.memberships.values_list("user__email", flat=True))
    emails = []
    if event.to_status == ReviewStatus.SHARED:
        advisers = sorted(share.hin.advisers.values_list("user__email", flat=True))
        emails = [
            (advisers, "review_shared", reverse("adviser_review", args=[reference])),
            (members, "share_confirmation", results + "#sharing"),
        ]
    elif event.to_status in FOUNDER_NOTIFIED:
        emails = [(members, f"review_{event.to_status}", results)]
    return [email for email in emails if email[0]]


def _context(*, event, share) -> dict:
    return {
        "event": event,
        "share": share,
        "assessment": share.assessment,
        "organisation": share.assessment.organisation,
        "hin": share.hin,
        "working_days": settings.REVIEW_TYPICAL_WORKING_DAYS,
    }


def _reply_to(share) -> list[str] | None:
    """A company replying to its feedback reaches the network, where the network has given a contact address."""
    return [share.hin.contact_email] if share.hin.contact_email else None


def founder_email_preview(*, share, adviser, to_status: str, note: str) -> tuple[str, str]:
    """The subject and text of the email the company would get if `adviser` sent the review now as `to_status`
    with `note`: the same templates and context as the email itself, for the adviser's check."""
    event = ReviewEvent(
        share=share, actor=adviser, actor_name=adviser.get_full_name(), to_status=to_status, note=note.strip()
    )
    link = settings.SITE_URL.rstrip("/") + reverse("assessment_results", args=[share.assessment.reference])
    message = email_build(
        template=f"review_{to_status}",
        context={**_context(event=event, share=share), "link": link},
        to=[],
        reply_to=_reply_to(share),
    )
    return str(message.subject), str(message.body)


def waiting_reminders_send(*, days: int, now=None) -> tuple[int, int]:
    """Remind advisers of the reviews that have waited more than `days` days since they were shared and are
    still open: the assigned adviser, or every adviser of the network when no one is assigned. A review is
    reminded of again only after another `days` days. Returns (reviews reminded, emails that failed)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    waiting = (
        Share.objects.active()
        .filter(status__in=OPEN_STATUSES, shared_at__lt=cutoff)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=cutoff))
        .select_related("assessment__organisation", "hin", "assigned_to")
        .order_by("shared_at", "pk")
    )
    reminded = failed = 0
    for share in waiting:
        if share.assigned_to is not None and share.assigned_to.is_active:
            recipients = [share.assigned_to.email]
        else:
            recipients = sorted(share.hin.advisers.filter(user__is_active=True).values_list("user__email", flat=True))
        if not recipients:
            continue
        context = {
            "share": share,
            "assessment": share.assessment,
            "organisation": share.assessment.organisation,
            "hin": share.hin,
            "days": (timezone.localtime(now).date() - timezone.localtime(share.shared_at).date()).days,
            "assigned": share.assigned_to,
            "link": settings.SITE_URL.rstrip("/") + reverse("adviser_review", args=[share.assessment.reference]),
        }
        message = email_build(template="review_waiting", context=context, to=recipients)
        try:
            message.send()
        except Exception:
            logger.exception("Reminder for assessment %s could not be sent", share.assessment.reference)
            failed += 1
            continue
        Share.objects.filter(pk=share.pk).update(reminded_at=now)
        reminded += 1
    return reminded, failed
