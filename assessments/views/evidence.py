"""The founder's evidence pages: what the answers claim, attaching a file or link for each item, downloading
and removing it. Files are downloaded only through these permission-checked views, never from a public path."""

import logging

from django.contrib import messages
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ..evidence.forms import FILE, EvidenceForm
from ..evidence.models import Evidence
from ..evidence.services import (
    evidence_file_attach,
    evidence_link_attach,
    evidence_remove,
    evidence_rows,
)
from ..framework import framework_get
from ..permissions import can_add_evidence, founder_view
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
    documents = list(Evidence.objects.filter(assessment=assessment))
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
