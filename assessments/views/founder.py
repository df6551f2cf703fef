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
from django.template.defaultfilters import pluralize
from django.urls import reverse

from innovator_portal.accounts.decorators import founder_required
from innovator_portal.organisations.models import Organisation

from .. import services
from ..evidence.carry import evidence_carried_over
from ..evidence.models import Evidence
from ..evidence.services import evidence_expected
from ..forms import CARE_SETTINGS, TARGET_BUYERS, DeclarationForm, ProductProfileForm
from ..framework import framework_get, framework_version_current
from ..framework.evaluate import answer_label
from ..models import Assessment
from ..permissions import can_delete, can_edit, can_retake, can_submit, can_upgrade, founder_view
from ..presenters.answers import answers_present, product_type_choices
from ..questionnaire.conditions import section_questions
from ..questionnaire.form import SectionForm
from ..questionnaire.pages import question_page, section_pages
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
            services.assessment_profile_update(assessment=assessment, profile=form.profile(), user=request.user)
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
            # The product profile is a section of the task list too, and always completed by now.
            "completed": 1 + sum(1 for section in sections if section.status == "completed"),
            "tasks": 1 + len(sections),
            "all_completed": all(section.complete for section in sections),
            "retake": retake_advice(assessment=assessment, framework=framework),
            "carried": _carried_over(assessment, framework),
            "upgrade_to": _upgrade_to(request.user, assessment),
            "upgraded": request.session.pop(_upgraded_key(assessment), None),
        },
    )


def _carried_over(assessment, framework):
    """A retake's documents still as they were carried over, for the task list to say to check them."""
    if assessment.previous_id is None:
        return None
    documents = list(Evidence.objects.filter(assessment=assessment))
    return evidence_carried_over(assessment=assessment, framework=framework, documents=documents)


def _upgrade_to(user, assessment) -> str:
    """The newest version of the questionnaire, when the founder may move this draft to it ("" otherwise)."""
    current = framework_version_current()
    return current.version if can_upgrade(user, assessment, current_version=current.version) else ""


def _upgraded_key(assessment) -> str:
    return f"assessment-upgraded-{assessment.reference}"


@founder_view(methods=("POST",), explanation="Use the button on your assessment's task list to move it.")
def assessment_upgrade(request, assessment):
    try:
        outcome = services.assessment_upgrade(assessment=assessment, user=request.user)
    except services.UpgradeRefused as refused:
        return render(
            request,
            "pages/assessments/upgrade_refused.html",
            {"assessment": assessment, "reason": refused.message},
            status=409,
        )
    # What was dropped is shown once on the task list (a list, which a flash message cannot carry).
    request.session[_upgraded_key(assessment)] = {
        "version": outcome.version,
        "dropped": list(outcome.dropped),
        "new_questions": outcome.new_questions,
    }
    return redirect("assessment_tasks", reference=assessment.reference)


def _domain(framework, domain_key):
    domain = framework.domain_by_key.get(domain_key)
    if domain is None:
        raise Http404("There is no such section.")
    return framework.domains.index(domain), domain


@founder_view(methods=("GET", "POST"), lookup=assessment_section_for_founder, lookup_kwargs=("domain_key",))
def assessment_section(request, assessment, domain_key, page=1):
    if not can_edit(request.user, assessment):
        return frozen(request, assessment)
    framework = framework_get(assessment.framework_version)
    index, domain = _domain(framework, domain_key)
    pages = section_pages(domain)
    if not 1 <= page <= len(pages):
        raise Http404("There is no such page in this section.")
    saved = assessment.stored_answers
    revision = assessment.section_revision
    return_to_check = request.GET.get("return") == "check"
    conflict = None
    failed = False

    if request.method == "POST":
        form = SectionForm(request.POST, framework=framework, domain=domain, saved=saved, page=page)
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
                form = SectionForm(data, framework=framework, domain=domain, saved=saved, page=page)
                form.is_valid()
            else:
                return _after_save(request, assessment, framework, index, page, return_to_check)
    else:
        if not assessment.section_opened:
            services.section_open(assessment=assessment, domain_key=domain.key)
        form = SectionForm(initial={"revision": revision}, framework=framework, domain=domain, saved=saved, page=page)

    context = {
        "assessment": assessment,
        "domain": domain,
        "number": index + 1,
        "total": len(framework.domains),
        "page": page,
        "pages": len(pages),
        "previous_page": _section_url(assessment, domain, page - 1) if page > 1 else None,
        "profile_answers": [
            (question.text, _profile_answer(assessment, question)) for question in form.profile_answered
        ],
        "form": form,
        "questions_html": form.questions_render(
            framework_hash=assessment.framework_version.content_hash, conflict=conflict
        ),
        "conflict": conflict,
        "return_to_check": return_to_check,
        "evidence_items": _section_evidence(framework, form, saved),
    }
    status = 409 if conflict else 503 if failed else 200
    return render(request, "pages/assessments/section.html", context, status=status)


