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
    review_every_area,
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
    # The other areas were rated by then (the check page refuses to send until every area is).
    review_every_area(share=share, adviser=adviser, skip={AREA})
    web.visit(f"/adviser/assessments/{assessment.reference}/")

    # A rating without a rationale gets a clear error; then the adviser explains it.
    area = page.locator(f"#area-{AREA}")
    area.get_by_label(f"Your comment on {AREA_TITLE}").fill(
        "A clinical safety case is in place; register with the MHRA next."
    )
    area.get_by_label("Partially", exact=True).check()
    area.get_by_role("button", name="Save your review").click()
    page.wait_for_load_state("load")
    web.check()
    summary = page.locator(".nhsuk-error-summary")
    assert f"Say what is not ready yet in {AREA_TITLE}: you answered Partially" in summary.inner_text()
    area = page.locator(f"#area-{AREA}")
    area.get_by_label(f"What is not ready yet in {AREA_TITLE}").fill("DCB0129 done, UKCA marking still to come.")
    area.get_by_role("button", name="Save your review").click()
    page.wait_for_load_state("load")
    web.check()
    area = page.locator(f"#area-{AREA}")
    # The message is in the area the adviser saved from.
    assert "Your review has been saved." in area.locator(".nhsuk-notification-banner").inner_text()
    assert area.get_by_label("Partially", exact=True).is_checked()
    assert "out of 100" in area.locator("dl").first.inner_text()
    assert "Partially" in page.locator("#scores").inner_text()

    # The recommendation, then send the feedback with a note.
    page.get_by_label("Your overall recommendation").fill("Register with the MHRA, then talk to the ICB.")
    page.locator("#recommendation").get_by_role("button", name="Save and check your feedback").click()
    page.wait_for_load_state("load")
    web.check()
    # Check your feedback: what the company will see, then send it with a note.
    assert page.locator("h1").inner_text() == "Check your feedback before you send it"
    preview = page.locator("#feedback-section")
    assert "Register with the MHRA, then talk to the ICB." in preview.inner_text()
    assert "Partially" in preview.locator(f"#feedback-{AREA}").inner_text()
    page.get_by_label("Note to send with it (optional)").fill("Good work: see the comments on regulation.")
    submit(page, "Update the preview")
    web.check()
    assert "Good work: see the comments on regulation." in page.locator("#feedback-section").inner_text()
    submit(page, f"Send to {organisation.name}")
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
    assert "Ready for NHS adoption, in the adviser's view Partially" in text
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
        assert "Partially" in card
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
        assert (review.rating, review.rationale) == (2, "DCB0129 done, UKCA marking still to come.")
    finally:
        context.close()


def test_an_adviser_types_in_two_areas_saves_from_one_and_finds_both(web, web_without_js):
    """With JavaScript and without: the review is one form, so nothing typed elsewhere on the page is lost."""
    hin = HealthInnovationNetworkFactory(slug="south-london")
    founder = FounderFactory()
    assessment = assessment_submitted(organisation=founder.memberships.get().organisation, quality="middling")
    share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    advisers = [AdviserFactory(email=f"adviser{n}@example.org", totp=True) for n in (1, 2)]
    services.review_transition(adviser=advisers[0], share=share, to_status=ReviewStatus.IN_REVIEW)

    for browser, words, adviser in ((web, "with", advisers[0]), (web_without_js, "without", advisers[1])):
        page = log_in(browser, adviser.email, totp_secret=adviser.totp_secret)
        page.set_viewport_size({"width": 1280, "height": 900})
        browser.visit(f"/adviser/assessments/{assessment.reference}/")
        page.locator("#area-clinical_evidence").get_by_label("Your comment on").fill(f"Evidence, {words} JS")
        page.locator(f"#area-{AREA}").get_by_label("Your comment on").fill(f"Regulation, {words} JS")
        page.locator(f"#area-{AREA}").get_by_role("button", name="Save your review").click()
        page.wait_for_load_state("load")
        browser.check()
        assert page.url.endswith(f"#area-{AREA}")
        assert page.locator("#area-clinical_evidence textarea").first.input_value() == f"Evidence, {words} JS"
        assert page.locator(f"#area-{AREA} textarea").first.input_value() == f"Regulation, {words} JS"
        # The confirmation is where the adviser is: on screen, beside the area they saved from.
        banner = page.locator(f"#area-{AREA} .nhsuk-notification-banner")
        assert "Your review has been saved." in banner.inner_text()
        assert banner.is_visible()
        box = banner.bounding_box()
        assert box is not None
        assert 0 <= box["y"] < 900
        assert dict(DomainReview.objects.filter(share=share).values_list("domain_key", "comment")) == {
            "clinical_evidence": f"Evidence, {words} JS",
            AREA: f"Regulation, {words} JS",
        }


def test_the_review_page_is_short_enough_to_work_in(web):
    """At 1280 pixels wide, the first area's comment box is within four and a half screens of the top and the
    whole page within sixteen (it was 48,000 pixels, the forms starting 37,000 down)."""
    hin = HealthInnovationNetworkFactory(slug="south-london")
    founder = FounderFactory()
    assessment = assessment_submitted(organisation=founder.memberships.get().organisation, quality="middling")
    share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    adviser = AdviserFactory(email="adviser@example.org", totp=True)
    services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    page = log_in(web, "adviser@example.org", totp_secret=adviser.totp_secret)
    page.set_viewport_size({"width": 1280, "height": 800})
    web.visit(f"/adviser/assessments/{assessment.reference}/")
    height = page.evaluate("document.documentElement.scrollHeight")
    first_field = page.evaluate(
        "document.querySelector('main textarea[name$=\"-comment\"]').getBoundingClientRect().top + window.scrollY"
    )
    print(f"review page at 1280 px: {height} px high, first comment box at {first_field:.0f} px")
    assert first_field < 3600
    assert height < 12800


