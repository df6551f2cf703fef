"""Section pages and check your answers at desktop and mobile widths, with and without JavaScript."""

import pytest

from assessments.framework import framework_get
from assessments.models import Answer
from assessments.questionnaire.pages import section_pages
from tests.e2e.test_dashboard import WIDTHS, log_in
from tests.factories import AssessmentFactory, FounderFactory, assessment_answered


@pytest.fixture
def answered():
    founder = FounderFactory()
    draft = AssessmentFactory(organisation=founder.memberships.get().organisation)
    assessment_answered(draft)
    return founder, draft


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_long_section_goes_page_by_page_and_back(any_web, answered, width):
    founder, draft = answered
    any_web.page.set_viewport_size({"width": width, "height": 900})
    log_in(any_web, founder)
    pages = section_pages(framework_get(draft.framework_version).domain_by_key["regulatory"])
    page = any_web.visit(f"/assessments/{draft.reference}/sections/regulatory/")
    assert f"Page 1 of {len(pages)}" in page.locator(".nhsuk-caption-l").inner_text()
    page.locator("main").get_by_role("button", name="Save and continue").click()
    any_web.check()
    assert page.url.endswith("/sections/regulatory/pages/2/")
    assert f"Page 2 of {len(pages)}" in page.locator(".nhsuk-caption-l").inner_text()
    assert page.locator(f"#question-{pages[1][-1].key}").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator(".nhsuk-back-link__link").click()
    any_web.check()
    assert page.url.endswith("/sections/regulatory/")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_check_answers_leads_to_what_is_missing_and_opens_each_section(any_web, answered, width):
    founder, draft = answered
    framework = framework_get(draft.framework_version)
    missing = section_pages(framework.domain_by_key["regulatory"])[-1][-1]
    Answer.objects.filter(assessment=draft, question_key=missing.key).delete()
    any_web.page.set_viewport_size({"width": width, "height": 900})
    log_in(any_web, founder)
    page = any_web.visit(f"/assessments/{draft.reference}/check/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    details = page.locator("main details").first
    answer = details.locator("dt").filter(has_text=framework.domains[0].questions[1].text)
    assert not answer.is_visible()
    details.locator("summary").click()
    assert answer.is_visible()
    page.locator("#still-to-answer").get_by_role("link", name=missing.text).click()
    any_web.check()
    assert "/sections/regulatory/pages/" in page.url
    assert page.locator(f"#question-{missing.key}").is_visible()
    page.locator("main").get_by_role("button", name="Save and return to check your answers").click()
    any_web.check()
    assert page.url.split("#")[0].endswith(f"/assessments/{draft.reference}/check/")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_number_answers_show_their_unit_beside_the_box_and_fit_a_phone(any_web, answered, width):
    founder, draft = answered
    any_web.page.set_viewport_size({"width": width, "height": 900})
    log_in(any_web, founder)
    page = any_web.visit(f"/assessments/{draft.reference}/sections/value/")
    cost = page.locator("#id_value_upfront_cost").bounding_box()
    pounds = page.locator("#id_value_upfront_cost").locator("xpath=preceding-sibling::*[1]")
    assert pounds.inner_text() == "£"
    assert pounds.bounding_box()["x"] + pounds.bounding_box()["width"] <= cost["x"] + 1
    payback = page.locator("#id_value_roi_months").bounding_box()
    months = page.locator("#id_value_roi_months").locator("xpath=following-sibling::*[1]")
    assert months.inner_text() == "months"
    assert months.bounding_box()["x"] >= payback["x"] + payback["width"] - 1
    assert abs(months.bounding_box()["y"] - payback["y"]) < 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The longest unit, beside the box on the same page as the sales cycle.
    page = any_web.visit(f"/assessments/{draft.reference}/sections/procurement/pages/2/")
    assert page.locator("#id_procurement_reference_sites ~ .nhsuk-input-wrapper__suffix").inner_text() == (
        "NHS organisations"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
