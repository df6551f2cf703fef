"""Writes for PDF reports that the pages ask for: request one, retry a failed one (ADR 0007).

The views call `report_request` and `report_retry`, which queue the `report_render` task; the task stores
or fails its render through reports/storage.py, which imports neither of these modules. Rendering is
enqueued only after the row that tracks it is committed, so a worker on another machine always finds it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Assessment, ReportFile
from .cache import report_key_current
from .storage import RENDER_FAILED, report_discard, report_files_delete
from .tasks import report_render

logger = logging.getLogger("assessments.reports")

__all__ = ["RENDER_FAILED", "report_discard", "report_files_delete", "report_request", "report_retry"]


def _enqueue(report: ReportFile) -> ReportFile:
    """Queue the render; with the immediate backend it has run when this returns."""
    report_render.enqueue(report.assessment_id, report.key)
    report.refresh_from_db()
    return report


def report_request(*, assessment: Assessment) -> ReportFile:
    """The report for the assessment as it is now: the stored one if there is one, else a new render is
    queued. A failed render is not retried here (that is `report_retry`); a render pending for longer than
    REPORT_PENDING_TIMEOUT is queued again, in case its worker died."""
    key = report_key_current(assessment=assessment)
    report = ReportFile.objects.filter(assessment=assessment, key=key).first()
    if report is not None and report.status != ReportFile.Status.PENDING:
        return report  # the common case, a stored file (or a failure to show): one query, no transaction
    with transaction.atomic():
        report, created = ReportFile.objects.get_or_create(assessment=assessment, key=key)
        stale = False
        if not created and report.status == ReportFile.Status.PENDING:
            cutoff = timezone.now() - timedelta(seconds=settings.REPORT_PENDING_TIMEOUT)
            # Conditional update: of two requests seeing the same stale row, only one queues it again.
            stale = bool(
                ReportFile.objects.filter(pk=report.pk, status=ReportFile.Status.PENDING, updated_at__lt=cutoff).update(
                    updated_at=timezone.now()
                )
            )
    if created or stale:
        report.assessment = assessment
        return _enqueue(report)
    return report


def report_prepare(*, assessment: Assessment) -> None:
    """Have the assessment's report ready before anyone asks for it: once the current transaction commits,
    its render is queued (REPORT_PREPARE; with the immediate task backend it renders then and there, with the
    database backend a worker renders it). Called when an assessment is submitted and when feedback the
    report shows is sent. Never fails the change that called it: a render that cannot be queued is logged,
    and the first download queues it again."""
    if not settings.REPORT_PREPARE:
        return
    assessment_id = assessment.pk

    def prepare() -> None:
        try:
            current = Assessment.objects.select_related("organisation", "framework_version").get(pk=assessment_id)
            report_request(assessment=current)
        except Exception:
            logger.exception("The report of assessment %s could not be prepared", assessment_id)

    transaction.on_commit(prepare)


def report_retry(*, assessment: Assessment) -> ReportFile:
    """Render the assessment's current report again after a failure; anything else is left as it is."""
    key = report_key_current(assessment=assessment)
    with transaction.atomic():
        report, created = ReportFile.objects.get_or_create(assessment=assessment, key=key)
        retried = bool(
            ReportFile.objects.filter(pk=report.pk, status=ReportFile.Status.FAILED).update(
                status=ReportFile.Status.PENDING, error="", updated_at=timezone.now()
            )
        )
    if created or retried:
        return _enqueue(report)
    return report
