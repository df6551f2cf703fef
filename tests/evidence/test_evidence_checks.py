"""Advisers check the documents behind a shared assessment's answers: open each, mark it verified or not
acceptable (with a reason); audited; the founder sees it; a new version starts unchecked."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.evidence.models import Evidence
from assessments.review.models import AuditEntry
from tests.factories import AdviserFactory, HealthInnovationNetworkFactory, ShareFactory, assessment_submitted

from . import files
from .documents import document_attach

pytestmark = pytest.mark.django_db

ITEM = "clinical_safety_case_report"
TODAY = datetime.date.today()


@pytest.fixture
def share(adviser, organisation):
    return ShareFactory(
        hin=adviser.adviser_profile.hin, assessment=assessment_submitted(organisation=organisation, quality="best")
    )


def founder_attaches(founder, assessment, name="Safety case.pdf", content=None):
    client = Client()
    client.force_login(founder)
    document_attach(client, assessment, ITEM, name, content or files.pdf(), issued=TODAY)
    return client


def check_url(share, key=ITEM):
    return reverse("adviser_evidence_check", args=[share.assessment.reference, key])


def test_an_adviser_opens_and_verifies_a_document_and_the_founder_sees_it(adviser_client, adviser, founder, share):
    content = files.pdf("Hazard log")
    founder_client = founder_attaches(founder, share.assessment, content=content)
    review = adviser_client.get(reverse("adviser_review", args=[share.assessment.reference])).content.decode()
    assert reverse("adviser_evidence", args=[share.assessment.reference]) in review
    page = adviser_client.get(reverse("adviser_evidence", args=[share.assessment.reference])).content.decode()
    assert "Safety case.pdf" in page
    assert "Not checked by a network yet" in page
    missing = page[page.index('id="not-evidenced"') :]
    assert "Data protection impact assessment (DPIA)" in missing
    assert "Clinical safety case report" not in missing
    download = adviser_client.get(reverse("adviser_evidence_download", args=[share.assessment.reference, ITEM]))
    assert b"".join(download.streaming_content) == content
    assert download["X-Content-Type-Options"] == "nosniff"

    response = adviser_client.post(check_url(share), {f"check-{ITEM}-decision": "verified"})
    assert response.status_code == 302
    document = Evidence.objects.get()
    assert (document.verification, document.verified_by, document.verified_hin) == ("verified", adviser, share.hin)
    entry = AuditEntry.objects.get(action="evidence_checked")
    assert (entry.actor, entry.details["item"], entry.details["decision"]) == (adviser, ITEM, "verified")

    on = f"{timezone.localdate():%-d %B %Y}"
    page = founder_client.get(reverse("assessment_evidence", args=[share.assessment.reference])).content.decode()
    assert "Verified</strong>" in page
    assert f"by {share.hin.name} on {on}" in page
    results = founder_client.get(
        reverse("assessment_results_answers", args=[share.assessment.reference])
    ).content.decode()
    assert f"verified by {share.hin.name} on {on}" in results


def test_not_acceptable_needs_a_reason_which_the_founder_sees(adviser_client, founder, share):
    founder_client = founder_attaches(founder, share.assessment)
    response = adviser_client.post(check_url(share), {f"check-{ITEM}-decision": "not_acceptable"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Say why the document is not acceptable" in page
    assert Evidence.objects.get().verification == ""

    reason = "This is the hazard log template, not your completed log."
    adviser_client.post(check_url(share), {f"check-{ITEM}-decision": "not_acceptable", f"check-{ITEM}-reason": reason})
    page = founder_client.get(reverse("assessment_evidence", args=[share.assessment.reference])).content.decode()
    assert "Not acceptable</strong>" in page
    assert reason in page


def test_a_new_version_of_the_document_starts_unchecked(adviser_client, founder, share):
    founder_attaches(founder, share.assessment)
    adviser_client.post(check_url(share), {f"check-{ITEM}-decision": "verified"})
    founder_attaches(founder, share.assessment, name="Safety case v2.pdf", content=files.pdf("second"))
    document = Evidence.objects.get()
    assert (document.file_name, document.verification, document.verified_by) == ("Safety case v2.pdf", "", None)


def test_an_adviser_of_another_network_gets_404(founder, share):
    founder_attaches(founder, share.assessment)
    other = Client()
    other.force_login(AdviserFactory(totp=True, profile__hin=HealthInnovationNetworkFactory(slug="wessex")))
    reference = share.assessment.reference
    assert other.get(reverse("adviser_evidence", args=[reference])).status_code == 404
    assert other.post(check_url(share), {f"check-{ITEM}-decision": "verified"}).status_code == 404
    assert other.get(reverse("adviser_evidence_download", args=[reference, ITEM])).status_code == 404
    assert Evidence.objects.get().verification == ""


def test_a_withdrawn_share_cannot_be_checked(adviser_client, founder, share):
    founder_attaches(founder, share.assessment)
    share.withdrawn_at = timezone.now()
    share.save()
    response = adviser_client.post(check_url(share), {f"check-{ITEM}-decision": "verified"})
    assert response.status_code == 404
    assert Evidence.objects.get().verification == ""
