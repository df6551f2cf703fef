"""The task list: a section is not started until it is opened, each says how many questions it has and about
how long they take, and a retake says what to review first."""

import dataclasses
import math

import pytest
from django.urls import reverse

from assessments import services
from assessments.framework import framework_get
from assessments.scoring import visible_questions
from assessments.selectors import _question_changed, minutes_to_answer
from tests.factories import AssessmentFactory, assessment_answered, assessment_submitted
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db


def task_list(client, assessment):
    response = client.get(reverse("assessment_tasks", args=[assessment.reference]))
    assert response.status_code == 200
    return parse(response.content.decode()).find("main")


def section_row(main, domain_key):
    status = main.by_id(f"section-{domain_key}-status")
    return status.parent, status.text


def test_a_section_with_answers_is_not_started_until_it_is_opened(founder_client, organisation):
    draft = AssessmentFactory(organisation=organisation)
    assessment_answered(draft)
    framework = framework_get(draft.framework_version)
    first = framework.domains[0].key
    _, status = section_row(task_list(founder_client, draft), first)
    assert status == "Not started"

    founder_client.get(reverse("assessment_section", args=[draft.reference, first]))
    main = task_list(founder_client, draft)
    assert section_row(main, first)[1] == "Completed"
    assert section_row(main, framework.domains[1].key)[1] == "Not started"
    # The product profile and the section opened, of the profile and every section.
    assert f"2 of {len(framework.domains) + 1} sections completed" in main.text


def test_opening_a_section_does_not_count_as_saving_it(founder_client, organisation, founder):
    draft = AssessmentFactory(organisation=organisation)
    key = framework_get(draft.framework_version).domains[0].key
    founder_client.get(reverse("assessment_section", args=[draft.reference, key]))
    founder_client.get(reverse("assessment_section", args=[draft.reference, key]))  # opened twice: one record
    # A save from a page opened before is still accepted: opening changed no revision.
    assert services.section_save(assessment=draft, domain_key=key, values={}, revision=0, user=founder) == 1


def test_each_section_says_how_many_questions_and_about_how_long(founder_client, organisation):
    draft = AssessmentFactory(organisation=organisation)
    framework = framework_get(draft.framework_version)
    main = task_list(founder_client, draft)
    visible = set(visible_questions(framework, {}))
    for domain in framework.domains:
        asked = [question for question in domain.questions if question.key in visible]
        minutes = minutes_to_answer(asked)
        row, _ = section_row(main, domain.key)
        assert row.find(cls="nhsuk-task-list__hint").text == f"{len(asked)} questions, about {minutes} minutes"


def test_a_section_in_progress_says_how_long_is_left(founder_client, organisation):
    draft = AssessmentFactory(organisation=organisation)
    framework = framework_get(draft.framework_version)
    domain = framework.domains[0]
    answers = assessment_answered(draft)
    draft.answers.filter(question_key__in=[q.key for q in domain.questions[1:]]).delete()
    founder_client.get(reverse("assessment_section", args=[draft.reference, domain.key]))
    row, status = section_row(task_list(founder_client, draft), domain.key)
    assert status == "In progress"
    assert row.find(cls="nhsuk-task-list__hint").text.startswith("1 of ")
    assert "minute" in row.find(cls="nhsuk-task-list__hint").text
    assert " left" in row.find(cls="nhsuk-task-list__hint").text
    assert answers  # the rest of the assessment is answered, this section is not


@pytest.mark.parametrize(
    ("types", "minutes"),
    [([], 0), (["yes_no"], 1), (["long_text", "long_text"], 5), (["single_choice"] * 10, 5)],
)
def test_minutes_to_answer_add_up_by_question_type(types, minutes):
    questions = [type("Question", (), {"type": kind})() for kind in types]
    assert minutes_to_answer(questions) == minutes


