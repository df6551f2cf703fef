"""PDF report cost: our render against bare WeasyPrint, a cached download, peak memory, short and long reports.

Needs Django and a database: a temporary SQLite test database in a file (deleted afterwards), so that a child
process can render from the same data to measure peak memory on its own. Writes the figures to
bench/results.json and the table to the "## PDF report" section of docs/performance.md.

Targets (issue 5): our render at most 1.25 times WeasyPrint on the same HTML and CSS; a cached download at least 50 times
faster than a render; peak memory of one render under 250 MB. Issue 18: the core report (the pages before the answers
appendix) at most 12 pages for the longest assessment (`report_core_pages`), with or without the longest
adviser feedback.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.results import record

RUNS = 7
DOWNLOAD_RUNS = 50
TARGET_RATIO_WEASYPRINT = 1.25
TARGET_RATIO_CACHED = 50
TARGET_PEAK_MB = 250
TARGET_CORE_PAGES = 12
APPENDIX_BOOKMARK = "Appendix: the answers"
PERFORMANCE_DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
SECTION = "## PDF report"
# Written under the table on every run, so that the reasons for the stylesheet's shape stay with the figures.
NOTES = (
    "Where the time goes (cProfile of `html_to_pdf`): laying out text and painting it, building the PDF's "
    "structure tree for PDF/UA, and computing styles; all WeasyPrint's own work. Rows of label and value "
    "(the cover's facts, the answers behind each result, the appendix) are one-row tables with "
    "`table-layout: fixed`, not flex: WeasyPrint's flex layout measures the min-content width of every item, "
    "and over a few hundred rows it cost nearly half the time of a render (when replaced: 9.4 s down to 5.2 s, medians of interleaved runs on "
    "the same HTML on this machine, unloaded). Floats would have been as fast, but WeasyPrint paints floats "
    "before the other text of a page, which scrambles copied and extracted text. The parsed stylesheet is kept "
    "between renders (about 0.1 s each)."
)

CHILD = """
import resource, sys, django

def peak_kb():
    # VmHWM: this process's own high-water mark. ru_maxrss would do, but Linux carries it over exec from the
    # parent at fork, so a child started by a big parent would report the parent's size.
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

