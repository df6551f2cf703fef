"""While the evidence pack is being prepared its page asks whether the pack is ready (a static script and a JSON
status address, no inline script) and says so in a status region; the ready pack, a failure and a draft have
no such watch. The status address never builds a failed pack again."""

import pytest
from django.urls import reverse

from assessments.evidence import pack
from assessments.evidence.models import EvidencePack
from assessments.models import ReportFile
from assessments.review.models import AuditEntry
from tests.factories import (
    AdviserFactory,
    AssessmentFactory,
    FounderFactory,
    HealthInnovationNetworkFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_immediate", "report_stand_in")]

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
WATCH = 'data-module="app-report-status"'


@pytest.fixture
def assessment(submit):
    return submit("best")


def page_url(assessment, name="assessment_evidence_pack"):
    return reverse(name, args=[assessment.reference])


def status_url(assessment, name="assessment_evidence_pack_status"):
    return reverse(name, args=[assessment.reference])


def report_ready(client, assessment):
    client.get(reverse("assessment_report", args=[assessment.reference]))
    assert ReportFile.objects.get(assessment=assessment).status == ReportFile.Status.READY


def test_the_page_watches_for_the_pack_while_it_is_being_prepared(founder_client, assessment, settings):
    report_ready(founder_client, assessment)
    settings.TASKS = DUMMY_TASKS
    response = founder_client.get(page_url(assessment))
    assert response.status_code == 202
    assert WATCH in response.text
    assert f'data-status-url="{status_url(assessment)}"' in response.text
    assert "js/report-status.js" in response.text
    assert 'role="status"' in response.text
    assert 'data-ready-label="Download your evidence pack (ZIP)"' in response.text
    assert "<script>" not in response.text
    # Without JavaScript, the same by hand.
    assert f'href="{page_url(assessment)}" data-report-download>Check again</a>' in response.text


def test_the_page_watches_while_the_report_is_being_prepared(founder_client, assessment, settings):
    ReportFile.objects.filter(assessment=assessment).delete()
    settings.TASKS = DUMMY_TASKS
    response = founder_client.get(page_url(assessment))
    assert response.status_code == 202
    assert WATCH in response.text
    assert founder_client.get(status_url(assessment)).json()["status"] == "report_pending"


def test_the_ready_pack_downloads_with_no_watch(founder_client, assessment):
    report_ready(founder_client, assessment)
    response = founder_client.get(page_url(assessment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert founder_client.get(status_url(assessment)).json() == {
        "status": "ready",
        "download_url": page_url(assessment),
    }


def test_a_failed_pack_and_a_draft_have_no_watch(founder_client, assessment, organisation, monkeypatch):
    report_ready(founder_client, assessment)

    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pack, "index_pdf", broken)
    failed = founder_client.get(page_url(assessment))
    assert failed.status_code == 503
    assert "could not be made" in failed.text
    assert WATCH not in failed.text
    draft = AssessmentFactory(organisation=organisation)
    response = founder_client.get(page_url(draft))
    assert response.status_code == 409
    assert WATCH not in response.text
    assert founder_client.get(status_url(draft)).json()["status"] == "draft"


def test_the_status_address_says_pending_then_ready(founder_client, assessment, settings):
    report_ready(founder_client, assessment)
    settings.TASKS = DUMMY_TASKS
    founder_client.get(page_url(assessment))
    response = founder_client.get(status_url(assessment))
    assert response.json()["status"] == "pending"
    assert "no-cache" in response["Cache-Control"]
    built = EvidencePack.objects.get(assessment=assessment)
    assert pack.evidence_pack_build.call(assessment.pk, built.fingerprint) == "ready"
    assert founder_client.get(status_url(assessment)).json()["status"] == "ready"


def test_the_status_address_asks_for_the_pack_once_the_report_is_ready(founder_client, assessment, settings):
    report_ready(founder_client, assessment)
    settings.TASKS = DUMMY_TASKS
    assert founder_client.get(status_url(assessment)).json()["status"] == "pending"
    assert EvidencePack.objects.get(assessment=assessment).status == EvidencePack.Status.PENDING


def test_the_status_address_does_not_build_a_failed_pack_again(founder_client, assessment, monkeypatch):
    report_ready(founder_client, assessment)
    calls = []

    def broken(**kwargs):
        calls.append(1)
        raise OSError("disk full")

    monkeypatch.setattr(pack, "index_pdf", broken)
    founder_client.get(page_url(assessment))
    assert founder_client.get(status_url(assessment)).json()["status"] == "failed"
    assert founder_client.get(status_url(assessment)).json()["status"] == "failed"
    assert len(calls) == 1
    assert EvidencePack.objects.get(assessment=assessment).status == EvidencePack.Status.FAILED


def test_the_status_address_is_only_for_the_company_and_its_network(client, founder, assessment, adviser):
    from assessments.review import services

    client.force_login(FounderFactory())
    assert client.get(status_url(assessment)).status_code == 404
    client.force_login(adviser)
    assert client.get(status_url(assessment)).status_code == 404
    assert client.get(status_url(assessment, "adviser_evidence_pack_status")).status_code == 404
    services.share_create(founder=founder, assessment=assessment, hin=adviser.adviser_profile.hin, consent=True)
    before = AuditEntry.objects.count()
    response = client.get(status_url(assessment, "adviser_evidence_pack_status"))
    assert response.json() == {"status": "ready", "download_url": page_url(assessment, "adviser_evidence_pack")}
    assert AuditEntry.objects.count() == before  # nothing was downloaded
    other = AdviserFactory(totp=True, profile__hin=HealthInnovationNetworkFactory(slug="wessex"))
    assert other.adviser_profile.hin != adviser.adviser_profile.hin
    client.force_login(other)
    assert client.get(status_url(assessment, "adviser_evidence_pack_status")).status_code == 404
