"""The company's side of a review in a browser: share an assessment with a network (with and without
JavaScript), an adviser sends feedback, the company reads it on its results page, asks for the retake
when changes are requested, and withdraws. axe checks every page on the way (with JavaScript)."""

from assessments.review import services
from assessments.review.models import Share
from assessments.review.workflow import ReviewStatus
from tests.e2e.conftest import Browser
from tests.e2e.test_adviser_journey import AREA, AREA_TITLE, log_in, submit
from tests.factories import (
    AdviserFactory,
    FounderFactory,
    HealthInnovationNetworkFactory,
    assessment_submitted,
    review_every_area,
)

HIN_NAME = "Health Innovation Network South London"
RECOMMENDATION = "Register with the MHRA, then talk to the ICB."


def founder_with_assessment(email="founder@example.org"):
    founder = FounderFactory(email=email)
    organisation = founder.memberships.get().organisation
    return founder, assessment_submitted(organisation=organisation, quality="middling")


def share_in_browser(web, page, assessment):
    """From the results page: open the share page, be refused without consent, then share."""
    web.visit(f"/assessments/{assessment.reference}/results/")
    page.locator("#sharing-status").get_by_role("button", name="Share with a Health Innovation Network").click()
    page.wait_for_load_state("load")
    web.check()
    assert page.locator("h1").inner_text() == "Share your assessment with a Health Innovation Network"
    page.get_by_label(HIN_NAME).check()
    submit(page, "Share assessment")
    web.check()
    summary = page.locator(".nhsuk-error-summary")
    assert "Confirm that you agree to share this assessment" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert page.get_by_label(HIN_NAME).is_checked()  # the choice is kept
    page.get_by_label("I agree to share this assessment").check()
    submit(page, "Share assessment")
    web.check()
    assert f"has been shared with {HIN_NAME}" in page.locator(".nhsuk-notification-banner").inner_text()
    status = page.locator("#sharing-status")
    assert f"Shared with {HIN_NAME}" in status.inner_text()
    assert status.locator(".nhsuk-tag").inner_text() == "Shared"


def withdraw_in_browser(web, page, assessment):
    page.locator("#sharing-status").get_by_role("link", name="Withdraw this assessment").click()
    page.wait_for_load_state("load")
    web.check()
    assert page.locator("h1").inner_text() == f"Withdraw your assessment from {HIN_NAME}?"
    submit(page, "Withdraw assessment")
    web.check()
    assert "Its advisers can no longer see it" in page.locator(".nhsuk-notification-banner").inner_text()
    assert "withdrew it on" in page.locator("#sharing-status").inner_text()


def test_a_founder_shares_an_adviser_sends_feedback_and_the_founder_reads_it(web, browser, live_server):
    HealthInnovationNetworkFactory(slug="south-london")
    founder, assessment = founder_with_assessment()
    adviser = AdviserFactory(email="adviser@example.org", totp=True)

    page = log_in(web, founder.email)
    share_in_browser(web, page, assessment)

    # The adviser, in a browser of their own, reviews and sends feedback.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        adviser_web = Browser(context.new_page(), live_server.url)
        adviser_page = log_in(adviser_web, adviser.email, totp_secret=adviser.totp_secret)
        adviser_web.visit(f"/adviser/assessments/{assessment.reference}/")
        submit(adviser_page, "Start the review")
        adviser_web.check()
        # The other areas were rated by then: feedback goes only with every area rated.
        share = Share.objects.get(assessment=assessment, withdrawn_at__isnull=True)
        review_every_area(share=share, adviser=adviser, skip={AREA})
        adviser_web.visit(f"/adviser/assessments/{assessment.reference}/")
        area = adviser_page.locator(f"#area-{AREA}")
        area.get_by_label(f"Your comment on {AREA_TITLE}").fill("A clinical safety case is in place.")
        area.get_by_label("Partially", exact=True).check()
        area.get_by_label(f"What is not ready yet in {AREA_TITLE}").fill("DCB0129 done, UKCA still to come.")
        adviser_page.get_by_label("Your overall recommendation").fill(RECOMMENDATION)
        submit(adviser_page, "Save and check your feedback")
        adviser_web.check()
        adviser_page.get_by_label("Note to send with it (optional)").fill("Good work: see the comments on regulation.")
        submit(adviser_page, "Send to")
        adviser_web.check()

        # The founder reads it on the results page.
        web.visit(f"/assessments/{assessment.reference}/results/")
        assert page.locator("#sharing-status .nhsuk-tag").inner_text() == "Feedback sent"
        feedback = page.locator("#feedback-section")
        assert f"Feedback from {HIN_NAME}" in feedback.locator("h2").inner_text()
        assert RECOMMENDATION in feedback.inner_text()
        assert "Good work: see the comments on regulation." in feedback.inner_text()
        card = feedback.locator(f"#feedback-{AREA}")
        card_text = card.inner_text()
        assert AREA_TITLE in card_text
        assert "out of 100" in card_text  # the computed score, beside
        assert "Partially" in card_text  # the adviser's rating
        assert "DCB0129 done, UKCA still to come." in card_text
        assert "A clinical safety case is in place." in card_text
        history = feedback.locator("table").inner_text()
        assert "In review to Feedback sent" in history
        assert adviser.full_name in history

        # Withdrawing takes the adviser's access away at once.
        withdraw_in_browser(web, page, assessment)
        response = adviser_page.goto(f"{live_server.url}/adviser/assessments/{assessment.reference}/")
        assert response.status == 404
        # The feedback stays with the company.
        assert RECOMMENDATION in page.locator("#feedback-section").inner_text()
    finally:
        context.close()


def test_without_javascript_a_founder_shares_retakes_when_changes_are_asked_for_and_withdraws(web_without_js):
    hin = HealthInnovationNetworkFactory(slug="south-london")
    founder, assessment = founder_with_assessment()
    web = web_without_js

    page = log_in(web, founder.email)
    share_in_browser(web, page, assessment)
    share = Share.objects.get(assessment=assessment)
    assert share.hin == hin

    adviser = AdviserFactory()
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    services.recommendation_save(adviser=adviser, share=share, recommendation=RECOMMENDATION)
    services.review_transition(
        adviser=adviser, share=share, to_status=ReviewStatus.CHANGES_REQUESTED, note="Finish the safety case."
    )

    web.visit(f"/assessments/{assessment.reference}/results/")
    callout = page.locator("#feedback-section .nhsuk-warning-callout")
    assert f"{HIN_NAME} has asked you for changes" in callout.inner_text()
    assert "Finish the safety case." in callout.inner_text()
    callout.get_by_role("button", name="Take the assessment again to make the changes").click()
    page.wait_for_load_state("load")
    web.check()
    retake = assessment.retakes.get()
    assert page.url.endswith(f"/assessments/{retake.reference}/")
    assert f"new version of assessment {assessment.reference}" in page.locator("main").inner_text()

    web.visit(f"/assessments/{assessment.reference}/results/")
    withdraw_in_browser(web, page, assessment)
    assert Share.objects.get(pk=share.pk).withdrawn_at is not None