def test_an_adviser_cannot_send_until_every_area_is_settled_then_sends_without_javascript(web, web_without_js):
    hin = HealthInnovationNetworkFactory(slug="south-london")
    founder = FounderFactory()
    organisation = founder.memberships.get().organisation
    assessment = assessment_submitted(organisation=organisation, quality="middling")
    share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    advisers = [AdviserFactory(email=f"adviser{n}@example.org", totp=True) for n in (1, 2)]
    services.review_transition(adviser=advisers[0], share=share, to_status=ReviewStatus.IN_REVIEW)
    review_every_area(share=share, adviser=advisers[0], skip={AREA})

    # With JavaScript: the check lists the area not rated yet, and offers no way to send.
    page = log_in(web, advisers[0].email, totp_secret=advisers[0].totp_secret)
    web.visit(f"/adviser/assessments/{assessment.reference}/check/")
    assert AREA_TITLE in page.locator("#not-rated").inner_text()
    assert page.get_by_role("button", name=f"Send to {organisation.name}").count() == 0
    page.locator("#not-rated").get_by_role("link", name=AREA_TITLE).click()
    page.wait_for_load_state("load")
    web.check()
    area = page.locator(f"#area-{AREA}")
    area.get_by_label("Not reviewed").check()
    area.get_by_label(f"What is not ready yet in {AREA_TITLE}").fill("Another network reviews devices.")
    submit(page, "Save and check your feedback")
    web.check()
    assert page.locator("#not-rated").count() == 0
    assert "Why they did not review this area" in page.locator(f"#feedback-{AREA}").inner_text()

    # Without JavaScript, a colleague asks for changes from the same page.
    page = log_in(web_without_js, advisers[1].email, totp_secret=advisers[1].totp_secret)
    web_without_js.visit(f"/adviser/assessments/{assessment.reference}/check/")
    page.get_by_label("A request for changes").check()
    page.get_by_label("Note to send with it (optional)").fill("Add your DSPT submission.")
    submit(page, "Update the preview")
    assert "has asked you for changes" in page.locator("#feedback-section").inner_text()
    assert "Add your DSPT submission." in page.locator("#email").text_content()
    submit(page, f"Send to {organisation.name}")
    assert "has been asked for changes" in page.locator(".nhsuk-notification-banner").inner_text()
    share.refresh_from_db()
    assert share.status == ReviewStatus.CHANGES_REQUESTED
    assert ReviewEvent.objects.filter(share=share).last().actor == advisers[1]


def test_an_adviser_assigns_a_review_to_themselves_from_the_queue_then_to_a_colleague(web, web_without_js):
    hin = HealthInnovationNetworkFactory(slug="south-london")
    founder = FounderFactory()
    assessment = assessment_submitted(organisation=founder.memberships.get().organisation, quality="middling")
    share = services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    adviser = AdviserFactory(email="adviser1@example.org", full_name="Sam Okafor", totp=True)
    colleague = AdviserFactory(email="adviser2@example.org", full_name="Priya Shah", totp=True)

    # With JavaScript: "Assign to me" from the queue, filtered to the unassigned.
    page = log_in(web, adviser.email, totp_secret=adviser.totp_secret)
    web.visit("/adviser/?assigned=unassigned")
    row = page.locator("main table tbody tr").first
    assert "0 days" in row.inner_text()
    assert "No one" in row.inner_text()
    row.get_by_role("button", name="Assign to me").click()
    page.wait_for_load_state("load")
    web.check()
    assert "is assigned to you" in page.locator(".nhsuk-notification-banner").inner_text()
    assert "assigned=unassigned" in page.url
    assert page.locator("main table tbody tr").count() == 0
    web.visit("/adviser/?assigned=mine")
    assert "You" in page.locator("main table tbody tr").first.inner_text()

    # Without JavaScript, the colleague takes it over from the review page.
    page = log_in(web_without_js, colleague.email, totp_secret=colleague.totp_secret)
    web_without_js.visit(f"/adviser/assessments/{assessment.reference}/")
    assert "Sam Okafor" in page.locator("#status").inner_text()
    page.get_by_label("Assign to").select_option(label="Priya Shah")
    submit(page, "Assign the review")
    assert "is assigned to you" in page.locator("#status .nhsuk-notification-banner").inner_text()
    share.refresh_from_db()
    assert share.assigned_to == colleague
    assert list(AuditEntry.objects.filter(action="assigned").values_list("actor", flat=True)) == [
        colleague.pk,
        adviser.pk,
    ]


def test_cohort_insights_show_small_numbers_as_fewer_than_5_and_pass_axe(web, web_without_js):
    hin = HealthInnovationNetworkFactory(slug="south-london")
    for quality in ("best", "middling"):
        founder = FounderFactory()
        assessment = assessment_submitted(organisation=founder.memberships.get().organisation, quality=quality)
        services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    advisers = [AdviserFactory(email=f"adviser{n}@example.org", totp=True) for n in (1, 2)]
    for browser, adviser in ((web, advisers[0]), (web_without_js, advisers[1])):
        page = log_in(browser, adviser.email, totp_secret=adviser.totp_secret)
        browser.visit("/adviser/insights/")
        main = page.locator("main").inner_text()
        assert "fewer than 5 assessments shared with your network" in main
        assert "Readiness stages by product type" in main
        assert "Readiness stages by month shared" in main
