"""The founder's results page in a browser, at phone and desktop widths, with and without JavaScript: the stage,
the next 3 steps and the gap to the next stage above the fold, the barriers and answers on their own pages,
and the action plan's detail printed. axe checks every page (with JavaScript)."""

import pytest

from tests.factories import PASSWORD, FounderFactory, assessment_submitted

# A phone (iPhone 12 to 15 size) and a laptop screen; the fold is the bottom of the viewport.
VIEWPORTS = {"mobile": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def log_in(web, founder):
    page = web.visit("/accounts/login/")
    page.fill("input[name=login]", founder.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    web.check()
    return page


def follow(web, link):
    with web.page.expect_navigation():
        link.click()
    web.check()
    return web.page


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_the_next_3_steps_and_the_next_stage_are_above_the_fold(any_web, viewport):
    founder = FounderFactory()
    # The worst answers: the longest plan and every barrier at risk.
    assessment = assessment_submitted(organisation=founder.memberships.get().organisation, quality="worst")
    any_web.page.set_viewport_size(viewport)
    log_in(any_web, founder)

    page = any_web.visit(f"/assessments/{assessment.reference}/results/")

    name = "js" if any_web.axe else "nojs"
    page.screenshot(path=f"/tmp/results-top-{viewport['width']}-{name}.png")
    page.screenshot(path=f"/tmp/results-full-{viewport['width']}-{name}.png", full_page=True)
    steps = page.locator("ol.app-next-steps")
    heading = page.locator("h2#next-stage")
    assert steps.locator("li").count() == 3
    assert heading.inner_text() == "To reach Developing"
    for element in (page.locator(".app-stage-panel"), steps, heading):
        box = element.bounding_box()
        assert box is not None, element
        assert box["y"] + box["height"] <= viewport["height"], (element, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # The browser's own count, with every element it adds (such as <tbody>), for the longest plan in the tests.
    assert page.evaluate("document.getElementsByTagName('*').length") < 1000

    # A step links to its full entry in the plan, under "Do now".
    first = steps.locator("a").first
    title = first.inner_text()
    first.click()
    entry = page.locator(f"{first.get_attribute('href')}")
    assert title in entry.locator("h4").inner_text()
    assert "app-action-plan--now" in entry.locator("xpath=..").get_attribute("class")
    # Its border is the red of the "Do now" tag, not the plan's blue.
    assert entry.evaluate("e => getComputedStyle(e).borderLeftColor") == "rgb(213, 40, 27)"

    page = follow(any_web, page.get_by_role("link", name="Read why each barrier applies to you"))
    assert page.locator("h1").inner_text().startswith("Barriers to adoption for")
    at_risk = [barrier for barrier in assessment.results_record.barriers if barrier.level != "low"]
    assert page.locator(".app-barrier").count() == len(at_risk)
    page = follow(any_web, page.get_by_role("link", name="Back to your results").first)
    page = follow(any_web, page.get_by_role("link", name="See every answer you submitted"))
    assert page.locator("h1").inner_text().startswith("Your answers for")


def test_the_action_plan_prints_with_its_detail(web):
    founder = FounderFactory()
    assessment = assessment_submitted(organisation=founder.memberships.get().organisation, quality="middling")
    log_in(web, founder)
    page = web.visit(f"/assessments/{assessment.reference}/results/")
    why = page.locator(".app-action-plan__item .nhsuk-details__text").first
    assert not why.is_visible()

    page.emulate_media(media="print")

    assert why.is_visible()


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_the_contents_list_stands_apart_from_the_gap_to_the_next_stage(web, viewport):
    founder = FounderFactory()
    assessment = assessment_submitted(organisation=founder.memberships.get().organisation, quality="worst")
    web.page.set_viewport_size(viewport)
    log_in(web, founder)

    page = web.visit(f"/assessments/{assessment.reference}/results/")

    gaps = page.locator("ul.app-next-stage").bounding_box()
    contents = page.locator("h2#on-this-page").bounding_box()
    assert gaps is not None
    assert contents is not None
    # As much space as above a heading that follows a list, not the 8 pixels between lines of the list.
    assert contents["y"] - (gaps["y"] + gaps["height"]) >= 24
