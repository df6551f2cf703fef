"""Adviser queue and cohort insights pages with 10 and with 10,000 shared assessments (target: at most 1.5 times
the time).

Measured as bench.growth measures, with its code: a throwaway SQLite database (a temporary file) with the test
settings, one network per size with its shares made up front (bulk_create, results scored once per answer
quality), each size's pages timed in turn QUEUE_ROUNDS times, each time the median of RUNS warm requests, and
for each page and size the lowest of those medians. The ratio is on this process's CPU time, which on SQLite
is all of a page's work and does not count waiting for a core on a busy machine; the elapsed time is beside it.
"""

import os
import tempfile
from pathlib import Path

from bench.growth import QUEUE_ROUNDS, RUNS, lowest_in_turn, network_advisers, timed

SIZES = (10, 10_000)
TARGET_RATIO = 1.5
DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
SECTION = "## Adviser queue and insights"
PAGES = (("queue", "adviser_queue"), ("insights", "adviser_insights"))


def _django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovator_portal.settings.test")
    import django

    django.setup()


def _urls() -> dict[str, str | None]:
    from django.urls import NoReverseMatch, reverse

    urls: dict[str, str | None] = {}
    for label, name in PAGES:
        try:
            urls[label] = reverse(name)
        except NoReverseMatch:
            urls[label] = None
    return urls


def _docs_write(table: str) -> None:
    """Replace this benchmark's section of docs/performance.md (other sections are left as they are)."""
    text = DOCS.read_text() if DOCS.exists() else "# Performance\n"
    start = text.find(SECTION)
    if start == -1:
        before, after = text.rstrip("\n") + "\n\n", ""
    else:
        following = text.find("\n## ", start + len(SECTION))
        before, after = text[:start], ("" if following == -1 else text[following + 1 :])
    section = f"{SECTION}\n\n{table}\n"
    DOCS.write_text(before + section + ("\n" + after if after else ""))


def _measure(urls: dict[str, str | None]) -> tuple[dict[str, dict[int, tuple[float, float]]], dict[str, str]]:
    """(elapsed, CPU) seconds for each page and size, the lowest median of QUEUE_ROUNDS rounds in turn; and the
    pages that failed, with why (a page still being built is reported, the others still timed)."""
    clients = network_advisers(SIZES)
    failed: dict[str, str] = {}

    def measure(key: tuple[str, int]) -> tuple[float, float]:
        label, size = key
        url = urls[label]
        assert url is not None
        if label in failed:
            return (0.0, 0.0)
        try:
            return timed(clients[size], url)
        except Exception as error:
            failed[label] = f"{type(error).__name__}: {error}"
            return (0.0, 0.0)

    keys = [(label, size) for label, url in urls.items() if url is not None for size in SIZES]
    best = lowest_in_turn(measure, keys, QUEUE_ROUNDS)
    timings: dict[str, dict[int, tuple[float, float]]] = {label: {} for label in urls}
    for (label, size), figures in best.items():
        timings[label][size] = figures
    return timings, failed


def report(
    urls: dict[str, str | None], timings: dict[str, dict[int, tuple[float, float]]], failed: dict[str, str]
) -> tuple[str, dict[str, float]]:
    """The table of each page's CPU and elapsed milliseconds at each size and its ratio (on CPU time) against
    the target, and the figures for bench/results.json: `<page>_<size>_s`, CPU seconds (the ratio's), and
    `<page>_<size>_elapsed_s`."""
    small, large = SIZES
    lines = [
        f"| page | {small:,} shared: CPU ms | {large:,} shared: CPU ms | {small:,} shared: elapsed ms "
        f"| {large:,} shared: elapsed ms | ratio (CPU) | target ≤ {TARGET_RATIO}x |",
        "|---|---|---|---|---|---|---|",
    ]
    figures: dict[str, float] = {}
    for label, url in urls.items():
        if url is None or label in failed:
            reason = "not built yet" if url is None else f"failed: {failed[label][:80]}"
            lines.append(f"| {label} | {reason} | | | | | |")
            continue
        (few_elapsed, few), (many_elapsed, many) = timings[label][small], timings[label][large]
        ratio = many / few
        lines.append(
            f"| {label} (`{url}`) | {few * 1000:.1f} | {many * 1000:.1f} | {few_elapsed * 1000:.1f} "
            f"| {many_elapsed * 1000:.1f} | {ratio:.2f}x | {'met' if ratio <= TARGET_RATIO else 'NOT met'} |"
        )
        for size, (elapsed, cpu) in timings[label].items():
            figures[f"{label}_{size}_s"] = round(cpu, 5)
            figures[f"{label}_{size}_elapsed_s"] = round(elapsed, 5)
    return "\n".join(lines), figures


def main() -> dict:
    _django_setup()
    from django.conf import settings
    from django.test.utils import setup_databases, teardown_databases

    from assessments.framework import framework_versions_sync
    from bench.results import record

    urls = _urls()
    with tempfile.TemporaryDirectory() as folder:
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(Path(folder) / "bench.sqlite3")
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            framework_versions_sync()
            timings, failed = _measure(urls)
        finally:
            teardown_databases(old_config, verbosity=0)

    table, figures = report(urls, timings, failed)
    note = (
        f"Each figure the lowest of {QUEUE_ROUNDS} medians of {RUNS} warm requests through django.test.Client as a "
        "signed-in adviser, the sizes (one network each) timed in turn; the ratio on the process's CPU time. "
        "SQLite (temporary file), test settings; `python -m bench.queue_insights` (measured as `python -m "
        "bench.growth` measures, with its code). The queue reads one page of 25 shares with their "
        "organisations; the insights page reads running totals per network, month and product type "
        "(CohortRollup, kept when an assessment is shared or withdrawn), so neither grows with the number of "
        "shares. The CSV export streams every share and so does grow with them, by design."
    )
    print(table)
    print(note)
    record(**figures)
    _docs_write(table + "\n\n" + note)
    return figures


if __name__ == "__main__":
    main()
