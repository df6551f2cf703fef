"""The compare page in a real browser on a phone and on a desktop: the changed answers and the checks fixed
or newly failing are readable at both widths, nothing scrolls sideways, the text has no stray spacing, and
axe finds nothing."""

import re

import pytest

from assessments.models import Assessment
from tests.e2e.test_adviser_journey import log_in
from tests.factories import FounderFactory, assessment_submitted


@pytest.mark.parametrize("width", [390, 1280])
def test_a_founder_sees_what_changed_on_a_phone_and_a_desktop(web, width, tmp_path):
    founder = FounderFactory(email="compare@example.org")
    organisation = founder.memberships.get().organisation
    older = assessment_submitted(organisation=organisation, quality="best", dcb0129_safety_case="in_progress")
    newer = assessment_submitted(organisation=organisation, quality="best", dspt_status="not_submitted")
    Assessment.objects.filter(pk=newer.pk).update(previous=older)
    web.page.set_viewport_size({"width": width, "height": 900})
    log_in(web, founder.email)

    page = web.visit(f"/assessments/{newer.reference}/compare/")

    fixed = page.locator("#check-fixed-clinical_safety_case")
    assert fixed.inner_text().startswith("Clinical system without a clinical safety case: fixed. You now answer")
    failing = page.locator("#check-failing-dspt_submission h4")
    assert failing.inner_text().endswith(": now failing")
    assert page.locator("a[href='#answers-changed']").inner_text() == "2 answers changed"
    row = page.locator("#changed-question-dcb0129_safety_case")
    row.scroll_into_view_if_needed()
    # On a phone each changed answer is a card whose cells carry their column names.
    assert row.locator(".nhsuk-table__heading").first.is_visible() is (width < 769)
    for table in page.locator("main table").all():
        box = table.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width, "the tables fit the screen without scrolling sideways"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    text = page.locator("main").inner_text()
    lines = [line for line in text.splitlines() if line.strip()]
    assert not [line for line in lines if "  " in line.strip()]
    assert not [line for line in lines if re.search(r" [,.:;)!?]|\( ", line)]
    page.screenshot(path=str(tmp_path / f"compare-{width}.png"), full_page=True)
