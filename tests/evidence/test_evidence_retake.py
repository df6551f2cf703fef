"""A retake starts with the previous assessment's documents: each its own row with its own copy of the file,
dates, checks and reminders kept, only for the items the framework still names; the founder is told what was
carried over and what has expired."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.evidence.files import file_check
from assessments.evidence.models import Evidence, Verification
from assessments.evidence.reminders import expiry_reminders_send
from assessments.evidence.services import evidence_file_attach, evidence_link_attach, evidence_remove
from assessments.framework import framework_get
from assessments.models import Assessment
from tests.factories import EvidenceFactory, HealthInnovationNetworkFactory, assessment_submitted

from . import files

pytestmark = pytest.mark.django_db

ITEM = "clinical_safety_case_report"  # does not expire
EXPIRING = "cyber_essentials_certificate"
DPIA = "dpia_document"
TODAY = datetime.date.today()
ISSUED = TODAY - datetime.timedelta(days=30)


@pytest.fixture
def previous(organisation, founder):
    return assessment_submitted(organisation=organisation, quality="best", user=founder)


def item(assessment, key):
    return framework_get(assessment.framework_version).evidence_by_key[key]


def attach_file(assessment, key, content, *, user, name="document.pdf", issued_on=ISSUED, expires_on=None):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return evidence_file_attach(
        assessment=assessment,
        item=item(assessment, key),
        upload=upload,
        checked=file_check(upload),
        issued_on=issued_on,
        expires_on=expires_on,
        user=user,
    )


def attach_link(assessment, key, link, *, user, issued_on=ISSUED, expires_on=None):
    return evidence_link_attach(
        assessment=assessment,
        item=item(assessment, key),
        link=link,
        issued_on=issued_on,
        expires_on=expires_on,
        user=user,
    )


def expired_certificate_attach(assessment, *, user):
    """A Cyber Essentials certificate, at a link, issued 400 days ago that expired 35 days ago."""
    return attach_link(
        assessment,
        EXPIRING,
        "https://example.org/certificate",
        user=user,
        issued_on=TODAY - datetime.timedelta(days=400),
        expires_on=TODAY - datetime.timedelta(days=35),
    )


def verify(document, decision=Verification.VERIFIED, reason=""):
    hin = HealthInnovationNetworkFactory(name="Health Innovation North")
    Evidence.objects.filter(pk=document.pk).update(
        verification=decision, verification_reason=reason, verified_hin=hin, verified_at=timezone.now()
    )
    return hin


def test_a_retake_starts_with_its_own_copy_of_each_document(previous, founder, media):
    case = attach_file(previous, ITEM, files.pdf("Safety case v3"), user=founder, name="Safety case v3.pdf")
    hin = verify(case)
    expires = TODAY + datetime.timedelta(days=40)
    attach_link(previous, EXPIRING, "https://example.org/certificate", user=founder, expires_on=expires)
    Evidence.objects.filter(item_key=EXPIRING).update(expiry_reminded=60)

    retake = services.assessment_retake(founder=founder, previous=previous)

    copies = {document.item_key: document for document in Evidence.objects.filter(assessment=retake)}
    assert set(copies) == {ITEM, EXPIRING}
    copy = copies[ITEM]
    original = Evidence.objects.get(assessment=previous, item_key=ITEM)
    assert copy.pk != original.pk
    assert copy.file.name != original.file.name
    assert copy.file.name.startswith(f"evidence/{retake.reference}/")
    assert copy.file.read() == files.pdf("Safety case v3")
    assert (copy.file_name, copy.size, copy.sha256, copy.content_type) == (
        original.file_name,
        original.size,
        original.sha256,
        original.content_type,
    )
    assert (copy.issued_on, copy.added_at, copy.added_by) == (ISSUED, original.added_at, founder)
    # The very document an adviser checked: their check stays with it.
    assert (copy.verification, copy.verified_hin, copy.verified_at) == (
        Verification.VERIFIED,
        hin,
        original.verified_at,
    )
    link = copies[EXPIRING]
    assert (link.link, link.file.name, link.issued_on, link.expires_on) == (
        "https://example.org/certificate",
        "",
        ISSUED,
        expires,
    )
    # The 60-day reminder was sent for this certificate: the copy does not send it again.
    assert link.expiry_reminded == 60
    assert len(files.stored_files(media)) == 2


def test_a_not_acceptable_check_is_carried_with_its_reason(previous, founder):
    case = attach_file(previous, ITEM, files.pdf(), user=founder)
    verify(case, Verification.NOT_ACCEPTABLE, "The hazard log is missing.")
    retake = services.assessment_retake(founder=founder, previous=previous)
    copy = Evidence.objects.get(assessment=retake)
    assert (copy.verification, copy.verification_reason) == (Verification.NOT_ACCEPTABLE, "The hazard log is missing.")


def test_a_file_that_is_no_longer_what_was_checked_is_carried_unchecked(previous, founder, media):
    case = attach_file(previous, ITEM, files.pdf("Checked"), user=founder)
    verify(case)
    Path(media / case.file.name).write_bytes(files.pdf("Changed in storage"))

    retake = services.assessment_retake(founder=founder, previous=previous)

    copy = Evidence.objects.get(assessment=retake)
    assert copy.file.read() == files.pdf("Changed in storage")
    assert copy.verification == Verification.UNCHECKED
    assert copy.verified_hin is None
    assert copy.verified_at is None
    assert copy.sha256 != case.sha256


def test_removing_the_copy_or_deleting_either_assessment_leaves_the_other_file(
    previous, founder, media, django_capture_on_commit_callbacks
):
    attach_file(previous, ITEM, files.pdf("Original"), user=founder)
    attach_file(previous, DPIA, files.pdf("DPIA"), user=founder)
    retake = services.assessment_retake(founder=founder, previous=previous)
    assert len(files.stored_files(media)) == 4

    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(document=Evidence.objects.get(assessment=retake, item_key=ITEM))
    original = Evidence.objects.get(assessment=previous, item_key=ITEM)
    assert original.file.read() == files.pdf("Original")
    assert len(files.stored_files(media)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        previous.delete()
    assert Evidence.objects.get(assessment=retake, item_key=DPIA).file.read() == files.pdf("DPIA")
    assert len(files.stored_files(media)) == 1


def test_deleting_the_retake_leaves_the_previous_files(previous, founder, media, django_capture_on_commit_callbacks):
    attach_file(previous, ITEM, files.pdf("Original"), user=founder)
    retake = services.assessment_retake(founder=founder, previous=previous)
    with django_capture_on_commit_callbacks(execute=True):
        retake.delete()
    assert Evidence.objects.get(assessment=previous).file.read() == files.pdf("Original")
    assert len(files.stored_files(media)) == 1


def test_a_retake_of_an_assessment_without_documents_has_none(previous, founder, media):
    retake = services.assessment_retake(founder=founder, previous=previous)
    assert not Evidence.objects.filter(assessment=retake).exists()
    assert files.stored_files(media) == []


def test_an_item_the_framework_no_longer_names_is_not_carried(previous, founder):
    EvidenceFactory(assessment=previous, item_key="retired_certificate", issued_on=ISSUED)
    attach_link(previous, ITEM, "https://example.org/case", user=founder)
    retake = services.assessment_retake(founder=founder, previous=previous)
    assert list(Evidence.objects.filter(assessment=retake).values_list("item_key", flat=True)) == [ITEM]


def test_a_document_whose_file_has_gone_is_left_behind(previous, founder, media):
    case = attach_file(previous, ITEM, files.pdf(), user=founder)
    attach_link(previous, DPIA, "https://example.org/dpia", user=founder)
    Path(media / case.file.name).unlink()
    retake = services.assessment_retake(founder=founder, previous=previous)
    assert list(Evidence.objects.filter(assessment=retake).values_list("item_key", flat=True)) == [DPIA]


def retake_queries(founder, previous) -> int:
    previous = Assessment.objects.get(pk=previous.pk)
    with CaptureQueriesContext(connection) as queries:
        services.assessment_retake(founder=founder, previous=previous)
    return len(queries)


def test_the_retake_makes_as_many_queries_for_three_documents_as_for_one(organisation, founder):
    one = assessment_submitted(organisation=organisation, quality="best", user=founder)
    attach_file(one, ITEM, files.pdf(), user=founder)
    three = assessment_submitted(organisation=organisation, quality="best", user=founder)
    attach_file(three, ITEM, files.pdf(), user=founder)
    attach_file(three, DPIA, files.pdf("DPIA"), user=founder)
    attach_link(three, EXPIRING, "https://example.org/c", user=founder, expires_on=TODAY + datetime.timedelta(days=9))
    retake_queries(founder, one)  # the framework is cached from here on
    assert retake_queries(founder, three) == retake_queries(founder, one) <= 10


# What the founder is told --------------------------------------------------------------------------------


def test_the_retake_message_counts_the_documents_copied(founder_client, founder, previous):
    attach_file(previous, ITEM, files.pdf(), user=founder)
    attach_link(previous, DPIA, "https://example.org/dpia", user=founder)
    response = founder_client.post(reverse("assessment_retake", args=[previous.reference]), follow=True)
    assert (
        f"We have copied your answers and 2 documents from assessment {previous.reference}. Check each section "
        "and each document, and update what has changed."
    ) in response.text


def test_the_retake_message_names_only_answers_when_there_were_no_documents(founder_client, previous):
    response = founder_client.post(reverse("assessment_retake", args=[previous.reference]), follow=True)
    assert f"We have copied your answers from assessment {previous.reference}. Check each section and" in response.text
    assert "document" not in response.text.split("We have copied")[1].split("</")[0]


def evidence_page(client, assessment) -> str:
    return client.get(reverse("assessment_evidence", args=[assessment.reference])).text


def test_the_evidence_page_says_what_was_carried_over_and_flags_what_has_expired(founder_client, founder, previous):
    attach_file(previous, ITEM, files.pdf(), user=founder)
    expired_certificate_attach(previous, user=founder)
    retake = services.assessment_retake(founder=founder, previous=previous)
    title = item(retake, EXPIRING).title

    page = evidence_page(founder_client, retake)

    assert f"2 documents were carried over from your previous assessment, {previous.reference}." in page
    assert f"1 of them has expired: {title}. Replace it with the current version." in page
    assert page.count(f"Carried over from {previous.reference}: check it is still current.") == 2


def test_a_replaced_document_is_no_longer_listed_as_carried_over(founder_client, founder, previous):
    attach_file(previous, ITEM, files.pdf(), user=founder)
    attach_link(previous, DPIA, "https://example.org/dpia", user=founder)
    retake = services.assessment_retake(founder=founder, previous=previous)
    attach_link(retake, DPIA, "https://example.org/dpia-2026", user=founder)

    page = evidence_page(founder_client, retake)

    assert f"1 document was carried over from your previous assessment, {previous.reference}." in page
    assert "of them has expired" not in page
    assert page.count("Carried over from") == 1


def test_no_carried_over_notice_without_carried_documents(founder_client, founder, previous):
    attach_link(previous, ITEM, "https://example.org/case", user=founder)
    assert "carried over" not in evidence_page(founder_client, previous)
    retake = services.assessment_retake(founder=founder, previous=Evidence.objects.get().assessment)
    evidence_remove(document=Evidence.objects.get(assessment=retake))
    attach_link(retake, DPIA, "https://example.org/dpia", user=founder)
    assert "carried over" not in evidence_page(founder_client, retake).lower()


# Expiry reminders ------------------------------------------------------------------------------------------


def test_a_carried_over_certificate_is_reminded_of_once_about_the_draft(previous, founder):
    attach_link(
        previous,
        EXPIRING,
        "https://example.org/certificate",
        user=founder,
        issued_on=datetime.date(2026, 3, 31),
        expires_on=datetime.date(2027, 3, 31),
    )
    retake = services.assessment_retake(founder=founder, previous=previous)
    for day in (
        datetime.datetime(2027, 1, 30, 9, 0, tzinfo=datetime.UTC),
        datetime.datetime(2027, 3, 17, 9, 0, tzinfo=datetime.UTC),
    ):
        with time_machine.travel(day, tick=False):
            expiry_reminders_send()
            expiry_reminders_send()
    assert [message.subject.split("expires in ")[-1] for message in mail.outbox] == ["60 days", "14 days"]
    link = reverse("assessment_evidence_item", args=[retake.reference, EXPIRING])
    assert all(link in message.body for message in mail.outbox)
    assert set(Evidence.objects.values_list("expiry_reminded", flat=True)) == {14}


def test_two_different_certificates_expiring_the_same_day_are_each_reminded_of(previous, founder):
    expires = datetime.date(2027, 3, 31)
    attach_link(previous, EXPIRING, "https://example.org/old", user=founder, expires_on=expires)
    retake = services.assessment_retake(founder=founder, previous=previous)
    attach_link(retake, EXPIRING, "https://example.org/renewed", user=founder, expires_on=expires)
    with time_machine.travel(datetime.datetime(2027, 1, 30, 9, 0, tzinfo=datetime.UTC), tick=False):
        expiry_reminders_send()
    assert len(mail.outbox) == 2


def task_list(client, assessment) -> str:
    return client.get(reverse("assessment_tasks", args=[assessment.reference])).text


def test_the_task_list_says_documents_were_carried_over_and_how_many_have_expired(founder_client, founder, previous):
    attach_link(previous, ITEM, "https://example.org/case", user=founder)
    expired_certificate_attach(previous, user=founder)
    retake = services.assessment_retake(founder=founder, previous=previous)
    assert (
        f"2 documents were carried over from {previous.reference}: check that each is still current (1 has expired)."
    ) in task_list(founder_client, retake)


def test_the_task_list_says_nothing_of_documents_when_none_were_carried(founder_client, founder, previous):
    retake = services.assessment_retake(founder=founder, previous=previous)
    assert "carried over" not in task_list(founder_client, retake)
