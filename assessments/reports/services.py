"""Writes for PDF reports: request one, retry a failed one, store or fail a render, clean up (ADR 0007).

The views call `report_request` and `report_retry`; the `report_render` task calls `report_store` and
`report_fail`. Rendering is enqueued only after the row that tracks it is committed, so a worker on
another machine always finds it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..models import Assessment, ReportFile
from .cache import report_key_current

logger = logging.getLogger(__name__)

RENDER_FAILED = (
    "We could not make your report. This is a problem on our side, not with your answers. "
    "Try again, and if it still does not work, contact us and quote your assessment reference."
)


def report_current(*, assessment: Assessment) -> ReportFile | None:
    """The report row for the assessment as it is now (any status), or None if none was requested yet."""
    key = report_key_current(assessment=assessment)
    return ReportFile.objects.filter(assessment=assessment, key=key).first()


def _enqueue(report: ReportFile) -> ReportFile:
    """Queue the render; with the immediate backend it has run when this returns."""
    from .tasks import report_render

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


def report_store(*, report: ReportFile, pdf: bytes) -> ReportFile:
    """Save a rendered PDF, mark its report ready, and delete the assessment's older reports (rows and files)."""
    if report.file:
        # A file left by an earlier attempt that did not finish: replace it rather than add a suffix.
        report.file.delete(save=False)
    report.file.save(f"{report.key}.pdf", ContentFile(pdf), save=False)
    with transaction.atomic():
        report.status = ReportFile.Status.READY
        report.error = ""
        report.save(update_fields=["file", "status", "error", "updated_at"])
        older = list(
            ReportFile.objects.filter(assessment_id=report.assessment_id, created_at__lte=report.created_at).exclude(
                pk=report.pk
            )
        )
        ReportFile.objects.filter(pk__in=[old.pk for old in older]).delete()
    _files_delete(older)
    return report


def report_fail(*, report: ReportFile, error: str = RENDER_FAILED) -> ReportFile:
    """Mark a render as failed with a message the user can read (the cause is in the logs)."""
    report.status = ReportFile.Status.FAILED
    report.error = error[:500]
    report.save(update_fields=["status", "error", "updated_at"])
    return report


def report_files_delete(*, assessment: Assessment) -> None:
    """Delete every stored report of an assessment, files and rows (call before deleting the assessment:
    the rows cascade, the files in storage would not)."""
    reports = list(ReportFile.objects.filter(assessment=assessment))
    ReportFile.objects.filter(pk__in=[report.pk for report in reports]).delete()
    _files_delete(reports)


def _files_delete(reports) -> None:
    """Remove the stored files of rows already deleted; a missing file is not an error."""
    for report in reports:
        if report.file:
            try:
                report.file.storage.delete(report.file.name)
            except OSError:
                logger.warning("Could not delete old report file %s", report.file.name, exc_info=True)


def report_discard(*, report: ReportFile) -> None:
    """Forget a report whose file has gone from storage, so that the next request renders it again."""
    ReportFile.objects.filter(pk=report.pk).delete()
    _files_delete([report])
