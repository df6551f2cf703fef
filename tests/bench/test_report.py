"""bench/report.py: the plain document it compares the report with, and how it times the first download."""

import math
from unittest import mock

import pytest
import weasyprint
from django.core.management import call_command

from assessments.models import Assessment, ReportFile
from assessments.views.reports import POLL_INTERVAL_S
from bench.report import PLAIN_CSS, first_download, plain_html, plain_paragraphs_for
from tests.factories import AssessmentFactory, assessment_answered

FAKE_PDF = b"%PDF-1.7\n% a stand-in for a rendered report\n"


@pytest.mark.parametrize("target", [1, 5, 32])
@pytest.mark.parametrize("start", [1, 40, 500])
def test_the_paragraph_count_found_fills_exactly_the_pages_asked_for(target, start):
    counted = []

    def seven_a_page(paragraphs):
        counted.append(paragraphs)
        return math.ceil(paragraphs / 7)

    paragraphs = plain_paragraphs_for(target, seven_a_page, start=start)

    assert seven_a_page(paragraphs) == target
    assert len(counted) <= 12


def test_a_page_count_no_paragraph_count_gives_is_refused_clearly():
    def two_pages_at_a_time(paragraphs):
        return 2 * math.ceil(paragraphs / 7)

    with pytest.raises(RuntimeError, match="fills exactly 3 pages"):
        plain_paragraphs_for(3, two_pages_at_a_time)


def test_the_plain_document_is_ordinary_text_on_a4_pages():
    def pages_of(paragraphs):
        return weasyprint.HTML(string=plain_html(paragraphs)).render(stylesheets=[weasyprint.CSS(string=PLAIN_CSS)])

    paragraphs = plain_paragraphs_for(2, lambda count: len(pages_of(count).pages), start=5)
    document = pages_of(paragraphs)

    assert len(document.pages) == 2
    assert [(round(page.width), round(page.height)) for page in document.pages] == [(794, 1123)] * 2  # A4, CSS px
    html = plain_html(paragraphs)
    assert html.count("<p>") == paragraphs
    assert "<table" not in html
    assert "<img" not in html


@pytest.fixture
def draft(organisation, founder, settings, tmp_path):
    settings.REPORT_PREPARE = True
    settings.MEDIA_ROOT = tmp_path / "media"
    assessment = AssessmentFactory(organisation=organisation)
    assessment_answered(assessment, quality="middling", user=founder)
    return assessment


@pytest.mark.django_db(transaction=True)
def test_with_the_immediate_backend_the_first_download_is_the_file_stored_at_submission(
    draft, founder_client, settings
):
    settings.TASKS = {"default": {"BACKEND": settings.TASKS_BACKENDS["immediate"]}}
    waits = []

    with mock.patch("assessments.reports.render.report_pdf_render", return_value=FAKE_PDF) as render:
        seconds, checks, _sent_at = first_download(
            founder_client, reference=draft.reference, poll_interval_s=POLL_INTERVAL_S, sleep=waits.append
        )

    assert seconds > 0
    assert checks == 0
    assert waits == []
    assert render.call_count == 1  # at submission, not again for the download
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED
    assert ReportFile.objects.get(assessment=draft).status == ReportFile.Status.READY


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_download_waits_for_the_worker_checking_as_the_page_does(
    draft, founder_client, settings
):
    settings.TASKS = {"default": {"BACKEND": settings.TASKS_BACKENDS["database"]}}
    waits = []

    def worker_runs_on_the_second_check(interval):
        waits.append(interval)
        assert ReportFile.objects.get(assessment=draft).status == ReportFile.Status.PENDING
        if len(waits) == 2:
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    with mock.patch("assessments.reports.render.report_pdf_render", return_value=FAKE_PDF) as render:
        seconds, checks, _sent_at = first_download(
            founder_client,
            reference=draft.reference,
            poll_interval_s=POLL_INTERVAL_S,
            sleep=worker_runs_on_the_second_check,
        )

    assert seconds > 0
    assert checks == 2
    assert waits == [POLL_INTERVAL_S, POLL_INTERVAL_S]
    assert render.call_count == 1
    assert ReportFile.objects.get(assessment=draft).status == ReportFile.Status.READY


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_first_download_gives_up_with_a_clear_message(draft, founder_client, settings):
    settings.TASKS = {"default": {"BACKEND": settings.TASKS_BACKENDS["database"]}}

    with pytest.raises(RuntimeError, match=f"report of {draft.reference} was not ready"):
        first_download(founder_client, reference=draft.reference, poll_interval_s=0, sleep=lambda _s: None, timeout_s=0)
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED
