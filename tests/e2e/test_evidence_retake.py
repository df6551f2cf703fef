"""A founder retakes an assessment in a real browser and finds their documents already attached to the new
draft, told which were carried over and which has expired; every page is checked with axe."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.evidence.files import file_check
from assessments.evidence.services import evidence_file_attach, evidence_link_attach
from assessments.framework import framework_get
from assessments.models import Assessment
from tests.e2e.test_adviser_journey import log_in
from tests.evidence import files
from tests.factories import FounderFactory, assessment_submitted


def test_a_retake_starts_with_the_documents_and_flags_the_expired_one(web, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CLAMD_SOCKET = ""
    founder = FounderFactory(email="retake@example.org")
    previous = assessment_submitted(organisation=founder.memberships.get().organisation, user=founder)
    items = framework_get(previous.framework_version).evidence_by_key
    today = datetime.date.today()
    upload = SimpleUploadedFile("Safety case.pdf", files.pdf(), content_type="application/pdf")
    evidence_file_attach(
        assessment=previous,
        item=items["clinical_safety_case_report"],
        upload=upload,
        checked=file_check(upload),
        issued_on=today - datetime.timedelta(days=100),
        expires_on=None,
        user=founder,
    )
    evidence_link_attach(
        assessment=previous,
        item=items["cyber_essentials_certificate"],
        link="https://example.org/cyber-essentials",
        issued_on=today - datetime.timedelta(days=400),
        expires_on=today - datetime.timedelta(days=35),
        user=founder,
    )
    log_in(web, founder.email)

    page = web.visit(f"/assessments/{previous.reference}/results/")
    page.get_by_role("button", name="Take this assessment again").click()
    page.wait_for_url("**/assessments/IP-*/")
    web.check()
    assert f"We have copied your answers and 2 documents from assessment {previous.reference}." in page.inner_text(
        "main"
    )
    retake = Assessment.objects.get(previous=previous)

    page = web.visit(f"/assessments/{retake.reference}/evidence/")
    notice = page.locator("#evidence-carried-over").inner_text()
    assert f"2 documents were carried over from your previous assessment, {previous.reference}." in notice
    assert f"1 of them has expired: {items['cyber_essentials_certificate'].title}." in notice
    assert page.get_by_role("link", name="Safety case.pdf (download)").is_visible()
