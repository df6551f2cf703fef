"""Reports ready before they are asked for: submitting an assessment, and sending feedback that the report
shows, render the report once the change is committed, so the first download is the stored file."""

from unittest import mock

import pytest
from django.urls import reverse

from assessments.models import ReportFile
from assessments.reports.cache import report_key_current
from assessments.review import services as review_services
from assessments.review.workflow import ReviewStatus
from assessments.services import assessment_submit
from tests.factories import AssessmentFactory, assessment_answered
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def prepared(settings, tmp_path):
    settings.REPORT_PREPARE = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def ready(assessment) -> ReportFile | None:
    return ReportFile.objects.filter(
        assessment=assessment, key=report_key_current(assessment=assessment), status=ReportFile.Status.READY
    ).first()


def draft_answered(organisation, founder):
    assessment = AssessmentFactory(organisation=organisation)
    assessment_answered(assessment, quality="middling", user=founder)
    return assessment


def test_submitting_renders_the_report_and_the_download_serves_it(
    organisation, founder, founder_client, django_capture_on_commit_callbacks
):
    assessment = draft_answered(organisation, founder)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = assessment_submit(assessment=assessment, user=founder)
    assert ready(assessment) is not None

    with mock.patch("assessments.reports.render.report_pdf_render") as render:
        response = founder_client.get(reverse("assessment_report", args=[assessment.reference]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    render.assert_not_called()  # the stored file, not a new render
    assert assessment.reference in pdf_text(b"".join(response.streaming_content))


def test_without_report_prepare_nothing_is_rendered_at_submission(
    settings, organisation, founder, django_capture_on_commit_callbacks
):
    settings.REPORT_PREPARE = False
    assessment = draft_answered(organisation, founder)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = assessment_submit(assessment=assessment, user=founder)
    assert not ReportFile.objects.filter(assessment=assessment).exists()


def test_nothing_is_rendered_when_the_submission_is_rolled_back(
    organisation, founder, django_capture_on_commit_callbacks
):
    assessment = draft_answered(organisation, founder)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assessment_submit(assessment=assessment, user=founder)
    assert len(callbacks) == 1  # waits for the commit: a rolled-back submission renders nothing
    assert not ReportFile.objects.filter(assessment=assessment).exists()


def test_a_render_that_cannot_be_queued_does_not_fail_the_submission(
    organisation, founder, django_capture_on_commit_callbacks, caplog
):
    assessment = draft_answered(organisation, founder)
    with (
        mock.patch("assessments.reports.services.report_request", side_effect=RuntimeError("queue down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submitted = assessment_submit(assessment=assessment, user=founder)
    assert submitted.is_submitted
    assert "could not be prepared" in caplog.text


@pytest.mark.parametrize("to_status", [ReviewStatus.FEEDBACK_SENT, ReviewStatus.CHANGES_REQUESTED])
def test_sending_feedback_renders_the_report_with_it(
    to_status, founder, submitted, hin, adviser, django_capture_on_commit_callbacks
):
    share = review_services.share_create(founder=founder, assessment=submitted, hin=hin, consent=True)
    review_services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    review_services.recommendation_save(adviser=adviser, share=share, recommendation="Ask the ICB for a pilot.")
    assert ready(submitted) is None  # starting a review changes nothing the report shows

    with django_capture_on_commit_callbacks(execute=True):
        review_services.review_transition(adviser=adviser, share=share, to_status=to_status)

    report = ready(submitted)
    assert report is not None
    with report.file.open("rb") as pdf:
        assert "Ask the ICB for a pilot." in pdf_text(pdf.read())
