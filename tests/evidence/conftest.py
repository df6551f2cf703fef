import pytest

from assessments.reports import render
from tests.factories import AssessmentFactory, assessment_answered


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Evidence files are stored under a temporary MEDIA_ROOT, and no virus scanner is asked."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CLAMD_SOCKET = ""
    return settings.MEDIA_ROOT


@pytest.fixture
def tasks_immediate(settings):
    """Tasks (reports, evidence packs) run as soon as they are queued."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def report_stand_in(monkeypatch):
    """A small PDF naming its assessment stands in for the readiness report (its rendering is tested with the
    reports)."""

    def stand_in(*, assessment, feedback=None):
        return f"%PDF-1.7\n% report of {assessment.reference}\n%%EOF\n".encode()

    monkeypatch.setattr(render, "report_pdf_render", stand_in)


@pytest.fixture
def assessment(organisation):
    """A draft of the founder's organisation with the best answers, which claim every document."""
    assessment = AssessmentFactory(organisation=organisation)
    assessment_answered(assessment, quality="best")
    return assessment
