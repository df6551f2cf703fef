"""The PDF report: download it, see that it is being prepared or that it failed, retry (ADR 0007).

Thin: each view finds the founder's assessment through permissions.founder_view (404 for anyone else's),
calls one report service and answers with the file or a page saying where the report is.
"""

import logging
from typing import NotRequired, TypedDict

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from ..models import ReportFile
from ..permissions import can_download, founder_view
from ..reports.services import RENDER_FAILED, report_discard, report_request, report_retry

logger = logging.getLogger(__name__)

# Seconds between two checks by the page's script (it gives up after a while and leaves the link).
POLL_INTERVAL_S = 3


class ReportLinks(TypedDict):
    """Where the report pages link to, and whether they are an adviser's (they then say "the", not "your")."""

    download_url: str
    status_url: str
    retry_url: str
    back_url: str
    back_label: str
    for_adviser: NotRequired[bool]


def report_filename(assessment) -> str:
    return f"innovator-portal-{assessment.reference}.pdf"


def _report_file_response(assessment, report: ReportFile):
    """The stored PDF as a download, or None if its file has gone from storage."""
    try:
        handle = report.file.open("rb")
    except (FileNotFoundError, ValueError):
        logger.warning("Stored report %s of %s has no file; rendering it again", report.key, assessment.reference)
        report_discard(report=report)
        return None
    response = FileResponse(
        handle, as_attachment=True, filename=report_filename(assessment), content_type="application/pdf"
    )
    # Health and commercial data: never kept by a shared cache or a shared computer's browser cache.
    response["Cache-Control"] = "private, no-store"
    return response


def founder_report_urls(assessment) -> ReportLinks:
    """The URLs the report pages link to, for a founder."""
    reference = assessment.reference
    return {
        "download_url": reverse("assessment_report", args=[reference]),
        "status_url": reverse("assessment_report_status", args=[reference]),
        "retry_url": reverse("assessment_report_retry", args=[reference]),
        "back_url": reverse("assessment_results" if assessment.is_submitted else "assessment_tasks", args=[reference]),
        "back_label": "Back to your assessment",
    }


def adviser_report_urls(assessment) -> ReportLinks:
    """The URLs the report pages link to, for an adviser of the network the assessment is shared with."""
    reference = assessment.reference
    return {
        "download_url": reverse("adviser_report", args=[reference]),
        "status_url": reverse("adviser_report_status", args=[reference]),
        "retry_url": reverse("adviser_report_retry", args=[reference]),
        "back_url": reverse("adviser_review", args=[reference]),
        "back_label": "Back to the review",
        "for_adviser": True,
    }


def _report_page(request, assessment, report: ReportFile, urls: ReportLinks):
    context = {"assessment": assessment, "report": report, **urls}
    if report.status == ReportFile.Status.FAILED:
        return render(request, "pages/assessments/report_failed.html", context, status=503)
    response = render(
        request,
        "pages/assessments/report_pending.html",
        {**context, "poll_interval_s": POLL_INTERVAL_S},
        status=202,
    )
    response["Cache-Control"] = "no-store"
    return response


@founder_view()
def assessment_report(request, assessment):
    return report_serve(request, assessment, urls=founder_report_urls(assessment))


def report_serve(request, assessment, *, urls: ReportLinks):
    """The report of an assessment the caller has already checked the user may see: the PDF, or a page
    saying it is being prepared or has failed, linking to `urls` (download_url, status_url, retry_url,
    back_url, back_label). Advisers' views reuse it after their own scoped lookup, with their own URLs."""
    if not can_download(request.user, assessment):
        raise Http404("This page does not exist.")
    # Twice at most: a ready report whose file has gone is forgotten and requested again.
    for _attempt in range(2):
        report = report_request(assessment=assessment)
        if report.status != ReportFile.Status.READY:
            return _report_page(request, assessment, report, urls)
        response = _report_file_response(assessment, report)
        if response is not None:
            return response
    logger.error("Report of %s was stored but its file cannot be read", assessment.reference)
    return _report_page(request, assessment, ReportFile(status=ReportFile.Status.FAILED, error=RENDER_FAILED), urls)


@founder_view()
@never_cache
def assessment_report_status(request, assessment):
    """For the "being prepared" page's script: where the report is, as JSON."""
    report = report_request(assessment=assessment)
    return report_status_response(report, download_url=reverse("assessment_report", args=[assessment.reference]))


def report_status_response(report: ReportFile, *, download_url: str) -> JsonResponse:
    return JsonResponse({"status": report.status, "download_url": download_url})


@founder_view(methods=("POST",))
def assessment_report_retry(request, assessment):
    report_retry(assessment=assessment)
    return redirect("assessment_report", reference=assessment.reference)
