"""The evidence locker: what the answers claim, attaching files and links, hostile uploads refused with nothing
stored, private downloads, replacing and removing, and files leaving storage with their rows."""

import datetime
import socket
import struct
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessments.evidence.models import Evidence
from assessments.framework.loader import framework_file_read, yaml_parse
from assessments.framework.validator import framework_validate
from tests.factories import (
    AssessmentFactory,
    EvidenceFactory,
    FounderFactory,
    assessment_answered,
    assessment_submitted,
)

from . import files
from .documents import ISSUED, dates, document_post

pytestmark = pytest.mark.django_db

ITEM = "clinical_safety_case_report"  # claimed by "complete" to the DCB0129 question; does not expire
EXPIRING = "cyber_essentials_certificate"
TODAY = datetime.date.today()


def item_url(assessment, key=ITEM):
    return reverse("assessment_evidence_item", args=[assessment.reference, key])


# What the answers claim ----------------------------------------------------------------------------------


def test_the_framework_names_the_documents_its_answers_claim():
    framework = framework_file_read(path="assessments/framework/versions/1.1.yaml").framework
    keys = {item.key for item in framework.evidence}
    assert {ITEM, EXPIRING, "dpia_document", "device_marking_certificate", "iso_13485_certificate"} <= keys
    assert framework.evidence_by_key[EXPIRING].expires
    assert not framework.evidence_by_key[ITEM].expires
    assert framework_file_read(path="assessments/framework/versions/1.0.yaml").framework.evidence == ()


def test_the_validator_refuses_an_evidence_item_that_does_not_test_its_question():
    path = Path("assessments/framework/versions/1.1.yaml")
    data = yaml_parse(text=path.read_text(), label="1.1.yaml")
    data["evidence"][0]["claimed_if"] = {"question": "dpia_completed", "equals": "yes"}
    data["evidence"][1]["question"] = "no_such_question"
    framework, errors = framework_validate(data=data, label="test.yaml")
    assert framework is None
    assert any("claimed_if must test the answer to its question 'dcb0129_safety_case'" in e for e in errors)
    assert any("'no_such_question' is not a question" in e for e in errors)


def test_the_evidence_page_lists_what_the_answers_claim_and_nothing_else(founder_client, organisation):
    claimed = AssessmentFactory(organisation=organisation)
    assessment_answered(claimed, quality="best")
    page = founder_client.get(reverse("assessment_evidence", args=[claimed.reference])).content.decode()
    assert "Clinical safety case report and hazard log (DCB0129)" in page
    assert "Cyber Essentials certificate" in page
    assert "0 of 13</strong> documents your answers claim are attached" in page

    denied = AssessmentFactory(organisation=organisation)
    assessment_answered(denied, quality="best", dcb0129_safety_case="none", cyber_essentials_level="none")
    page = founder_client.get(reverse("assessment_evidence", args=[denied.reference])).content.decode()
    assert "Clinical safety case report" not in page
    assert "Cyber Essentials certificate" not in page


# Attaching -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Safety case.pdf", files.pdf(), "application/pdf"),
        ("hazard-log.docx", files.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("hazards.xlsx", files.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("scan.png", files.png(), "image/png"),
        ("scan.jpg", files.jpeg(), "image/jpeg"),
    ],
)
def test_a_founder_attaches_each_kind_of_document(founder_client, assessment, media, name, content, content_type):
    response = document_post(founder_client, assessment, ITEM, name, content)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment_evidence", args=[assessment.reference])
    document = Evidence.objects.get(assessment=assessment, item_key=ITEM)
    assert (document.file_name, document.content_type, document.size) == (name, content_type, len(content))
    assert document.issued_on == ISSUED
    assert [path.read_bytes() for path in files.stored_files(media)] == [content]
    # Stored under a name the founder did not choose.
    assert name not in document.file.name
    page = founder_client.get(response["Location"]).content.decode()
    assert "Clinical safety case report and hazard log (DCB0129) has been added." in page
    assert name in page
    assert "1 of 13</strong>" in page


