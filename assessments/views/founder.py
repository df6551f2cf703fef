"""The founder's journey: start, task list, sections, check answers, submit, retake.

Views are thin: each fetches its assessment through the founder's scoped selector and asks the
permissions module what may be done with it (assessments/permissions.py: another organisation's
assessment is a 404 on every URL and method), validates a form, calls one service and redirects.
"""

import logging

from django.contrib import messages
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from innovator_portal.accounts.decorators import founder_required
from innovator_portal.organisations.models import Organisation

from .. import services
from ..forms import DeclarationForm, ProductProfileForm
from ..framework import framework_get
from ..permissions import can_delete, can_edit, can_retake, can_submit, founder_view
from ..presenters.answers import answers_present
from ..questionnaire.form import SectionForm
from ..selectors import (
    assessment_answers,
    assessment_missing_answers,
    assessment_section_for_founder,
    assessment_sections,
    retake_advice,
    sections_opened,
)

FROZEN_TEMPLATE = "pages/assessments/frozen.html"
SAVE_FAILED = (
    "Sorry, your answers could not be saved because of a problem on our side. Nothing in this section has "
    "changed. Your answers are still below: try saving them again."
)

logger = logging.getLogger(__name__)


def frozen(request, assessment):
    """A submitted assessment cannot be edited: 409 Conflict with a plain explanation."""
    return render(request, FROZEN_TEMPLATE, {"assessment": assessment}, status=409)


