"""A second opinion in a browser, with and without JavaScript: the adviser asks a colleague of the network, the
colleague finds it in their queue and rates every area, and the first adviser sees where they differ before
sending. axe checks every page on the way."""

import pytest

from assessments.framework import framework_get
from assessments.review import services
from assessments.review.models import DomainReview, SecondOpinionArea
from assessments.review.workflow import ReviewStatus
from tests.e2e.conftest import Browser
from tests.e2e.test_adviser_journey import log_in
from tests.factories import AdviserFactory, FounderFactory, HealthInnovationNetworkFactory, assessment_submitted

AREA = "regulatory"
AREA_TITLE = "Regulatory (MHRA) status and clinical safety"


def click(page, locator):
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_colleague_gives_a_second_opinion_and_the_difference_shows_before_sending(browser, live_server, javascript):
    hin = HealthInnovationNetworkFactory(slug="south-london")
    founder = FounderFactory()
    assessment = assessment_submitted(organisation=founder.memberships.get().organisation, quality="middling")
    share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    first = AdviserFactory(email="first@example.org", full_name="Priya Adeyemi", totp=True)
    colleague = AdviserFactory(email="second@example.org", full_name="Sam Okafor", totp=True)
    services.review_transition(adviser=first, share=share, to_status=ReviewStatus.IN_REVIEW)
    domains = framework_get(assessment.framework_version).domains
    # The first adviser has answered Yes for every area.
    for domain in domains:
        services.domain_review_save(
            adviser=first, share=share, domain_key=domain.key, comment="", rating=3, rationale=""
        )

    contexts = [
        browser.new_context(base_url=live_server.url, locale="en-GB", java_script_enabled=javascript) for _ in range(2)
    ]
    try:
        for context in contexts:
            context.set_default_timeout(10_000)
        # axe needs JavaScript: without it, the same pages are checked by the run with it.
        web, colleague_web = (Browser(context.new_page(), live_server.url, axe=javascript) for context in contexts)

        # The first adviser asks a colleague, chosen from the network's advisers.
        page = log_in(web, "first@example.org", totp_secret=first.totp_secret)
        web.visit(f"/adviser/assessments/{assessment.reference}/")
        section = page.locator("#second-opinion")
        click(page, section.get_by_role("button", name="Ask for a second opinion"))
        web.check()
        assert "Choose a colleague to ask for a second opinion" in page.locator(".nhsuk-error-summary").inner_text()
        section = page.locator("#second-opinion")
        section.get_by_label("Which colleague do you want to ask?").select_option(label="Sam Okafor")
        section.get_by_label("Note to your colleague (optional)").fill("Is the device really UKCA marked?")
        click(page, section.get_by_role("button", name="Ask for a second opinion"))
        web.check()
        section = page.locator("#second-opinion")
        assert "Sam Okafor has been asked for a second opinion." in section.inner_text()
        assert "not given yet" in section.inner_text()

        # The colleague finds it in their queue.
        colleague_page = log_in(colleague_web, "second@example.org", totp_secret=colleague.totp_secret)
        colleague_web.visit("/adviser/")
        row = colleague_page.locator("main table tbody tr", has_text=assessment.product_name)
        assert "Second opinion requested" in row.inner_text()
        colleague_web.visit(f"/adviser/assessments/{assessment.reference}/")
        click(colleague_page, colleague_page.get_by_role("link", name="Give your second opinion"))
        colleague_web.check()
        assert "Is the device really UKCA marked?" in colleague_page.locator("main").inner_text()
        # Partially without saying what is missing is refused; what was chosen stays.
        for domain in domains:
            colleague_page.locator(f"#area-{domain.key}").get_by_label("Yes", exact=True).check()
        area = colleague_page.locator(f"#area-{AREA}")
        area.get_by_label("No", exact=True).check()
        click(colleague_page, colleague_page.get_by_role("button", name="Save your second opinion"))
        colleague_web.check()
        summary = colleague_page.locator(".nhsuk-error-summary").inner_text()
        assert f"Say what is not ready yet in {AREA_TITLE}: you answered No" in summary
        area = colleague_page.locator(f"#area-{AREA}")
        assert area.get_by_label("No", exact=True).is_checked()
        area.get_by_label(f"What is not ready yet in {AREA_TITLE}").fill("No UKCA certificate seen.")
        click(colleague_page, colleague_page.get_by_role("button", name="Save your second opinion"))
        colleague_web.check()
        assert (
            "Your second opinion has been saved." in colleague_page.locator(".nhsuk-notification-banner").inner_text()
        )

        # The first adviser sees both ratings, and the difference before sending.
        web.visit(f"/adviser/assessments/{assessment.reference}/")
        assert "Second opinion from Sam Okafor" in page.locator(f"#area-{AREA}").inner_text()
        web.visit(f"/adviser/assessments/{assessment.reference}/check/")
        notice = page.locator("#second-opinion-differences").inner_text()
        assert f"{AREA_TITLE}: you answered Yes, Sam Okafor answered No" in notice
        assert "No UKCA certificate seen." in notice
        # The company sees only the first adviser's rating.
        assert "No UKCA certificate seen." not in page.locator("#feedback-section").inner_text()
    finally:
        for context in contexts:
            context.close()

    assert DomainReview.objects.get(share=share, domain_key=AREA).rating == 3
    assert SecondOpinionArea.objects.get(opinion__share=share, domain_key=AREA).rating == 1
