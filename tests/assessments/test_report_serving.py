"""Serving the PDF report: cached by what shapes it, rendered by a task, 404 for anyone else (ADR 0007).

Most tests use a stand-in renderer that counts its calls (rendering is tested in test_report_render*.py);
the tests marked as real render a real PDF with WeasyPrint.
"""

import logging

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, FrameworkVersion, ReportFile
from assessments.reports import cache, render, version
from assessments.reports.cache import report_cache_key, report_key_current
from assessments.reports.services import RENDER_FAILED, report_files_delete, report_request
from assessments.reports.tasks import report_render
from tests.factories import AssessmentFactory, assessment_answered, assessment_submitted

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Reports are stored under a temporary MEDIA_ROOT, and rendered immediately unless a test says otherwise."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    return settings.MEDIA_ROOT


class FakeRenderer:
    """Stands in for report_pdf_render: a small, distinct PDF-looking file per call, or a failure."""

    def __init__(self):
        self.calls = 0
        self.fail = False

    def __call__(self, *, assessment, feedback=None):
        self.calls += 1
        if self.fail:
            raise render.ReportRenderError(f"The report of assessment {assessment.reference} could not be rendered.")
        return f"%PDF-1.7\n% fake report {assessment.reference} render {self.calls}\n%%EOF\n".encode()


@pytest.fixture
def renderer(monkeypatch):
    fake = FakeRenderer()
    monkeypatch.setattr(render, "report_pdf_render", fake)
    return fake


@pytest.fixture
def draft(organisation):
    assessment = AssessmentFactory(organisation=organisation)
    assessment_answered(assessment, quality="middling")
    return assessment


def report_url(assessment, name="assessment_report"):
    return reverse(name, args=[assessment.reference])


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def stored_paths(assessment) -> list[str]:
    folder = f"reports/{assessment.reference}"
    if not default_storage.exists(folder):
        return []
    return sorted(f"{folder}/{name}" for name in default_storage.listdir(folder)[1])


# Downloading -----------------------------------------------------------------------------------------


def test_download_returns_the_pdf_as_an_attachment(founder_client, submitted):
    """Real render: the file is a PDF named after the reference, kept by no shared cache."""
    response = founder_client.get(report_url(submitted))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="innovator-portal-{submitted.reference}.pdf"'
    assert "private" in response["Cache-Control"]
    assert content(response).startswith(b"%PDF")
    report = ReportFile.objects.get(assessment=submitted)
    assert report.status == ReportFile.Status.READY
    assert report.file.name == f"reports/{submitted.reference}/{report.key}.pdf"


def test_draft_can_be_downloaded_too(founder_client, draft):
    """Real render of a draft (the renderer marks it DRAFT)."""
    response = founder_client.get(report_url(draft))

    assert response.status_code == 200
    assert content(response).startswith(b"%PDF")


def test_second_download_serves_the_stored_file_without_rendering(founder_client, submitted, renderer):
    first = content(founder_client.get(report_url(submitted)))
    renderer.fail = True  # a render now would fail: the second download must not render

    second = founder_client.get(report_url(submitted))

    assert second.status_code == 200
    assert content(second) == first
    assert renderer.calls == 1


def test_results_page_and_task_list_link_to_the_report(founder_client, submitted, draft):
    assert report_url(submitted) in founder_client.get(reverse("assessment_results", args=[submitted.reference])).text
    assert report_url(draft) in founder_client.get(reverse("assessment_tasks", args=[draft.reference])).text


# What makes a new report ---------------------------------------------------------------------------


def change_answer(assessment, monkeypatch):
    answer = Answer.objects.filter(assessment=assessment).exclude(value="Something else entirely.").first()
    answer.value = "Something else entirely."
    answer.save()


def change_framework_version(assessment, monkeypatch):
    current = assessment.framework_version
    other = FrameworkVersion.objects.create(
        version="99.0",
        title=current.title,
        published=current.published,
        content_hash="f" * 64,
        definition=FrameworkVersion.objects.get(pk=current.pk).definition,
    )
    assessment.framework_version = other
    assessment.save()


def change_template_version(assessment, monkeypatch):
    monkeypatch.setattr(version, "REPORT_TEMPLATE_VERSION", version.REPORT_TEMPLATE_VERSION + "-changed")


def change_review_state(assessment, monkeypatch):
    monkeypatch.setattr(cache, "report_review_state", lambda *, assessment: "feedback_sent 2026-11-22T10:00:00Z")


def change_profile(assessment, monkeypatch):
    assessment.product_name = "WoundWatch 2"
    assessment.save()


def change_organisation_name(assessment, monkeypatch):
    assessment.organisation.name = "Renamed Healthtech Ltd"
    assessment.organisation.save()


