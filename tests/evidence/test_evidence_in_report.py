"""The PDF report carries the evidence marks (the matrix and the answers appendix say "Not evidenced", "Document
attached", "verified by <network> on <date>") and an evidence table after the appendix; the stored report is
rendered again whenever a document is attached, replaced, removed or checked."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.evidence import services as evidence_services
from assessments.evidence.models import Evidence, Verification
from assessments.framework import framework_get
from assessments.models import ReportFile
from assessments.reports.cache import report_key_current
from assessments.reports.render import report_pdf_render
from assessments.selectors import assessment_answers
from tests.factories import EvidenceFactory, ShareFactory, assessment_submitted
from tests.pdf import pdf_reader, pdf_text, squash

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DPIA = "Data protection impact assessment (DPIA)"
SAFETY_CASE = "Clinical safety case report and hazard log (DCB0129)"


@pytest.fixture
def prepared(settings, tasks_immediate):
    settings.REPORT_PREPARE = True


@pytest.fixture
def share(adviser, organisation):
    return ShareFactory(
        hin=adviser.adviser_profile.hin, assessment=assessment_submitted(organisation=organisation, quality="best")
    )


def attach(
    assessment,
    key="clinical_safety_case_report",
    *,
    link="https://documents.example.org/safety-case.pdf?token=x",
    **fields,
):
    return EvidenceFactory(
        assessment=assessment, item_key=key, link=link, issued_on=datetime.date(2026, 9, 1), **fields
    )


def verify(adviser_client, share, key="clinical_safety_case_report"):
    response = adviser_client.post(
        reverse("adviser_evidence_check", args=[share.assessment.reference, key]),
        {f"check-{key}-decision": "verified"},
    )
    assert response.status_code == 302


def download(client, assessment) -> bytes:
    response = client.get(reverse("assessment_report", args=[assessment.reference]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def part(text: str, start: str, end: str | None = None) -> str:
    begin = text.index(squash(start))
    return text[begin : text.index(squash(end), begin) if end else None]


def test_the_pdf_marks_answers_not_evidenced_and_says_who_verified_a_document(adviser_client, adviser, share, media):
    attach(share.assessment)
    verify(adviser_client, share)
    on = f"{timezone.localdate():%-d %B %Y}"
    network = adviser.adviser_profile.hin.name

    text = squash(pdf_text(report_pdf_render(assessment=share.assessment)))

    matrix = part(text, "Compliance against the criteria NHS buyers use Each row", "Action plan")
    assert squash("Not evidenced") in matrix
    assert squash(f"Document attached, verified by {network} on {on}") in matrix
    answers = part(text, "Appendix: the answers Every question", "Appendix: evidence documents")
    assert squash(f"Not evidenced: {DPIA}") in answers
    assert squash(f"Document attached: {SAFETY_CASE}, verified by {network} on {on}") in answers
    table = part(text, "Appendix: evidence documents The documents")
    assert squash(f"{SAFETY_CASE} documents.example.org 1 Sep 2026") in table
    assert squash(f"Document attached Verified by {network} on {on}") in table
    assert squash(f"{DPIA} None attached") in table


def test_the_pdf_has_no_mark_or_table_of_documents_when_no_answer_claims_one():
    assessment = assessment_submitted(quality="worst")
    framework = framework_get(assessment.framework_version)
    assert evidence_services.evidence_expected(framework, assessment_answers(assessment=assessment)) == []

    text = squash(pdf_text(report_pdf_render(assessment=assessment)))

    assert squash("Not evidenced") not in text
    assert squash("Appendix: evidence documents") not in text


def test_a_link_is_printed_as_its_host_and_never_followed_or_linked():
    assessment = assessment_submitted(quality="best")
    attach(assessment, link="https://evil.example.net/steal?file=/etc/passwd")

    pdf = report_pdf_render(assessment=assessment)

    assert "evil.example.net" in pdf_text(pdf)
    assert "/etc/passwd" not in pdf_text(pdf)
    uris = [
        annotation.get_object().get("/A", {}).get("/URI")
        for page in pdf_reader(pdf).pages
        for annotation in page.get("/Annots", [])
    ]
    assert [uri for uri in uris if uri and "example.net" in str(uri)] == []


def test_an_adviser_verifying_after_a_first_download_gives_a_new_pdf_with_it(
    adviser_client, adviser, share, founder, media
):
    attach(share.assessment)
    founder_client = Client()
    founder_client.force_login(founder)
    first = download(founder_client, share.assessment)
    assert squash("verified by") not in squash(pdf_text(first))

    verify(adviser_client, share)

    second = download(founder_client, share.assessment)
    on = f"{timezone.localdate():%-d %B %Y}"
    assert squash(f"Verified by {adviser.adviser_profile.hin.name} on {on}") in squash(pdf_text(second))
    assert ReportFile.objects.filter(assessment=share.assessment).count() == 1  # the older file is gone


def test_attaching_replacing_checking_and_removing_a_document_each_make_a_new_report_key(share, adviser):
    assessment = share.assessment
    item = framework_get(assessment.framework_version).evidence_by_key["dpia_document"]
    keys = [report_key_current(assessment=assessment)]
    common = {"assessment": assessment, "item": item, "expires_on": None, "user": None}

    evidence_services.evidence_link_attach(link="https://example.org/dpia.pdf", issued_on=TODAY, **common)
    keys.append(report_key_current(assessment=assessment))
    evidence_services.evidence_link_attach(link="https://example.org/dpia-2.pdf", issued_on=TODAY, **common)
    keys.append(report_key_current(assessment=assessment))
    document = Evidence.objects.get(assessment=assessment, item_key="dpia_document")
    evidence_services.evidence_verify(
        adviser=adviser, share=share, document=document, decision=Verification.VERIFIED, reason=""
    )
    keys.append(report_key_current(assessment=assessment))
    evidence_services.evidence_remove(document=Evidence.objects.get(pk=document.pk))
    keys.append(report_key_current(assessment=assessment))

    assert len(set(keys[:-1])) == len(keys) - 1
    assert keys[-1] == keys[0]  # without the document, the report is the one it had before
    assert report_key_current(assessment=assessment) == keys[-1]  # nothing else moves it


def test_a_document_expiring_makes_a_new_report_key(share):
    attach(share.assessment, "ico_registration_certificate", expires_on=TODAY)
    key = report_key_current(assessment=share.assessment)

    with time_machine.travel(TODAY + datetime.timedelta(days=2)):
        assert report_key_current(assessment=share.assessment) != key
    assert report_key_current(assessment=share.assessment) == key


def test_changing_a_submitted_assessments_evidence_renders_its_report_again(
    founder, share, adviser, prepared, django_capture_on_commit_callbacks
):
    assessment = share.assessment
    item = framework_get(assessment.framework_version).evidence_by_key["dpia_document"]
    common = {"assessment": assessment, "item": item, "expires_on": None, "user": founder}

    def ready_for_current_key() -> bool:
        key = report_key_current(assessment=assessment)
        return ReportFile.objects.filter(assessment=assessment, key=key, status=ReportFile.Status.READY).exists()

    with django_capture_on_commit_callbacks(execute=True):
        evidence_services.evidence_link_attach(link="https://example.org/dpia.pdf", issued_on=TODAY, **common)
    assert ready_for_current_key()

    document = Evidence.objects.get(assessment=assessment, item_key="dpia_document")
    with django_capture_on_commit_callbacks(execute=True):
        evidence_services.evidence_verify(
            adviser=adviser, share=share, document=document, decision=Verification.VERIFIED, reason=""
        )
    assert ready_for_current_key()

    with django_capture_on_commit_callbacks(execute=True):
        evidence_services.evidence_remove(document=Evidence.objects.get(pk=document.pk))
    assert ready_for_current_key()


def test_a_drafts_evidence_changing_renders_nothing(
    founder, organisation, prepared, django_capture_on_commit_callbacks
):
    from tests.factories import AssessmentFactory, assessment_answered

    assessment = AssessmentFactory(organisation=organisation)
    assessment_answered(assessment, quality="best")
    item = framework_get(assessment.framework_version).evidence_by_key["dpia_document"]

    with django_capture_on_commit_callbacks(execute=True):
        evidence_services.evidence_link_attach(
            assessment=assessment,
            item=item,
            link="https://example.org/dpia.pdf",
            issued_on=TODAY,
            expires_on=None,
            user=founder,
        )

    assert not ReportFile.objects.filter(assessment=assessment).exists()