def test_a_link_is_attached_instead_of_a_file(founder_client, assessment):
    response = founder_client.post(item_url(assessment), {"link": "https://example.org/safety-case.pdf", **dates()})
    assert response.status_code == 302
    assert Evidence.objects.get().link == "https://example.org/safety-case.pdf"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"link": "http://example.org/case.pdf"}, "Enter a link that starts with https://"),
        ({"link": "not a link"}, "Enter a link in the right format"),
        ({}, "Select a file to upload, or give a link to the document"),
    ],
)
def test_a_bad_link_or_nothing_gets_a_message(founder_client, assessment, data, message):
    response = founder_client.post(item_url(assessment), {**data, **dates()})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not Evidence.objects.exists()


def test_a_file_and_a_link_together_are_refused(founder_client, assessment, media):
    response = document_post(
        founder_client, assessment, ITEM, "case.pdf", files.pdf(), link="https://example.org/case.pdf"
    )
    assert "Upload a file or give a link, not both" in response.content.decode()
    assert not Evidence.objects.exists()
    assert files.stored_files(media) == []


def test_an_expiring_document_needs_an_expiry_date_after_its_issue(founder_client, assessment):
    response = document_post(founder_client, assessment, EXPIRING, "ce.pdf", files.pdf())
    assert "Enter the date it expires" in response.content.decode()
    # The file was fine, but a browser does not keep it: the page says to choose it again.
    assert "Choose your file again" in response.content.decode()
    data = {"file": SimpleUploadedFile("ce.pdf", files.pdf()), **dates(expires=ISSUED - datetime.timedelta(days=1))}
    response = founder_client.post(item_url(assessment, EXPIRING), data)
    assert "The expiry date must be after the date it was issued" in response.content.decode()
    future = {"file": SimpleUploadedFile("ce.pdf", files.pdf()), **dates(issued=TODAY + datetime.timedelta(days=3))}
    response = founder_client.post(item_url(assessment, EXPIRING), future)
    assert "The date it was issued must be today or in the past" in response.content.decode()
    assert not Evidence.objects.exists()

    expires = TODAY + datetime.timedelta(days=300)
    data = {"file": SimpleUploadedFile("ce.pdf", files.pdf()), **dates(expires=expires)}
    assert founder_client.post(item_url(assessment, EXPIRING), data).status_code == 302
    assert Evidence.objects.get().expires_on == expires


def test_an_expired_document_is_shown_as_expired(founder_client, assessment):
    EvidenceFactory(
        assessment=assessment,
        item_key=EXPIRING,
        issued_on=TODAY - datetime.timedelta(days=400),
        expires_on=TODAY - datetime.timedelta(days=1),
    )
    page = founder_client.get(reverse("assessment_evidence", args=[assessment.reference])).content.decode()
    assert 'nhsuk-tag--red">Expired</strong>' in page


