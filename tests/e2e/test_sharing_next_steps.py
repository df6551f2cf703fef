"""Sharing in a browser, at desktop and mobile widths, with and without JavaScript: the network suggested
from the organisation's region, what happens next and how to contact the network, the email confirming the
share, and when the network viewed the assessment. axe checks every page (with JavaScript)."""

import pytest
from django.core import mail
from django.utils import timezone

from assessments.review import services
from assessments.review.models import Share
from innovator_portal.organisations.models import Region
from tests.e2e.test_dashboard import log_in
from tests.factories import AdviserFactory, FounderFactory, HealthInnovationNetworkFactory, assessment_submitted

WIDTHS = {"desktop": 1280, "mobile": 390}
HIN_NAME = "Health Innovation East Midlands"


def submit(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_founder_is_told_what_happens_next_and_sees_when_the_network_viewed_it(any_web, width):
    founder = FounderFactory(email="founder@example.org")
    organisation = founder.memberships.get().organisation
    organisation.region = Region.EAST_MIDLANDS
    organisation.save()
    assessment = assessment_submitted(organisation=organisation, quality="middling")
    hin = HealthInnovationNetworkFactory(slug="east-midlands")
    any_web.page.set_viewport_size({"width": width, "height": 900})
    page = log_in(any_web, founder)

    page = any_web.visit(f"/assessments/{assessment.reference}/share/")
    first = page.locator("input[name=hin]").first
    assert first.get_attribute("value") == str(hin.pk)
    assert "Your organisation is based in East Midlands" in page.locator(".nhsuk-radios__item").first.inner_text()
    main = page.locator("main")
    assert "What happens next" in main.inner_text()
    assert "usually starts reviewing it within 10 working days" in main.inner_text()
    assert main.get_by_role("link", name=f"{HIN_NAME} website").first.get_attribute("href") == hin.website
    page.get_by_text("How to contact each network").click()
    assert page.locator("details a").nth(14).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    first.check()
    page.get_by_label("I agree to share this assessment").check()
    mail.outbox.clear()
    submit(page, "Share assessment")
    any_web.check()
    status = page.locator("#sharing-status")
    assert f"Shared with {HIN_NAME}" in status.inner_text()
    assert "within 10 working days" in status.inner_text()
    assert f"{HIN_NAME} has not viewed it yet." in status.inner_text()
    assert status.get_by_role("link", name=f"{HIN_NAME} website").get_attribute("href") == hin.website
    (confirmation,) = [message for message in mail.outbox if founder.email in message.to]
    assert confirmation.subject == (
        f"[Innovator Portal] Your assessment of {assessment.product_name} has been shared with {HIN_NAME}"
    )

    share = Share.objects.get(assessment=assessment)
    services.adviser_viewed(adviser=AdviserFactory(profile__hin=hin), share=share)
    page = any_web.visit(f"/assessments/{assessment.reference}/results/")
    today = timezone.localdate()
    viewed = page.locator("#sharing-status").inner_text()
    assert f"Viewed by {HIN_NAME} on {today.day} {today:%B %Y}" in viewed
    assert "has not viewed it yet" not in viewed
    assert page.evaluate("document.documentElement.scrollWidth") <= width
