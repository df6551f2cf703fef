"""Emails about reviews: the network's advisers on a new share, the founders to confirm the share, and on
feedback or a request for changes. Sent by a task after the review is committed, so a failed send never loses the review:
it is logged, recorded on the event (shown in the admin) and sent again by `manage.py notifications_retry`."""

from __future__ import annotations

import logging

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from innovator_portal.mail import email_build

from .models import ReviewEvent
from .workflow import FOUNDER_NOTIFIED, ReviewStatus

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
    context = {
        "event": event,
        "share": share,
        "assessment": share.assessment,
        "organisation": share.assessment.organisation,
        "hin": share.hin,
        "working_days": settings.REVIEW_TYPICAL_WORKING_DAYS,
    }
    messages = [
        email_build(
            template=template,
            context={**context, "link": settings.SITE_URL.rstrip("/") + path},
            to=recipients,
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
