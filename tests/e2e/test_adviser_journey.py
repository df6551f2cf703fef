"""An adviser's review in a browser: log in with an authenticator app, filter the queue, open an
assessment, start the review, comment on an area, send feedback; then the company logs in.
axe checks every page on the way."""

from assessments.models import Assessment
from assessments.review import services
from assessments.review.models import AuditEntry, DomainReview, ReviewEvent, Share
from assessments.review.workflow import ReviewStatus
from tests.e2e.conftest import Browser
from tests.factories import (
    PASSWORD,
    AdviserFactory,
    FounderFactory,
    HealthInnovationNetworkFactory,
    assessment_submitted,
    totp_code,
)
from tests.pdf import pdf_text

AREA = "regulatory"
AREA_TITLE = "Regulatory (MHRA) status and clinical safety"


def submit(page, name=None):
    if name:
        page.locator("main").get_by_role("button", name=name).click()
    else:
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")


def log_in(web, email, *, totp_secret=None):
    page = web.visit("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    web.check()
    if totp_secret:
        page.fill("input[name=code]", totp_code(totp_secret))
        submit(page)
        web.check()
    return page


def test_an_adviser_reviews_a_shared_assessment_and_sends_feedback(web, browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    hin = HealthInnovationNetworkFactory(slug="south-london")
    founder = FounderFactory(email="founder@example.org")
    organisation = founder.memberships.get().organisation
    assessment = assessment_submitted(organisation=organisation, quality="middling")
    share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    # Another company's assessment, of another product type, that the filter must leave out.
    other_founder = FounderFactory()
    other = assessment_submitted(organisation=other_founder.memberships.get().organisation)
    Assessment.objects.filter(pk=other.pk).update(product_name="SwabSure", product_type="diagnostic")
    services.share_create(founder=other_founder, assessment=other, hin=hin, consent=True)
    adviser = AdviserFactory(email="adviser@example.org", totp=True)

    # Log in with the authenticator app: the adviser lands on their queue.
    page = log_in(web, "adviser@example.org", totp_secret=adviser.totp_secret)
    assert page.url.endswith("/adviser/")
    assert "Health Innovation Network South London" in page.locator("h1").inner_text()
    assert page.locator("main table tbody tr").count() == 2

    # Filter the queue by product type and search by organisation.
    page.get_by_label("Product type").select_option("software")
    page.get_by_label("Search by organisation or product").fill(organisation.name.split()[0])
    submit(page, "Apply filters")
    web.check()
    assert "product_type=software" in page.url
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    assert organisation.name in rows.first.inner_text()
    assert "SwabSure" not in page.locator("main").inner_text()

    # Open the assessment.
    rows.first.get_by_role("link").click()
    web.check()
    assert page.locator("h1").inner_text() == f"Review of {assessment.product_name}"

    # Start the review.
    submit(page, "Start the review")
    web.check()
    assert "You started the review" in page.locator(".nhsuk-notification-banner").inner_text()

    # A rating without a rationale gets a clear error; then the adviser explains it.
    area = page.locator(f"#area-{AREA}")
    area.get_by_label(f"Your comment on {AREA_TITLE}").fill(
        "A clinical safety case is in place; register with the MHRA next."
    )
    area.get_by_label("Minor gaps").check()
    area.get_by_role("button", name="Save comment").click()
    page.wait_for_load_state("load")
    web.check()
    summary = page.locator(".nhsuk-error-summary")
    assert "Explain why you gave this rating" in summary.inner_text()
    area = page.locator(f"#area-{AREA}")
    area.get_by_label(f"Why you gave {AREA_TITLE} this rating").fill("DCB0129 done, UKCA marking still to come.")
    area.get_by_role("button", name="Save comment").click()
    page.wait_for_load_state("load")
    web.check()
    assert "has been saved" in page.locator(".nhsuk-notification-banner").inner_text()
    area = page.locator(f"#area-{AREA}")
    assert "Minor gaps" in area.locator("dl").inner_text()
    assert "out of 100" in area.locator("dl").inner_text()

    # The recommendation, then send the feedback with a note.
    page.get_by_label("Your overall recommendation").fill("Register with the MHRA, then talk to the ICB.")
    submit(page, "Save recommendation")
    web.check()
    page.locator("#id_feedback_sent_note").fill("Good work: see the comments on regulation.")
    submit(page, "Send feedback to the company")
    web.check()
    assert "Your feedback has been sent to" in page.locator(".nhsuk-notification-banner").inner_text()
    assert "Feedback sent" in page.locator("#history").locator("xpath=following-sibling::table").inner_text()
    assert page.locator("main textarea").count() == 0  # nothing can change any more

    # The report downloaded from the review page carries the feedback, the rating beside the score.
    # The report renders in the request (seconds on a busy machine): the click waits for it as long as the download does.
    with page.expect_download(timeout=60_000) as download:
        page.locator("main").get_by_role("link", name="Download the report (PDF)").click(timeout=60_000)
    assert download.value.suggested_filename == f"innovator-portal-{assessment.reference}.pdf"
    text = pdf_text(download.value.path())
    assert "Adviser feedback" in text
    assert "Register with the MHRA, then talk to the ICB." in text
    assert "Adviser's rating Minor gaps" in text
    assert AuditEntry.objects.filter(action="report_downloaded", actor=adviser, assessment=assessment).exists()

    # The company logs in, in a browser of its own.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        founder_web = Browser(context.new_page(), live_server.url)
        founder_page = log_in(founder_web, "founder@example.org")
        assert founder_page.url.endswith("/founder/")
        founder_web.visit(f"/assessments/{assessment.reference}/results/")
        assert founder_page.locator("h1").inner_text().startswith("Your results")
        # The results page shows the status, the recommendation, and the rating beside the computed score.
        assert founder_page.locator("#sharing-status .nhsuk-tag").inner_text() == "Feedback sent"
        feedback = founder_page.locator("#feedback-section")
        assert "Register with the MHRA, then talk to the ICB." in feedback.inner_text()
        card = feedback.locator(f"#feedback-{AREA}").inner_text()
        assert "out of 100" in card
        assert "Minor gaps" in card
        assert "A clinical safety case is in place; register with the MHRA next." in card
        share = Share.objects.get(pk=share.pk)
        assert share.status == ReviewStatus.FEEDBACK_SENT
        assert share.recommendation == "Register with the MHRA, then talk to the ICB."
        event = ReviewEvent.objects.filter(share=share).last()
        assert (event.actor, event.from_status, event.to_status) == (
            adviser,
            ReviewStatus.IN_REVIEW,
            ReviewStatus.FEEDBACK_SENT,
        )
        assert event.note == "Good work: see the comments on regulation."
        review = DomainReview.objects.get(share=share, domain_key=AREA)
        assert (review.rating, review.rationale) == (3, "DCB0129 done, UKCA marking still to come.")
    finally:
        context.close()
