"""The report rendering task (django.tasks): immediate by default, or run by `manage.py db_worker`."""

from __future__ import annotations

import logging

from django.tasks import task

from ..models import Assessment, ReportFile
from ..presenters.feedback import feedback_for_assessment
from .cache import report_key_current
from .storage import report_fail, report_store

logger = logging.getLogger(__name__)


@task
def report_render(assessment_id: int, key: str) -> str:
    """Render the report of one state (key) of an assessment and store it; returns what happened.

    Safe to run twice: a report already ready is left alone; one whose assessment has changed since it was
    requested is dropped (the next request makes the current one).
    """
    from .render import ReportRenderError, report_pdf_render

    report = (
        ReportFile.objects.select_related("assessment__organisation", "assessment__framework_version")
        .filter(assessment_id=assessment_id, key=key)
        .first()
    )
    if report is None:
        return "gone"
    if report.status == ReportFile.Status.READY:
        return "ready"
    assessment = report.assessment
    if report_key_current(assessment=assessment) != key:
        report.delete()
        return "superseded"
    try:
        pdf = report_pdf_render(assessment=assessment, feedback=feedback_for_assessment(assessment=assessment))
    except ReportRenderError:
        # The renderer has logged the cause with the reference.
        report_fail(report=report)
        return "failed"
    except Exception:
        logger.exception("Report for assessment %s could not be rendered or stored", assessment.reference)
        report_fail(report=report)
        return "failed"
    now = _reloaded(assessment)
    if now is None:
        return "gone"
    if report_key_current(assessment=now) != key:
        # Changed while rendering: this PDF shows a state that is already gone.
        report.delete()
        return "superseded"
    try:
        report_store(report=report, pdf=pdf)
    except Exception:
        logger.exception("Report for assessment %s was rendered but could not be stored", assessment.reference)
        report_fail(report=report)
        return "failed"
    return "ready"


def _reloaded(assessment: Assessment) -> Assessment | None:
    """The assessment as it is in the database now (None if it has been deleted)."""
    return (
        Assessment.objects.select_related("organisation", "framework_version")
        .defer("framework_version__definition")
        .filter(pk=assessment.pk)
        .first()
    )
