"""Emails about reviews: the network's advisers on a new share, the founders on feedback or a request
for changes. Sent by a task after the review is committed, so a failed send never loses the review:
it is logged, recorded on the event (shown in the admin) and sent again by `manage.py notifications_retry`."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from innovator_portal.mail import email_subject

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
    """Send the email for one review event; returns whether it was sent (or needed none)."""
    event = ReviewEvent.objects.select_related("share__assessment__organisation", "share__hin").get(pk=event_id)
    if event.notified_at is not None:
        return True
    recipients, template = _recipients_and_template(event)
    if not recipients:
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
        return True
    share = event.share
    context = _context(event=event, share=share, link=_link(event))
    subject = email_subject(f"emails/{template}_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        to=recipients,
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    try:
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


def _context(*, event, share, link: str) -> dict:
    return {
        "event": event,
        "share": share,
        "assessment": share.assessment,
        "organisation": share.assessment.organisation,
        "hin": share.hin,
        "site_name": settings.SITE_NAME,
        "link": settings.SITE_URL.rstrip("/") + link,
    }


def founder_email_preview(*, share, adviser, to_status: str, note: str) -> tuple[str, str]:
    """The subject and text of the email the company would get if `adviser` sent the review now as `to_status`
    with `note`: the same templates and context as the email itself, for the adviser's check."""
    event = ReviewEvent(
        share=share, actor=adviser, actor_name=adviser.get_full_name(), to_status=to_status, note=note.strip()
    )
    context = _context(event=event, share=share, link=reverse("assessment_results", args=[share.assessment.reference]))
    template = f"emails/review_{to_status}"
    return email_subject(f"{template}_subject.txt", context), render_to_string(f"{template}.txt", context)


def _recipients_and_template(event) -> tuple[list[str], str]:
    share = event.share
    if event.to_status == ReviewStatus.SHARED:
        emails = share.hin.advisers.select_related("user").values_list("user__email", flat=True)
        return sorted(emails), "review_shared"
    if event.to_status in FOUNDER_NOTIFIED:
        emails = share.assessment.organisation.memberships.values_list("user__email", flat=True)
        return sorted(emails), f"review_{event.to_status}"
    return [], ""


def _link(event) -> str:
    reference = event.share.assessment.reference
    if event.to_status == ReviewStatus.SHARED:
        return reverse("adviser_review", args=[reference])
    return reverse("assessment_results", args=[reference])