# Hostile uploads -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("certificate.pdf", files.executable(), "The selected file must be a PDF, Word document (.docx)"),
        ("case.pdf", files.pdf_zip_polyglot(), "The selected file is not only a PDF"),
        ("scan.png", files.png_with_archive(), "The selected file is not only a PNG image"),
        ("logo.svg", files.svg(), "The selected file must be a PDF, Word document (.docx)"),
        ("empty.pdf", b"", "The selected file is empty"),
        ("log.docx", files.docx(macros=True), "contains macros"),
        ("cut.pdf", files.pdf()[:-40], "The selected PDF is damaged or incomplete"),
        ("big.pdf", files.pdf(padding=21 * 1024 * 1024), "The selected file must be smaller than 20 MB"),
    ],
)
def test_a_hostile_or_broken_file_is_refused_and_nothing_is_stored(
    founder_client, assessment, media, name, content, message
):
    response = document_post(founder_client, assessment, ITEM, name, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert "Choose your file again" not in page  # the file itself is the problem
    assert not Evidence.objects.exists()
    assert files.stored_files(media) == []


def test_a_file_name_with_a_path_is_refused(founder_client, assessment, media):
    boundary = "BoUnDaRy"
    fields = {"csrfmiddlewaretoken": "", **{k: str(v) for k, v in dates().items()}}
    body = b""
    for key, value in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
    body += (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../etc/case.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + files.pdf()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = founder_client.generic(
        "POST", item_url(assessment), body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 200
    assert "name contains a folder path" in response.content.decode()
    assert not Evidence.objects.exists()
    assert files.stored_files(media) == []


def test_a_body_far_over_the_limit_is_refused_unread(founder_client, assessment, settings):
    response = founder_client.generic(
        "POST",
        item_url(assessment),
        b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(settings.EVIDENCE_REQUEST_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
    )
    assert response.status_code == 413


def test_other_pages_still_take_no_file(founder_client, assessment):
    data = {"file": SimpleUploadedFile("case.pdf", files.pdf())}
    response = founder_client.post(reverse("assessment_profile", args=[assessment.reference]), data)
    assert response.status_code == 400
    assert "does not take files" in response.content.decode()


# Malware scan --------------------------------------------------------------------------------------------


@pytest.fixture
def clamd(settings, tmp_path):
    """A scanner speaking clamd's INSTREAM protocol on a Unix socket: it finds the EICAR test string."""
    path = str(tmp_path / "clamd.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen()
    stop = threading.Event()

    def serve():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(5)
                data = b""
                while not data.startswith(b"zINSTREAM\0"):
                    data += connection.recv(10)
                data = data.removeprefix(b"zINSTREAM\0")
                stream = b""
                while True:
                    while len(data) < 4:
                        data += connection.recv(65536)
                    (length,) = struct.unpack("!L", data[:4])
                    data = data[4:]
                    if length == 0:
                        break
                    while len(data) < length:
                        data += connection.recv(65536)
                    stream, data = stream + data[:length], data[length:]
                verdict = b"stream: Eicar-Test-Signature FOUND\0" if files.EICAR in stream else b"stream: OK\0"
                connection.sendall(verdict)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings.CLAMD_SOCKET = path
    yield path
    stop.set()
    thread.join(2)
    server.close()


def test_a_file_carrying_the_eicar_test_string_is_refused(founder_client, assessment, media, clamd):
    response = document_post(founder_client, assessment, ITEM, "case.pdf", files.pdf(f"{files.EICAR.decode()}"))
    assert "The selected file contains a virus or other malware, so it was not saved" in response.content.decode()
    assert not Evidence.objects.exists()
    assert files.stored_files(media) == []


def test_a_clean_file_passes_the_scan(founder_client, assessment, clamd):
    assert document_post(founder_client, assessment, ITEM, "case.pdf", files.pdf()).status_code == 302
    assert Evidence.objects.exists()


def test_a_scanner_that_does_not_answer_refuses_the_upload(founder_client, assessment, settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "nothing-here.sock")
    response = document_post(founder_client, assessment, ITEM, "case.pdf", files.pdf())
    assert "could not be checked for viruses just now" in response.content.decode()
    assert not Evidence.objects.exists()


def test_check_deploy_warns_when_uploads_are_not_scanned(settings):
    from assessments.evidence.checks import malware_scan_configured

    settings.CLAMD_SOCKET = ""
    assert [warning.id for warning in malware_scan_configured()] == ["assessments.W001"]
    settings.CLAMD_SOCKET = "/run/clamav/clamd.ctl"
    assert malware_scan_configured() == []


# Downloads -----------------------------------------------------------------------------------------------


def test_a_document_downloads_privately(founder_client, assessment):
    content = files.pdf("Our hazard log")
    document_post(founder_client, assessment, ITEM, "Hazard log.pdf", content)
    response = founder_client.get(reverse("assessment_evidence_download", args=[assessment.reference, ITEM]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"] == 'attachment; filename="Hazard log.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_another_organisation_gets_404_for_every_evidence_address(founder_client, assessment):
    document_post(founder_client, assessment, ITEM, "case.pdf", files.pdf())
    stranger = Client()
    stranger.force_login(FounderFactory())
    reference = assessment.reference
    for name in ("assessment_evidence_item", "assessment_evidence_download", "assessment_evidence_remove"):
        assert stranger.get(reverse(name, args=[reference, ITEM])).status_code == 404
        assert stranger.post(reverse(name, args=[reference, ITEM])).status_code == 404
    assert stranger.get(reverse("assessment_evidence", args=[reference])).status_code == 404
    assert Evidence.objects.count() == 1


def test_an_unknown_evidence_item_is_404(founder_client, assessment):
    assert founder_client.get(item_url(assessment, "no_such_item")).status_code == 404


# Replacing, removing, deleting -----------------------------------------------------------------------------


def test_a_new_version_replaces_the_old_file(founder_client, assessment, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document_post(founder_client, assessment, ITEM, "v1.pdf", files.pdf("version one"))
    with django_capture_on_commit_callbacks(execute=True):
        document_post(founder_client, assessment, ITEM, "v2.pdf", files.pdf("version two"))
    document = Evidence.objects.get()
    assert document.file_name == "v2.pdf"
    assert [path.read_bytes() for path in files.stored_files(media)] == [files.pdf("version two")]


def test_a_link_in_place_of_a_file_removes_the_file_and_its_check(
    founder_client, assessment, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document_post(founder_client, assessment, ITEM, "v1.pdf", files.pdf())
    Evidence.objects.update(verification="verified", expiry_reminded=14)
    with django_capture_on_commit_callbacks(execute=True):
        founder_client.post(item_url(assessment), {"link": "https://example.org/case.pdf", **dates()})
    document = Evidence.objects.get()
    assert (document.link, document.file_name, document.size) == ("https://example.org/case.pdf", "", 0)
    assert (document.verification, document.expiry_reminded) == ("", None)
    assert files.stored_files(media) == []


def test_removing_a_document_deletes_its_file(founder_client, assessment, media, django_capture_on_commit_callbacks):
    document_post(founder_client, assessment, ITEM, "case.pdf", files.pdf())
    url = reverse("assessment_evidence_remove", args=[assessment.reference, ITEM])
    page = founder_client.get(url).content.decode()
    assert "Remove this document?" in page
    assert "Clinical safety case report and hazard log (DCB0129)." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = founder_client.post(url)
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert files.stored_files(media) == []


def test_deleting_the_draft_deletes_its_evidence_files(
    founder_client, assessment, media, django_capture_on_commit_callbacks
):
    document_post(founder_client, assessment, ITEM, "case.pdf", files.pdf())
    assert len(files.stored_files(media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        founder_client.post(reverse("assessment_delete", args=[assessment.reference]))
    assert not Evidence.objects.exists()
    assert files.stored_files(media) == []


def test_a_submitted_assessment_still_takes_documents(founder_client, organisation):
    assessment = assessment_submitted(organisation=organisation)
    response = document_post(founder_client, assessment, ITEM, "case.pdf", files.pdf())
    assert response.status_code == 302
    assert Evidence.objects.filter(assessment=assessment).exists()


# The section page ----------------------------------------------------------------------------------------


def test_the_section_page_offers_the_documents_its_saved_answers_claim(founder_client, organisation):
    from tests.factories import section_page_url

    claimed = AssessmentFactory(organisation=organisation)
    assessment_answered(claimed, quality="best")
    page = founder_client.get(section_page_url(claimed, "regulatory", "dcb0129_safety_case")).content.decode()
    assert "Documents your answers on this page claim" in page
    assert f"{item_url(claimed)}?return=section:regulatory" in page

    denied = AssessmentFactory(organisation=organisation)
    assessment_answered(denied, quality="best", dcb0129_safety_case="none")
    page = founder_client.get(section_page_url(denied, "regulatory", "dcb0129_safety_case")).content.decode()
    assert item_url(denied) not in page


def test_adding_from_the_section_page_returns_there(founder_client, assessment):
    response = founder_client.post(
        item_url(assessment),
        {"file": SimpleUploadedFile("c.pdf", files.pdf()), "return": "section:regulatory", **dates()},
    )
    assert response["Location"] == reverse("assessment_section", args=[assessment.reference, "regulatory"])
    response = founder_client.post(
        item_url(assessment), {"link": "https://example.org/c.pdf", "return": "https://evil.example", **dates()}
    )
    assert response["Location"] == reverse("assessment_evidence", args=[assessment.reference])
