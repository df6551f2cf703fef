"""The evidence pack: one ZIP of a submitted assessment's report, its index (CSV and PDF) and its documents,
built by a task, stored privately, served only to the company's founders and the network it is shared with,
and built again when the evidence changes."""

import csv
import datetime
import io
import os
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from assessments.evidence.models import EvidencePack
from tests.factories import (
    AdviserFactory,
    AssessmentFactory,
    FounderFactory,
    HealthInnovationNetworkFactory,
    assessment_answered,
)
from tests.pdf import pdf_text, squash

from . import files
from .documents import ISSUED, document_attach

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_immediate", "report_stand_in")]

ITEM = "clinical_safety_case_report"
EXPIRING = "cyber_essentials_certificate"
TODAY = datetime.date.today()
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def assessment(submit):
    return submit("best")


def pack_url(assessment, name="assessment_evidence_pack"):
    return reverse(name, args=[assessment.reference])


def pack_zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, getattr(response, "text", "")
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def csv_rows(archive) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))


# What the pack holds ---------------------------------------------------------------------------------------


def test_the_pack_holds_the_report_the_index_and_each_document_with_its_bytes(founder_client, assessment):
    safety_case = files.pdf("Safety case", padding=300)
    certificate = files.pdf("Cyber Essentials")
    document_attach(founder_client, assessment, ITEM, "Safety case v3.pdf", safety_case)
    expired_on = TODAY - datetime.timedelta(days=1)
    document_attach(
        founder_client,
        assessment,
        EXPIRING,
        "ce.pdf",
        certificate,
        issued=TODAY - datetime.timedelta(days=400),
        expires=expired_on,
    )
    document_attach(founder_client, assessment, "dpia_document", link="https://example.org/dpia")

    response = founder_client.get(pack_url(assessment))

    assert response["Content-Disposition"] == f'attachment; filename="evidence-pack-{assessment.reference}.zip"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/zip"
    archive = pack_zip(response)
    names = archive.namelist()
    assert names[:3] == ["readiness-report.pdf", "index.csv", "index.pdf"]
    assert sorted(names[3:]) == [
        f"documents/{ITEM}-Safety case v3.pdf",
        f"documents/{EXPIRING}-ce.pdf",
    ]
    assert archive.read("readiness-report.pdf") == f"%PDF-1.7\n% report of {assessment.reference}\n%%EOF\n".encode()
    assert archive.read(f"documents/{ITEM}-Safety case v3.pdf") == safety_case
    assert archive.read(f"documents/{EXPIRING}-ce.pdf") == certificate

    rows = {row["Evidence item"]: row for row in csv_rows(archive)}
    safety = rows["Clinical safety case report and hazard log (DCB0129)"]
    assert safety["Criterion"] == "DTAC v2 C1: clinical safety"
    assert safety["Document"] == f"documents/{ITEM}-Safety case v3.pdf"
    assert safety["Status"] == "Attached"
    assert safety["Issued on"] == ISSUED.isoformat()
    assert safety["Expires on"] == ""
    assert "DTAC v2 C1 Clinical safety: Met" in safety["Compliance matrix"]
    cyber = rows["Cyber Essentials certificate"]
    assert (cyber["Status"], cyber["Expires on"]) == ("Expired", expired_on.isoformat())
    dpia = rows["Data protection impact assessment (DPIA)"]
    assert (dpia["Document"], dpia["Status"]) == ("https://example.org/dpia", "Attached")
    missing = rows["ICO registration certificate"]
    assert (missing["Document"], missing["Status"], missing["Issued on"]) == ("", "Not attached", "")

    text = squash(pdf_text(archive.read("index.pdf")))
    assert squash("Evidence pack index") in text
    assert squash(assessment.reference) in text
    assert squash(f"documents/{ITEM}-Safety case v3.pdf") in text
    assert squash("https://example.org/dpia") in text
    assert squash("Expired") in text
    assert squash("Not attached") in text


def test_the_index_lists_matrix_criteria_no_document_backs(founder_client, assessment):
    archive = pack_zip(founder_client.get(pack_url(assessment)))
    rows = csv_rows(archive)
    unbacked = [row for row in rows if row["Status"] == "No document listed"]
    assert unbacked, "every matrix row is backed by a document"
    assert all(row["Compliance matrix"] in {"Met", "Not met", "Not known", "Not applicable"} for row in unbacked)
    assert archive.namelist() == ["readiness-report.pdf", "index.csv", "index.pdf"]