def _section_evidence(framework, form, saved) -> list:
    """The evidence items the saved answers claim for the questions on this page (no query: whether each is
    attached is on the evidence page and the item's own page)."""
    keys = {item.question.key for item in form.section_questions}
    items = [item for item in framework.evidence if item.question in keys]
    if not items:
        return []
    claimed = set(evidence_expected(framework, saved))
    return [item for item in items if item in claimed]


def _profile_answer(assessment, question):
    """The profile's answer to a question the profile answers, in the question's words."""
    value = getattr(assessment, Assessment.PROFILE_ANSWERS[question.key])
    return answer_label(question, value) if value in question.choice_by_value else ""


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


def _section_url(assessment, domain, page=1):
    """The address of one page of a section (the section's own address for its first page)."""
    if page == 1:
        return reverse("assessment_section", args=[assessment.reference, domain.key])
    return reverse("assessment_section_page", args=[assessment.reference, domain.key, page])


def question_url(assessment, domain, question_key, **query):
    """The address of the question on its page of the section, with `query` (such as return=check)."""
    url = _section_url(assessment, domain, question_page(domain, question_key))
    if query:
        url += "?" + "&".join(f"{name}={value}" for name, value in query.items())
    return f"{url}#question-{question_key}"


def _after_save(request, assessment, framework, index, page, return_to_check):
    reference = assessment.reference
    if return_to_check:
        messages.success(request, "Your answer has been saved.")
        return redirect("assessment_check", reference=reference)
    if request.POST.get("action") == "later":
        messages.success(request, "Your answers have been saved. You can come back to them at any time.")
        return redirect("assessment_tasks", reference=reference)
    domain = framework.domains[index]
    pages = section_pages(domain)
    if page < len(pages):
        answers = assessment_answers(assessment=assessment)
        for later in range(page + 1, len(pages) + 1):
            # A page whose every question is settled as not applying is skipped.
            if section_questions(framework, domain, answers, pages[later - 1]):
                return redirect(_section_url(assessment, domain, later))
    if index + 1 < len(framework.domains):
        return redirect("assessment_section", reference=reference, domain_key=framework.domains[index + 1].key)
    return redirect("assessment_check", reference=reference)


def _profile_rows(assessment):
    """The product profile as (question, answer) pairs for check your answers."""
    labels = ProductProfileForm.Meta.labels
    care, buyers = dict(CARE_SETTINGS), dict(TARGET_BUYERS)
    return [
        (labels["product_name"], assessment.product_name),
        (labels["product_description"], assessment.product_description),
        (
            labels["product_type"],
            dict(product_type_choices(framework_get(assessment.framework_version)))[assessment.product_type],
        ),
        (labels["intended_users"], assessment.intended_users),
        ("Where will it be used?", ", ".join(str(care.get(value, value)) for value in assessment.care_settings)),
        (
            "Who do you expect to buy it?",
            ", ".join(str(buyers.get(value, value)) for value in assessment.target_buyers),
        ),
        (labels["development_stage"], assessment.get_development_stage_display()),
    ]


@founder_view()
def assessment_check(request, assessment):
    if not can_submit(request.user, assessment):
        return redirect("assessment_results", reference=assessment.reference)
    framework = framework_get(assessment.framework_version)
    answers = assessment_answers(assessment=assessment)
    missing = assessment_missing_answers(framework=framework, answers=answers)
    sections = []
    for section in answers_present(framework=framework, answers=answers):
        domain = framework.domain_by_key[section.key]
        profile_url = reverse("assessment_profile", args=[assessment.reference])
        rows = [
            {
                "row": row,
                "href": profile_url
                if row.question_key in Assessment.PROFILE_ANSWERS
                else question_url(assessment, domain, row.question_key, **{"return": "check"}),
            }
            for row in section.rows
        ]
        answered = sum(1 for row in section.rows if row.answered)
        sections.append({"section": section, "rows": rows, "answered": answered, "count": len(rows)})
    return render(
        request,
        "pages/assessments/check.html",
        {
            "assessment": assessment,
            "sections": sections,
            "missing": missing,
            "missing_links": _missing_links(assessment, framework, missing, back_to_check=True),
            "profile": _profile_rows(assessment),
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


def _missing_links(assessment, framework, missing, back_to_check=False):
    query = {"return": "check"} if back_to_check else {}
    return [
        {
            "question": question.text,
            "section": framework.domain_by_key[question.domain].title,
            "href": reverse("assessment_profile", args=[assessment.reference])
            if question.key in Assessment.PROFILE_ANSWERS
            else question_url(assessment, framework.domain_by_key[question.domain], question.key, **query),
        }
        for question in missing
    ]


@founder_view(methods=("POST",), explanation="Use the button on the results page to take the assessment again.")
def assessment_retake(request, previous):
    if not can_retake(request.user, previous):
        return redirect("assessment_tasks", reference=previous.reference)
    assessment = services.assessment_retake(founder=request.user, previous=previous)
    documents = assessment.evidence.count()
    if documents:
        copied = f"your answers and {documents} document{pluralize(documents)}"
        check = "Check each section and each document, and update what has changed."
    else:
        copied, check = "your answers", "Check each section and update what has changed."
    messages.success(request, f"We have copied {copied} from assessment {previous.reference}. {check}")
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