@pytest.mark.parametrize(
    "change",
    [
        change_answer,
        change_framework_version,
        change_template_version,
        change_review_state,
        change_profile,
        change_organisation_name,
    ],
)
def test_any_change_makes_a_new_report_and_deletes_the_old_one(founder_client, draft, renderer, monkeypatch, change):
    content(founder_client.get(report_url(draft)))
    old = ReportFile.objects.get(assessment=draft)
    assert stored_paths(draft) == [old.file.name]

    change(draft, monkeypatch)
    response = founder_client.get(report_url(draft))

    assert response.status_code == 200
    assert content(response).endswith(b"render 2\n%%EOF\n")
    assert renderer.calls == 2
    new = ReportFile.objects.get(assessment=draft)
    assert new.key != old.key
    assert stored_paths(draft) == [new.file.name]


def test_the_key_is_stable_while_nothing_changes(submitted):
    assert report_key_current(assessment=submitted) == report_key_current(assessment=submitted)
    assert report_cache_key(assessment=submitted) == report_key_current(assessment=submitted)
    assert report_cache_key(assessment=submitted, review_state="in_review") != report_cache_key(assessment=submitted)


def test_submitting_a_draft_makes_a_new_report(founder_client, draft, renderer):
    from assessments.services import assessment_submit

    content(founder_client.get(report_url(draft)))
    submitted = assessment_submit(assessment=draft, user=None)

    content(founder_client.get(report_url(submitted)))

    assert renderer.calls == 2
    assert ReportFile.objects.filter(assessment=draft).count() == 1


def test_deleting_an_assessments_reports_removes_their_files(founder_client, submitted, renderer):
    content(founder_client.get(report_url(submitted)))

    report_files_delete(assessment=submitted)

    assert not ReportFile.objects.filter(assessment=submitted).exists()
    assert stored_paths(submitted) == []


def test_a_stored_file_gone_from_storage_is_rendered_again(founder_client, submitted, renderer):
    content(founder_client.get(report_url(submitted)))
    default_storage.delete(ReportFile.objects.get().file.name)

    response = founder_client.get(report_url(submitted))

    assert response.status_code == 200
    assert content(response).endswith(b"render 2\n%%EOF\n")


# Who can download ----------------------------------------------------------------------------------

VIEWS = [
    ("assessment_report", "get"),
    ("assessment_report_status", "get"),
    ("assessment_report_retry", "post"),
]


@pytest.mark.parametrize(("name", "method"), VIEWS)
def test_founder_of_another_organisation_gets_404(founder_client, name, method, renderer):
    other = assessment_submitted(quality="middling")

    response = getattr(founder_client, method)(report_url(other, name))

    assert response.status_code == 404
    assert renderer.calls == 0
    assert not ReportFile.objects.exists()


