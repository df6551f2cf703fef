"""Long sections are asked over pages of related questions: progress, back and continue, and saving one
page keeps the others."""

import itertools

import pytest
from django.urls import reverse

from assessments.framework import framework_get
from assessments.framework.loader import framework_file_read, framework_files
from assessments.models import Answer, Assessment
from assessments.questionnaire.pages import PAGE_LIMIT, condition_questions, question_page, section_pages
from tests.assessments.test_founder_journey import PROFILE_POST, section_data
from tests.factories import answers_for
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(draft):
    return framework_get(draft.framework_version)


def page_url(draft, domain_key, page):
    if page == 1:
        return reverse("assessment_section", args=[draft.reference, domain_key])
    return reverse("assessment_section_page", args=[draft.reference, domain_key, page])


@pytest.mark.parametrize("path", framework_files(), ids=lambda path: path.name)
def test_no_page_of_any_framework_file_asks_more_than_the_limit(path):
    framework = framework_file_read(path=path).framework
    for domain in framework.domains:
        pages = section_pages(domain)
        assert all(1 <= len(page) <= PAGE_LIMIT for page in pages), domain.key
        assert [question for page in pages for question in page] == list(domain.questions)


def test_a_question_stays_on_the_page_of_the_question_it_depends_on_where_it_fits(framework):
    regulatory = framework.domain_by_key["regulatory"]
    assert len(section_pages(regulatory)) == 3
    assert question_page(regulatory, "device_class") == question_page(regulatory, "is_medical_device")
    for page in section_pages(regulatory):
        keys = [question.key for question in page]
        if "clinical_functionality" in keys:
            assert "dcb0129_safety_case" in keys
    # A question that opens others never ends a page while the next question depends on it.
    for domain in framework.domains:
        pages = section_pages(domain)
        for page, following in itertools.pairwise(pages):
            if len(page) < PAGE_LIMIT:
                assert not condition_questions(following[0].show_if) & {question.key for question in page}


def test_a_later_page_shows_its_progress_and_goes_back_to_the_page_before(founder_client, draft):
    html = founder_client.get(page_url(draft, "regulatory", 2)).content.decode()
    page = parse(html)
    assert "Page 2 of 3" in page.find(cls="nhsuk-caption-l").text
    assert page.find("a", cls="nhsuk-back-link__link").attrs["href"] == page_url(draft, "regulatory", 1)
    assert "(page 2 of 3)" in page.find("title").text
    first = parse(founder_client.get(page_url(draft, "regulatory", 1)).content.decode())
    assert "Page 1 of 3" in first.find(cls="nhsuk-caption-l").text
    assert first.find("a", cls="nhsuk-back-link__link").attrs["href"] == reverse(
        "assessment_tasks", args=[draft.reference]
    )


def test_a_page_asks_only_its_own_questions(founder_client, draft, framework):
    regulatory = framework.domain_by_key["regulatory"]
    html = founder_client.get(page_url(draft, "regulatory", 3)).content.decode()
    for page, questions in enumerate(section_pages(regulatory), start=1):
        for question in questions:
            if question.show_if is None:
                assert (f'id="question-{question.key}"' in html) == (page == 3), question.key


def test_a_section_with_one_page_shows_no_page_progress(founder_client, draft):
    html = founder_client.get(page_url(draft, "codesign", 1)).content.decode()
    assert "Page 1 of" not in html


@pytest.mark.parametrize("page", [0, 4, 99])
def test_a_page_the_section_does_not_have_is_not_found(founder_client, draft, page):
    assert founder_client.get(page_url(draft, "regulatory", page)).status_code == 404


