"""bench/queue_insights.py: the ratio is taken on CPU time, as bench.growth takes it, and the figures keep
their names in bench/results.json."""

from bench.queue_insights import report

URLS = {"queue": "/adviser/", "insights": "/adviser/insights/"}


def test_the_ratio_is_on_cpu_time_not_on_a_busy_machines_elapsed_time():
    # 10,000 shares: 1.3 times the CPU of 10, but waited 3 times as long for a core.
    timings = {
        "queue": {10: (0.010, 0.008), 10_000: (0.030, 0.0104)},
        "insights": {10: (0.004, 0.003), 10_000: (0.004, 0.003)},
    }

    table, _ = report(URLS, timings, failed={})

    assert "| queue (`/adviser/`) | 8.0 | 10.4 | 10.0 | 30.0 | 1.30x | met |" in table
    assert "target ≤ 1.5x" in table


def test_a_page_more_than_half_as_costly_again_does_not_meet_the_target():
    timings = {
        "queue": {10: (0.01, 0.010), 10_000: (0.01, 0.016)},
        "insights": {10: (0.01, 0.01), 10_000: (0.01, 0.01)},
    }

    table, _ = report(URLS, timings, failed={})

    assert "| 1.60x | NOT met |" in table


def test_the_figures_are_recorded_under_their_names_in_cpu_seconds_with_the_elapsed_beside():
    timings = {
        "queue": {10: (0.02, 0.008), 10_000: (0.03, 0.0104)},
        "insights": {10: (0.005, 0.003), 10_000: (0.006, 0.0031)},
    }

    _, figures = report(URLS, timings, failed={})

    assert figures == {
        "queue_10_s": 0.008,
        "queue_10000_s": 0.0104,
        "queue_10_elapsed_s": 0.02,
        "queue_10000_elapsed_s": 0.03,
        "insights_10_s": 0.003,
        "insights_10000_s": 0.0031,
        "insights_10_elapsed_s": 0.005,
        "insights_10000_elapsed_s": 0.006,
    }


def test_a_page_that_failed_is_reported_and_the_others_still_measured():
    timings = {"queue": {10: (0.01, 0.01), 10_000: (0.01, 0.012)}, "insights": {}}

    table, figures = report(URLS, timings, failed={"insights": "TemplateSyntaxError: no such tag"})

    assert "| insights | failed: TemplateSyntaxError: no such tag |" in table
    assert set(figures) == {"queue_10_s", "queue_10000_s", "queue_10_elapsed_s", "queue_10000_elapsed_s"}