@pytest.mark.parametrize(("name", "method"), VIEWS)
def test_anonymous_visitor_is_sent_to_log_in(client, submitted, name, method, renderer):
    response = getattr(client, method)(report_url(submitted, name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert renderer.calls == 0


@pytest.mark.parametrize(("name", "method"), VIEWS)
def test_adviser_gets_404(adviser_client, submitted, name, method, renderer):
    response = getattr(adviser_client, method)(report_url(submitted, name))

    assert response.status_code == 404
    assert renderer.calls == 0


def test_unknown_reference_gets_404(founder_client):
    assert founder_client.get("/assessments/IP-NOPE99/report/").status_code == 404


# Advisers of the network it is shared with ---------------------------------------------------------


@pytest.fixture
def shared(founder, submitted, adviser):
    from assessments.review import services

    return services.share_create(founder=founder, assessment=submitted, hin=adviser.adviser_profile.hin, consent=True)


def test_an_adviser_downloads_the_report_of_an_assessment_shared_with_their_network(
    adviser_client, adviser, shared, renderer
):
    from assessments.review.models import AuditEntry

    submitted = shared.assessment
    review = adviser_client.get(reverse("adviser_review", args=[submitted.reference]))
    assert f'href="{report_url(submitted, "adviser_report")}"' in review.text

    response = adviser_client.get(report_url(submitted, "adviser_report"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="innovator-portal-{submitted.reference}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert content(response).startswith(b"%PDF")
    entry = AuditEntry.objects.get(action="report_downloaded")
    assert (entry.actor, entry.assessment, entry.hin) == (adviser, submitted, shared.hin)


def test_the_adviser_and_the_company_get_the_same_stored_file(adviser_client, founder, shared, renderer):
    submitted = shared.assessment
    from_adviser = content(adviser_client.get(report_url(submitted, "adviser_report")))
    founder_client = Client()
    founder_client.force_login(founder)

    assert content(founder_client.get(report_url(submitted))) == from_adviser
    assert renderer.calls == 1


def test_an_adviser_is_told_the_report_is_being_prepared_and_nothing_is_audited_yet(
    adviser_client, shared, renderer, settings
):
    from assessments.review.models import AuditEntry

    settings.TASKS = DUMMY_TASKS
    submitted = shared.assessment

    response = adviser_client.get(report_url(submitted, "adviser_report"))

    assert response.status_code == 202
    assert "The report is being prepared" in response.text
    assert f'data-status-url="{report_url(submitted, "adviser_report_status")}"' in response.text
    assert f'href="{reverse("adviser_review", args=[submitted.reference])}"' in response.text
    assert "Back to the review" in response.text
    assert not AuditEntry.objects.filter(action="report_downloaded").exists()
    status = adviser_client.get(report_url(submitted, "adviser_report_status"))
    assert status.json() == {"status": "pending", "download_url": report_url(submitted, "adviser_report")}


def test_an_adviser_can_retry_a_failed_report(adviser_client, shared, renderer):
    submitted = shared.assessment
    renderer.fail = True
    failed = adviser_client.get(report_url(submitted, "adviser_report"))
    assert failed.status_code == 503
    assert "Sorry, the report could not be made" in failed.text
    assert f'action="{report_url(submitted, "adviser_report_retry")}"' in failed.text
    renderer.fail = False

    response = adviser_client.post(report_url(submitted, "adviser_report_retry"))

    assert response["Location"] == report_url(submitted, "adviser_report")
    assert adviser_client.get(response["Location"]).status_code == 200
    assert renderer.calls == 2


# Failures and retrying -----------------------------------------------------------------------------


def test_render_failure_shows_a_plain_message_and_a_way_to_retry(founder_client, submitted, renderer):
    renderer.fail = True

    response = founder_client.get(report_url(submitted))

    assert response.status_code == 503
    assert "Sorry, your report could not be made" in response.text
    assert RENDER_FAILED in response.text
    assert submitted.reference in response.text
    assert f'action="{report_url(submitted, "assessment_report_retry")}"' in response.text
    assert "Try again" in response.text
    assert "Traceback" not in response.text


def test_failed_render_is_not_retried_by_looking_again(founder_client, submitted, renderer):
    renderer.fail = True
    founder_client.get(report_url(submitted))

    assert founder_client.get(report_url(submitted)).status_code == 503
    assert renderer.calls == 1


def test_retry_renders_again(founder_client, submitted, renderer):
    renderer.fail = True
    founder_client.get(report_url(submitted))
    renderer.fail = False

    response = founder_client.post(report_url(submitted, "assessment_report_retry"))

    assert response.status_code == 302
    assert response["Location"] == report_url(submitted)
    assert renderer.calls == 2
    download = founder_client.get(response["Location"])
    assert download.status_code == 200
    assert content(download).startswith(b"%PDF")
    assert renderer.calls == 2


def test_retry_of_a_ready_report_renders_nothing(founder_client, submitted, renderer):
    content(founder_client.get(report_url(submitted)))

    founder_client.post(report_url(submitted, "assessment_report_retry"))

    assert renderer.calls == 1


def test_retry_needs_post_and_a_csrf_token(founder, submitted, renderer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(founder)

    assert client.get(report_url(submitted, "assessment_report_retry")).status_code == 405
    assert client.post(report_url(submitted, "assessment_report_retry")).status_code == 403
    assert renderer.calls == 0


def test_render_failure_is_logged_with_the_reference(founder_client, submitted, monkeypatch, caplog):
    """The real report_pdf_render, with WeasyPrint failing underneath it."""

    def broken(*, html):
        raise RuntimeError("disk full")

    monkeypatch.setattr(render, "html_to_pdf", broken)

    with caplog.at_level(logging.ERROR):
        response = founder_client.get(report_url(submitted))

    assert response.status_code == 503
    assert "disk full" not in response.text
    assert any(submitted.reference in record.getMessage() for record in caplog.records)
    assert ReportFile.objects.get().status == ReportFile.Status.FAILED


def test_unexpected_error_while_storing_marks_the_report_failed(founder_client, submitted, renderer, monkeypatch):
    def broken_save(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(default_storage.__class__, "save", broken_save)

    response = founder_client.get(report_url(submitted))

    assert response.status_code == 503
    assert ReportFile.objects.get().status == ReportFile.Status.FAILED


# Rendering in the background -----------------------------------------------------------------------


def test_with_a_queue_the_page_says_the_report_is_being_prepared(founder_client, submitted, renderer, settings):
    settings.TASKS = DUMMY_TASKS

    response = founder_client.get(report_url(submitted))

    assert response.status_code == 202
    assert "Your report is being prepared" in response.text
    assert f'href="{report_url(submitted)}"' in response.text  # "Check again", without JavaScript
    assert "js/report-status.js" in response.text
    assert f'data-status-url="{report_url(submitted, "assessment_report_status")}"' in response.text
    assert "<script>" not in response.text  # no inline script (CSP)
    assert renderer.calls == 0

    status = founder_client.get(report_url(submitted, "assessment_report_status"))
    assert status.status_code == 200
    assert status.json() == {"status": "pending", "download_url": report_url(submitted)}


def test_with_a_queue_the_report_is_enqueued_once(founder_client, submitted, renderer, settings):
    from django.tasks import default_task_backend

    settings.TASKS = DUMMY_TASKS
    founder_client.get(report_url(submitted))
    founder_client.get(report_url(submitted))
    founder_client.get(report_url(submitted, "assessment_report_status"))

    assert len(default_task_backend.results) == 1
    queued = default_task_backend.results[0]
    assert queued.task.name == "report_render"
    assert queued.args == [submitted.pk, report_key_current(assessment=submitted)]


def test_once_the_worker_has_rendered_the_report_it_downloads(founder_client, submitted, renderer, settings):
    from django.tasks import default_task_backend

    settings.TASKS = DUMMY_TASKS
    founder_client.get(report_url(submitted))
    queued = default_task_backend.results[0]

    assert queued.task.call(*queued.args, **queued.kwargs) == "ready"  # what db_worker would do

    status = founder_client.get(report_url(submitted, "assessment_report_status"))
    assert status.json()["status"] == "ready"
    response = founder_client.get(report_url(submitted))
    assert response.status_code == 200
    assert content(response).startswith(b"%PDF")


def test_a_report_pending_for_too_long_is_queued_again(founder_client, submitted, renderer, settings):
    from django.tasks import default_task_backend

    settings.TASKS = DUMMY_TASKS
    settings.REPORT_PENDING_TIMEOUT = 60
    founder_client.get(report_url(submitted))
    ReportFile.objects.update(updated_at="2020-01-01T00:00:00Z")

    founder_client.get(report_url(submitted))
    founder_client.get(report_url(submitted))

    assert len(default_task_backend.results) == 2


def test_task_for_a_state_that_has_changed_is_dropped(draft, renderer, settings):
    settings.TASKS = DUMMY_TASKS
    report = report_request(assessment=draft)
    Answer.objects.filter(assessment=draft).delete()

    assert report_render.call(draft.pk, report.key) == "superseded"
    assert renderer.calls == 0
    assert not ReportFile.objects.exists()


def test_task_run_twice_renders_once(submitted, renderer):
    report = report_request(assessment=submitted)

    assert report_render.call(submitted.pk, report.key) == "ready"
    assert renderer.calls == 1


# Operators' command --------------------------------------------------------------------------------


def test_render_report_command_writes_a_pdf(submitted, tmp_path):
    output = tmp_path / "report.pdf"

    call_command("render_report", submitted.reference, "-o", str(output))

    assert output.read_bytes().startswith(b"%PDF")
    assert not ReportFile.objects.exists()  # no cache involved


def test_render_report_command_refuses_an_unknown_reference(tmp_path):
    with pytest.raises(CommandError, match="no assessment with the reference IP-NOPE99"):
        call_command("render_report", "IP-NOPE99", "-o", str(tmp_path / "report.pdf"))
    assert not (tmp_path / "report.pdf").exists()


def test_render_report_command_reports_a_failed_render(submitted, tmp_path, renderer):
    renderer.fail = True
    with pytest.raises(CommandError, match=submitted.reference):
        call_command("render_report", submitted.reference, "-o", str(tmp_path / "report.pdf"))


# Cost of a cached download -------------------------------------------------------------------------


def cached_download_queries(client, assessment) -> int:
    content(client.get(report_url(assessment)))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(report_url(assessment))
        content(response)
    assert response.status_code == 200
    return len(queries)


def test_query_count_of_a_cached_download_does_not_grow_with_the_assessment(founder_client, organisation, renderer):
    short = AssessmentFactory(organisation=organisation)
    Answer.objects.create(assessment=short, question_key="product_type", value="software")
    long = AssessmentFactory(organisation=organisation)
    assessment_answered(long, quality="middling", device=True)
    assert Answer.objects.filter(assessment=long).count() > Answer.objects.filter(assessment=short).count()

    assert cached_download_queries(founder_client, short) == cached_download_queries(founder_client, long)
    assert cached_download_queries(founder_client, long) <= 8