def test_continue_goes_page_by_page_then_to_the_next_section_and_keeps_every_page(founder_client, draft, framework):
    answers = {**answers_for(framework), "is_medical_device": "yes"}
    regulatory = framework.domain_by_key["regulatory"]
    pages = section_pages(regulatory)
    for number, questions in enumerate(pages, start=1):
        page_answers = {question.key: answers.get(question.key) for question in questions}
        data = section_data(framework, "regulatory", page_answers, revision=number - 1)
        response = founder_client.post(page_url(draft, "regulatory", number), data)
        assert response.status_code == 302
        following = framework.domains[framework.domains.index(regulatory) + 1].key
        expected = page_url(draft, "regulatory", number + 1) if number < len(pages) else page_url(draft, following, 1)
        assert response.url == expected
    stored = dict(Answer.objects.filter(assessment=draft).values_list("question_key", "value"))
    for question in regulatory.questions:
        if question.key in stored:
            assert stored[question.key] == answers[question.key]
    assert stored["is_medical_device"] == "yes"
    assert stored[pages[-1][-1].key] == answers[pages[-1][-1].key]


def test_saving_a_page_leaves_the_answers_on_other_pages_alone(founder_client, draft, framework):
    Answer.objects.create(assessment=draft, question_key="is_medical_device", value="yes")
    regulatory = framework.domain_by_key["regulatory"]
    last = section_pages(regulatory)[-1]
    data = section_data(framework, "regulatory", {question.key: None for question in last})
    assert founder_client.post(page_url(draft, "regulatory", len(section_pages(regulatory))), data).status_code == 302
    assert Answer.objects.get(assessment=draft, question_key="is_medical_device").value == "yes"


def test_check_answers_links_each_question_to_its_own_page(founder_client, draft, framework):
    regulatory = framework.domain_by_key["regulatory"]
    question = section_pages(regulatory)[1][-1]
    html = founder_client.get(reverse("assessment_check", args=[draft.reference])).content.decode()
    assert f'href="{page_url(draft, "regulatory", 2)}?return=check#question-{question.key}"' in html


def test_the_product_type_is_shown_from_the_profile_not_asked_again(founder_client, draft, framework):
    html = founder_client.get(page_url(draft, "clinical_evidence", 1)).content.decode()
    assert 'id="question-product_type"' not in html
    assert 'name="product_type"' not in html
    question = framework.question_by_key["product_type"]
    main = parse(html).find("main")
    assert question.text in main.text
    assert question.choice_by_value[draft.product_type].label in main.text
    assert "From your product profile" in main.text
    profile = reverse("assessment_profile", args=[draft.reference])
    assert any(link.attrs.get("href") == profile for link in main.find_all("a"))


def test_a_product_type_posted_to_a_section_is_ignored(founder_client, draft, framework):
    Answer.objects.create(assessment=draft, question_key="product_type", value="software")
    data = section_data(framework, "clinical_evidence", {"product_type": "ai"})
    assert founder_client.post(page_url(draft, "clinical_evidence", 1), data).status_code == 302
    assert Answer.objects.get(assessment=draft, question_key="product_type").value == "software"


def test_changing_the_product_type_in_the_profile_changes_the_answer(founder_client, organisation, framework):
    founder_client.post(reverse("assessment_start"), PROFILE_POST)
    assessment = Assessment.objects.filter(organisation=organisation).latest("pk")
    assert Answer.objects.get(assessment=assessment, question_key="product_type").value == "software"
    response = founder_client.post(
        reverse("assessment_profile", args=[assessment.reference]), {**PROFILE_POST, "product_type": "ai"}
    )
    assert response.status_code == 302
    assert Answer.objects.get(assessment=assessment, question_key="product_type").value == "ai"
    # The questions for AI products now apply, and the section shows the new answer.
    html = founder_client.get(page_url(assessment, "clinical_evidence", 1)).content.decode()
    assert framework.question_by_key["product_type"].choice_by_value["ai"].label in html
    regulatory = framework.domain_by_key["regulatory"]
    page = question_page(regulatory, "ai_change_control")
    assert (
        'id="question-ai_change_control"'
        in founder_client.get(page_url(assessment, "regulatory", page)).content.decode()
    )
