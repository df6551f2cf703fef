"""The evidence pack page in a real browser: while the pack is being built the page waits, and once it is
built the page says so in its status region and the pack downloads, without the founder doing anything.
Without JavaScript, "Check again" downloads it."""

import io
import zipfile

from assessments.evidence import pack
from assessments.evidence.models import EvidencePack
from assessments.models import ReportFile
from assessments.reports.services import report_request
from tests.e2e.test_adviser_journey import log_in
from tests.factories import FounderFactory, assessment_submitted

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def submitted_with_report(settings, tmp_path, email):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CLAMD_SOCKET = ""
    founder = FounderFactory(email=email)
    assessment = assessment_submitted(organisation=founder.memberships.get().organisation, user=founder)
    assert report_request(assessment=assessment).status == ReportFile.Status.READY
    # From here the pack is only queued: the test builds it, as a worker would.
    settings.TASKS = DUMMY_TASKS
    return founder, assessment


def test_the_pack_page_downloads_the_pack_once_it_is_built(web, settings, tmp_path):
    founder, assessment = submitted_with_report(settings, tmp_path, "waiting@example.org")
    log_in(web, founder.email)

    page = web.visit(f"/assessments/{assessment.reference}/evidence-pack/")
    assert page.locator("h1").inner_text() == "Your evidence pack is being prepared"
    status = page.get_by_role("status")
    assert "We are making the evidence pack" in status.inner_text()

    queued = EvidencePack.objects.get(assessment=assessment)
    assert queued.status == EvidencePack.Status.PENDING
    with page.expect_download(timeout=30_000) as download_info:
        assert pack.evidence_pack_build.call(assessment.pk, queued.fingerprint) == "ready"
    download = download_info.value

    assert download.suggested_filename == f"evidence-pack-{assessment.reference}.zip"
    assert "readiness-report.pdf" in zipfile.ZipFile(io.BytesIO(download.path().read_bytes())).namelist()
    assert "Your evidence pack is ready. It will download now." in status.inner_text()
    assert page.get_by_role("link", name="Download your evidence pack (ZIP)").is_visible()
    web.check()


def test_without_javascript_check_again_downloads_the_built_pack(web_without_js, settings, tmp_path):
    founder, assessment = submitted_with_report(settings, tmp_path, "nojs@example.org")
    log_in(web_without_js, founder.email)

    page = web_without_js.visit(f"/assessments/{assessment.reference}/evidence-pack/")
    assert page.locator("h1").inner_text() == "Your evidence pack is being prepared"
    queued = EvidencePack.objects.get(assessment=assessment)
    pack.evidence_pack_build.call(assessment.pk, queued.fingerprint)
    with page.expect_download(timeout=30_000) as download_info:
        page.get_by_role("link", name="Check again").click()
    assert download_info.value.suggested_filename == f"evidence-pack-{assessment.reference}.zip"
