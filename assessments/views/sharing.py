"""The company's side of reviews: share a submitted assessment with a Health Innovation Network, withdraw
it, and read the feedback on the results page.

Thin, like the other founder views: the assessment comes through the founder's scoped selector (another
organisation's assessment is a 404), a form validates, one service decides and records, and we redirect.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from ..permissions import can_share, can_withdraw, founder_view
from ..presenters.feedback import feedback_present
from ..review.consent import CONSENT
from ..review.forms import ShareForm
from ..review.selectors import FounderReview, hin_suggested, hins_for_sharing, review_for_founder, share_active
from ..review.services import ShareRefused, share_create, share_withdraw


def _results(assessment, anchor: str = "sharing"):
    return redirect(reverse("assessment_results", args=[assessment.reference]) + f"#{anchor}")


@founder_view(methods=("GET", "POST"))
def assessment_share(request, assessment):
    active = share_active(assessment=assessment)
    allowed = can_share(request.user, assessment, active_share=active)
    blocked = allowed.reason
    hins = list(hins_for_sharing())
    suggested, reason = hin_suggested(assessment=assessment, hins=hins)
    form = ShareForm(
        request.POST if request.method == "POST" and not blocked else None,
        hins=hins,
        suggested=suggested,
        suggested_reason=reason,
    )
    status = 409 if blocked else 200
    if request.method == "POST" and not blocked:
        if form.is_valid():
            hin = form.chosen_hin
            try:
                share_create(founder=request.user, assessment=assessment, hin=hin, consent=form.cleaned_data["consent"])
            except ShareRefused as refusal:
                # Shared or changed in another tab since the page was opened.
                form.add_error(None, str(refusal))
                status = 409
            else:
                messages.success(
                    request, f"Your assessment of {assessment.product_name} has been shared with {hin.name}."
                )
                return _results(assessment)
        else:
            status = 400
    return render(
        request,
        "pages/assessments/share.html",
        {
            "assessment": assessment,
            "form": form,
            "blocked": blocked,
            "active": active,
            "suggested": suggested,
            "hins": hins,
            "working_days": settings.REVIEW_TYPICAL_WORKING_DAYS,
            "consent": CONSENT.for_organisation(assessment.organisation.name),
        },
        status=status,
    )


@founder_view(methods=("GET", "POST"))
def assessment_withdraw(request, assessment):
    share = share_active(assessment=assessment)
    allowed = can_withdraw(request.user, assessment, active_share=share)
    if not allowed:
        messages.info(request, allowed.reason)
        if assessment.is_submitted:
            return _results(assessment)
        return redirect("assessment_tasks", reference=assessment.reference)
    if request.method == "POST":
        share_withdraw(founder=request.user, share=share)
        messages.success(
            request, f"You have withdrawn your assessment from {share.hin.name}. Its advisers can no longer see it."
        )
        return _results(assessment)
    return render(
        request,
        "pages/assessments/withdraw.html",
        {"assessment": assessment, "share": share},
    )


def founder_review_context(*, user, assessment, framework) -> dict:
    """What the results page shows of the assessment's sharing and review: the status, what the founder may
    do about it (`allowed.share`, `allowed.withdraw`: permission decisions), and once the feedback is sent,
    the feedback (presenters.feedback, as the PDF report shows it) and the history."""
    review: FounderReview = review_for_founder(assessment=assessment)
    feedback = None
    if review.feedback is not None:
        feedback = feedback_present(
            share=review.feedback,
            reviews=review.reviews,
            events=review.events,
            framework=framework,
            results=assessment.results_record,
        )
    allowed = {
        "share": can_share(user, assessment, active_share=review.active),
        "withdraw": can_withdraw(user, assessment, active_share=review.active),
    }
    return {
        "review": review,
        "feedback": feedback,
        "allowed": allowed,
        "working_days": settings.REVIEW_TYPICAL_WORKING_DAYS,
    }
