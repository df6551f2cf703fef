"""The evidence pack in a real browser: a founder with a certificate attached downloads the pack from the
evidence page and it holds the report, the index and the certificate; a draft's pack page explains why there
is none. Every page is checked with axe."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.evidence.files import file_check
from assessments.evidence.services import evidence_file_attach
from assessments.framework import framework_get
from tests.e2e.test_adviser_journey import log_in
from tests.evidence import files
from tests.factories import AssessmentFactory, FounderFactory, assessment_answered, assessment_submitted


def test_a_founder_downloads_the_evidence_pack_with_their_certificate(web, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CLAMD_SOCKET = ""
    founder = FounderFactory(email="pack@example.org")
    organisation = founder.memberships.get().organisation
    assessment = assessment_submitted(organisation=organisation, quality="best", user=founder)
    item = framework_get(assessment.framework_version).evidence_by_key["cyber_essentials_certificate"]
    certificate = files.pdf("Cyber Essentials Plus")
    upload = SimpleUploadedFile("Cyber Essentials 2026.pdf", certificate, content_type="application/pdf")
    today = datetime.date.today()
    evidence_file_attach(
        assessment=assessment,
        item=item,
        upload=upload,
        checked=file_check(upload),
        issued_on=today - datetime.timedelta(days=20),
        expires_on=today + datetime.timedelta(days=345),
        user=founder,
    )
    log_in(web, founder.email)

    page = web.visit(f"/assessments/{assessment.reference}/evidence/")
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("link", name="Download your evidence pack (ZIP)").click()
    download = download_info.value

    assert download.suggested_filename == f"evidence-pack-{assessment.reference}.zip"
    archive = zipfile.ZipFile(io.BytesIO(download.path().read_bytes()))
    assert archive.read("documents/cyber_essentials_certificate-Cyber Essentials 2026.pdf") == certificate
    assert archive.read("readiness-report.pdf").startswith(b"%PDF")
    assert "Cyber Essentials 2026.pdf,Attached" in archive.read("index.csv").decode("utf-8-sig")

    draft = AssessmentFactory(organisation=organisation)
    assessment_answered(draft)
    page = web.visit(f"/assessments/{draft.reference}/evidence-pack/")
    assert page.locator("h1").inner_text() == "Submit the assessment to download its evidence pack"
