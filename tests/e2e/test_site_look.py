"""Every page is set in the NHS.UK font stack: Arial (the design system's fallback for Frutiger), never the
browser's default serif, at desktop and mobile widths."""

import pytest

from assessments.framework import framework_current
from tests.factories import PASSWORD, AssessmentFactory, FounderFactory, assessment_submitted

WIDTHS = {"desktop": 1280, "mobile": 390}
# Debian provides Arial as Liberation Sans, a font with Arial's metrics (the fonts-liberation package).
ARIAL = {"Arial", "Liberation Sans"}


def rendered_fonts(page, selector):
    """The font families Chromium actually drew the element's text with."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    return {font["familyName"] for font in fonts}


def assert_nhsuk_font(page):
    body = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert body == "arial, sans-serif", f"{page.url} body font is {body}"
    for selector in ("main h1", "main p", "header .nhsuk-header__service-name"):
        if page.locator(selector).count():
            assert rendered_fonts(page, selector) <= ARIAL, (
                f"{page.url} {selector} drawn in {rendered_fonts(page, selector)}"
            )
    if page.locator("main input:visible, main button:visible").count():
        control = page.evaluate(
            "getComputedStyle(document.querySelector('main input:not([type=hidden]), main button')).fontFamily"
        )
        assert control == "arial, sans-serif", f"{page.url} form controls use {control}"


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_public_pages_are_set_in_the_nhsuk_font_stack(web, width):
    web.page.set_viewport_size({"width": width, "height": 900})
    for path in ("/", "/accounts/login/", "/accounts/signup/", "/no-such-page/"):
        page = web.visit(path)
        assert_nhsuk_font(page)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_signed_in_pages_are_set_in_the_nhsuk_font_stack(web, width):
    founder = FounderFactory()
    organisation = founder.memberships.get().organisation
    draft = AssessmentFactory(organisation=organisation)
    submitted = assessment_submitted(organisation=organisation)
    first_section = framework_current().domains[0].key
    web.page.set_viewport_size({"width": width, "height": 900})
    page = web.visit("/accounts/login/")
    page.fill("input[name=login]", founder.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    web.check()
    assert_nhsuk_font(page)
    for path in (
        "/account/",
        "/assessments/new/",
        f"/assessments/{draft.reference}/",
        f"/assessments/{draft.reference}/sections/{first_section}/",
        f"/assessments/{submitted.reference}/results/",
    ):
        assert_nhsuk_font(web.visit(path))