def test_the_index_pdf_is_printed_with_the_fetcher_that_refuses_every_url(founder_client, assessment, monkeypatch):
    import weasyprint

    from assessments.reports.fetcher import StaticFilesURLFetcher

    fetchers, fetched = [], []
    real_html = weasyprint.HTML

    def html(*args, **kwargs):
        fetchers.append(kwargs.get("url_fetcher"))
        return real_html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", html)
    monkeypatch.setattr(StaticFilesURLFetcher, "fetch", lambda self, url, headers=None: fetched.append(url))
    document_attach(founder_client, assessment, "dpia_document", link="https://example.org/dpia-report")

    archive = pack_zip(founder_client.get(pack_url(assessment)))

    assert len(fetchers) == 1
    assert isinstance(fetchers[0], StaticFilesURLFetcher)
    assert fetched == []
    assert squash("https://example.org/dpia-report") in squash(pdf_text(archive.read("index.pdf")))


def test_the_pack_is_built_again_after_a_new_document_and_the_old_one_deleted(
    founder_client, assessment, django_capture_on_commit_callbacks
):
    first = pack_zip(founder_client.get(pack_url(assessment)))
    assert not [name for name in first.namelist() if name.startswith("documents/")]
    old = EvidencePack.objects.get(assessment=assessment)
    old_path = old.file.path

    document_attach(founder_client, assessment, ITEM, "case.pdf", files.pdf("New"))
    with django_capture_on_commit_callbacks(execute=True):
        second = pack_zip(founder_client.get(pack_url(assessment)))

    assert f"documents/{ITEM}-case.pdf" in second.namelist()
    pack = EvidencePack.objects.get(assessment=assessment)
    assert pack.pk != old.pk
    assert pack.status == "ready"
    assert not os.path.exists(old_path)


def test_a_second_download_serves_the_stored_pack_without_building_it_again(founder_client, assessment):
    founder_client.get(pack_url(assessment))
    pack = EvidencePack.objects.get(assessment=assessment)
    founder_client.get(pack_url(assessment))
    assert EvidencePack.objects.get(assessment=assessment).updated_at == pack.updated_at


def test_the_pack_is_kept_in_the_private_evidence_storage(founder_client, assessment, settings):
    founder_client.get(pack_url(assessment))
    pack = EvidencePack.objects.get(assessment=assessment)
    assert pack.file.name.startswith(f"packs/{assessment.reference}/")
    assert pack.file.url.startswith("/no-public-address/")


def test_deleting_the_assessment_deletes_the_pack_file(founder_client, assessment, django_capture_on_commit_callbacks):
    founder_client.get(pack_url(assessment))
    path = EvidencePack.objects.get(assessment=assessment).file.path
    with django_capture_on_commit_callbacks(execute=True):
        assessment.delete()
    assert not os.path.exists(path)


def test_a_document_expiring_makes_a_new_pack_that_says_expired(founder_client, assessment):
    import time_machine

    expires = TODAY + datetime.timedelta(days=10)
    document_attach(founder_client, assessment, EXPIRING, "ce.pdf", files.pdf(), expires=expires)
    before = csv_rows(pack_zip(founder_client.get(pack_url(assessment))))
    assert next(row["Status"] for row in before if row["Evidence item"] == "Cyber Essentials certificate") == "Attached"

    with time_machine.travel(expires + datetime.timedelta(days=1)):
        after = csv_rows(pack_zip(founder_client.get(pack_url(assessment))))

    assert next(row["Status"] for row in after if row["Evidence item"] == "Cyber Essentials certificate") == "Expired"


def test_a_failed_build_says_so_and_the_next_visit_tries_again(founder_client, assessment, monkeypatch):
    from assessments.evidence import pack

    real = pack.index_pdf

    def broken(**kwargs):
        raise RuntimeError("the printer is out of paper")

    monkeypatch.setattr(pack, "index_pdf", broken)
    response = founder_client.get(pack_url(assessment))
    assert response.status_code == 503
    assert "Sorry, your evidence pack could not be made" in response.text
    assert f'href="{pack_url(assessment)}">Try again' in response.text

    monkeypatch.setattr(pack, "index_pdf", real)
    assert "index.pdf" in pack_zip(founder_client.get(pack_url(assessment))).namelist()