@founder_required
def assessment_start(request):
    organisations = list(Organisation.objects.visible_to(request.user).order_by("name"))
    if not organisations:
        messages.info(request, "Add your organisation before you start an assessment.")
        return redirect("organisation_create")
    chosen = request.GET.get("organisation")
    try:
        initial = {"organisation": int(chosen)} if chosen else {}
    except ValueError:  # "²" (a digit to str.isdigit, not to int) or more digits than int() converts
        initial = {}
    form = ProductProfileForm(
        request.POST if request.method == "POST" else None, organisations=organisations, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        if "organisation" in form.cleaned_data:
            organisation = get_object_or_404(
                Organisation.objects.visible_to(request.user), pk=form.cleaned_data["organisation"]
            )
        else:
            organisation = form.only_organisation
        assessment = services.assessment_start(founder=request.user, organisation=organisation, profile=form.profile())
        messages.success(request, f"You have started an assessment of {assessment.product_name}.")
        return redirect("assessment_tasks", reference=assessment.reference)
    return render(request, "pages/assessments/profile.html", {"form": form, "creating": True})


@founder_view(methods=("GET", "POST"))
def assessment_profile(request, assessment):
    if not can_edit(request.user, assessment):
        return frozen(request, assessment)
    form = ProductProfileForm(request.POST if request.method == "POST" else None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_profile_update(assessment=assessment, profile=form.profile())
        except services.AssessmentFrozen:
            return frozen(request, assessment)
        messages.success(request, "Your product profile has been saved.")
        return redirect("assessment_tasks", reference=assessment.reference)
    return render(
        request, "pages/assessments/profile.html", {"form": form, "assessment": assessment, "creating": False}
    )


@founder_view()
def assessment_tasks(request, assessment):
    if not can_edit(request.user, assessment):
        return redirect("assessment_results", reference=assessment.reference)
    framework = framework_get(assessment.framework_version)
    sections = assessment_sections(
        framework=framework,
        answers=assessment_answers(assessment=assessment),
        opened=sections_opened(assessment=assessment),
    )
    return render(
        request,
        "pages/assessments/tasks.html",
        {
            "assessment": assessment,
            "sections": sections,
            "completed": sum(1 for section in sections if section.status == "completed"),
            "all_completed": all(section.complete for section in sections),
            "retake": retake_advice(assessment=assessment, framework=framework),
        },
    )


def _domain(framework, domain_key):
    domain = framework.domain_by_key.get(domain_key)
    if domain is None:
        raise Http404("There is no such section.")
    return framework.domains.index(domain), domain


@founder_view(methods=("GET", "POST"), lookup=assessment_section_for_founder, lookup_kwargs=("domain_key",))
def assessment_section(request, assessment, domain_key):
    if not can_edit(request.user, assessment):
        return frozen(request, assessment)
    framework = framework_get(assessment.framework_version)
    index, domain = _domain(framework, domain_key)
    saved = assessment_answers(assessment=assessment)
    revision = assessment.section_revision
    return_to_check = request.GET.get("return") == "check"
    conflict = None
    failed = False

    if request.method == "POST":
        form = SectionForm(request.POST, framework=framework, domain=domain, saved=saved)
        if form.is_valid():
            try:
                services.section_save(
                    assessment=assessment,
                    domain_key=domain.key,
                    values=form.answers_to_save,
                    revision=form.cleaned_data["revision"],
                    user=request.user,
                )
            except services.AssessmentFrozen:
                return frozen(request, assessment)
            except DatabaseError:
                # The service's transaction was rolled back: nothing was saved. Keep what was typed.
                logger.exception("Saving section %s of assessment %s failed", domain.key, assessment.reference)
                form.add_error(None, SAVE_FAILED)
                failed = True
            except services.SectionConflict as error:
                conflict = {"rows": _conflict(framework, form, error)}
                # Offer the typed values again, now based on the latest save.
                data = request.POST.copy()
                data["revision"] = error.current_revision
                form = SectionForm(data, framework=framework, domain=domain, saved=saved)
                form.is_valid()
            else:
                return _after_save(request, assessment, framework, index, return_to_check)
    else:
        if not assessment.section_opened:
            services.section_open(assessment=assessment, domain_key=domain.key)
        form = SectionForm(initial={"revision": revision}, framework=framework, domain=domain, saved=saved)

    context = {
        "assessment": assessment,
        "domain": domain,
        "number": index + 1,
        "total": len(framework.domains),
        "form": form,
        "questions_html": form.questions_render(
            framework_hash=assessment.framework_version.content_hash, conflict=conflict
        ),
        "conflict": conflict,
        "return_to_check": return_to_check,
    }
    status = 409 if conflict else 503 if failed else 200
    return render(request, "pages/assessments/section.html", context, status=status)


def _conflict(framework, form, error):
    """What is stored now for each question whose stored answer differs from what was typed."""
    stored_sections = answers_present(framework=framework, answers={**form.saved, **error.stored})
    stored_words = {row.question_key: row.answer for section in stored_sections for row in section.rows}
    return [
        {
            "question": item.question.text,
            "key": item.question.key,
            "stored": stored_words.get(item.question.key) or "No answer",
        }
        for item in form.section_questions
        if item.question.key in form.answers_to_save
        and error.stored.get(item.question.key) != form.answers_to_save[item.question.key]
    ]


def _after_save(request, assessment, framework, index, return_to_check):
    reference = assessment.reference
    if return_to_check:
        messages.success(request, "Your answer has been saved.")
        return redirect("assessment_check", reference=reference)
    if request.POST.get("action") == "later":
        messages.success(request, "Your answers have been saved. You can come back to them at any time.")
        return redirect("assessment_tasks", reference=reference)
    if index + 1 < len(framework.domains):
        return redirect("assessment_section", reference=reference, domain_key=framework.domains[index + 1].key)
    return redirect("assessment_check", reference=reference)


@founder_view()
def assessment_check(request, assessment):
    if not can_submit(request.user, assessment):
        return redirect("assessment_results", reference=assessment.reference)
    framework = framework_get(assessment.framework_version)
    answers = assessment_answers(assessment=assessment)
    return render(
        request,
        "pages/assessments/check.html",
        {
            "assessment": assessment,
            "sections": answers_present(framework=framework, answers=answers),
            "missing": assessment_missing_answers(framework=framework, answers=answers),
        },
    )


@founder_view(methods=("GET", "POST"))
def assessment_submit(request, assessment):
    if not can_submit(request.user, assessment):
        return frozen(request, assessment)
    framework = framework_get(assessment.framework_version)
    form = DeclarationForm(request.POST if request.method == "POST" else None)
    missing = assessment_missing_answers(framework=framework, answers=assessment_answers(assessment=assessment))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_submit(assessment=assessment, user=request.user)
        except services.AssessmentFrozen:
            return frozen(request, assessment)
        except services.SubmissionIncomplete as error:
            missing, status = error.missing, 400
        else:
            messages.success(request, "Your assessment has been submitted.")
            return redirect("assessment_results", reference=assessment.reference)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "pages/assessments/submit.html",
        {"assessment": assessment, "form": form, "missing": _missing_links(assessment, framework, missing)},
        status=status,
    )


def _missing_links(assessment, framework, missing):
    return [
        {
            "question": question.text,
            "section": framework.domain_by_key[question.domain].title,
            "href": reverse("assessment_section", args=[assessment.reference, question.domain]) + f"#id_{question.key}",
        }
        for question in missing
    ]


@founder_view(methods=("POST",), explanation="Use the button on the results page to take the assessment again.")
def assessment_retake(request, previous):
    if not can_retake(request.user, previous):
        return redirect("assessment_tasks", reference=previous.reference)
    assessment = services.assessment_retake(founder=request.user, previous=previous)
    messages.success(
        request,
        f"We have copied your answers from assessment {previous.reference}. Check each section and update what has changed.",
    )
    return redirect("assessment_tasks", reference=assessment.reference)


@founder_view(methods=("GET", "POST"))
def assessment_delete(request, assessment):
    if not can_delete(request.user, assessment):
        return frozen(request, assessment)
    if request.method == "POST":
        try:
            services.assessment_delete(assessment=assessment)
        except services.AssessmentFrozen:
            return frozen(request, assessment)
        messages.success(request, f"The draft assessment of {assessment.product_name} has been deleted.")
        return redirect("founder_home")
    return render(request, "pages/assessments/delete.html", {"assessment": assessment})
