"""The start page and the pages about the service, at desktop and mobile widths, with and without JavaScript."""

import pytest

WIDTHS = {"desktop": 1280, "mobile": 390}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_start_page_leads_a_new_founder_to_create_an_account(any_web, width):
    any_web.page.set_viewport_size({"width": width, "height": 900})
    page = any_web.visit("/")
    assert page.locator("h1").inner_text() == "Get your health technology ready for the NHS"
    for heading in ("Who this service is for", "Before you start", "How long it takes", "What happens to your data"):
        assert page.get_by_role("heading", name=heading).is_visible()
    start = page.locator("main").get_by_role("button", name="Start now")
    box = start.bounding_box()
    # Nothing off the side of a phone.
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width
    start.click()
    page.wait_for_load_state("load")
    any_web.check()
    assert page.url.endswith("/accounts/signup/")
    assert page.locator("h1").inner_text() == "Create an account"


PAGES_ABOUT_THE_SERVICE = {
    "About Innovator Portal": "/about/",
    "Accessibility statement": "/accessibility/",
    "Contact us": "/contact/",
    "Cookies": "/cookies/",
    "Privacy notice": "/privacy/",
    "Terms of use": "/terms/",
}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_page_about_the_service_is_reached_from_the_footer(any_web, width):
    any_web.page.set_viewport_size({"width": width, "height": 900})
    for name, path in PAGES_ABOUT_THE_SERVICE.items():
        page = any_web.visit("/")
        page.locator("footer").get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state("load")
        any_web.check()
        assert page.url.endswith(path)
        assert page.locator("h1").inner_text() == name
        width_used = page.evaluate("document.documentElement.scrollWidth")
        assert width_used <= width, f"{path} is {width_used}px wide at {width}px"


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_feedback_from_the_phase_banner_is_checked_and_sent(any_web, width):
    from innovator_portal.feedback.models import Feedback

    any_web.page.set_viewport_size({"width": width, "height": 900})
    page = any_web.visit("/cookies/")
    page.locator(".app-phase-banner").get_by_role("link", name="Give feedback").click()
    page.wait_for_load_state("load")
    any_web.check()
    assert page.locator("h1").inner_text() == "Give feedback about Innovator Portal"

    page.locator("main form").get_by_role("button", name="Send feedback").click()
    page.wait_for_load_state("load")
    any_web.check()
    summary = page.locator(".nhsuk-error-summary")
    assert "Select how you feel about the service" in summary.inner_text()
    assert "Enter how we could improve this service" in summary.inner_text()

    page.get_by_label("Satisfied", exact=True).check()
    page.get_by_label("How could we improve this service?").fill("Say how long each section takes.")
    page.locator("main form").get_by_role("button", name="Send feedback").click()
    page.wait_for_load_state("load")
    any_web.check()
    assert page.locator("h1").inner_text() == "Thank you for your feedback"
    feedback = Feedback.objects.get()
    assert (feedback.satisfaction, feedback.improvement, feedback.page) == (
        "satisfied",
        "Say how long each section takes.",
        "/cookies/",
    )
