"""bench.lighthouse runs a page again when Lighthouse lost the trace of its load, and only then."""

from pathlib import Path

import pytest

from bench import lighthouse

LOST = (
    "Lighthouse failed on http://127.0.0.1/ (1):\nSomething went wrong ... Please run Lighthouse again. (NO_NAVSTART)"
)


def test_a_lost_trace_is_run_again_and_its_report_kept(monkeypatch, tmp_path):
    outcomes = [RuntimeError(LOST), {"categories": {}}]
    calls = []

    def once(url, headers, report_path):
        calls.append(url)
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(lighthouse, "_lighthouse_once", once)
    assert lighthouse.lighthouse_run("http://127.0.0.1/", {}, Path(tmp_path / "r.json")) == {"categories": {}}
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("error", "calls_made"), [("Lighthouse failed on http://127.0.0.1/ (1):\nChrome could not start", 1), (LOST, 3)]
)
def test_any_other_failure_or_a_trace_lost_every_time_stops_the_bench(monkeypatch, tmp_path, error, calls_made):
    calls = []

    def once(url, headers, report_path):
        calls.append(url)
        raise RuntimeError(error)

    monkeypatch.setattr(lighthouse, "_lighthouse_once", once)
    with pytest.raises(RuntimeError, match="Lighthouse failed"):
        lighthouse.lighthouse_run("http://127.0.0.1/", {}, Path(tmp_path / "r.json"))
    assert len(calls) == calls_made
