"""The founder's evidence pages: what the answers claim, attaching a file or link for each item, downloading
and removing it; and the evidence pack of a submitted assessment, for its founders and the advisers of the
network it is shared with. Files are downloaded only through these permission-checked views, never from a
public path."""

import logging

from django.contrib import messages
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from ..evidence.carry import evidence_carried_over
from ..evidence.forms import FILE, EvidenceForm
from ..evidence.models import Evidence, EvidencePack
from ..evidence.pack import PACK_FAILED, evidence_pack_discard, evidence_pack_request, evidence_pack_status
from ..evidence.services import (
    evidence_file_attach,
    evidence_link_attach,
    evidence_remove,
    evidence_rows,
)
from ..framework import framework_get
from ..models import ReportFile
from ..permissions import adviser_view, can_add_evidence, founder_view
from ..reports.services import report_request
from ..review.services import adviser_evidence_pack_downloaded
from ..selectors import assessment_answers

logger = logging.getLogger(__name__)


def _item_or_404(framework, item_key: str):
    item = framework.evidence_by_key.get(item_key)
    if item is None:
        raise Http404("This page does not exist.")
    return item


def evidence_file_response(document: Evidence):
    """The stored file as a download that no browser renders or keeps, or None when its file has gone."""
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError, SuspiciousFileOperation):
        logger.error("Evidence file of %s %s cannot be read", document.assessment.reference, document.item_key)
        return None
    response = FileResponse(
        handle, as_attachment=True, filename=document.file_name or "document", content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@founder_view()
def assessment_evidence(request, assessment):
    framework = framework_get(assessment.framework_version)
    answers = assessment_answers(assessment=assessment)
    documents = list(Evidence.objects.filter(assessment=assessment).select_related("verified_hin"))
    rows = evidence_rows(framework, answers, documents)
    return render(
        request,
        "pages/assessments/evidence.html",
        {
            "assessment": assessment,
            "rows": rows,
            "attached": sum(1 for row in rows if row.expected and row.state == "attached"),
            "expected": sum(1 for row in rows if row.expected),
            "can_add": bool(can_add_evidence(request.user, assessment)),
            "has_items": bool(framework.evidence),
            "carried": evidence_carried_over(assessment=assessment, framework=framework, documents=documents),
        },
    )


@founder_view(methods=("GET", "POST"), explanation="Use the form on this page to add a document.")
def assessment_evidence_item(request, assessment, item_key):
    framework = framework_get(assessment.framework_version)
    item = _item_or_404(framework, item_key)
    if not can_add_evidence(request.user, assessment):
        raise Http404("This page does not exist.")
    document = Evidence.objects.filter(assessment=assessment, item_key=item.key).first()
    back = request.GET.get("return") or request.POST.get("return") or ""
    back_url = _return_url(assessment, back)
    if request.method == "POST":
        form = EvidenceForm(
            request.POST,
            request.FILES,
            item=item,
            unsafe_names=getattr(request, "unsafe_file_names", ()),
        )
        if form.is_valid():
            data = form.cleaned_data
            common = {
                "assessment": assessment,
                "item": item,
                "issued_on": data["issued_on"],
                "expires_on": data.get("expires_on"),
                "user": request.user,
            }
            if form.kind == FILE:
                evidence_file_attach(upload=data["file"], checked=form.checked, **common)
            else:
                evidence_link_attach(link=data["link"], **common)
            messages.success(request, f"{item.title} has been added.")
            return redirect(back_url)
    else:
        initial = {}
        if document is not None:
            initial = {
                "link": document.link,
                "issued_on": document.issued_on,
                "expires_on": document.expires_on,
            }
        form = EvidenceForm(initial=initial, item=item)
    return render(
        request,
        "pages/assessments/evidence_item.html",
        {
            "assessment": assessment,
            "item": item,
            "question": framework.question_by_key[item.question],
            "document": document,
            "form": form,
            "back_url": back_url,
            "return": back,
            # A browser never keeps a chosen file when a page is shown again: say so, beside the errors.
            "choose_again": form.is_bound and bool(form.errors) and "file" in form.files and "file" not in form.errors,
        },
    )


def _return_url(assessment, back: str) -> str:
    """Where the founder goes after adding a document: back to the section page they came from, or the evidence
    page. Only our own section pages are accepted, so the parameter cannot send anyone elsewhere."""
    if back.startswith("section:"):
        domain_key = back.removeprefix("section:")
        if domain_key.isidentifier():
            return reverse("assessment_section", args=[assessment.reference, domain_key])
    return reverse("assessment_evidence", args=[assessment.reference])


@founder_view()
def assessment_evidence_download(request, assessment, item_key):
    document = Evidence.objects.filter(assessment=assessment, item_key=item_key).exclude(file="").first()
    if document is None:
        raise Http404("This page does not exist.")
    response = evidence_file_response(document)
    if response is None:
        return render(request, "pages/assessments/evidence_missing.html", {"assessment": assessment}, status=410)
    return response


@founder_view(methods=("GET", "POST"), explanation="Use the button on this page to remove the document.")
def assessment_evidence_remove(request, assessment, item_key):
    framework = framework_get(assessment.framework_version)
    document = Evidence.objects.filter(assessment=assessment, item_key=item_key).first()
    if document is None or not can_add_evidence(request.user, assessment):
        raise Http404("This page does not exist.")
    item = framework.evidence_by_key.get(item_key)
    title = item.title if item is not None else "The document"
    if request.method == "POST":
        evidence_remove(document=document)
        messages.success(request, f"{title} has been removed.")
        return redirect("assessment_evidence", reference=assessment.reference)
    return render(
        request,
        "pages/assessments/evidence_remove.html",
        {"assessment": assessment, "document": document, "title": title},
    )


# The evidence pack ------------------------------------------------------------------------------------------

PACK_PAGE_STATUS = {"draft": 409, "report_pending": 202, "report_failed": 503, "pending": 202, "failed": 503}


def pack_filename(assessment) -> str:
    return f"evidence-pack-{assessment.reference}.zip"


def _pack_page(request, assessment, state: str, links: dict):
    response = render(
        request,
        "pages/assessments/evidence_pack.html",
        {"assessment": assessment, "state": state, "pack_failed": PACK_FAILED, **links},
        status=PACK_PAGE_STATUS[state],
    )
    response["Cache-Control"] = "no-store"
    return response


def pack_serve(request, assessment, *, links: dict):
    """The evidence pack of an assessment the caller has already checked the user may see: the ZIP, streamed,
    or a page saying why not yet (a draft has none; the report or the pack is being prepared, or failed).
    `links`: pack_url, status_url, report_url, back_url, back_label and for_adviser, for the pages."""
    if not assessment.is_submitted:
        return _pack_page(request, assessment, "draft", links)
    report = report_request(assessment=assessment)
    if report.status != ReportFile.Status.READY:
        state = "report_failed" if report.status == ReportFile.Status.FAILED else "report_pending"
        return _pack_page(request, assessment, state, links)
    # Twice at most: a ready pack whose file has gone is forgotten and built again.
    for _attempt in range(2):
        pack = evidence_pack_request(assessment=assessment)
        if pack.status != EvidencePack.Status.READY:
            return _pack_page(request, assessment, "failed" if pack.status == "failed" else "pending", links)
        try:
            handle = pack.file.open("rb")
        except (FileNotFoundError, ValueError, SuspiciousFileOperation):
            logger.warning("Evidence pack %s of %s has no file; building it again", pack.pk, assessment.reference)
            evidence_pack_discard(pack=pack)
            continue
        response = FileResponse(
            handle, as_attachment=True, filename=pack_filename(assessment), content_type="application/zip"
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
    return _pack_page(request, assessment, "failed", links)


@founder_view()
def assessment_evidence_pack(request, assessment):
    reference = assessment.reference
    return pack_serve(
        request,
        assessment,
        links={
            "pack_url": reverse("assessment_evidence_pack", args=[reference]),
            "status_url": reverse("assessment_evidence_pack_status", args=[reference]),
            "report_url": reverse("assessment_report", args=[reference]),
            "back_url": reverse("assessment_evidence", args=[reference]),
            "back_label": "Back to your evidence",
            "for_adviser": False,
        },
    )


@adviser_view()
def adviser_evidence_pack(request, share):
    """The evidence pack of an assessment shared with the adviser's network; each download is audited."""
    assessment = share.assessment
    reference = assessment.reference
    response = pack_serve(
        request,
        assessment,
        links={
            "pack_url": reverse("adviser_evidence_pack", args=[reference]),
            "status_url": reverse("adviser_evidence_pack_status", args=[reference]),
            "report_url": reverse("adviser_report", args=[reference]),
            "back_url": reverse("adviser_review", args=[reference]),
            "back_label": "Back to the review",
            "for_adviser": True,
        },
    )
    if isinstance(response, FileResponse):
        adviser_evidence_pack_downloaded(adviser=request.user, share=share)
    return response


def pack_status_response(assessment, *, download_url: str) -> JsonResponse:
    return JsonResponse({"status": evidence_pack_status(assessment=assessment), "download_url": download_url})


@founder_view()
@never_cache
def assessment_evidence_pack_status(request, assessment):
    """For the "being prepared" page's script: where the evidence pack is, as JSON."""
    return pack_status_response(
        assessment, download_url=reverse("assessment_evidence_pack", args=[assessment.reference])
    )


@adviser_view()
@never_cache
def adviser_evidence_pack_status(request, share):
    """For the "being prepared" page's script: where the evidence pack is, as JSON (not audited: nothing is
    downloaded)."""
    return pack_status_response(
        share.assessment, download_url=reverse("adviser_evidence_pack", args=[share.assessment.reference])
    )
