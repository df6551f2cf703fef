"""The start page and the pages about the service, at desktop and mobile widths, with and without JavaScript."""

import pytest

WIDTHS = {"desktop": 1280, "mobile": 390}


@pytest.fixture(params=["with JavaScript", "without JavaScript"])
def any_web(request):
    """Each journey twice: in a browser with JavaScript (checked with axe) and in one without it."""
    return request.getfixturevalue("web" if request.param == "with JavaScript" else "web_without_js")


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
