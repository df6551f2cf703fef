"""bench/load.py: the journeys' answers make a complete submission, and the report figures (how many downloads
found the report ready, how long founders waited for it) are counted as the summary states them."""

import re
import socket

import pytest

from assessments.models import ReportFile
from assessments.reports.cache import report_key_current
from assessments.selectors import assessment_missing_answers
from bench import load
from bench.load import report_figures, reports_check, sections_plan
from tests.factories import PROFILE, assessment_submitted, framework_version_loaded
from tests.foundation.test_cache_settings import redis_answers


def journeys(*, founder=(0, 0), adviser=(0, 0), waits=(), started=None, failed=0, gave_up=0) -> dict:
    """What the load generator reports: downloads (ready, pending) by who started them, and founders' waits."""
    return {
        "downloads": {
            "founder": {"ready": founder[0], "pending": founder[1]},
            "adviser": {"ready": adviser[0], "pending": adviser[1]},
        },
        "report_waits_s": list(waits),
        "report_waits_started": len(waits) + failed + gave_up if started is None else started,
        "report_failed": failed,
        "report_gave_up": gave_up,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("quality", ["best", "middling", "worst"])
def test_the_founders_answers_leave_nothing_to_answer_before_submitting(quality):
    from assessments.framework import framework_get

    framework = framework_get(framework_version_loaded())
    saved: dict = dict(PROFILE)
    steps = sections_plan(framework, PROFILE["product_type"])[quality]
    for step in steps:
        saved.update(step["expected"])

    answers = {key: value for key, value in saved.items() if value is not None}
    assert assessment_missing_answers(framework=framework, answers=answers) == []
    # Long sections are saved page by page, at the pages' own addresses.
    assert any("/pages/" in step["path"] for step in steps)
    assert len({step["step"] for step in steps}) == len(steps)


def test_the_ready_share_counts_every_download_users_started_and_founders_on_their_own():
    figures = report_figures(journeys(founder=(1, 3), adviser=(6, 0), waits=[4.0, 9.0, 20.0, 2.0]))

    assert figures["downloads"] == 10
    assert figures["ready_share"] == pytest.approx(0.7)
    assert figures["founder_downloads"] == 4
    assert figures["founder_ready_share"] == pytest.approx(0.25)


def test_every_download_finding_the_report_ready_is_a_share_of_1():
    figures = report_figures(journeys(founder=(5, 0), adviser=(2, 0), waits=[1.0] * 5))

    assert figures["ready_share"] == 1.0
    assert figures["founder_ready_share"] == 1.0


def test_the_first_download_is_the_median_wait_of_founders_who_got_the_pdf():
    figures = report_figures(journeys(founder=(0, 5), waits=[3.0, 30.0, 9.0], started=6, failed=1, gave_up=1))

    assert figures["first_download_s"] == 9.0
    assert figures["first_download_p95_s"] == 30.0
    assert (figures["waits"], figures["failed"], figures["gave_up"], figures["unfinished"]) == (3, 1, 1, 1)


def test_no_downloads_and_no_waits_give_no_share_and_no_first_download():
    figures = report_figures(journeys())

    assert figures["ready_share"] == 0.0
    assert figures["first_download_s"] is None


@pytest.mark.django_db
def test_reports_of_the_journeys_submissions_are_counted_by_status_and_others_are_not():
    ready, pending, failed, other = (assessment_submitted() for _ in range(4))
    for assessment, status in (
        (ready, ReportFile.Status.READY),
        (pending, ReportFile.Status.PENDING),
        (failed, ReportFile.Status.FAILED),
        (other, ReportFile.Status.READY),
    ):
        ReportFile.objects.update_or_create(
            assessment=assessment, key=report_key_current(assessment=assessment), defaults={"status": status}
        )

    counts = reports_check([ready.reference, pending.reference, failed.reference])

    assert counts == {"ready": 1, "pending": 1, "failed": 1}


@pytest.mark.django_db
def test_a_report_being_prepared_answers_202_with_what_the_load_generator_follows(founder_client, submitted):
    """bench/load_locust.py tells the "being prepared" page from the PDF by its status, then asks the page's
    status URL at the page's interval (data-status-url, data-poll-interval), as the page's script does."""
    ReportFile.objects.filter(assessment=submitted).delete()
    ReportFile.objects.create(assessment=submitted, key=report_key_current(assessment=submitted))

    response = founder_client.get(f"/assessments/{submitted.reference}/report/")

    assert response.status_code == 202
    status_url = re.search(r'data-status-url="([^"]+)"', response.text)
    assert status_url is not None
    assert re.search(r'data-poll-interval="([0-9.]+)"', response.text) is not None
    status = founder_client.get(status_url.group(1))
    assert status.json()["status"] == "pending"


def test_the_load_run_uses_redis_in_a_database_of_its_own_when_redis_answers(tmp_path):
    if not redis_answers():
        pytest.skip("no Redis server answers on 127.0.0.1:6379")
    url = load.redis_url()
    assert url == f"redis://127.0.0.1:6379/{load.REDIS_DATABASE}"
    assert url != "redis://127.0.0.1:6379/1"  # not the database the site's own settings name in examples
    assert load.production_environment(tmp_path, url)["CACHE_URL"] == url


def test_the_load_run_falls_back_to_the_database_cache_when_no_redis_answers(tmp_path, monkeypatch):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        monkeypatch.setattr(load, "REDIS_PORT", probe.getsockname()[1])
    assert load.redis_url() is None
    assert load.production_environment(tmp_path, load.redis_url())["CACHE_URL"] == "dbcache://django_cache"