def test_a_pack_whose_file_has_gone_from_storage_is_built_again(founder_client, assessment):
    founder_client.get(pack_url(assessment))
    os.remove(EvidencePack.objects.get(assessment=assessment).file.path)

    assert "index.csv" in pack_zip(founder_client.get(pack_url(assessment))).namelist()


# Links -----------------------------------------------------------------------------------------------------


def test_the_evidence_page_links_to_the_pack_once_submitted(founder_client, assessment, organisation):
    page = founder_client.get(reverse("assessment_evidence", args=[assessment.reference]))
    assert f'href="{pack_url(assessment)}">Download your evidence pack (ZIP)</a>' in page.text

    draft = AssessmentFactory(organisation=organisation)
    assessment_answered(draft)
    page = founder_client.get(reverse("assessment_evidence", args=[draft.reference]))
    assert "Download your evidence pack" not in page.text


# Not yet, and not for anyone else --------------------------------------------------------------------------


def test_a_draft_has_no_pack_and_says_so(founder_client, organisation):
    draft = AssessmentFactory(organisation=organisation)
    assessment_answered(draft)
    response = founder_client.get(pack_url(draft))
    assert response.status_code == 409
    assert "Submit the assessment to download its evidence pack" in response.text
    assert not EvidencePack.objects.exists()


def test_the_page_says_the_pack_is_being_prepared_while_the_report_is(founder_client, assessment, settings):
    from assessments.models import ReportFile

    ReportFile.objects.filter(assessment=assessment).delete()
    settings.TASKS = DUMMY_TASKS
    response = founder_client.get(pack_url(assessment))
    assert response.status_code == 202
    assert "Your evidence pack is being prepared" in response.text
    assert "the PDF report that goes in the evidence pack" in response.text
    assert not EvidencePack.objects.exists()


def test_the_page_says_the_pack_is_being_prepared_while_it_is_built(founder_client, assessment, settings):
    founder_client.get(reverse("assessment_report", args=[assessment.reference]))  # the report is ready
    settings.TASKS = DUMMY_TASKS
    response = founder_client.get(pack_url(assessment))
    assert response.status_code == 202
    assert "Your evidence pack is being prepared" in response.text
    assert EvidencePack.objects.get(assessment=assessment).status == "pending"


def test_a_founder_of_another_organisation_gets_404(client, assessment):
    client.force_login(FounderFactory())
    assert client.get(pack_url(assessment)).status_code == 404


def test_an_adviser_gets_404_on_the_founders_address_and_when_not_shared(adviser_client, assessment):
    assert adviser_client.get(pack_url(assessment)).status_code == 404
    assert adviser_client.get(pack_url(assessment, "adviser_evidence_pack")).status_code == 404


@pytest.fixture
def shared(founder, assessment, adviser):
    from assessments.review import services

    return services.share_create(founder=founder, assessment=assessment, hin=adviser.adviser_profile.hin, consent=True)


def test_an_adviser_of_the_network_downloads_the_pack_and_it_is_audited(adviser_client, adviser, shared):
    from assessments.review.models import AuditEntry

    assessment = shared.assessment
    review = adviser_client.get(reverse("adviser_review", args=[assessment.reference]))
    assert f'href="{pack_url(assessment, "adviser_evidence_pack")}"' in review.text

    response = adviser_client.get(pack_url(assessment, "adviser_evidence_pack"))

    assert response["Cache-Control"] == "private, no-store"
    assert "readiness-report.pdf" in pack_zip(response).namelist()
    entry = AuditEntry.objects.get(action="report_downloaded")
    assert (entry.actor, entry.hin, entry.details["download"]) == (adviser, shared.hin, "evidence_pack")


def test_an_adviser_of_another_network_gets_404(shared):
    other = AdviserFactory(totp=True, profile__hin=HealthInnovationNetworkFactory(slug="wessex"))
    assert other.adviser_profile.hin != shared.hin
    client = Client()
    client.force_login(other)
    assert client.get(pack_url(shared.assessment, "adviser_evidence_pack")).status_code == 404
