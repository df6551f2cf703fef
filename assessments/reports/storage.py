"""Stored PDF reports: save a render, record a failure, delete files (ADR 0007).

Used by the render task and by the services that delete assessments and accounts; it imports neither, so
the task and the services that queue it do not import each other.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction

from ..models import Assessment, ReportFile

logger = logging.getLogger(__name__)

RENDER_FAILED = (
    "We could not make your report. This is a problem on our side, not with your answers. "
    "Try again, and if it still does not work, contact us and quote your assessment reference."
)


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
