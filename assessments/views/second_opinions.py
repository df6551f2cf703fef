"""Second opinions: asking a colleague of the network to rate a share's areas too, and the colleague's page
for doing so. Scoped like every adviser page: the request through the network's share lookup, the colleague's
page through the second opinion asked of them (anyone else, in the network or not, gets 404)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from ..framework import framework_get
from ..permissions import adviser_view, can_give_second_opinion
from ..presenters.results import results_present
from ..review.forms import SecondOpinionForm
from ..review.second_opinions import (
    SecondOpinionRefused,
    adviser_name,
    second_opinion_for_adviser,
    second_opinion_give,
    second_opinion_request,
)
from ..review.services import adviser_viewed
from .adviser import _review_page, colleagues_form


@adviser_view(methods=("POST",))
def adviser_second_opinion_request(request, share):
    """Ask a colleague for a second opinion; back to the review's second-opinion section with the message."""
    form = colleagues_form(share, request.user, request.POST)
    if not form.is_valid():
        return _review_page(request, share, opinion_form=form, error_form=form, status=400)
    try:
        second_opinion_request(adviser=request.user, share=share, colleague=form.chosen, note=form.cleaned_data["note"])
    except SecondOpinionRefused as error:
        form.add_error(None, str(error))
        share.refresh_from_db()
        return _review_page(request, share, opinion_form=form, error_form=form, status=409)
    messages.success(
        request,
        f"{adviser_name(form.chosen)} has been asked for a second opinion. We have emailed them.",
        extra_tags="second-opinion",
    )
    return redirect(reverse("adviser_review", args=[share.assessment.reference]) + "#second-opinion")


def _second_opinion_page(request, opinion, *, form, status=200):
    share = opinion.share
    assessment = share.assessment
    framework = framework_get(assessment.framework_version)
    results = results_present(assessment=assessment, framework=framework)
    decision = can_give_second_opinion(request.user, opinion)
    areas = [
        {"domain": domain, "fields": form.area_fields(domain.key) if decision else []} for domain in results.domains
    ]
    return render(
        request,
        "pages/adviser/second_opinion.html",
        {
            "opinion": opinion,
            "share": share,
            "assessment": assessment,
            "results": results,
            "areas": areas,
            "form": form,
            "open": bool(decision),
            "closed_reason": decision.reason,
            "requested_by": adviser_name(opinion.requested_by),
            "error_form": form if form.errors else None,
        },
        status=status,
    )


@adviser_view(methods=("GET", "POST"), lookup=second_opinion_for_adviser)
def adviser_second_opinion(request, opinion):
    """The colleague's page: the computed score of each area and their own answer to whether it is ready."""
    framework = framework_get(opinion.share.assessment.framework_version)
    if request.method == "GET":
        adviser_viewed(adviser=request.user, share=opinion.share)
        form = SecondOpinionForm(domains=framework.domains, areas=list(opinion.areas.all()))
        return _second_opinion_page(request, opinion, form=form)
    form = SecondOpinionForm(request.POST, domains=framework.domains)
    if not form.is_valid():
        return _second_opinion_page(request, opinion, form=form, status=400)
    try:
        second_opinion_give(adviser=request.user, opinion=opinion, areas=form.areas())
    except SecondOpinionRefused as error:
        form.add_error(None, str(error))
        return _second_opinion_page(request, opinion, form=form, status=409)
    messages.success(
        request,
        f"Your second opinion has been saved. {adviser_name(opinion.requested_by)} sees it beside their review.",
    )
    return redirect("adviser_queue")
