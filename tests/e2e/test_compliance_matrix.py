"""The compliance matrix (its own page, summed up on the results page) and the reference list (on the barriers
page, beside the citations), in a real browser on a phone and on a
desktop: readable at both widths, accessible (axe), and no internal source key anywhere on the page."""

import pytest

from tests.e2e.test_adviser_journey import log_in
from tests.factories import FounderFactory, assessment_submitted

SOURCE_KEYS = ("HTA-LANSMAN", "HTN-PANEL", "MIP-STRANGE", "HSJ-ROUNDTABLE", "MACKAY-PATHWAY")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_founder_reads_the_matrix_and_the_references_on_a_phone_and_a_desktop(web, width, tmp_path):
    founder = FounderFactory(email="matrix@example.org")
    assessment = assessment_submitted(organisation=founder.memberships.get().organisation, quality="worst")
    web.page.set_viewport_size({"width": width, "height": 900})
    log_in(web, founder.email)

    page = web.visit(f"/assessments/{assessment.reference}/results/compliance/")

    table = page.locator("table.app-compliance")
    table.scroll_into_view_if_needed()
    assert table.locator("tbody tr").count() == 13
    first = page.locator("#compliance-dtac_c1_clinical_safety")
    assert first.locator(".nhsuk-tag").inner_text() == "Not met"
    # On a phone each row is a card whose cells carry their column names; on a desktop the header row does.
    assert first.locator(".nhsuk-table__heading").first.is_visible() is (width < 769)
    box = table.bounding_box()
    assert box is not None
    assert box["width"] <= width, "the matrix fits the screen without scrolling sideways"
    page.screenshot(path=str(tmp_path / f"matrix-{width}.png"), full_page=False)

    page = web.visit(f"/assessments/{assessment.reference}/results/barriers/")
    citation = page.locator(".app-citation__source a").first
    href = citation.get_attribute("href")
    assert href.startswith("#reference-")
    assert page.locator(href).inner_text().startswith(citation.inner_text())
    text = page.locator("body").inner_text()
    assert [key for key in SOURCE_KEYS if key in text] == []
