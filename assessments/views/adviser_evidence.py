"""The adviser's view of the documents behind a shared assessment's answers: open each, and mark it verified
or not acceptable (audited; the company sees the outcome)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from ..evidence.check_form import EvidenceCheckForm
from ..evidence.models import Evidence
from ..evidence.services import evidence_rows, evidence_verify
from ..framework import framework_get
from ..permissions import adviser_view, can_check_evidence
from ..selectors import assessment_answers
from .evidence import evidence_file_response


def _page(request, share, *, failed: EvidenceCheckForm | None = None, status: int = 200):
    assessment = share.assessment
    framework = framework_get(assessment.framework_version)
    documents = list(Evidence.objects.filter(assessment=assessment).select_related("verified_hin"))
    rows = evidence_rows(framework, assessment_answers(assessment=assessment), documents)
    allowed = can_check_evidence(request.user, share)
    forms = {}
    for row in rows:
        if row.document is not None and allowed:
            if failed is not None and failed.item_key == row.item.key:
                forms[row.item.key] = failed
            else:
                forms[row.item.key] = EvidenceCheckForm(item_key=row.item.key)
    return render(
        request,
        "pages/adviser/evidence.html",
        {
            "share": share,
            "assessment": assessment,
            "rows": [(row, forms.get(row.item.key)) for row in rows if row.document is not None],
            "missing": [row for row in rows if row.document is None],
            "failed": failed,
            "refusal": "" if allowed else allowed.reason,
        },
        status=status,
    )


@adviser_view()
def adviser_evidence(request, share):
    return _page(request, share)


@adviser_view(methods=("POST",), explanation="Use the form on the evidence page.")
def adviser_evidence_check(request, share, item_key):
    document = Evidence.objects.filter(assessment=share.assessment, item_key=item_key).first()
    if document is None:
        raise Http404("This page does not exist.")
    allowed = can_check_evidence(request.user, share)
    if not allowed:
        messages.error(request, allowed.reason)
        return redirect("adviser_evidence", reference=share.assessment.reference)
    form = EvidenceCheckForm(request.POST, item_key=item_key)
    if not form.is_valid():
        return _page(request, share, failed=form)
    evidence_verify(
        adviser=request.user,
        share=share,
        document=document,
        decision=form.cleaned_data["decision"],
        reason=form.cleaned_data["reason"].strip(),
    )
    messages.success(request, "Your check of the document has been saved. The company can see it.")
    return redirect("adviser_evidence", reference=share.assessment.reference)


@adviser_view()
def adviser_evidence_download(request, share, item_key):
    document = Evidence.objects.filter(assessment=share.assessment, item_key=item_key).exclude(file="").first()
    if document is None:
        raise Http404("This page does not exist.")
    response = evidence_file_response(document)
    if response is None:
        raise Http404("This file is no longer available.")
    return response