django.setup()
from assessments.models import Assessment
from assessments.reports.render import report_pdf_render
assessment = Assessment.objects.select_related("organisation", "framework_version").get(reference=sys.argv[1])
before = peak_kb()
pdf = report_pdf_render(assessment=assessment)
print(before, peak_kb(), len(pdf))
"""


def median_seconds(function, runs: int = RUNS, warm_up: int = 1) -> float:
    return timed(function, runs=runs, warm_up=warm_up)[0]


def timed(function, runs: int = RUNS, warm_up: int = 1) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of a function's runs. The CPU time of this process is much
    less disturbed than the wall clock when other work shares the machine, so both are reported."""
    for _ in range(warm_up):
        function()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def django_setup() -> None:
    """Django with the test settings (or whatever a previous benchmark in this run set up)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovator_portal.settings.test")
    import django

    django.setup()


def assessment_made(organisation, *, quality: str, widest: bool):
    """A submitted assessment answering only the questions its classification answers show."""
    from assessments.demo import demo_answers
    from assessments.framework import framework_get
    from assessments.models import Answer
    from assessments.scoring import visible_questions
    from assessments.services import assessment_submit
    from tests.factories import AssessmentFactory

    assessment = AssessmentFactory.create(organisation=organisation)
    framework = framework_get(assessment.framework_version)
    answers = demo_answers(framework, quality=quality, widest=widest)
    shown = set(visible_questions(framework, answers))
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question_key=key, value=value) for key, value in answers.items() if key in shown
    )
    return assessment_submit(assessment=assessment, user=None), len(shown)


def pages(pdf: bytes) -> int | None:
    try:
        from io import BytesIO

        from pypdf import PdfReader
    except ImportError:  # pypdf is a development dependency
        return None
    return len(PdfReader(BytesIO(pdf)).pages)


def core_pages(pdf: bytes) -> int | None:
    """The pages before the answers appendix, found by its bookmark."""
    try:
        from io import BytesIO

        from pypdf import PdfReader
    except ImportError:
        return None
    reader = PdfReader(BytesIO(pdf))

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item

    appendix = next(item for item in walk(reader.outline) if item.title == APPENDIX_BOOKMARK)
    return reader.get_destination_page_number(appendix)


def longest_core_pages(organisation) -> tuple[int | None, int]:
    """The core pages of the longest test-like assessment: the worst answers (every barrier, the longest plan),
    classification answers that show every question, evidence documents with expiry dates attached; counted
    without adviser feedback and with the longest feedback an adviser can send, and the larger count kept."""
    import datetime

    from assessments.evidence.models import Evidence
    from assessments.presenters.feedback import feedback_for_assessment
    from assessments.reports import render
    from tests.factories import AdviserFactory, feedback_longest_send

    assessment, _shown = assessment_made(organisation, quality="worst", widest=True)
    for number, key in enumerate(
        ("dspt_published_assessment", "cyber_essentials_certificate", "iso_13485_certificate")
    ):
        Evidence.objects.create(
            assessment=assessment,
            item_key=key,
            link=f"https://example.org/{key}.pdf",
            issued_on=datetime.date(2026, 1, 1),
            expires_on=datetime.date(2027, 6, 1 + number),
        )
    without_feedback = core_pages(render.report_pdf_render(assessment=assessment))
    founder = organisation.memberships.first().user
    feedback_longest_send(assessment=assessment, founder=founder, adviser=AdviserFactory.create())
    with_feedback = core_pages(
        render.report_pdf_render(assessment=assessment, feedback=feedback_for_assessment(assessment=assessment))
    )
    counts = [count for count in (without_feedback, with_feedback) if count is not None]
    return (max(counts) if counts else None), len(assessment.results_record.actions)


def peak_rss_mb(reference: str, *, database_url: str) -> tuple[float, float]:
    """Peak RSS of a fresh process that sets Django up and renders once; and its peak before rendering."""
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, reference],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DATABASE_URL": database_url},
    )
    before_kb, peak_kb, _size = (int(word) for word in completed.stdout.split()[-3:])
    return round(peak_kb / 1024, 1), round(before_kb / 1024, 1)


def performance_doc_write(table: str, heading: str = SECTION) -> None:
    """Replace one section of docs/performance.md (the PDF report's unless `heading` says otherwise), or create
    the file, leaving other sections."""
    section = f"{heading}\n\n{table}\n"
    if PERFORMANCE_DOC.exists():
        text = PERFORMANCE_DOC.read_text()
        pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
        text = (
            pattern.sub(lambda _match: section + "\n", text)
            if pattern.search(text)
            else text.rstrip() + "\n\n" + section
        )
    else:
        text = "# Performance\n\nFigures from `make bench` on one machine; they vary between machines.\n\n" + section
    PERFORMANCE_DOC.write_text(text.rstrip() + "\n")


def main() -> dict:
    django_setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings, setup_databases, teardown_databases

    with tempfile.TemporaryDirectory(prefix="bench-report-") as directory:
        folder = Path(directory)
        # A throwaway SQLite file rather than memory, so that the memory-measuring child can read it too.
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(folder / "bench.sqlite3")
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            with override_settings(
                MEDIA_ROOT=folder / "media",
                TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
                ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            ):
                return measure(database_url=f"sqlite:///{connection.settings_dict['NAME']}")
        finally:
            teardown_databases(old_config, verbosity=0)


def measure(*, database_url: str) -> dict:
    import weasyprint
    from django.contrib.staticfiles import finders
    from django.test import Client

    from assessments.framework import framework_versions_sync
    from assessments.reports import render
    from tests.factories import FounderFactory

    framework_versions_sync()
    founder = FounderFactory.create()
    organisation = founder.memberships.get().organisation
    # Realistic: middling answers, classification answers that show every question (the long report too).
    realistic, realistic_shown = assessment_made(organisation, quality="middling", widest=True)
    # Short: the same middling answers, classification answers that hide what they can.
    short, short_shown = assessment_made(organisation, quality="middling", widest=False)

    # First, while this process is still small (see CHILD).
    peak_mb, before_render_mb = peak_rss_mb(realistic.reference, database_url=database_url)

    # (a) our complete render: presenters, templates, fetcher, WeasyPrint, PDF/UA options.
    pdf = render.report_pdf_render(assessment=realistic)
    ours, ours_cpu = timed(lambda: render.report_pdf_render(assessment=realistic))

    # (b) WeasyPrint alone on the same final HTML and CSS, with the same PDF options; the HTML references no
    # resource, so no fetcher is needed. The CSS is parsed in every run here, whereas ours is parsed once per
    # process (render.report_stylesheets): that saving is ours and counts in (a).
    html = render.report_html(assessment=realistic)
    css_path = finders.find(render.STYLESHEETS[0])
    if css_path is None:
        raise RuntimeError(f"{render.STYLESHEETS[0]} is not among the static files: build the assets first")
    css_text = Path(css_path).read_text()

    def weasyprint_alone():
        return weasyprint.HTML(string=html).write_pdf(
            stylesheets=[weasyprint.CSS(string=css_text)], **render.PDF_OPTIONS
        )

    bare_pdf_pages = pages(weasyprint_alone())
    bare, bare_cpu = timed(weasyprint_alone)

    # (c) a cached download through the test client: scoped lookup, cache key, stored file.
    client = Client()
    client.force_login(founder)
    url = f"/assessments/{realistic.reference}/report/"

    def download():
        response = client.get(url)
        body = b"".join(response.streaming_content)
        if response.status_code != 200 or not body.startswith(b"%PDF"):
            raise RuntimeError(f"Cached download failed: {response.status_code}")

    download()  # renders and stores
    cached = median_seconds(download, runs=DOWNLOAD_RUNS, warm_up=3)

    short_pdf = render.report_pdf_render(assessment=short)
    short_s = median_seconds(lambda: render.report_pdf_render(assessment=short), runs=5)
    long_s = ours  # the realistic assessment shows every question: it is the long one

    core, longest_steps = longest_core_pages(organisation)

    figures: dict[str, float] = {
        **({"report_core_pages": core} if core is not None else {}),
        "report_render_s": round(ours, 4),
        "weasyprint_same_html_s": round(bare, 4),
        "report_cached_download_s": round(cached, 5),
        "report_peak_rss_mb": peak_mb,
        "report_short_s": round(short_s, 4),
        "report_long_s": round(long_s, 4),
    }
    record(**figures)

    ratio_bare = ours / bare
    ratio_cached = ours / cached
    verdict = {True: "within target", False: "OVER target"}
    rows = [
        (
            "(a) our complete report render",
            f"{ours:.3f} s",
            f"median of {RUNS}; CPU {ours_cpu:.3f} s; {realistic_shown} questions shown, {pages(pdf)} pages",
        ),
        (
            "(b) WeasyPrint alone, same HTML and CSS",
            f"{bare:.3f} s",
            f"median of {RUNS}; CPU {bare_cpu:.3f} s; {bare_pdf_pages} pages",
        ),
        (
            "(a) / (b)",
            f"{ratio_bare:.2f}",
            f"target ≤ {TARGET_RATIO_WEASYPRINT}: {verdict[ratio_bare <= TARGET_RATIO_WEASYPRINT]}",
        ),
        ("(c) cached download (test client)", f"{cached * 1000:.2f} ms", f"median of {DOWNLOAD_RUNS}"),
        (
            "(a) / (c)",
            f"{ratio_cached:.0f}",
            f"target ≥ {TARGET_RATIO_CACHED}: {verdict[ratio_cached >= TARGET_RATIO_CACHED]}",
        ),
        (
            "peak memory of one render",
            f"{peak_mb:.0f} MB",
            f"high-water RSS of a fresh process ({before_render_mb:.0f} MB set up, before rendering); target < {TARGET_PEAK_MB} MB: "
            f"{verdict[peak_mb < TARGET_PEAK_MB]}",
        ),
        (
            "short assessment render",
            f"{short_s:.3f} s",
            f"median of 5; {short_shown} questions shown; {pages(short_pdf)} pages",
        ),
        ("long assessment render", f"{long_s:.3f} s", f"= (a): {realistic_shown} questions shown; {pages(pdf)} pages"),
        (
            "core report pages, longest assessment",
            f"{core}",
            f"before the answers appendix; worst answers, {longest_steps} steps, evidence attached, the worst of without and "
            f"with the longest adviser feedback; target ≤ "
            f"{TARGET_CORE_PAGES}: {verdict[core is not None and core <= TARGET_CORE_PAGES]}",
        ),
    ]
    table = "\n".join(
        [
            "| measure | value | notes |",
            "|---|---|---|",
            *(f"| {name} | {value} | {notes} |" for name, value, notes in rows),
        ]
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    table += (
        f"\n\nWeasyPrint {weasyprint.__version__}, Python {sys.version.split()[0]}, SQLite, {os.cpu_count()} CPUs"
        + (f", load average {load:.1f} when the run ended" if load is not None else "")
        + "; run `make bench` to measure again (figures also in bench/results.json). Wall-clock times grow when "
        "other work shares the machine; the CPU times beside them much less." + "\n\n" + NOTES
    )
    print("\nPDF report\n" + table)
    performance_doc_write(table)
    return figures


def core_main() -> dict:
    """Only the core page count (`python -m bench.report core`): a few seconds instead of the whole benchmark."""
    django_setup()
    from django.conf import settings
    from django.test.utils import override_settings, setup_databases, teardown_databases

    with tempfile.TemporaryDirectory(prefix="bench-report-") as directory:
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(Path(directory) / "bench.sqlite3")
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            with override_settings(MEDIA_ROOT=Path(directory) / "media"):
                from assessments.framework import framework_versions_sync
                from tests.factories import FounderFactory

                framework_versions_sync()
                organisation = FounderFactory.create().memberships.get().organisation
                core, steps = longest_core_pages(organisation)
        finally:
            teardown_databases(old_config, verbosity=0)
    verdict = "within target" if core is not None and core <= TARGET_CORE_PAGES else "OVER target"
    print(
        f"report_core_pages: {core} (longest assessment, {steps} steps, worst of without and with the longest adviser feedback; target ≤ {TARGET_CORE_PAGES}: {verdict})"
    )
    if core is None:
        return {}
    record(report_core_pages=core)
    return {"report_core_pages": core}


if __name__ == "__main__":
    if sys.argv[1:] == ["core"]:
        core_main()
    else:
        main()
