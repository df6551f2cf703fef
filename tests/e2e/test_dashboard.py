"""The dashboard, organisation page and task list at desktop and mobile widths, with and without JavaScript."""

import pytest

from assessments import services as assessment_services
from innovator_portal.organisations import services
from tests.factories import (
    PASSWORD,
    AssessmentFactory,
    FounderFactory,
    assessment_answered,
    assessment_submitted,
    framework_version_of,
)

WIDTHS = {"desktop": 1280, "mobile": 390}


def log_in(web, founder):
    page = web.visit("/accounts/login/")
    page.fill("input[name=login]", founder.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    web.check()
    return page


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_dashboard_marks_the_latest_assessment_and_fits_a_phone(any_web, width):
    founder = FounderFactory()
    organisation = founder.memberships.get().organisation
    assessment_submitted(organisation=organisation)
    latest = AssessmentFactory(organisation=organisation)
    any_web.page.set_viewport_size({"width": width, "height": 900})
    page = log_in(any_web, founder)
    assert page.url.endswith("/founder/")
    row = page.locator("main table tbody tr").filter(has_text=latest.reference)
    assert row.get_by_text("Latest", exact=True).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    headings_shown = page.locator("main table .nhsuk-table__heading").first.is_visible()
    assert headings_shown == (width < 641)  # each cell names its column only when the table is stacked


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_organisation_page_shows_invitations_and_leads_on_to_an_assessment(any_web, width):
    founder = FounderFactory()
    organisation = founder.memberships.get().organisation
    services.invitation_create(organisation=organisation, invited_by=founder, email="colleague@example.org")
    any_web.page.set_viewport_size({"width": width, "height": 900})
    log_in(any_web, founder)
    page = any_web.visit(f"/organisations/{organisation.pk}/")
    invited = page.locator(".nhsuk-summary-list__row").filter(has_text="colleague@example.org")
    assert invited.get_by_text("Invited", exact=True).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("main").get_by_role("button", name="Start an assessment").click()
    page.wait_for_load_state("load")
    any_web.check()
    assert page.locator("h1").inner_text() == "Tell us about your product"


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_retake_says_what_to_review_first_and_which_sections_were_opened(any_web, width):
    founder = FounderFactory()
    organisation = founder.memberships.get().organisation
    previous = assessment_submitted(organisation=organisation, quality="middling")
    retake = assessment_services.assessment_retake(founder=founder, previous=previous)
    weakest = min(previous.results_record.domains, key=lambda domain: domain.score)
    any_web.page.set_viewport_size({"width": width, "height": 900})
    log_in(any_web, founder)
    page = any_web.visit(f"/assessments/{retake.reference}/")
    card = page.locator("#review-first")
    assert "What to review first" in card.inner_text()
    assert page.locator(f"#section-{weakest.key}-status").inner_text() == "Not started"
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    card.get_by_role("link", name=weakest.title).click()
    page.wait_for_load_state("load")
    any_web.check()
    page = any_web.visit(f"/assessments/{retake.reference}/")
    assert page.locator(f"#section-{weakest.key}-status").inner_text() == "Completed"


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_draft_on_framework_1_0_is_moved_to_1_1_from_its_task_list(web, width):
    founder = FounderFactory()
    organisation = founder.memberships.get().organisation
    draft = AssessmentFactory(organisation=organisation, framework_version=framework_version_of("1.0"))
    assessment_answered(draft, quality="middling", user=founder, product_type=draft.product_type)
    web.page.set_viewport_size({"width": width, "height": 900})
    page = log_in(web, founder)
    row = page.locator("main table tbody tr").filter(has_text=draft.reference)
    assert row.get_by_text("Version 1.1 of the questionnaire is available").is_visible()
    row.get_by_role("link", name="Move this draft").click()
    page.wait_for_load_state("load")
    web.check()
    notice = page.locator("#newer-version")
    assert "keep your answers to the questions that have not changed" in notice.inner_text()
    notice.get_by_role("button", name="Move to version 1.1").click()
    page.wait_for_load_state("load")
    web.check()
    banner = page.locator("#upgraded")
    assert "Your assessment now uses version 1.1 of the questionnaire" in banner.inner_text()
    assert "new questions to answer" in banner.inner_text()
    assert page.locator("#newer-version").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/fw-upgrade-moved-{width}.png", full_page=False)
