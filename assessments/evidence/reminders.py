"""Reminding founders before an attached certificate expires: 60 and 14 days before (run daily by
`manage.py evidence_reminders`; docs/operations.md)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from innovator_portal.mail import email_build

from ..framework import framework_get
from .models import Evidence

logger = logging.getLogger("assessments.evidence")

REMINDER_DAYS = (60, 14)  # the days before expiry a reminder goes, earliest first


def expiry_reminders_send(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Email the founders of each organisation whose attached document expires within 60 days (then within 14),
    once per threshold (and once for the copies of one document in several assessments, carried over by a
    retake); a document replaced since starts again. Returns (documents reminded, emails failed)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    due = (
        Evidence.objects.filter(expires_on__isnull=False, expires_on__gte=today, expires_on__lte=horizon)
        .select_related("assessment__organisation", "assessment__framework_version")
        # The newest assessment first: a document carried over on a retake is one reminder, about the draft.
        .order_by("expires_on", "-assessment_id", "pk")
    )
    reminded = failed = 0
    sent: set[tuple] = set()
    for document in due:
        if document.expires_on is None:  # excluded by the query; for the type checker
            continue
        days_left = (document.expires_on - today).days
        threshold = min(days for days in REMINDER_DAYS if days_left <= days)
        if document.expiry_reminded is not None and document.expiry_reminded <= threshold:
            continue
        assessment = document.assessment
        same_document = (
            assessment.organisation_id,
            document.item_key,
            document.expires_on,
            document.sha256 or document.link,
        )
        if (same_document, threshold) in sent:
            Evidence.objects.filter(pk=document.pk).update(expiry_reminded=threshold)
            continue
        organisation = assessment.organisation
        recipients = sorted(organisation.memberships.filter(user__is_active=True).values_list("user__email", flat=True))
        if not recipients:
            continue
        item = framework_get(assessment.framework_version).evidence_by_key.get(document.item_key)
        context = {
            "assessment": assessment,
            "organisation": organisation,
            "title": item.title if item is not None else "A document",
            "expires_on": document.expires_on,
            "days_left": days_left,
            "link": settings.SITE_URL.rstrip("/")
            + reverse("assessment_evidence_item", args=[assessment.reference, document.item_key]),
        }
        try:
            email_build(template="evidence_expiring", context=context, to=recipients).send()
        except Exception:
            logger.exception("Expiry reminder for %s %s could not be sent", assessment.reference, document.item_key)
            failed += 1
            continue
        Evidence.objects.filter(pk=document.pk).update(expiry_reminded=threshold)
        sent.add((same_document, threshold))
        reminded += 1
    return reminded, failed
