"""The evidence locker in a browser, with and without JavaScript: a founder attaches a certificate and sees it on
the evidence page and the results; an adviser of the network opens and verifies it; the founder sees that it is
verified. axe checks every page on the way (in the run with JavaScript)."""

import datetime

import pytest

from assessments.evidence.models import Evidence
from assessments.review import services
from tests.e2e.conftest import Browser
from tests.e2e.test_adviser_journey import log_in
from tests.evidence import files
from tests.factories import AdviserFactory, FounderFactory, HealthInnovationNetworkFactory, assessment_submitted

ITEM_TITLE = "Cyber Essentials certificate"


def click(page, locator):
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_founder_attaches_a_certificate_and_an_adviser_verifies_it(
    browser, live_server, settings, tmp_path, javascript
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CLAMD_SOCKET = ""
    hin = HealthInnovationNetworkFactory(slug="south-london")
    founder = FounderFactory(email="founder@example.org")
    assessment = assessment_submitted(organisation=founder.memberships.get().organisation, quality="best")
    services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    adviser = AdviserFactory(email="adviser@example.org", full_name="Priya Adeyemi", totp=True)
    certificate = tmp_path / "Cyber Essentials 2026.pdf"
    certificate.write_bytes(files.pdf("Cyber Essentials Plus certificate"))
    today = datetime.date.today()
    expires = today + datetime.timedelta(days=300)

    contexts = [
        browser.new_context(base_url=live_server.url, locale="en-GB", java_script_enabled=javascript) for _ in range(2)
    ]
    try:
        for context in contexts:
            context.set_default_timeout(10_000)
        web, adviser_web = (Browser(context.new_page(), live_server.url, axe=javascript) for context in contexts)

        # The founder attaches the certificate from their evidence page.
        page = log_in(web, "founder@example.org")
        web.visit(f"/assessments/{assessment.reference}/evidence/")
        web.check()
        row = page.locator("#evidence-cyber_essentials_certificate")
        assert "Not attached" in row.inner_text()
        click(page, row.get_by_role("link", name=f"Add {ITEM_TITLE}"))
        web.check()
        page.locator("input[type=file]").set_input_files(str(certificate))
        for name, day in (("issued_on", today), ("expires_on", expires)):
            page.fill(f"input[name={name}_day]", str(day.day))
            page.fill(f"input[name={name}_month]", str(day.month))
            page.fill(f"input[name={name}_year]", str(day.year))
        click(page, page.get_by_role("button", name="Save document"))
        web.check()
        assert f"{ITEM_TITLE} has been added." in page.content()
        row = page.locator("#evidence-cyber_essentials_certificate")
        assert "Attached" in row.inner_text()
        assert "Cyber Essentials 2026.pdf" in row.inner_text()
        assert f"Expires {expires:%-d %B %Y}" in row.inner_text()

        # The answers of the results say the answer is evidenced.
        web.visit(f"/assessments/{assessment.reference}/results/answers/")
        web.check()
        # (in the answers, folded away under a details component until opened)
        answer = page.locator("#question-cyber_essentials_level")
        assert "Document attached" in answer.text_content()

        # The adviser opens the document and verifies it.
        adviser_page = log_in(adviser_web, "adviser@example.org", totp_secret=adviser.totp_secret)
        adviser_web.visit(f"/adviser/assessments/{assessment.reference}/")
        click(adviser_page, adviser_page.get_by_role("link", name="Check the documents behind the answers"))
        adviser_web.check()
        section = adviser_page.locator("#evidence-cyber_essentials_certificate")
        with adviser_page.expect_download() as download:
            section.get_by_role("link", name="Cyber Essentials 2026.pdf").click()
        assert download.value.suggested_filename == "Cyber Essentials 2026.pdf"
        section.get_by_label("Yes, I have checked it and it backs the answer").check()
        click(adviser_page, section.get_by_role("button", name="Save check"))
        adviser_web.check()
        assert "Your check of the document has been saved" in adviser_page.content()
        assert Evidence.objects.get(item_key="cyber_essentials_certificate").verification == "verified"

        # The founder sees it verified.
        web.visit(f"/assessments/{assessment.reference}/evidence/")
        web.check()
        row = page.locator("#evidence-cyber_essentials_certificate")
        assert "Verified" in row.inner_text()
        assert f"by {hin.name} on {today:%-d %B %Y}" in row.inner_text()
    finally:
        for context in contexts:
            context.close()
