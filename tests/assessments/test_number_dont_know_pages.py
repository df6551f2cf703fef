"""A number question answered "I don't know": asked with a box under the input, shown in words everywhere."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from assessments.framework import framework_get
from assessments.framework.schema import DONT_KNOW
from assessments.models import Answer
from assessments.reports.render import report_html
from assessments.review import services as review_services
from tests.factories import (
    AssessmentFactory,
    assessment_answered,
    assessment_submitted,
    framework_version_of,
    section_page_url,
)
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db

KEY = "value_cash_runway"
BOX = f"{KEY}__dont_know"
QUESTION = "How many months can your company keep going with the cash it has now?"
BOTH = (
    "“How many months can your company keep going with the cash it has now?”: enter the number of months or "
    "select “I don't know”, not both"
)


def page(draft):
    return section_page_url(draft, "value", KEY)


def saved(draft):
    answer = Answer.objects.filter(assessment=draft, question_key=KEY).first()
    return answer.value if answer else None


def text(response_or_html) -> str:
    """The HTML with entities decoded and runs of whitespace made one space."""
    page = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    return " ".join(html.unescape(page).split())


def answer_shown(page: str, question: str) -> str:
    """The answer in the summary row of a question."""
    return page.split(question)[1].split("<dd")[1].split("</dd>")[0].split(">", 1)[1].strip()


def test_a_number_question_offers_an_i_dont_know_box_under_its_input(founder_client, draft):
    tree = parse(founder_client.get(page(draft)).content.decode())
    block = tree.find(id=f"question-{KEY}")
    inputs = [element for element in block.iter() if element.tag == "input"]
    assert [(i.attrs["name"], i.attrs.get("type")) for i in inputs] == [(KEY, "text"), (BOX, "checkbox")]
    label = next(e for e in block.iter() if e.tag == "label" and e.attrs.get("for") == inputs[1].id)
    assert label.text == "I don't know"


def test_i_dont_know_is_stored_and_shown_checked_again(founder_client, draft):
    # The blank page first: its markup is reused for the same answers, and "I don't know" is not the same.
    assert founder_client.get(page(draft)).status_code == 200
    response = founder_client.post(page(draft), {"revision": 0, BOX: "on"})
    assert response.status_code == 302
    assert saved(draft) == DONT_KNOW
    tree = parse(founder_client.get(page(draft)).content.decode())
    box = next(e for e in tree.iter() if e.tag == "input" and e.attrs.get("name") == BOX)
    number = next(e for e in tree.iter() if e.tag == "input" and e.attrs.get("name") == KEY)
    assert "checked" in box.attrs
    assert "value" not in number.attrs
    # A number typed later replaces it.
    assert founder_client.post(page(draft), {"revision": 1, KEY: "9"}).status_code == 302
    assert saved(draft) == 9


def test_a_number_and_i_dont_know_together_are_refused_naming_the_question(founder_client, draft):
    Answer.objects.create(assessment=draft, question_key=KEY, value=20)
    response = founder_client.post(page(draft), {"revision": 0, KEY: "7", BOX: "on"})
    assert response.status_code == 200
    tree = parse(response.content.decode())
    summary = tree.find(cls="nhsuk-error-summary")
    links = [(a.text, a.attrs["href"]) for a in summary.iter() if a.tag == "a"]
    assert (BOTH, f"#id_{KEY}") in links
    assert BOTH in tree.find(id=f"question-{KEY}").text
    assert saved(draft) == 20  # nothing saved, and what was typed is shown back
    number = next(e for e in tree.iter() if e.tag == "input" and e.attrs.get("name") == KEY)
    assert number.attrs["value"] == "7"


def test_check_answers_shows_i_dont_know(founder_client, draft):
    Answer.objects.create(assessment=draft, question_key=KEY, value=DONT_KNOW)
    page = text(founder_client.get(reverse("assessment_check", args=[draft.reference])))
    assert answer_shown(page, QUESTION) == "I don't know"


@pytest.fixture
def submitted(organisation):
    return assessment_submitted(organisation=organisation, quality="middling", **{KEY: DONT_KNOW})


def test_results_and_report_list_it_among_the_knowledge_gaps(founder_client, submitted):
    question = framework_get(submitted.framework_version).question_by_key[KEY]
    assert KEY in {gap["question_key"] for gap in submitted.results["knowledge_gaps"]}
    page = text(founder_client.get(reverse("assessment_results", args=[submitted.reference])))
    assert question.text in page.split('id="knowledge-gaps"')[1]
    report = text(report_html(assessment=submitted))
    assert question.text in report.split('id="knowledge-gaps"')[1]
    appendix = report.split('id="answers"')[1]
    assert answer_shown(appendix, QUESTION) == "I don't know"


def test_the_adviser_review_shows_i_dont_know(founder, submitted, adviser, hin):
    review_services.share_create(founder=founder, assessment=submitted, hin=hin, consent=True)
    client = Client()
    client.force_login(adviser)
    page = text(client.get(reverse("adviser_review", args=[submitted.reference])))
    assert answer_shown(page, QUESTION) == "I don't know"


def test_a_1_0_draft_offers_no_i_dont_know(founder_client, organisation):
    draft = AssessmentFactory(organisation=organisation, framework_version=framework_version_of("1.0"))
    assessment_answered(draft, quality="middling")
    markup = founder_client.get(page(draft)).content.decode()
    assert f'name="{KEY}"' in markup
    assert BOX not in markup
