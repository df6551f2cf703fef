"""Number questions show their unit beside the box, as the NHS.UK input prefix and suffix: "£" before an amount
of money, the unit after anything else, and the unit in the label for screen readers when it does not say it."""

import pytest
from django.urls import reverse

from assessments.framework.loader import framework_file_read, framework_files
from assessments.models import Answer
from assessments.questionnaire.form import number_affixes
from tests.factories import AssessmentFactory
from tests.forms.markup import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def value_page(founder_client, organisation):
    draft = AssessmentFactory(organisation=organisation)
    return draft, reverse("assessment_section", args=[draft.reference, "value"])


def boxes_beside(page, key):
    """The input of question `key` and what sits beside it in its wrapper, in order."""
    wrapper = page.by_id(f"id_{key}").parent
    assert wrapper.classes == ["nhsuk-input-wrapper"]
    return [child for child in wrapper.children if not isinstance(child, str)]


def test_the_section_page_shows_pounds_before_the_upfront_cost_and_months_after_the_payback(founder_client, value_page):
    _, url = value_page
    page = parse(founder_client.get(url).content.decode())

    prefix, cost = boxes_beside(page, "value_upfront_cost")
    assert prefix.classes == ["nhsuk-input-wrapper__prefix"]
    assert (prefix.text, prefix.attrs["aria-hidden"]) == ("£", "true")
    assert cost.tag == "input"
    payback, suffix = boxes_beside(page, "value_roi_months")
    assert payback.tag == "input"
    assert suffix.classes == ["nhsuk-input-wrapper__suffix"]
    assert (suffix.text, suffix.attrs["aria-hidden"]) == ("months", "true")


def test_a_screen_reader_hears_the_unit_the_question_does_not_say(founder_client, value_page):
    _, url = value_page
    page = parse(founder_client.get(url).content.decode())

    cost_label = page.find("label", **{"for": "id_value_upfront_cost"})
    assert cost_label.find(cls="nhsuk-u-visually-hidden").text == "(in pounds)"
    # "How many months after go-live ..." says it already.
    assert not page.find("label", **{"for": "id_value_roi_months"}).find_all(cls="nhsuk-u-visually-hidden")


def test_a_page_with_errors_keeps_the_units_beside_the_answers_as_typed(founder_client, value_page):
    _, url = value_page
    response = founder_client.post(url, {"revision": 0, "value_upfront_cost": "lots", "value_roi_months": "-1"})

    page = parse(response.content.decode())
    assert page.find(cls="nhsuk-error-summary")
    prefix, cost = boxes_beside(page, "value_upfront_cost")
    assert (prefix.text, cost.attrs["value"]) == ("£", "lots")
    payback, suffix = boxes_beside(page, "value_roi_months")
    assert (payback.attrs["value"], suffix.text) == ("-1", "months")


@pytest.mark.parametrize("path", framework_files(), ids=lambda path: path.name)
def test_every_number_question_with_a_unit_shows_it_and_names_it_for_screen_readers(path):
    framework = framework_file_read(path=path).framework
    for question in framework.questions:
        if question.type != "number" or not question.unit:
            continue
        affixes = number_affixes(question)
        shown = affixes["prefix"] or affixes["suffix"]
        assert shown in ("£", question.unit), question.key
        hint = "" if question.guidance else question.help
        heard = f"{question.text} {hint} {affixes['label_hidden']}".lower()
        assert question.unit.lower() in heard or "pounds" in heard, question.key


def test_a_whole_number_stored_as_a_decimal_is_shown_without_the_point(founder_client, value_page):
    draft, url = value_page
    Answer.objects.create(assessment=draft, question_key="value_roi_months", value=6.0)
    Answer.objects.create(assessment=draft, question_key="value_upfront_cost", value=2500.5)

    page = parse(founder_client.get(url).content.decode())

    assert page.by_id("id_value_roi_months").attrs["value"] == "6"
    assert page.by_id("id_value_upfront_cost").attrs["value"] == "2500.5"
