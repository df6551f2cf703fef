"""An account made before sign-up asked for a name is asked for one once, after logging in, with or without
JavaScript, and then goes on to the page it was going to."""

import pytest

from tests.factories import PASSWORD, FounderFactory

WIDTHS = {"desktop": 1280, "mobile": 390}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_founder_without_a_name_gives_it_once_after_logging_in(any_web, width):
    founder = FounderFactory(full_name="", email="nameless@example.org")
    organisation = founder.memberships.get().organisation
    any_web.page.set_viewport_size({"width": width, "height": 900})
    page = any_web.visit(f"/accounts/login/?next=/organisations/{organisation.pk}/")
    page.fill("input[name=login]", founder.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    any_web.check()
    assert page.locator("h1").inner_text() == "What is your name?"

    page.locator("main form").get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state("load")
    any_web.check()
    assert "Enter your full name" in page.locator(".nhsuk-error-summary").inner_text()

    page.get_by_label("Full name").fill("Ada Lovelace")
    page.locator("main form").get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state("load")
    any_web.check()
    assert page.url.endswith(f"/organisations/{organisation.pk}/")
    assert "Ada Lovelace (you)" in page.locator("main").inner_text()
    assert "Ada Lovelace" in page.locator("header").inner_text()

    page = any_web.visit("/founder/")
    assert page.locator("h1").inner_text() == "Your dashboard"  # asked once only
