"""The founder's journey through the pages: start, task list, sections with branching, conflicts,
check answers, submit, and retake."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments.framework import framework_get
from assessments.models import Answer, Assessment
from assessments.questionnaire.pages import question_page
from tests.factories import (
    PROFILE,
    AssessmentFactory,
    MembershipFactory,
    OrganisationFactory,
    answers_for,
    assessment_answered,
    framework_version_loaded,
)

pytestmark = pytest.mark.django_db


def section_data(framework, domain_key, answers, revision=0, action="continue"):
    """The POST a section page sends for these answers."""
    domain = next(d for d in framework.domains if d.key == domain_key)
    data = {"revision": revision, "action": action}
    for question in domain.questions:
        if question.key not in answers or answers[question.key] is None:
            continue
        value = answers[question.key]
        if question.type == "date":
            day = datetime.date.fromisoformat(value)
            data.update(
                {f"{question.key}_day": day.day, f"{question.key}_month": day.month, f"{question.key}_year": day.year}
            )
        else:
            data[question.key] = value if isinstance(value, list) else str(value)
    return data


@pytest.fixture
def framework(draft):
    return framework_get(draft.framework_version)


def url(name, assessment, *args):
    return reverse(name, args=[assessment.reference, *args])


# Starting ---------------------------------------------------------------------------------------

PROFILE_POST = {**PROFILE, "care_settings": ["community", "home"], "target_buyers": ["trusts"]}


def test_a_founder_starts_an_assessment_pinned_to_the_current_framework(founder_client, organisation):
    version = framework_version_loaded()
    response = founder_client.post(reverse("assessment_start"), PROFILE_POST)
    assessment = Assessment.objects.get(organisation=organisation)
    assert response.url == url("assessment_tasks", assessment)
    assert assessment.framework_version == version
    assert assessment.care_settings == ["community", "home"]
    # The product type is already answered from the profile.
    assert Answer.objects.get(assessment=assessment, question_key="product_type").value == "software"


def test_the_product_profile_explains_what_is_missing_and_keeps_what_was_typed(founder_client):
    framework_version_loaded()
    response = founder_client.post(reverse("assessment_start"), {"product_name": "WoundWatch"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Describe your product" in html
    assert "Select what kind of product it is" in html
    assert 'value="WoundWatch"' in html
    assert not Assessment.objects.exists()


def test_a_founder_of_several_organisations_chooses_one_of_their_own(founder_client, founder, organisation):
    framework_version_loaded()
    second = MembershipFactory(user=founder).organisation
    stranger = OrganisationFactory()
    refused = founder_client.post(reverse("assessment_start"), {**PROFILE_POST, "organisation": stranger.pk})
    assert "Select the organisation" in refused.content.decode()
    founder_client.post(reverse("assessment_start"), {**PROFILE_POST, "organisation": second.pk})
    assert Assessment.objects.get().organisation == second


def test_a_founder_without_an_organisation_is_asked_to_add_one_first(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("assessment_start")).url == reverse("organisation_create")


# Task list --------------------------------------------------------------------------------------


def test_the_task_list_shows_each_sections_status_and_overall_progress(founder_client, draft, framework):
    first = framework.domains[0]
    assessment_answered(draft)
    Answer.objects.filter(assessment=draft).exclude(
        question_key__in=[q.key for q in first.questions] + [framework.domains[1].questions[0].key]
    ).delete()
    for domain in framework.domains[:2]:  # the founder has opened these two
        founder_client.get(url("assessment_section", draft, domain.key))
    html = founder_client.get(url("assessment_tasks", draft)).content.decode()
    assert f"2 of {len(framework.domains) + 1} sections completed" in html  # the product profile and one section
    assert "In progress" in html
    assert "Not started" in html


def test_the_dashboard_lists_assessments_with_status_and_stage(founder_client, organisation):
    from tests.factories import assessment_submitted

    submitted = assessment_submitted(organisation=organisation)
    draft = AssessmentFactory(organisation=organisation, product_name="DraftProduct")
    html = founder_client.get(reverse("founder_home")).content.decode()
    assert url("assessment_results", submitted) in html
    assert url("assessment_tasks", draft) in html
    assert "Scale-ready" in html


# Sections and branching -------------------------------------------------------------------------


def test_saving_a_section_stores_its_answers_and_continues_to_the_next(founder_client, draft, framework):
    domain = framework.domains[1]
    answers = answers_for(framework)
    response = founder_client.post(
        url("assessment_section", draft, domain.key), section_data(framework, domain.key, answers)
    )
    assert response.url == url("assessment_section", draft, framework.domains[2].key)
    stored = dict(Answer.objects.filter(assessment=draft).values_list("question_key", "value"))
    for question in domain.questions:
        if question.key in stored:
            assert stored[question.key] == answers[question.key]


def test_save_and_come_back_later_returns_to_the_task_list(founder_client, draft, framework):
    domain = framework.domains[1]
    data = section_data(framework, domain.key, answers_for(framework), action="later")
    response = founder_client.post(url("assessment_section", draft, domain.key), data, follow=True)
    assert response.redirect_chain[-1][0] == url("assessment_tasks", draft)
    assert "Your answers have been saved" in response.content.decode()


def test_questions_for_medical_devices_apply_only_to_medical_devices(founder_client, draft, framework):
    regulatory = "regulatory"
    answers = {**answers_for(framework), "is_medical_device": "no"}
    founder_client.post(url("assessment_section", draft, regulatory), section_data(framework, regulatory, answers))
    stored = dict(Answer.objects.filter(assessment=draft).values_list("question_key", "value"))
    # What was sent for the device questions is ignored: they do not apply to this product.
    assert "ukca_ce_status" not in stored
    check = founder_client.get(url("assessment_check", draft)).content.decode()
    assert framework.question_by_key["ukca_ce_status"].text not in check


def test_answers_to_questions_that_no_longer_apply_are_kept_but_not_shown(founder_client, draft, framework):
    answers = {**answers_for(framework), "is_medical_device": "yes"}
    founder_client.post(url("assessment_section", draft, "regulatory"), section_data(framework, "regulatory", answers))
    assert Answer.objects.filter(assessment=draft, question_key="ukca_ce_status").exists()
    answers["is_medical_device"] = "no"
    founder_client.post(
        url("assessment_section", draft, "regulatory"), section_data(framework, "regulatory", answers, revision=1)
    )
    assert Answer.objects.filter(assessment=draft, question_key="ukca_ce_status").exists()
    check = founder_client.get(url("assessment_check", draft)).content.decode()
    assert framework.question_by_key["ukca_ce_status"].text not in check


def test_a_dependent_question_in_the_same_section_says_when_to_answer_it(founder_client, draft, framework):
    html = founder_client.get(url("assessment_section", draft, "regulatory")).content.decode()
    assert 'id="question-ukca_ce_status"' in html
    assert "data-show-if=" in html
    assert "Answer this if you answered" in html


def test_a_question_that_depends_on_another_section_is_left_out_until_it_applies(founder_client, draft, framework):
    # AI change control applies only to AI products (answered in the first section).
    Answer.objects.update_or_create(assessment=draft, question_key="product_type", defaults={"value": "software"})
    page = url("assessment_section_page", draft, "regulatory", question_page(framework.domains[2], "ai_change_control"))
    html = founder_client.get(page).content.decode()
    assert 'id="question-ai_change_control"' not in html
    Answer.objects.filter(assessment=draft, question_key="product_type").update(value="ai")
    html = founder_client.get(page).content.decode()
    assert 'id="question-ai_change_control"' in html


def test_a_validation_error_keeps_every_typed_value_and_saves_nothing(founder_client, draft, framework):
    domain = framework.domain_by_key["codesign"]
    data = section_data(framework, domain.key, answers_for(framework))
    number = next(q for q in domain.questions if q.type == "number")
    text = next(q for q in domain.questions if q.type in ("short_text", "long_text"))
    data[number.key] = "lots"
    data[text.key] = "Kept while another answer is wrong"
    response = founder_client.post(url("assessment_section", draft, domain.key), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert f'href="#id_{number.key}"' in html
    assert 'value="lots"' in html
    assert "Kept while another answer is wrong" in html
    assert not Answer.objects.filter(assessment=draft).exclude(question_key="product_type").exists()


# Two tabs ---------------------------------------------------------------------------------------


def test_a_save_from_a_page_opened_before_another_save_is_refused_and_shows_both(founder_client, draft, framework):
    domain = framework.domains[1]
    question = next(q for q in domain.questions if q.type == "yes_no")
    first = section_data(framework, domain.key, {question.key: "yes"}, revision=0)
    second = section_data(framework, domain.key, {question.key: "no"}, revision=0)
    assert founder_client.post(url("assessment_section", draft, domain.key), first).status_code == 302
    response = founder_client.post(url("assessment_section", draft, domain.key), second)
    html = response.content.decode()
    assert response.status_code == 409
    assert "This section was changed after you opened it" in html
    assert "Saved by the other change: <strong>Yes</strong>" in html
    assert Answer.objects.get(assessment=draft, question_key=question.key).value == "yes"
    # Saving again from the page it showed keeps the founder's answer deliberately.
    assert 'name="revision" value="1"' in html
    again = section_data(framework, domain.key, {question.key: "no"}, revision=1)
    assert founder_client.post(url("assessment_section", draft, domain.key), again).status_code == 302
    assert Answer.objects.get(assessment=draft, question_key=question.key).value == "no"


# Check answers and submit -----------------------------------------------------------------------


def test_check_answers_links_to_each_question_and_comes_back_after_saving(founder_client, draft, framework):
    assessment_answered(draft)
    html = founder_client.get(url("assessment_check", draft)).content.decode()
    change = url("assessment_section", draft, "codesign") + "?return=check#question-"
    assert change in html
    domain = next(d for d in framework.domains if d.key == "codesign")
    response = founder_client.post(
        url("assessment_section", draft, "codesign") + "?return=check",
        section_data(framework, "codesign", answers_for(framework)),
    )
    assert response.url == url("assessment_check", draft)
    assert domain.title in html


def test_submission_is_blocked_with_a_list_of_what_is_missing(founder_client, draft, framework):
    assessment_answered(draft)
    missing = framework.domains[2].questions[-1]
    Answer.objects.filter(assessment=draft, question_key__in=[q.key for q in framework.domains[6].questions]).delete()
    response = founder_client.post(url("assessment_submit", draft), {"declaration": "on"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "You cannot submit yet" in html
    assert framework.domains[6].questions[0].text in html
    draft.refresh_from_db()
    assert not draft.is_submitted
    assert missing  # the other sections stay as they were


def test_submission_needs_the_declaration(founder_client, draft):
    assessment_answered(draft)
    response = founder_client.post(url("assessment_submit", draft), {})
    assert response.status_code == 400
    assert "Confirm that your answers are accurate and complete" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_submitted


def test_a_complete_assessment_is_submitted_with_its_results_frozen(founder_client, draft):
    assessment_answered(draft, quality="middling")
    response = founder_client.post(url("assessment_submit", draft), {"declaration": "on"})
    assert response.url == url("assessment_results", draft)
    draft.refresh_from_db()
    assert draft.is_submitted
    assert draft.results_record.stage.key == draft.stage_key
    assert draft.results_record.framework_version == draft.framework_version.version


def test_a_submitted_assessment_cannot_be_changed(founder_client, draft, framework):
    assessment_answered(draft)
    founder_client.post(url("assessment_submit", draft), {"declaration": "on"})
    before = dict(Answer.objects.filter(assessment=draft).values_list("question_key", "value"))
    domain = framework.domains[0]
    data = section_data(framework, domain.key, answers_for(framework, quality="worst"), revision=0)
    for response in [
        founder_client.post(url("assessment_section", draft, domain.key), data),
        founder_client.get(url("assessment_section", draft, domain.key)),
        founder_client.post(url("assessment_profile", draft), PROFILE_POST),
        founder_client.post(url("assessment_submit", draft), {"declaration": "on"}),
        founder_client.post(url("assessment_delete", draft)),
    ]:
        assert response.status_code == 409
        assert "This assessment has been submitted" in response.content.decode()
    assert dict(Answer.objects.filter(assessment=draft).values_list("question_key", "value")) == before


# Retake -----------------------------------------------------------------------------------------


def test_retaking_starts_a_new_draft_from_the_submitted_answers(founder_client, draft):
    answers = assessment_answered(draft, quality="middling")
    founder_client.post(url("assessment_submit", draft), {"declaration": "on"})
    response = founder_client.post(url("assessment_retake", draft))
    retake = Assessment.objects.exclude(pk=draft.pk).get()
    assert response.url == url("assessment_tasks", retake)
    assert retake.previous == draft
    assert not retake.is_submitted
    copied = dict(Answer.objects.filter(assessment=retake).values_list("question_key", "value"))
    assert copied == {key: value for key, value in answers.items() if value is not None}


def test_retake_needs_a_post(founder_client, draft):
    assert founder_client.get(url("assessment_retake", draft)).status_code == 405


def test_a_draft_can_be_deleted_after_confirming(founder_client, draft):
    assert "Delete the draft assessment" in founder_client.get(url("assessment_delete", draft)).content.decode()
    assert founder_client.post(url("assessment_delete", draft)).url == reverse("founder_home")
    assert not Assessment.objects.filter(pk=draft.pk).exists()


def test_state_changes_need_the_csrf_token(founder, draft, framework):
    client = Client(enforce_csrf_checks=True)
    client.force_login(founder)
    data = section_data(framework, "codesign", answers_for(framework))
    assert client.post(url("assessment_section", draft, "codesign"), data).status_code == 403
    assert client.post(url("assessment_retake", draft)).status_code == 403
    assert not Answer.objects.filter(assessment=draft).exclude(question_key="product_type").exists()


def checked_values(html, name):
    """The values of the inputs called `name` that the page shows checked."""
    tags = re.findall(r"<input[^>]*>", html)
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in tags
        if f'name="{name}"' in tag and re.search(r"\schecked\b", tag)
    ]


def test_a_section_page_shows_each_draft_its_own_answers_however_often_it_is_opened(
    founder_client, organisation, framework
):
    """Blank section markup is reused between requests (SectionForm.questions_render): never someone else's."""
    from assessments.questionnaire.cache import caches_clear

    caches_clear()
    device, other = AssessmentFactory(organisation=organisation), AssessmentFactory(organisation=organisation)
    Answer.objects.create(assessment=device, question_key="is_medical_device", value="yes")
    Answer.objects.create(assessment=other, question_key="is_medical_device", value="no")

    def page(draft):
        html = founder_client.get(url("assessment_section", draft, "regulatory")).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    first = page(device)
    assert page(device) == first  # the second time from the reused markup, the same page
    assert checked_values(first, "is_medical_device") == ["yes"]
    assert checked_values(page(other), "is_medical_device") == ["no"]

    Answer.objects.filter(assessment=device, question_key="is_medical_device").update(value="no")
    assert checked_values(page(device), "is_medical_device") == ["no"]
    assert page(device).replace(device.reference, "") == page(other).replace(other.reference, "")
