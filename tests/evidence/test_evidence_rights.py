"""Evidence and the founder's rights: the data download lists it and the documents download holds the files; and
founders are reminded before a certificate expires."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from assessments.evidence.models import Evidence
from tests.factories import EvidenceFactory, FounderFactory, MembershipFactory

from . import files
from .documents import document_attach

pytestmark = pytest.mark.django_db


def test_the_documents_download_holds_every_file_and_the_data_download_names_them(founder_client, assessment):
    today = datetime.date.today()
    document_attach(
        founder_client, assessment, "clinical_safety_case_report", "Safety case.pdf", files.pdf(), issued=today
    )
    document_attach(
        founder_client,
        assessment,
        "penetration_test_summary",
        "pen test.png",
        files.png(),
        issued=today,
        expires=today + datetime.timedelta(days=200),
    )
    overview = founder_client.get(reverse("account_overview")).content.decode()
    assert reverse("account_documents_download") in overview

    response = founder_client.get(reverse("account_documents_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "private, no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    ref = assessment.reference
    assert sorted(archive.namelist()) == [
        f"{ref}/clinical_safety_case_report-Safety case.pdf",
        f"{ref}/penetration_test_summary-pen test.png",
    ]
    assert archive.read(f"{ref}/penetration_test_summary-pen test.png") == files.png()

    data = json.loads(founder_client.get(reverse("account_data_download")).content)
    evidence = data["organisations"][0]["assessments"][0]["evidence"]
    assert [(e["item"], e["file_in_documents_download"]) for e in evidence] == [
        ("clinical_safety_case_report", f"{ref}/clinical_safety_case_report-Safety case.pdf"),
        ("penetration_test_summary", f"{ref}/penetration_test_summary-pen test.png"),
    ]


def test_the_documents_download_holds_nothing_of_another_organisation(client, assessment, founder_client):
    document_attach(
        founder_client, assessment, "clinical_safety_case_report", "case.pdf", files.pdf(), issued=datetime.date.today()
    )
    stranger = FounderFactory()
    client.force_login(stranger)
    assert reverse("account_documents_download") not in client.get(reverse("account_overview")).content.decode()
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get(reverse("account_documents_download")).streaming_content)))
    assert archive.namelist() == ["README.txt"]


def test_deleting_the_account_deletes_the_files_of_its_sole_organisation(
    founder_client, founder, assessment, settings, django_capture_on_commit_callbacks
):
    document_attach(
        founder_client, assessment, "clinical_safety_case_report", "case.pdf", files.pdf(), issued=datetime.date.today()
    )
    stored = [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert len(stored) == 1
    from tests.factories import PASSWORD

    with django_capture_on_commit_callbacks(execute=True):
        founder_client.post(reverse("account_delete"), {"password": PASSWORD})
    assert not Evidence.objects.exists()
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


# Expiry reminders ------------------------------------------------------------------------------------------


def expiring(assessment, expires_on, key="cyber_essentials_certificate"):
    return EvidenceFactory(
        assessment=assessment, item_key=key, issued_on=expires_on - datetime.timedelta(days=365), expires_on=expires_on
    )


def test_founders_are_reminded_60_then_14_days_before_expiry_once_each(assessment, organisation):
    colleague = FounderFactory()
    MembershipFactory(user=colleague, organisation=organisation)
    expiring(assessment, datetime.date(2027, 3, 31))
    with time_machine.travel(datetime.datetime(2027, 1, 29, 9, 0, tzinfo=datetime.UTC), tick=False):
        call_command("evidence_reminders", stdout=io.StringIO())  # 61 days before: not yet
    assert mail.outbox == []
    with time_machine.travel(datetime.datetime(2027, 1, 30, 9, 0, tzinfo=datetime.UTC), tick=False):
        call_command("evidence_reminders", stdout=io.StringIO())
        call_command("evidence_reminders", stdout=io.StringIO())  # run twice the same day: one email
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted(m.user.email for m in organisation.memberships.all())
    assert "Cyber Essentials certificate for WoundWatch expires in 60 days" in message.subject
    assert "31 March 2027" in message.body
    assert (
        reverse("assessment_evidence_item", args=[assessment.reference, "cyber_essentials_certificate"]) in message.body
    )
    with time_machine.travel(datetime.datetime(2027, 3, 17, 9, 0, tzinfo=datetime.UTC), tick=False):
        call_command("evidence_reminders", stdout=io.StringIO())
        call_command("evidence_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    assert "expires in 14 days" in mail.outbox[1].subject


def test_a_document_first_seen_inside_14_days_gets_one_reminder_and_an_expired_one_none(assessment):
    expiring(assessment, datetime.date(2027, 3, 31))
    expiring(assessment, datetime.date(2027, 3, 1), key="iso_13485_certificate")
    with time_machine.travel(datetime.datetime(2027, 3, 25, 9, 0, tzinfo=datetime.UTC), tick=False):
        call_command("evidence_reminders", stdout=io.StringIO())
        call_command("evidence_reminders", stdout=io.StringIO())
    assert [m.subject.split(" for ")[0].split("] ")[-1] for m in mail.outbox] == ["Cyber Essentials certificate"]


def test_a_renewed_document_is_reminded_of_again(client, founder, assessment):
    document = expiring(assessment, datetime.date(2027, 3, 31))
    document.expiry_reminded = 14
    document.save()
    with time_machine.travel(datetime.datetime(2027, 3, 20, 9, 0, tzinfo=datetime.UTC), tick=False):
        client.force_login(founder)  # signed in on the day: a session lasts only so long
        issued = datetime.date(2027, 3, 19)
        document_attach(
            client,
            assessment,
            "cyber_essentials_certificate",
            "ce.pdf",
            files.pdf(),
            issued=issued,
            expires=datetime.date(2027, 4, 30),
        )
        assert Evidence.objects.get(pk=document.pk).expiry_reminded is None
        call_command("evidence_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert "expires in 41 days" in mail.outbox[0].subject
