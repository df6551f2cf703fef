"""Results of a submitted assessment, its barriers with their evidence, its answers, and the comparison of two
submissions.

The results page is the summary a founder acts on; the barriers with their cited evidence and references, the
compliance matrix and the full answers are pages of their own, so the results page stays short and light. All read the results frozen at submission through the presenters, the same ones the PDF report uses.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from ..evidence.services import assessment_evidence_marks
from ..framework import framework_get
from ..models import Assessment
from ..permissions import can_compare, can_see_results, founder_view
from ..presenters.answers import answers_present
from ..presenters.compare import compare_present
from ..presenters.compliance import assessment_compliance_present
from ..presenters.results import results_present
from ..selectors import assessment_answers
from .sharing import founder_review_context


def _results_refused(request, assessment):
    """The way back to the task list, with the reason, when the user may not see these results yet (a draft)."""
    allowed = can_see_results(request.user, assessment)
    if allowed:
        return None
    messages.info(request, allowed.reason)
    return redirect("assessment_tasks", reference=assessment.reference)


@founder_view()
def assessment_results(request, assessment):
    if refused := _results_refused(request, assessment):
        return refused
    framework = framework_get(assessment.framework_version)
    results = results_present(assessment=assessment, framework=framework)
    compliance = assessment_compliance_present(
        assessment=assessment, framework=framework, answers=assessment_answers(assessment=assessment)
    )
    return render(
        request,
        "pages/assessments/results.html",
        {
            "assessment": assessment,
            "results": results,
            "compliance": compliance,
            **founder_review_context(user=request.user, assessment=assessment, framework=framework),
        },
    )


@founder_view()
def assessment_results_barriers(request, assessment):
    if refused := _results_refused(request, assessment):
        return refused
    results = results_present(assessment=assessment, framework=framework_get(assessment.framework_version))
    return render(request, "pages/assessments/results_barriers.html", {"assessment": assessment, "results": results})


@founder_view()
def assessment_results_compliance(request, assessment):
    if refused := _results_refused(request, assessment):
        return refused
    framework = framework_get(assessment.framework_version)
    compliance = assessment_compliance_present(
        assessment=assessment, framework=framework, answers=assessment_answers(assessment=assessment)
    )
    return render(
        request,
        "pages/assessments/results_compliance.html",
        {
            "assessment": assessment,
            "results": results_present(assessment=assessment, framework=framework),
            "compliance": compliance,
        },
    )


@founder_view()
def assessment_results_answers(request, assessment):
    if refused := _results_refused(request, assessment):
        return refused
    framework = framework_get(assessment.framework_version)
    answers = assessment_answers(assessment=assessment)
    marks = assessment_evidence_marks(assessment, framework, answers)
    return render(
        request,
        "pages/assessments/results_answers.html",
        {
            "assessment": assessment,
            "results": results_present(assessment=assessment, framework=framework),
            "answer_sections": answers_present(framework=framework, answers=answers, evidence=marks),
        },
    )


def _submitted_of_organisation(user, assessment):
    """The other submitted assessments of the same organisation, newest first (each visible to the user)."""
    return (
        Assessment.objects.visible_to(user)
        .filter(organisation=assessment.organisation_id, status=Assessment.Status.SUBMITTED)
        .exclude(pk=assessment.pk)
        .only("reference", "product_name", "submitted_at", "organisation_id", "status")
        .order_by("-submitted_at")
    )


@founder_view()
def assessment_compare(request, assessment):
    allowed = can_compare(request.user, assessment)
    if not allowed:
        messages.info(request, allowed.reason)
        return redirect("assessment_tasks", reference=assessment.reference)
    others = _submitted_of_organisation(request.user, assessment)
    chosen = request.GET.get("with")
    if chosen is not None and chosen.strip() == assessment.reference:
        other = None
    elif chosen is not None:
        other = others.filter(reference=chosen.strip()[:20]).defer(None).first()
        if other is None:
            raise Http404("There is no such submitted assessment.")
    elif assessment.previous_id is not None and assessment.previous.is_submitted:
        other = assessment.previous
    else:
        other = None

    # The assessment being compared with is not offered again as a different one.
    offered = [o for o in others if other is None or o.pk != other.pk]
    context = {"assessment": assessment, "others": offered}
    if other is not None:
        # Whichever was submitted later is "now"; the other is "before".
        newer, older = (assessment, other) if assessment.submitted_at >= other.submitted_at else (other, assessment)
        context.update(newer=newer, older=older, comparison=compare_present(newer=newer, older=older))
    return render(request, "pages/assessments/compare.html", context)