def test_a_retake_says_which_sections_to_review_first(founder_client, founder, organisation):
    previous = assessment_submitted(organisation=organisation, quality="middling")
    retake = services.assessment_retake(founder=founder, previous=previous)
    main = task_list(founder_client, retake)
    card = main.by_id("review-first")
    assert card.find("h2").text == "What to review first"
    weakest = sorted(previous.results_record.domains, key=lambda domain: domain.score)
    weakest = [domain for domain in weakest if domain.score < 100][:3]
    items = card.find("ul").find_all("li")
    assert [item.find("a").text for item in items] == [domain.title for domain in weakest]
    assert items[0].find("a").attrs["href"] == reverse("assessment_section", args=[retake.reference, weakest[0].key])
    # Whole numbers, rounded down, as the results page shows them (36.9 is 36).
    assert [item.text.rsplit(": ", 1)[1] for item in items] == [f"{math.floor(d.score)} out of 100" for d in weakest]
    # Every answer was carried over, but the founder has looked at none of them yet.
    framework = framework_get(retake.framework_version)
    assert {section_row(main, domain.key)[1] for domain in framework.domains} == {"Not started"}
    assert main.by_id("submit-status").text == "Not started"  # checking and submitting is open already


def test_a_first_assessment_has_nothing_to_review_first(founder_client, organisation):
    main = task_list(founder_client, AssessmentFactory(organisation=organisation))
    assert "review-first" not in main.ids()


def test_a_question_is_changed_when_new_or_asked_or_answered_differently():
    framework = framework_get(AssessmentFactory().framework_version)
    question = framework.questions[0]
    assert not _question_changed(question, framework)
    assert _question_changed(dataclasses.replace(question, key="a_new_question"), framework)
    assert _question_changed(dataclasses.replace(question, text="Something else?"), framework)
    if question.choices:
        relabelled = (dataclasses.replace(question.choices[0], label="Another label"), *question.choices[1:])
        assert _question_changed(dataclasses.replace(question, choices=relabelled), framework)


def test_a_new_assessment_counts_its_product_profile_and_says_what_was_filled_in_for_a_section_not_started(
    founder_client, organisation
):
    draft = AssessmentFactory(organisation=organisation)
    framework = framework_get(draft.framework_version)
    domain = framework.domains[0]
    question = next(q for q in domain.questions if q.key in visible_questions(framework, {}))
    answers = assessment_answered(draft)
    draft.answers.exclude(question_key=question.key).delete()  # one answer, as the product profile fills in

    main = task_list(founder_client, draft)

    assert f"1 of {len(framework.domains) + 1} sections completed" in main.text
    assert main.by_id("profile-status").text == "Completed"
    row, status = section_row(main, domain.key)
    assert status == "Not started"
    hint = " ".join(row.find(cls="nhsuk-task-list__hint").text.split())
    applicable = len(
        [q for q in domain.questions if q.key in visible_questions(framework, {question.key: answers[question.key]})]
    )
    assert hint.startswith(f"{applicable} questions, 1 already filled in for you to check, about ")
    assert "questions answered" not in hint


def test_submitting_cannot_start_until_every_section_is_completed_and_is_not_a_link_until_then(
    founder_client, organisation
):
    draft = AssessmentFactory(organisation=organisation)
    check_url = reverse("assessment_check", args=[draft.reference])

    row = task_list(founder_client, draft).by_id("submit-status").parent

    assert " ".join(row.text.split()).endswith("Cannot start yet")
    assert "Check your answers and submit" in row.text
    assert not row.find_all("a")
    assert "nhsuk-task-list__item--with-link" not in row.classes

    assessment_answered(draft)
    for domain in framework_get(draft.framework_version).domains:
        founder_client.get(reverse("assessment_section", args=[draft.reference, domain.key]))
    row = task_list(founder_client, draft).by_id("submit-status").parent
    assert [a.attrs["href"] for a in row.find_all("a")] == [check_url]
    assert " ".join(row.text.split()).endswith("Not started")
