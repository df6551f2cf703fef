"""Every page of a founder's and an adviser's journey fits a 390 px phone: nothing scrolls sideways."""

import pytest

from assessments import services as assessment_services
from assessments.review import services
from tests.e2e.conftest import Browser
from tests.e2e.test_adviser_journey import log_in
from tests.factories import AdviserFactory, FounderFactory, HealthInnovationNetworkFactory, assessment_submitted

PHONE = 390


@pytest.fixture
def phone(browser_context, live_server):
    """A page 390 px wide. Each page's accessibility is checked by its own journey; this measures width only."""
    page = browser_context.new_page()
    page.set_viewport_size({"width": PHONE, "height": 900})
    yield Browser(page, live_server.url, axe=False)
    page.close()


def too_wide(phone, paths):
    """The paths whose page is wider than the phone, with the width each one takes."""
    widths = {}
    for path in paths:
        page = phone.visit(path)
        assert page.locator("h1").count() == 1, f"{path} did not open: {page.url}"
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    return {path: width for path, width in widths.items() if width > PHONE}


@pytest.fixture
def shared(db):
    hin = HealthInnovationNetworkFactory(slug="south-london")
    founder = FounderFactory()
    organisation = founder.memberships.get().organisation
    assessment = assessment_submitted(organisation=organisation, quality="middling")
    services.share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
    return founder, assessment


def test_every_adviser_page_fits_a_phone(phone, shared):
    _, assessment = shared
    adviser = AdviserFactory(totp=True)
    log_in(phone, adviser.email, totp_secret=adviser.totp_secret)
    reference = assessment.reference
    paths = [
        "/adviser/",
        "/adviser/network/",
        f"/adviser/assessments/{reference}/",
        f"/adviser/assessments/{reference}/evidence/",
        "/adviser/insights/",
        "/adviser/insights/?period=all&product_type=software",
        "/account/",
    ]
    assert too_wide(phone, paths) == {}


def test_every_founder_page_fits_a_phone(phone, shared):
    founder, assessment = shared
    retake = assessment_services.assessment_retake(founder=founder, previous=assessment)
    log_in(phone, founder.email)
    reference = assessment.reference
    paths = [
        "/founder/",
        f"/organisations/{founder.memberships.get().organisation.pk}/",
        f"/assessments/{retake.reference}/",
        f"/assessments/{retake.reference}/profile/",
        f"/assessments/{retake.reference}/sections/clinical_evidence/",
        f"/assessments/{retake.reference}/check/",
        f"/assessments/{reference}/results/",
        f"/assessments/{reference}/results/barriers/",
        f"/assessments/{reference}/results/compliance/",
        f"/assessments/{reference}/results/answers/",
        f"/assessments/{reference}/share/",
        f"/assessments/{reference}/evidence/",
        "/account/",
    ]
    assert too_wide(phone, paths) == {}
